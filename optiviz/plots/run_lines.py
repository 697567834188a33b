"""Many runs' lines as one plot item, decimated to the pixels they cover.

A pane with fifty runs spent most of a frame in fifty :class:`pyqtgraph.PlotDataItem` s: each
``setData`` recomputes bounds, downsampling and clipping (about 1 ms), and each item repaints
on its own. :class:`RunLines` keeps every run's arrays and strokes them in one ``paint``, in
device pixels (as :class:`~optiviz.plots.curves.DeviceCurve` does, square caps, cosmetic
pens), after cutting each line down to what its pixels can show:

- a line whose x grows (a curve over the epochs) is cut to the view's columns and keeps at
  most its lowest and highest point in each pixel column (peak decimation: a spike stays);
- any other line (a path on the loss surface) drops points that fall in the same pixel as
  the point before them.

Outlines (shadow pens) are stroked first, all in one stroke, then the lines over them: a
line never hides under another run's outline.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen, QTransform

from optiviz.plots.curves import device_ratio

#: Device pixels of margin kept beyond the view's left and right edges.
EDGE = 2.0


@lru_cache(maxsize=512)
def line_pen(
    color: str, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine, alpha: int = 255
) -> QPen:
    """A run's pen, made once (fifty runs fed every frame made 3,000 pens a second)."""
    qcolor = pg.mkColor(color)
    qcolor.setAlpha(alpha)
    return pg.mkPen(qcolor, width=width, style=style)


@dataclass
class _Line:
    x: np.ndarray
    y: np.ndarray
    pen: QPen
    shadow: QPen | None  # stroked first, under the pen (an outline)
    visible: bool
    monotone: bool
    connect: np.ndarray | None


def to_device(transform: QTransform, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, ...]:
    """Data coordinates to device pixels through an affine ``transform``."""
    dx = transform.m11() * x + transform.m21() * y + transform.dx()
    dy = transform.m12() * x + transform.m22() * y + transform.dy()
    return dx, dy


def peak_decimate(
    x: np.ndarray, y: np.ndarray, left: float, right: float
) -> tuple[np.ndarray, np.ndarray]:
    """An x-sorted line (device pixels) cut to the columns ``left..right`` with at most its
    lowest and highest y in each pixel column, in the order of x."""
    lo = max(int(np.searchsorted(x, left, side="left")) - 1, 0)
    hi = min(int(np.searchsorted(x, right, side="right")) + 1, len(x))
    x, y = x[lo:hi], y[lo:hi]
    if len(x) <= 2 * max(right - left, 1.0):
        return x, y
    columns = np.floor(x)
    starts = np.flatnonzero(np.r_[True, columns[1:] != columns[:-1]])
    with np.errstate(invalid="ignore"):
        low = np.fmin.reduceat(y, starts)
        high = np.fmax.reduceat(y, starts)
    first = y[starts]  # the pair goes from the end the line enters the column at
    rising = ~(np.abs(first - high) < np.abs(first - low))
    pair_y = np.empty(2 * len(starts))
    pair_y[0::2] = np.where(rising, low, high)
    pair_y[1::2] = np.where(rising, high, low)
    pair_x = np.repeat(x[starts], 2)
    return pair_x, pair_y


def pixel_decimate(
    x: np.ndarray, y: np.ndarray, connect: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Drop the points that fall in the same device pixel as the point before them (never
    the ends of a break in ``connect``, pyqtgraph's "point i joins point i + 1")."""
    if len(x) < 3:
        return x, y, connect
    px, py = np.floor(x), np.floor(y)
    keep = np.ones(len(x), dtype=bool)
    keep[1:] = (px[1:] != px[:-1]) | (py[1:] != py[:-1])
    keep[-1] = True
    if connect is not None:
        breaks = connect[:-1] == 0
        keep[:-1] |= breaks
        keep[1:] |= breaks
    return x[keep], y[keep], None if connect is None else connect[keep]


class RunLines(pg.GraphicsObject):
    """Lines keyed by run, stroked together; add it to a plot with ``ignoreBounds=True`` (it
    covers the view, whatever its data)."""

    def __init__(self) -> None:
        super().__init__()
        self._lines: dict[int, _Line] = {}
        self.setFlag(self.GraphicsItemFlag.ItemUsesExtendedStyleOption)

    # -- feeding -------------------------------------------------------------------------------
    def set_line(
        self,
        key: int,
        x: np.ndarray,
        y: np.ndarray,
        pen: QPen,
        *,
        shadow: QPen | None = None,
        visible: bool = True,
        monotone: bool = False,
        connect: np.ndarray | None = None,
    ) -> None:
        """Draw line ``key`` through ``x, y`` (data units; ``monotone``: x never falls)."""
        line = _Line(
            np.asarray(x, dtype=np.float64),
            np.asarray(y, dtype=np.float64),
            pen,
            shadow,
            visible,
            monotone,
            None if connect is None else np.asarray(connect, dtype=np.int32),
        )
        self._lines[key] = line
        self.update()

    def set_visible(self, key: int, visible: bool) -> None:
        line = self._lines.get(key)
        if line is not None and line.visible != visible:
            line.visible = visible
            self.update()

    def set_pen(self, key: int, pen: QPen) -> None:
        line = self._lines.get(key)
        if line is not None:
            line.pen = pen
            self.update()

    def set_shadows(self, shadow: QPen) -> None:
        """A new outline for every line that has one (a new theme)."""
        for line in self._lines.values():
            if line.shadow is not None:
                line.shadow = shadow
        self.update()

    def remove(self, key: int) -> None:
        if self._lines.pop(key, None) is not None:
            self.update()

    def clear(self) -> None:
        self._lines.clear()
        self.update()

    def data(self, key: int) -> tuple[np.ndarray, np.ndarray]:
        """Line ``key``'s data as given (before decimation)."""
        line = self._lines[key]
        return line.x, line.y

    def is_shown(self, key: int) -> bool:
        line = self._lines.get(key)
        return line is not None and line.visible

    def keys(self) -> list[int]:
        return list(self._lines)

    def pen(self, key: int) -> QPen:
        return self._lines[key].pen

    # -- drawing -------------------------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        view = self.getViewBox()
        if view is None:
            return QRectF()
        rect = self.viewRect()
        return QRectF() if rect is None else QRectF(rect)

    def viewTransformChanged(self) -> None:
        super().viewTransformChanged()
        self.prepareGeometryChange()

    def paths(
        self, transform: QTransform, left: float, right: float
    ) -> list[tuple[QPainterPath, QPen, QPen | None]]:
        """Each shown line as ``(path in device pixels, pen, shadow)``, decimated."""
        out = []
        for line in self._lines.values():
            if not line.visible or len(line.x) == 0:
                continue
            x, y = to_device(transform, line.x, line.y)
            if line.monotone and transform.m11() > 0 and transform.m21() == 0:
                x, y = peak_decimate(x, y, left - EDGE, right + EDGE)
                path = pg.arrayToQPath(x, y, connect="finite")
            else:
                x, y, connect = pixel_decimate(x, y, line.connect)
                path = pg.arrayToQPath(x, y, connect="all" if connect is None else connect)
            out.append((path, line.pen, line.shadow))
        return out

    def paint(self, painter: QPainter, option, widget=None) -> None:
        transform = painter.transform()
        if not transform.isAffine() or not self._lines:
            return
        device = transform.mapRect(self.boundingRect())
        ratio = device_ratio(painter)
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        drawn = self.paths(transform, device.left(), device.right())
        # The outlines first, all lines' under one pen in one stroke (fifty strokes of the
        # widest pen were half of a surface's paint), then each line over them.
        shadows: dict[int, tuple[QPen, QPainterPath]] = {}
        for path, _pen, shadow in drawn:
            if shadow is not None:
                shadows.setdefault(id(shadow), (shadow, QPainterPath()))[1].addPath(path)
        for shadow, outline in shadows.values():
            self._stroke(painter, outline, shadow, ratio)
        for path, pen, _shadow in drawn:
            self._stroke(painter, path, pen, ratio)
        painter.restore()

    @staticmethod
    def _stroke(painter: QPainter, path: QPainterPath, pen: QPen, ratio: float) -> None:
        if pen.style() == Qt.PenStyle.NoPen:
            return
        device_pen = QPen(pen)
        device_pen.setWidthF(max(pen.widthF(), 1.0) * ratio)
        device_pen.setCapStyle(Qt.PenCapStyle.SquareCap)
        device_pen.setCosmetic(True)
        painter.setPen(device_pen)
        painter.drawPath(path)
