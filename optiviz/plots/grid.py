"""A light grid drawn cheaply: 1-pixel opaque lines at the axes' ticks, behind the curves.

pyqtgraph's own grid makes each axis paint semi-transparent lines across the whole view, so
every change of range repaints two view-sized axis pictures (about 3 ms each at 1200x400).
This grid asks the axes for their tick values only when the range or the size changed and
draws plain aliased lines in a colour already blended with the background.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QLineF, QRectF
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem

from optiviz.plots.curves import device_ratio
from optiviz.plots.theme import Theme

#: The minor lines' strength relative to the major ones.
MINOR = 0.45
#: Minor lines are drawn only when they are at least this many pixels apart on average.
MINOR_SPACING = 18.0


def blend(background: str, foreground: str, alpha: float) -> QColor:
    """``foreground`` laid over ``background`` with opacity ``alpha``, as an opaque colour."""
    bg, fg = QColor(background), QColor(foreground)
    mix = [
        round(b + (f - b) * alpha)
        for b, f in zip(
            (bg.red(), bg.green(), bg.blue()), (fg.red(), fg.green(), fg.blue()), strict=True
        )
    ]
    return QColor(*mix)


def grid_pen(color: QColor) -> QPen:
    pen = QPen(color)
    pen.setWidth(0)  # cosmetic: one device pixel at any zoom
    pen.setCosmetic(True)
    return pen


class TickGrid(pg.GraphicsObject):
    """Vertical and horizontal lines at the ticks of ``plot``'s bottom and left axes."""

    def __init__(self, plot: pg.PlotItem, theme: Theme) -> None:
        super().__init__()
        self._plot = plot
        self._key: tuple | None = None
        self._major: list[QLineF] = []
        self._minor: list[QLineF] = []
        self._rect = QRectF()
        self.setZValue(-100)
        # Painted into a pixmap once per range or size: lines are slow to draw into some image
        # formats (the recorder's RGBA frames), a pixmap is quick to copy into any.
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.set_theme(theme)

    def set_theme(self, theme: Theme) -> None:
        self._pens = (
            grid_pen(blend(theme.background, theme.foreground, theme.grid_alpha)),
            grid_pen(blend(theme.background, theme.foreground, theme.grid_alpha * MINOR)),
        )
        self.update()

    # -- geometry ------------------------------------------------------------------------------
    def viewRangeChanged(self) -> None:
        self.prepareGeometryChange()
        self._key = None
        self.update()

    def boundingRect(self) -> QRectF:
        vb = self._plot.getViewBox()
        return vb.viewRect() if vb is not None else QRectF()

    def _lines(self) -> None:
        """Recompute the lines when the view's range or size changed since the last paint."""
        vb = self._plot.getViewBox()
        (x0, x1), (y0, y1) = vb.viewRange()
        bottom, left = self._plot.getAxis("bottom"), self._plot.getAxis("left")
        key = (x0, x1, y0, y1, vb.width(), vb.height(), bottom.logMode, left.logMode)
        if key == self._key:
            return
        self._key = key
        self._major, self._minor = [], []
        for axis, length, vertical in ((bottom, vb.width(), True), (left, vb.height(), False)):
            if length <= 0 or not axis.isVisible():
                continue
            lo, hi = (x0, x1) if vertical else (y0, y1)
            levels = axis.tickValues(lo, hi, length)[:2]
            for index, (_spacing, values) in enumerate(levels):
                inside = [v for v in values if lo <= v <= hi]
                if index and length < MINOR_SPACING * (len(inside) + 1):
                    continue  # too dense to help reading
                out = self._major if index == 0 else self._minor
                for v in inside:
                    out.append(QLineF(v, y0, v, y1) if vertical else QLineF(x0, v, x1, v))

    def paint(self, painter: QPainter, *args) -> None:
        self._lines()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        ratio = device_ratio(painter)  # one logical pixel wide on a scaled screen too
        minor_pen, major_pen = (QPen(pen) for pen in (self._pens[1], self._pens[0]))
        for pen in (minor_pen, major_pen):
            pen.setWidthF(ratio if ratio > 1 else 0.0)
        if self._minor:
            painter.setPen(minor_pen)
            painter.drawLines(self._minor)
        if self._major:
            painter.setPen(major_pen)
            painter.drawLines(self._major)
