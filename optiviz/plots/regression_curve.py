"""A 1-feature regression: the data (train filled, held-out test hollow) and the fitted curve."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from optiviz.plots.curves import DeviceCurve
from optiviz.plots.theme import Theme, run_color

POINT_SIZE = 8


class RegressionCurve:
    """The items of a regression's picture, added to ``plot`` once; :meth:`update` feeds the
    curve only."""

    def __init__(self, plot: pg.PlotItem, theme: Theme, color: str = run_color(0)) -> None:
        self.plot = plot
        self.color = color
        self.train = pg.ScatterPlotItem(size=POINT_SIZE, pxMode=True, symbol="o")
        self.test = pg.ScatterPlotItem(size=POINT_SIZE, pxMode=True, symbol="o")
        self.curve = DeviceCurve(antialias=True)
        self.curve.setZValue(5)
        self.items = (self.train, self.test, self.curve)
        for item in self.items:
            plot.addItem(item)
        self.set_theme(theme)

    def set_points(
        self, train_x: np.ndarray, train_y: np.ndarray, test_x: np.ndarray, test_y: np.ndarray
    ) -> None:
        """The data: one feature and the target, train and held-out test."""
        self.train.setData(np.ravel(train_x), np.ravel(train_y))
        self.test.setData(np.ravel(test_x), np.ravel(test_y))

    def update(self, xs: np.ndarray, predictions: np.ndarray) -> None:
        """The model's predictions at ``xs`` (sorted) drawn as its curve."""
        self.curve.setData(np.ravel(xs), np.ravel(predictions), skipFiniteCheck=True)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.train.setBrush(pg.mkBrush(theme.foreground))
        self.train.setPen(pg.mkPen(theme.background, width=1))
        self.test.setBrush(pg.mkBrush(0, 0, 0, 0))
        self.test.setPen(pg.mkPen(theme.foreground, width=1.5))
        self.curve.setPen(pg.mkPen(self.color, width=2.5))

    def remove(self) -> None:
        for item in self.items:
            self.plot.removeItem(item)
