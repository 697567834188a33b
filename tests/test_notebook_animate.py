"""``optiviz.animate`` in a process that never ran Qt and has no display, like a notebook's
kernel: the inline HTML holds the recording itself, decoded here frame by frame."""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import imageio.v3 as iio
import numpy as np
import pytest

from tests.video import read_video

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = """
import json, sys
import optiviz
from optiviz.engine.errors import ConfigError

out = {}
try:
    optiviz.animate(lr="abc")
except ConfigError as err:
    out["error"] = str(err)
try:
    optiviz.animate(optimizer="Adam", betas=(1.5, 0.9))
except ConfigError as err:
    out["torch_error"] = str(err)
out["qt_before"] = "PySide6" in sys.modules
clip = optiviz.animate(optimizer="Adam", lr=0.1, epochs=25, epochs_per_frame=10, size=(320, 180))
gif = optiviz.animate(epochs=20, epochs_per_frame=10, size="320x180", format="gif")
auto = optiviz.animate(epochs=1000, size=(320, 180), format="gif")
out["mp4"] = clip._repr_html_()
out["gif"] = gif._repr_html_()
out["auto_frames"] = auto.frames
out["repr"] = repr(clip)
out["path"] = str(clip.path)
out["saved"] = str(clip.save(sys.argv[1]))
try:
    clip.save(sys.argv[1] + ".gif")
except ConfigError as err:
    out["save_error"] = str(err)
out["platform"] = __import__("PySide6.QtWidgets").QtWidgets.QApplication.instance().platformName()
print(json.dumps(out))
"""


def _embedded(html: str, mime: str) -> bytes:
    found = re.search(rf'src="data:{mime};base64,([A-Za-z0-9+/=]+)"', html)
    assert found is not None, html[:200]
    return base64.b64decode(found.group(1))


def test_animate_embeds_a_playable_recording_without_a_display(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    env["PYTHONPATH"] = str(ROOT)
    saved = tmp_path / "saved.mp4"
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(saved)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["error"] == "--lr: expected a number like 1e-2, got 'abc'"
    assert out["torch_error"].startswith("--param betas:")
    assert out["qt_before"] is False  # a bad setting is refused before Qt is loaded
    assert out["platform"] == "offscreen"

    html = out["mp4"]
    assert html.startswith("<video controls autoplay loop")
    mp4 = tmp_path / "inline.mp4"
    mp4.write_bytes(_embedded(html, "video/mp4"))
    video = read_video(mp4)
    assert video.codec == "h264" and video.size == (320, 180)
    assert len(video.frames) == 25 // 10 + 1
    assert np.abs(video.frames[0].astype(int) - video.frames[-1].astype(int)).mean() > 1.0
    assert saved.read_bytes() == mp4.read_bytes()
    assert out["save_error"].startswith("path:")
    assert out["repr"] == "<Animation MP4 3 frames 320x180 at 30 frames/s>"

    assert out["gif"].startswith("<img ")
    frames = iio.imread(_embedded(out["gif"], "image/gif"), index=None, extension=".gif")
    assert frames.shape[:3] == (3, 180, 320)
    # 1000 epochs with no epochs_per_frame: every 4th epoch, 251 frames, not 1001
    assert out["auto_frames"] == 1000 // 4 + 1
    # the temporary file goes with the process's last reference to the animation
    assert not Path(out["path"]).exists()


def test_ipython_gets_the_same_bytes_where_it_is_installed(qapp):
    pytest.importorskip("IPython")
    import optiviz

    clip = optiviz.animate(epochs=10, epochs_per_frame=5, size=(320, 180))
    assert base64.b64encode(clip.data).decode("ascii") in clip.ipython()._repr_html_()
    gif = optiviz.animate(epochs=10, epochs_per_frame=5, size=(320, 180), format="gif")
    assert gif.ipython().data == gif.data
