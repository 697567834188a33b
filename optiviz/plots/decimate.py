"""Lines cut down to what their device pixels can show, before they are stroked.

Stroking an antialiased line costs about a microsecond a segment whatever its length, and a
run's path that has converged puts hundreds of segments into one pixel: a 1,000-epoch path on
the loss surface took 1.8 ms of a 5 ms frame. Both ways keep every pixel the line covers:

- a line whose x grows (a curve over the epochs) is cut to the view's columns and keeps at
  most its lowest and highest point in each pixel column (peak decimation: a spike stays);
- every line (a path on the loss surface, and a curve after the above) drops points that
  fall in the same pixel as the point before them.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import internals
from PySide6.QtCore import QLineF
from PySide6.QtGui import QPainter, QPainterPath, QTransform

#: Device pixels of margin kept beyond the view's left and right edges.
EDGE = 2.0


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


class Segments:
    """A line's segments as an array of ``QLineF`` for ``QPainter.drawLines``.

    Qt's raster engine strokes a ``QPainterPath`` wider than one pixel by building its whole
    outline and filling it, but rasterizes each line of ``drawLines`` on its own: 50 paths of
    24 points, 2.2 pixels wide and antialiased, took 7.1 ms as paths and 1.7 ms as lines. An
    opaque pen hides where the segments' ends overlap; a translucent one would darken each
    join, so it strokes the lines as one path.
    """

    def __init__(self) -> None:
        self._lines = internals.PrimitiveArray(QLineF, 4)
        self._parts: list[tuple[np.ndarray, np.ndarray, np.ndarray | None]] = []
        self.count = 0

    def set(self, parts: list[tuple[np.ndarray, np.ndarray, np.ndarray | None]]) -> None:
        """Fill with the segments of each ``(x, y, connect)`` (device pixels; ``connect[i]``
        nonzero joins point i to i + 1; a segment with a NaN end is left out)."""
        self._parts = parts
        if len(parts) == 1 and parts[0][2] is None and self._fill_one(parts[0][0], parts[0][1]):
            return
        blocks: list[np.ndarray] = []
        for x, y, connect in parts:
            if len(x) < 2:
                continue
            block = np.empty((len(x) - 1, 4))
            block[:, 0], block[:, 1], block[:, 2], block[:, 3] = x[:-1], y[:-1], x[1:], y[1:]
            keep = np.isfinite(block).all(axis=1)
            if connect is not None:
                keep &= connect[:-1] != 0
            blocks.append(block if keep.all() else block[keep])
        self.count = sum(len(block) for block in blocks)
        self._lines.resize(self.count)
        if self.count:
            np.concatenate(blocks, out=self._lines.ndarray())

    def _fill_one(self, x: np.ndarray, y: np.ndarray) -> bool:
        """One unbroken line (most strokes) written straight into the array; False if it
        has a NaN, which the general way leaves out."""
        count = max(len(x) - 1, 0)
        self._lines.resize(count)
        lines = self._lines.ndarray()
        lines[:, 0], lines[:, 1], lines[:, 2], lines[:, 3] = x[:-1], y[:-1], x[1:], y[1:]
        if count and not np.isfinite(lines).all():
            return False
        self.count = count
        return True

    def draw(self, painter: QPainter) -> None:
        """Stroke the segments with the painter's pen."""
        if not self.count:
            return
        if painter.pen().color().alpha() == 255:
            painter.drawLines(*self._lines.drawargs())
            return
        path = QPainterPath()
        for x, y, connect in self._parts:
            path.addPath(pg.arrayToQPath(x, y, connect="finite" if connect is None else connect))
        painter.drawPath(path)
