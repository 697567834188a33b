"""A regression with many features: each point's prediction against its true value.

A perfect model puts every point on the dashed diagonal; train points filled, held-out test
points hollow.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from optiviz.plots.theme import Theme

POINT_SIZE = 8


class PredictionScatter:
    def __init__(self, plot: pg.PlotItem, theme: Theme) -> None:
        self.plot = plot
        self.diagonal = pg.InfiniteLine(pos=(0, 0), angle=45, movable=False)
        self.train = pg.ScatterPlotItem(size=POINT_SIZE, pxMode=True, symbol="o")
        self.test = pg.ScatterPlotItem(size=POINT_SIZE, pxMode=True, symbol="o")
        self.items = (self.diagonal, self.train, self.test)
        plot.addItem(self.diagonal, ignoreBounds=True)
        plot.addItem(self.train)
        plot.addItem(self.test)
        self._true = (np.zeros(0), np.zeros(0))
        self.set_theme(theme)

    def set_targets(self, train_y: np.ndarray, test_y: np.ndarray) -> None:
        self._true = (np.ravel(train_y).astype(float), np.ravel(test_y).astype(float))

    def update(self, train_pred: np.ndarray, test_pred: np.ndarray) -> None:
        """The model's predictions for the train and test points (in the targets' order)."""
        self.train.setData(self._true[0], np.ravel(train_pred))
        self.test.setData(self._true[1], np.ravel(test_pred))

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.diagonal.setPen(pg.mkPen(theme.muted, width=1, style=Qt.PenStyle.DashLine))
        self.train.setBrush(pg.mkBrush(theme.foreground))
        self.train.setPen(pg.mkPen(theme.background, width=1))
        self.test.setBrush(pg.mkBrush(0, 0, 0, 0))
        self.test.setPen(pg.mkPen(theme.foreground, width=1.5))

    def remove(self) -> None:
        for item in self.items:
            self.plot.removeItem(item)
