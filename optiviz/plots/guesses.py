"""Guesses on the loss surface: labelled markers placed, dragged and removed with the mouse.

:class:`GuessLayer` is an invisible item over the surface's view. While active it takes the
clicks: a click on empty space places a guess (``placed``), dragging a guess moves it
(``moved`` on release, ``moving`` on the way), a right-click on a guess (or Delete on the
selected one) removes it (``removed``). Inactive, it lets every gesture through and only
draws: each guess's marker and label and, once the point reached is known, a line from each
guess to it. What it draws is given to :meth:`GuessLayer.set_marks`; it keeps no state of
its own beyond the selection.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QRectF, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut

#: Readable on the surface's colour map in both themes (the map is the same in both).
GUESS_COLOR = "#ff5fd2"
LABEL_FILL = (0, 0, 0, 170)
#: A click within this many screen pixels of a guess picks it.
PICK_RADIUS = 10.0
Z = 65  # above the runs' points (35) and the start target (40)


@dataclass(frozen=True)
class GuessMark:
    """One guess as drawn: where, and the text of its label."""

    x: float
    y: float
    text: str


def label_anchor(x: float, middle: float) -> tuple[float, float]:
    """Where a label sits beside its guess: above and to the right, or to the left in the
    view's right half, so that it stays inside the view."""
    return (-0.15, 1.1) if x <= middle else (1.15, 1.1)


class GuessSignals(QObject):
    placed = Signal(float, float)
    moving = Signal(int, float, float)
    moved = Signal(int, float, float)  # the drag ended here
    removed = Signal(int)
    selected = Signal(int)  # -1: none


class GuessLayer(pg.GraphicsObject):
    """The guesses' items on ``pane`` (a surface pane: ``plot_item`` and a QWidget)."""

    def __init__(self, pane: pg.GraphicsView) -> None:
        super().__init__()
        self.signals = GuessSignals()
        self.pane = pane
        self.plot: pg.PlotItem = pane.plot_item
        self.active = False
        self.selected: int | None = None
        self.marks: list[GuessMark] = []
        self.reached: tuple[float, float] | None = None
        self._drag: int | None = None
        self.setZValue(Z + 5)
        self.markers = pg.ScatterPlotItem(
            size=15,
            symbol="d",
            pxMode=True,
            brush=pg.mkBrush(GUESS_COLOR),
            pen=pg.mkPen("#000000", width=1.5),
        )
        self.ring = pg.ScatterPlotItem(
            size=24, symbol="o", pxMode=True, brush=pg.mkBrush(0, 0, 0, 0)
        )
        self.ring.setPen(pg.mkPen(GUESS_COLOR, width=2))
        self.target = pg.ScatterPlotItem(
            size=26, symbol="o", pxMode=True, brush=pg.mkBrush(0, 0, 0, 0)
        )
        self.target.setPen(pg.mkPen(GUESS_COLOR, width=2.5))
        self.lines = pg.PlotCurveItem(
            pen=pg.mkPen(GUESS_COLOR, width=2, style=Qt.PenStyle.DashLine), antialias=True
        )
        self.labels: list[pg.TextItem] = []
        for item, z in ((self.lines, Z - 1), (self.markers, Z), (self.ring, Z), (self.target, Z)):
            item.setZValue(z)
            self.plot.addItem(item, ignoreBounds=True)
        self.plot.addItem(self, ignoreBounds=True)
        self.plot.getViewBox().sigRangeChanged.connect(lambda *_: self.prepareGeometryChange())
        self.setVisible(False)
        self.setAcceptHoverEvents(True)
        self.shortcuts: list[QShortcut] = []
        for key in (
            QKeySequence(QKeySequence.StandardKey.Delete),
            QKeySequence(Qt.Key.Key_Backspace),
        ):
            shortcut = QShortcut(key, pane)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.remove_selected)
            shortcut.setEnabled(False)
            self.shortcuts.append(shortcut)
        self.set_marks([], None)

    # -- what is drawn -------------------------------------------------------------------------
    def set_marks(self, marks: Sequence[GuessMark], reached: tuple[float, float] | None) -> None:
        """Draw ``marks``, and a line from each to ``reached`` when it is given."""
        self.marks = list(marks)
        self.reached = reached
        xs = np.array([m.x for m in self.marks], dtype=float)
        ys = np.array([m.y for m in self.marks], dtype=float)
        self.markers.setData(xs, ys)
        while len(self.labels) > len(self.marks):
            self.plot.removeItem(self.labels.pop())
        while len(self.labels) < len(self.marks):
            label = pg.TextItem(
                color=GUESS_COLOR, fill=pg.mkBrush(*LABEL_FILL), anchor=(-0.15, 1.1)
            )
            label.setZValue(Z + 1)
            self.plot.addItem(label, ignoreBounds=True)
            self.labels.append(label)
        middle = self.plot.getViewBox().viewRect().center().x()
        for label, mark in zip(self.labels, self.marks, strict=True):
            label.setText(mark.text)
            label.setPos(mark.x, mark.y)
            label.setAnchor(label_anchor(mark.x, middle))
        finite = reached is not None and all(math.isfinite(v) for v in reached)
        if finite and self.marks:
            assert reached is not None
            pairs = np.empty((2 * len(self.marks), 2))
            pairs[0::2, 0], pairs[0::2, 1] = xs, ys
            pairs[1::2] = reached
            self.lines.setData(pairs[:, 0], pairs[:, 1], connect="pairs")
        else:
            self.lines.setData([], [])
        if finite:
            assert reached is not None
            self.target.setData([reached[0]], [reached[1]])
        else:
            self.target.setData([], [])
        if self.selected is not None and self.selected >= len(self.marks):
            self.select(None)
        else:
            self.select(self.selected)

    def set_active(self, on: bool) -> None:
        """Take the clicks on the surface (True) or let them through (False)."""
        self.active = bool(on)
        self.setVisible(self.active)
        for shortcut in self.shortcuts:
            shortcut.setEnabled(self.active)
        if not self.active:
            self._drag = None
            self.select(None)

    # -- selection -----------------------------------------------------------------------------
    def select(self, index: int | None) -> None:
        if index is not None and not 0 <= index < len(self.marks):
            index = None
        changed = index != self.selected
        self.selected = index
        if index is None:
            self.ring.setData([], [])
        else:
            self.ring.setData([self.marks[index].x], [self.marks[index].y])
        if changed:
            self.signals.selected.emit(-1 if index is None else index)

    def remove_selected(self) -> None:
        if self.active and self.selected is not None:
            index = self.selected
            self.select(None)
            self.signals.removed.emit(index)

    # -- geometry: the whole view, drawing nothing ---------------------------------------------
    def boundingRect(self) -> QRectF:
        vb = self.getViewBox()
        return QRectF(vb.viewRect()) if vb is not None else QRectF()

    def paint(self, painter, option, widget=None) -> None:
        return

    # -- gestures ------------------------------------------------------------------------------
    def hit(self, x: float, y: float) -> int | None:
        """The guess within :data:`PICK_RADIUS` screen pixels of ``(x, y)``, else None."""
        if not self.marks:
            return None
        px, py = (abs(v) or 1.0 for v in self.getViewBox().viewPixelSize())
        xs = np.array([m.x for m in self.marks])
        ys = np.array([m.y for m in self.marks])
        far = np.hypot((xs - x) / px, (ys - y) / py)
        index = int(np.argmin(far))
        return index if far[index] <= PICK_RADIUS else None

    def _clamped(self, x: float, y: float) -> tuple[float, float]:
        rect = self.getViewBox().viewRect()
        return (
            min(max(x, rect.left()), rect.right()),
            min(max(y, rect.top()), rect.bottom()),
        )

    def mouseClickEvent(self, ev) -> None:
        if not self.active or ev.double():
            ev.ignore()
            return
        pos = ev.pos()
        hit = self.hit(pos.x(), pos.y())
        if ev.button() == Qt.MouseButton.LeftButton:
            ev.accept()
            self.pane.setFocus(Qt.FocusReason.MouseFocusReason)
            if hit is not None:
                self.select(hit)
            else:
                self.select(None)
                x, y = self._clamped(pos.x(), pos.y())
                self.signals.placed.emit(x, y)
            return
        if ev.button() == Qt.MouseButton.RightButton and hit is not None:
            ev.accept()
            self.select(None)
            self.signals.removed.emit(hit)
            return
        ev.ignore()

    def mouseDragEvent(self, ev) -> None:
        if not self.active or ev.button() != Qt.MouseButton.LeftButton:
            ev.ignore()
            return
        if ev.isStart():
            down = ev.buttonDownPos()
            self._drag = self.hit(down.x(), down.y())
            if self._drag is None:
                ev.ignore()
                return
            self.select(self._drag)
        elif self._drag is None:
            ev.ignore()
            return
        ev.accept()
        index = self._drag
        x, y = self._clamped(ev.pos().x(), ev.pos().y())
        self.ring.setData([x], [y])
        if ev.isFinish():
            self._drag = None
            self.signals.moved.emit(index, x, y)
        else:
            self.signals.moving.emit(index, x, y)

    def hoverEvent(self, ev) -> None:
        if not self.active or ev.isExit():
            self.unsetCursor()
            return
        pos = ev.pos()
        if self.hit(pos.x(), pos.y()) is not None:
            ev.acceptDrags(Qt.MouseButton.LeftButton)
            ev.acceptClicks(Qt.MouseButton.RightButton)
            self.setCursor(Qt.CursorShape.OpenHandCursor)
        else:
            self.setCursor(Qt.CursorShape.CrossCursor)
