"""Many runs' current-epoch dots as one plot item.

A race past :data:`MANY_RUNS` runs draws its dots (one per run, at the shown epoch) with one
scatter instead of one item per run: fifty scatters cost about 60 ms a frame to feed and as
much again to paint, one costs about 1 ms. A pane with few runs keeps an item per run (the
dot then sits right over its own curve, under the next run's).
"""

from __future__ import annotations

from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtGui import QBrush, QPen

#: Past this many runs a pane draws the runs' dots (and curves) batched.
MANY_RUNS = 12
DOT_SIZE = 8


class RunDots(pg.PlotDataItem):
    """Dots at given places, each in its run's colour, fed with one ``setData`` a frame.

    A :class:`pyqtgraph.PlotDataItem`, so a log axis applies to it like to the curves.
    """

    def __init__(self, outline: str, size: float = DOT_SIZE, outline_width: float = 1.5) -> None:
        self._outline_width = outline_width
        super().__init__(pen=None, symbol="o", symbolSize=size, symbolPen=self._pen(outline))
        self._brushes: dict[str, QBrush] = {}
        self._shown: tuple[list[float], list[float], list[str]] | None = None

    def _pen(self, outline: str) -> QPen:
        return pg.mkPen(outline, width=self._outline_width)

    def set_outline(self, outline: str) -> None:
        self.setSymbolPen(self._pen(outline))

    def show_dots(self, xs: Sequence[float], ys: Sequence[float], colors: Sequence[str]) -> None:
        """Put one dot per entry; nothing changes (and nothing repaints) if they are the same."""
        shown = (list(xs), list(ys), list(colors))
        if shown == self._shown:
            return
        self._shown = shown
        self.setVisible(bool(colors))  # Qt skips it: an empty scatter still took 0.07 ms to paint
        if not colors:
            self.setData([], [])
            return
        brushes = [self._brush(color) for color in colors]
        self.setData(shown[0], shown[1], symbolBrush=brushes, skipFiniteCheck=True)

    def _brush(self, color: str) -> QBrush:
        brush = self._brushes.get(color)
        if brush is None:
            brush = self._brushes[color] = pg.mkBrush(color)
        return brush
