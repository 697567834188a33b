"""Single clicks that wait to see whether they begin a double-click.

pyqtgraph reports the first click of a double-click as a single click at once. On the loss
surface a click moves the start point, and a double-click maximises the pane: the click is
held for the double-click interval and dropped if the second click comes.
"""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import QObject, QPointF, QTimer
from PySide6.QtWidgets import QApplication


class HeldClick:
    """A click handled late: where it was in the view's coordinates when it was made (the
    view may have moved meanwhile), everything else from pyqtgraph's event."""

    def __init__(self, event, view: pg.ViewBox) -> None:
        self._event = event
        self._view = view
        self._at = view.mapSceneToView(event.scenePos())

    def scenePos(self) -> QPointF:
        return self._view.mapViewToScene(self._at)

    def __getattr__(self, name: str):
        return getattr(self._event, name)


class SingleClicks(QObject):
    """Calls ``handler(event)`` for a scene's single clicks that no second click followed;
    clicks outside ``area`` (the view) are handled at once."""

    def __init__(self, scene: QObject, handler: Callable[[object], None], area: pg.ViewBox) -> None:
        super().__init__(scene)
        self._handler = handler
        self._area = area
        self._pending: object | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fire)
        scene.sigMouseClicked.connect(self._clicked)  # type: ignore[attr-defined]

    def _clicked(self, event) -> None:
        if event.double():
            self._timer.stop()
            self._pending = None
            return
        if not self._area.sceneBoundingRect().contains(event.scenePos()):
            self._handler(event)
            return
        self._pending = HeldClick(event, self._area)
        self._timer.start(QApplication.doubleClickInterval())

    def _fire(self) -> None:
        event, self._pending = self._pending, None
        if event is not None:
            self._handler(event)

    def flush(self) -> None:
        """Handle a waiting click now (a test, or a window closing)."""
        if self._timer.isActive():
            self._timer.stop()
            self._fire()
