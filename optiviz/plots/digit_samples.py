"""A grid of small sample images (the 8x8 digits) with the predicted label under each.

The images are one :class:`pyqtgraph.ImageItem` (a mosaic), the labels one
:class:`pyqtgraph.TextItem` each, made when the samples are set: :meth:`DigitSamples.update`
only changes the labels' text and colour. A right label is in the theme's right colour; a
wrong one in its error colour, followed by the true label: ``7 ≠ 1``.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF

from optiviz.plots.decision_regions import rgb
from optiviz.plots.theme import Theme

#: Data units between images across, and below each image for its label.
GAP = 2.0
LABEL_ROOM = 5.0
LABEL_POINTS = 9.0


def label_text(predicted: int, true: int) -> str:
    return f"{predicted}" if predicted == true else f"{predicted} ≠ {true}"


class DigitSamples:
    """Up to ``rows * columns`` images drawn row by row from the top left."""

    def __init__(self, plot: pg.PlotItem, theme: Theme, rows: int = 4, columns: int = 6) -> None:
        self.plot = plot
        self.theme = theme
        self.rows, self.columns = rows, columns
        self.shown_rows = rows  # the rows the samples fill
        self.image = pg.ImageItem(axisOrder="col-major")
        plot.addItem(self.image)
        self.labels: list[pg.TextItem] = []
        self._images = np.zeros((0, 1, 1), dtype=np.float32)
        self._true = np.zeros(0, dtype=np.int64)
        self._predicted: np.ndarray | None = None

    @property
    def count(self) -> int:
        return len(self._images)

    def cell(self, index: int) -> QRectF:
        """Where image ``index`` is drawn, in the plot's coordinates (y up)."""
        h, w = self._images.shape[1:]
        r, c = divmod(index, self.columns)
        x = c * (w + GAP)
        y = (self.shown_rows - 1 - r) * (h + LABEL_ROOM) + LABEL_ROOM
        return QRectF(x, y, w, h)

    def set_samples(self, images: np.ndarray, labels: np.ndarray) -> None:
        """The samples: ``(n, h, w)`` images (row 0 at the top), their true labels."""
        images = np.asarray(images, dtype=np.float32)[: self.rows * self.columns]
        self._images = images
        self.shown_rows = max(1, -(-len(images) // self.columns))
        self._true = np.asarray(labels).astype(np.int64)[: len(images)]
        self._predicted = None
        while len(self.labels) < len(images):
            text = pg.TextItem(anchor=(0.5, 0.0))
            self.plot.addItem(text)
            self.labels.append(text)
        for i, text in enumerate(self.labels):
            text.setVisible(i < len(images))
            if i < len(images):
                box = self.cell(i)
                text.setPos(box.center().x(), box.top())  # under the image (y up)
        self._draw_images()
        self.update(None)

    def _draw_images(self) -> None:
        n = self.count
        if n == 0:
            self.image.clear()
            return
        h, w = self._images.shape[1:]
        width = self.columns * (w + GAP) - GAP
        height = self.shown_rows * (h + LABEL_ROOM)
        ink = self._images / (float(self._images.max()) or 1.0)
        shade = np.zeros((int(width), int(height)), dtype=np.float32)
        for i in range(n):
            box = self.cell(i)
            x, y = int(box.left()), int(box.top())
            shade[x : x + w, y : y + h] = ink[i].T[:, ::-1]  # column-major, y up
        bg, fg = rgb(self.theme.background), rgb(self.theme.foreground)
        colours = np.rint(bg + shade[..., None] * (fg - bg)).astype(np.uint8)
        self.image.setImage(colours, autoLevels=False, levels=(0, 255))
        self.image.setRect(QRectF(0, 0, width, height))

    def update(self, predictions: np.ndarray | None) -> None:
        """The predicted label of each sample (None: only the true labels, muted)."""
        self._predicted = None if predictions is None else np.asarray(predictions)
        font = pg.QtGui.QFont()
        font.setPointSizeF(self.theme.points(LABEL_POINTS))
        for i in range(self.count):
            text = self.labels[i]
            true = int(self._true[i])
            if self._predicted is None:
                text.setText(str(true), color=self.theme.muted)
            else:
                guess = int(self._predicted[i])
                colour = self.theme.right if guess == true else self.theme.wrong
                text.setText(label_text(guess, true), color=colour)
            text.setFont(font)

    def bounds(self) -> QRectF:
        """The rectangle the images and labels take."""
        h, w = self._images.shape[1:]
        return QRectF(0, 0, self.columns * (w + GAP) - GAP, self.shown_rows * (h + LABEL_ROOM))

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self._draw_images()
        self.update(self._predicted)

    def remove(self) -> None:
        for item in (self.image, *self.labels):
            self.plot.removeItem(item)
