"""A confusion matrix: true class down, predicted class across, each cell's count written.

A cell is shaded by its share of its row (the true class's points): the diagonal (right) in
the theme's right colour, the rest (mistakes) in its error colour, toward the background as
the share falls to zero.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF

from optiviz.plots.decision_regions import rgb
from optiviz.plots.theme import Theme

#: The shade of a cell holding its whole row.
STRENGTH = 0.6


def confusion(true: np.ndarray, predicted: np.ndarray, classes: int) -> np.ndarray:
    """``(classes, classes)`` counts: row = true class, column = predicted class."""
    t = np.asarray(true).astype(np.int64).ravel()
    p = np.asarray(predicted).astype(np.int64).ravel()
    return np.bincount(t * classes + p, minlength=classes * classes).reshape(classes, classes)


class ConfusionMatrix:
    """The matrix's image and count labels, made once for ``classes``; :meth:`update` feeds
    them. Cell (true i, predicted j) is the unit square at x = j, y = classes - 1 - i."""

    def __init__(self, plot: pg.PlotItem, theme: Theme, classes: int) -> None:
        self.plot = plot
        self.theme = theme
        self.classes = classes
        self.image = pg.ImageItem(axisOrder="col-major")
        self.image.setRect(QRectF(0, 0, classes, classes))
        plot.addItem(self.image)
        self.texts: list[pg.TextItem] = []
        for i in range(classes):
            for j in range(classes):
                text = pg.TextItem(anchor=(0.5, 0.5))
                text.setPos(j + 0.5, classes - 1 - i + 0.5)
                plot.addItem(text)
                self.texts.append(text)
        self.counts = np.zeros((classes, classes), dtype=np.int64)
        self._last: tuple[np.ndarray, np.ndarray] | None = None

    def update(self, true: np.ndarray, predicted: np.ndarray) -> None:
        k = self.classes
        self._last = (true, predicted)
        self.counts = confusion(true, predicted, k)
        rows = self.counts.sum(axis=1, keepdims=True)
        share = np.divide(self.counts, rows, out=np.zeros((k, k)), where=rows > 0)
        bg = rgb(self.theme.background)
        tint = np.where(
            np.eye(k, dtype=bool)[..., None], rgb(self.theme.right), rgb(self.theme.wrong)
        )
        cells = bg + (STRENGTH * share)[..., None] * (tint - bg)  # [true, predicted]
        # column-major, y up: x = predicted, y = classes - 1 - true
        image = np.ascontiguousarray(cells.transpose(1, 0, 2)[:, ::-1])
        self.image.setImage(np.rint(image).astype(np.uint8), autoLevels=False, levels=(0, 255))
        self.image.setRect(QRectF(0, 0, k, k))
        for text, count in zip(self.texts, self.counts.ravel(), strict=True):
            text.setText(str(int(count)), color=self.theme.foreground)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        if self._last is not None:
            self.update(*self._last)

    def remove(self) -> None:
        for item in (self.image, *self.texts):
            self.plot.removeItem(item)
