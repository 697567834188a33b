"""The font grows on large screens; the Controls show at least ten fields at 1024×600."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractSlider, QAbstractSpinBox, QCheckBox, QComboBox

from optiviz.app.screen_fit import COMPACT_BELOW, fit_to_screen
from optiviz.engine.runs.config import RunConfig

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json
from PySide6.QtWidgets import QApplication
from optiviz.app.launch import _application
from optiviz.app.screen_fit import apply_screen_font
app = _application()
base = QApplication.font().pointSizeF()
size = apply_screen_font(app)
again = apply_screen_font(app)  # idempotent: scaled from the same base
screen = app.primaryScreen().geometry()
print(json.dumps({"base": base, "size": size, "again": again,
                  "font": QApplication.font().pointSizeF(),
                  "screen": [screen.width(), screen.height()]}))
"""


def font_on(size: str, tmp_path: Path) -> dict:
    """The probe's numbers on one offscreen screen of ``size`` (the plugin's config file)."""
    width, height = (int(v) for v in size.split("x"))
    screen = {"name": size, "x": 0, "y": 0, "width": width, "height": height}
    screen.update({"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1})
    config = tmp_path / f"{size}.json"
    config.write_text(json.dumps({"windowFrameMargins": False, "screens": [screen]}))
    platform = f"offscreen:configfile={config}"
    env = {**os.environ, "QT_QPA_PLATFORM": platform, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_font_grows_with_a_large_screen_and_stays_on_a_1080p_one(tmp_path):
    large = font_on("2560x1440", tmp_path)
    assert large["screen"] == [2560, 1440]
    assert large["size"] == large["font"] == large["again"]
    assert large["size"] == pytest.approx(round(large["base"] * 1440 / 1080 * 2) / 2)
    assert large["size"] > large["base"] + 2
    full_hd = font_on("1920x1080", tmp_path)
    assert full_hd["font"] == full_hd["base"]
    small = font_on("1024x600", tmp_path)
    assert small["font"] == small["base"]  # never smaller than the toolkit's default


def visible_fields(window) -> list[str]:
    """The fields whose whole rectangle shows in the Controls' viewport."""
    viewport = window.controls.scroll.viewport()
    shown = []
    for kind in (QAbstractSpinBox, QComboBox, QAbstractSlider, QCheckBox):
        for field in window.controls.findChildren(kind):
            if isinstance(field, QAbstractSlider) and field.parent() is window.controls.scroll:
                continue  # the scroll area's own scroll bars
            if not field.isVisible() or not viewport.isAncestorOf(field):
                continue
            rect = QRect(field.mapTo(viewport, field.rect().topLeft()), field.size())
            if viewport.rect().contains(rect):
                shown.append(type(field).__name__)
    return shown


def test_ten_fields_show_at_1024_by_600(make_window, qtbot):
    window = make_window(RunConfig(), size=(1024, 600))
    window.dock.raise_()
    qtbot.wait(20)
    before = len(visible_fields(window))
    density = fit_to_screen(window)
    qtbot.wait(50)
    assert density is not None and density.compact and window.height() < COMPACT_BELOW
    shown = visible_fields(window)
    assert len(shown) >= 10 > before, shown
    viewport = window.controls.scroll.viewport()
    assert window.controls.scroll.widget().width() <= viewport.width()  # nothing cut at the right
    window.controls.optimizer_combo.setCurrentIndex(
        window.controls.optimizer_combo.findText("Adam")
    )
    qtbot.wait(50)
    assert len(visible_fields(window)) >= 10  # a rebuilt form is dense too
    window.resize(1280, 1000)
    qtbot.wait(50)
    assert not density.compact
