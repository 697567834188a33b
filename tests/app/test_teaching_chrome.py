"""The teaching mode's chrome: the stability line's colours and wording, the step panel's
headings and numbers, the scrubbed epoch in the status bar, and where the panel opens."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette

from optiviz.app.main_window import MainWindow
from optiviz.engine.runs.config import RunConfig


@pytest.fixture
def window_options() -> dict:
    return {"configs": [RunConfig()], "size": (1280, 720), "first_frame": True}


def text_rgb(label) -> tuple[int, int, int]:
    colour = label.palette().color(QPalette.ColorGroup.Active, label.foregroundRole())
    return colour.red(), colour.green(), colour.blue()


def phase(window: MainWindow):
    window.teaching.actions.step_phase.trigger()
    window.frame()
    return window.teaching.panel.record


def steps(window: MainWindow, n: int) -> None:
    for _ in range(n):
        window.step()
        window.frame()


# -- stability line --------------------------------------------------------------------------
def test_stability_line_is_light_again_after_a_warning_in_the_dark_theme(make_window):
    window = make_window()
    window.set_theme("dark")
    label = window.teaching.stability_label
    before = text_rgb(label)
    assert sum(before) / 3 > 160
    window.controls.lr.spin.setValue(0.5)
    assert label.warning and text_rgb(label)[0] > 200 and text_rgb(label)[1] < 120
    window.controls.lr.spin.setValue(0.01)
    assert not label.warning
    assert text_rgb(label) == before and not label.font().bold()


def test_the_saddle_says_sgd_diverges_at_every_lr(make_window):
    window = make_window(RunConfig(problem="saddle", lr=0.01))
    label = window.teaching.stability_label
    assert label.isVisible()
    assert "diverges at every lr" in label.text() and "λ_min = -2" in label.text()
    assert "stable for" not in label.text()
    assert label.warning
    adam = make_window(RunConfig(problem="saddle", optimizer="Adam", lr=0.01))
    text = adam.teaching.stability_label.text()
    assert "plain SGD diverges at every lr" in text and "would need" not in text
