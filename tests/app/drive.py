"""Small verbs the window tests share: drive the teaching mode, read a label's colour."""

from __future__ import annotations

from PySide6.QtGui import QPalette

from optiviz.app.main_window import MainWindow


def phase(window: MainWindow):
    """One Shift+→ and a frame; the step panel's record."""
    window.teaching.actions.step_phase.trigger()
    window.frame()
    return window.teaching.panel.record


def steps(window: MainWindow, n: int) -> None:
    for _ in range(n):
        window.step()
        window.frame()


def text_colour(label) -> tuple[int, int, int]:
    """The colour a label draws its text in (its palette's, as styled)."""
    colour = label.palette().color(QPalette.ColorGroup.Active, label.foregroundRole())
    return colour.red(), colour.green(), colour.blue()
