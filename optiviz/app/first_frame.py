"""The window's first usable frame: shown, every shown pane painted, the controls enabled.

:func:`when_usable` calls back once that frame is on screen; the launcher uses it for
``OPTIVIZ_EXIT_AFTER_FIRST_FRAME`` (the start-up benchmark and the start-up imports test),
and it does not wait for the worker: the panes paint the placeholder state at epoch 0.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _PaintWatch(QObject):
    """Notes which watched widgets received a paint event; calls ``done`` once all have."""

    def __init__(self, widgets: list[QWidget], done: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self._waiting = set(widgets)
        self._done = done
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and watched in self._waiting:
            self._waiting.discard(watched)  # type: ignore[arg-type]
            watched.removeEventFilter(self)
            if not self._waiting:
                # After the paint that completed the set has returned: the frame is whole.
                QTimer.singleShot(0, self._done)
        return False


def pane_viewports(window: QWidget) -> list[QWidget]:
    """The viewports of the panes the window shows (what a pyqtgraph pane paints into)."""
    panes = window.panes.panes  # type: ignore[attr-defined]
    return [pane.viewport() for pane in panes if not pane.isHidden()]


def when_usable(window: QWidget, callback: Callable[[], None]) -> None:
    """Call ``callback`` once ``window`` is shown, its panes painted and its controls enabled.

    Call it before ``window.show()`` so the first paint events are not missed.
    """
    called = False

    def check() -> None:
        nonlocal called
        controls = window.controls  # type: ignore[attr-defined]
        if called:
            return
        if window.isVisible() and controls.isEnabled():
            called = True
            callback()
        else:
            QTimer.singleShot(10, check)

    _PaintWatch(pane_viewports(window), check, parent=window)
