"""A real window on an X server (Xvfb): Space pressed by xdotool plays, every pane is drawn.

The screenshot goes to a temporary folder, or to assets/screenshot.png with
OPTIVIZ_UPDATE_SCREENSHOT=1.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QColor

from optiviz.plots.theme import run_color

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "assets" / "scenarios" / "tutorial_three_ways.toml"
NEEDED = ("Xvfb", "xdotool", "import")
RUNS = 3  # the scenario's runs

pytestmark = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in NEEDED),
    reason="Xvfb not installed: apt-get install xvfb xdotool imagemagick and Qt's xcb libraries",
)


def free_display() -> int:
    for number in range(91, 140):
        if (
            not Path(f"/tmp/.X11-unix/X{number}").exists()
            and not Path(f"/tmp/.X{number}-lock").exists()
        ):
            return number
    pytest.skip("no free X display number between :91 and :139")


@pytest.fixture
def xserver():
    number = free_display()
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    socket = Path(f"/tmp/.X11-unix/X{number}")
    end = time.monotonic() + 15
    while not socket.exists() and server.poll() is None and time.monotonic() < end:
        time.sleep(0.05)
    if not socket.exists():
        server.kill()
        server.wait()
        pytest.skip(f"Xvfb did not start on :{number}")
    probe = subprocess.run(
        [sys.executable, "-c", "from PySide6.QtWidgets import QApplication; QApplication([])"],
        env={**os.environ, "DISPLAY": f":{number}", "QT_QPA_PLATFORM": "xcb"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    if probe.returncode != 0:
        server.kill()
        server.wait()
        pytest.skip(
            "Qt's xcb platform does not start (install libxcb-cursor0 libxkbcommon-x11-0 and "
            f"the other xcb libraries listed in .ci/run): {probe.stderr.strip()[-200:]}"
        )
    yield f":{number}"
    server.terminate()
    try:
        server.wait(10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def xdotool(display: str, *args: str, timeout: float = 60) -> str:
    done = subprocess.run(
        ["xdotool", *args],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return done.stdout.strip()


def near(rgb: np.ndarray, color: str, tolerance: int = 40) -> np.ndarray:
    c = QColor(color)
    target = np.array([c.red(), c.green(), c.blue()], dtype=np.int16)
    return np.abs(rgb.astype(np.int16) - target).max(axis=2) <= tolerance


def test_space_plays_and_every_pane_is_drawn(xserver, tmp_path):
    import imageio.v3 as iio

    report = tmp_path / "report.json"
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env.update(
        DISPLAY=xserver,
        OPTIVIZ_NO_SETTINGS="1",
        OPTIVIZ_AUTOQUIT_MS="30000",  # a safety net: Ctrl+Q closes it below
        OPTIVIZ_REPORT=str(report),
    )
    app = subprocess.Popen(
        [sys.executable, "-m", "optiviz", str(SCENARIO)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        window = xdotool(xserver, "search", "--sync", "--name", "^optiviz")
        assert window, "the window did not appear"
        window = window.splitlines()[0]
        time.sleep(1.0)  # let it map and lay out
        xdotool(xserver, "windowfocus", "--sync", window)
        xdotool(xserver, "key", "--window", window, "space")  # Play
        time.sleep(3.0)
        shot = tmp_path / "screen.png"
        subprocess.run(
            ["import", "-display", xserver, "-window", "root", str(shot)], check=True, timeout=60
        )
        xdotool(xserver, "key", "--window", window, "ctrl+q")  # Quit, during the run
        output, _ = app.communicate(timeout=60)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    assert app.returncode == 0, output
    assert "QThread: Destroyed" not in output and "Traceback" not in output
    result = json.loads(report.read_text())
    assert result["epoch"] > 0, "Space did not start the run"  # nothing else presses Play
    assert result["status"] == ["running"] * RUNS  # Ctrl+Q closed it during the run
    assert result["title"].startswith("optiviz — The tutorial's fit, three ways")
    assert set(result["panes"]) == {"surface", "loss", "fit", "lr"}

    rgb = iio.imread(shot)[..., :3]
    colours = [run_color(i) for i in range(RUNS)]
    for name, (x, y, w, h) in result["panes"].items():
        region = rgb[y : y + h, x : x + w]
        assert region.size, f"the {name} pane is off the screen"
        flat = region.reshape(-1, 3).astype(np.int32)
        distinct = len(np.unique(flat[:, 0] << 16 | flat[:, 1] << 8 | flat[:, 2]))
        assert distinct > 60, f"the {name} pane looks blank ({distinct} colours)"
        drawn = sum(int(near(region, c).sum()) for c in colours)
        assert drawn > 40, f"the {name} pane shows no run ({drawn} run-coloured pixels)"

    x, y, w, h = result["window"]
    window_pixels = rgb[max(0, y) : y + h, max(0, x) : x + w]
    target = tmp_path / "screenshot.png"
    if os.environ.get("OPTIVIZ_UPDATE_SCREENSHOT") == "1":
        target = ROOT / "assets" / "screenshot.png"
    iio.imwrite(target, window_pixels)
