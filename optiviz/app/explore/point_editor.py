"""Mouse gestures on the data pane: add, drag and remove points.

An invisible item covers the fit pane's view above its points. It takes only the gestures that
concern points and lets every other click or drag through to the view below:

* double-click (or Ctrl+click) on empty space adds a point there;
* dragging a point moves it (``pointMoving`` while dragging, ``pointMoved`` on release);
* right-click or Shift+click on a point removes it, and so does Delete on the selected point.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QRectF, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication

from optiviz.app.explore.data_points import nearest_point
from optiviz.plots.i18n import QT_TR_NOOP

HINT = QT_TR_NOOP(
    "Data: double-click (or Ctrl+click) to add a point · drag a point to move it · "
    "right-click or Shift+click a point (or select it and press Delete) to remove it"
)

#: Two clicks this close (screen pixels) within the double-click interval make a double-click.
DOUBLE_SLOP = 5.0

Points = Callable[[], tuple[np.ndarray, np.ndarray] | None]


class PointSignals(QObject):
    pointAdded = Signal(float, float)
    pointMoving = Signal(int, float, float)
    pointMoved = Signal(int, float, float)  # the drag ended here
    pointRemoved = Signal(int)
    hovered = Signal()  # the mouse entered the data


class PointEditor(pg.GraphicsObject):
    """The gestures' item on ``pane`` (a FitPane); ``points()`` gives the points, or None
    when the pane shows no data (then every gesture passes through)."""

    def __init__(self, pane, points: Points) -> None:
        super().__init__()
        self.signals = PointSignals()
        self.pane = pane
        self._points = points
        self.selected: int | None = None
        self._drag: int | None = None
        self._inside = False
        self._last_click: tuple[float, float, float] | None = None  # time, screen x, y
        self.setZValue(60)
        self.ring = pg.ScatterPlotItem(size=16, pxMode=True, brush=pg.mkBrush(0, 0, 0, 0))
        self.ring.setZValue(59)
        self.ring.setVisible(False)
        self.setAcceptHoverEvents(True)
        plot = pane.plot_item
        plot.addItem(self.ring, ignoreBounds=True)
        plot.addItem(self, ignoreBounds=True)
        plot.getViewBox().sigRangeChanged.connect(lambda *_: self.prepareGeometryChange())
        if pane.focusPolicy() == Qt.FocusPolicy.NoFocus:
            pane.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.shortcuts = []
        for key in (QKeySequence.StandardKey.Delete, QKeySequence(Qt.Key.Key_Backspace)):
            shortcut = QShortcut(QKeySequence(key), pane)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.remove_selected)
            self.shortcuts.append(shortcut)

    # -- geometry: the whole view, drawing nothing ---------------------------------------------
    def boundingRect(self) -> QRectF:
        vb = self.getViewBox()
        return QRectF(vb.viewRect()) if vb is not None else QRectF()

    def paint(self, painter, option, widget=None) -> None:
        return

    # -- selection -----------------------------------------------------------------------------
    def select(self, index: int | None) -> None:
        points = self._points()
        if points is None or index is None or not 0 <= index < len(points[0]):
            index = None
        self.selected = index
        self.ring.setVisible(index is not None)
        if index is not None:
            self.ring.setData([float(points[0][index])], [float(points[1][index])])
            self.ring.setPen(pg.mkPen(self.pane.theme.start, width=2))

    def remove_selected(self) -> None:
        if self.selected is not None and self._points() is not None:
            index = self.selected
            self.select(None)
            self.signals.pointRemoved.emit(index)

    # -- gestures ------------------------------------------------------------------------------
    def _hit(self, x: float, y: float) -> int | None:
        points = self._points()
        if points is None:
            return None
        pixel = self.getViewBox().viewPixelSize()
        return nearest_point(points[0], points[1], x, y, pixel)

    def mouseClickEvent(self, ev) -> None:
        if self._points() is None:
            ev.ignore()
            return
        pos = ev.pos()
        hit = self._hit(pos.x(), pos.y())
        mods = ev.modifiers()
        button = ev.button()
        if button == Qt.MouseButton.LeftButton:
            double = self._is_double(ev)
            if hit is None and (double or mods & Qt.KeyboardModifier.ControlModifier):
                self._last_click = None
                ev.accept()
                self.signals.pointAdded.emit(pos.x(), pos.y())
                return
            if hit is not None and mods & Qt.KeyboardModifier.ShiftModifier:
                ev.accept()
                self.select(None)
                self.signals.pointRemoved.emit(hit)
                return
            self.select(hit)
            self.pane.setFocus(Qt.FocusReason.MouseFocusReason)
            if hit is not None:
                ev.accept()
            else:
                ev.ignore()
            return
        if button == Qt.MouseButton.RightButton and hit is not None:
            ev.accept()
            self.select(None)
            self.signals.pointRemoved.emit(hit)
            return
        ev.ignore()

    def _is_double(self, ev) -> bool:
        """A double-click, however the platform sequenced it: Qt may deliver the second click
        as a double-click event or as a plain click (pyqtgraph keeps the first of the two)."""
        now, screen = time.monotonic(), ev.screenPos()
        last, self._last_click = self._last_click, (now, screen.x(), screen.y())
        if ev.double():
            return True
        if last is None:
            return False
        interval = QApplication.doubleClickInterval() / 1000.0
        near = math.hypot(screen.x() - last[1], screen.y() - last[2]) <= DOUBLE_SLOP
        return now - last[0] <= interval and near

    def mouseDragEvent(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton or self._points() is None:
            ev.ignore()
            return
        if ev.isStart():
            start = ev.buttonDownPos()
            self._drag = self._hit(start.x(), start.y())
            if self._drag is None:
                ev.ignore()
                return
            self.select(self._drag)
        elif self._drag is None:
            ev.ignore()
            return
        ev.accept()
        index, pos = self._drag, ev.pos()
        self.ring.setData([pos.x()], [pos.y()])
        if ev.isFinish():
            self._drag = None
            self.signals.pointMoved.emit(index, pos.x(), pos.y())
        else:
            self.signals.pointMoving.emit(index, pos.x(), pos.y())

    def hoverEvent(self, ev) -> None:
        if ev.isExit() or self._points() is None:
            self._inside = False
            self.setCursor(Qt.CursorShape.ArrowCursor)
            return
        if not self._inside:
            self._inside = True
            self.signals.hovered.emit()
        pos = ev.pos()
        if self._hit(pos.x(), pos.y()) is not None:
            ev.acceptDrags(Qt.MouseButton.LeftButton)
            ev.acceptClicks(Qt.MouseButton.RightButton)
            self.setCursor(Qt.CursorShape.OpenHandCursor)
        else:
            self.setCursor(Qt.CursorShape.CrossCursor)
