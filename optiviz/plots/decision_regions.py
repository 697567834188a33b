"""A 2-feature classifier's picture: its class regions, its decision boundary and the data.

Each grid sample is painted in the colour of its most probable class, blended toward the
background as the classifier grows unsure: fully the region colour at probability 1, the
background at 1/k (a coin toss between all k classes). The boundary is where the most
probable class changes: for each class c the zero line of ``p_c - max(p_j, j != c)``, so
between two classes a and b the line is where ``p_a = p_b`` (``p = 0.5`` for two classes).

Train points are filled, held-out test points hollow, both in their true class's colour; a
point the classifier gets wrong wears a ring in the theme's error colour.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF

from optiviz.plots.contours import zero_segments
from optiviz.plots.theme import Theme, class_color

#: How far a region's colour goes from the background toward its class's colour at full
#: confidence: the points, drawn in the full colour, stay visible on their own region.
REGION_STRENGTH = 0.45
POINT_SIZE = 8
RING_SIZE = 15
Extent = tuple[tuple[float, float], tuple[float, float]]


def rgb(color: str) -> np.ndarray:
    c = pg.mkColor(color)
    return np.array([c.red(), c.green(), c.blue()], dtype=np.float32)


def as_classes(probabilities: np.ndarray) -> np.ndarray:
    """``(gx, gy, k)`` class probabilities; a binary ``(gx, gy)`` p(class 1) becomes k = 2."""
    p = np.asarray(probabilities, dtype=np.float32)
    if p.ndim == 2:
        return np.stack([1.0 - p, p], axis=-1)
    if p.ndim != 3:
        raise ValueError(f"probabilities: (gx, gy) or (gx, gy, k), not shape {p.shape}")
    return p


def region_colors(
    probabilities: np.ndarray, palette: np.ndarray, background: np.ndarray
) -> np.ndarray:
    """The ``(gx, gy, 3)`` uint8 picture of the regions: each sample in its argmax class's
    colour (``palette``: (k, 3)), blended toward ``background`` by the confidence."""
    p = as_classes(probabilities)
    k = p.shape[-1]
    winner = p.argmax(axis=-1)
    top = np.take_along_axis(p, winner[..., None], axis=-1)[..., 0]
    confidence = np.clip((top - 1.0 / k) / (1.0 - 1.0 / k), 0.0, 1.0) * REGION_STRENGTH
    shade = background + confidence[..., None] * (palette[winner] - background)
    return np.rint(shade).astype(np.uint8)


def boundary_field(probabilities: np.ndarray) -> list[np.ndarray]:
    """The fields whose zero lines draw the boundary: ``p - 0.5`` for two classes, else each
    class's margin over the best other class."""
    p = as_classes(probabilities)
    k = p.shape[-1]
    if k == 2:
        return [p[..., 1] - p[..., 0]]
    winner = p.argmax(axis=-1)[..., None]
    best = np.take_along_axis(p, winner, axis=-1)[..., 0]
    rest = p.copy()
    np.put_along_axis(rest, winner, -np.inf, axis=-1)
    second = rest.max(axis=-1)  # the runner-up (a full sort costs more)
    fields = []
    for c in range(k):
        other = np.where(p[..., c] >= best, second, best)
        fields.append(p[..., c] - other)
    return fields


def image_rect(shape: tuple[int, int], extent: Extent) -> QRectF:
    """The image's rectangle: each pixel centred on its grid sample (the samples run from
    edge to edge of ``extent``, so the picture reaches half a cell past it)."""
    gx, gy = shape
    (x0, x1), (y0, y1) = extent
    dx = (x1 - x0) / max(gx - 1, 1)
    dy = (y1 - y0) / max(gy - 1, 1)
    return QRectF(x0 - dx / 2, y0 - dy / 2, dx * gx, dy * gy)


def grid_lookup(probabilities: np.ndarray, extent: Extent, points: np.ndarray) -> np.ndarray:
    """The predicted class at ``points`` (n, 2): the argmax of the nearest grid sample, so
    the marks agree with the picture."""
    p = as_classes(probabilities)
    gx, gy, _k = p.shape
    (x0, x1), (y0, y1) = extent
    ix = np.rint((points[:, 0] - x0) / ((x1 - x0) or 1.0) * (gx - 1)).astype(int)
    iy = np.rint((points[:, 1] - y0) / ((y1 - y0) or 1.0) * (gy - 1)).astype(int)
    return p[np.clip(ix, 0, gx - 1), np.clip(iy, 0, gy - 1)].argmax(axis=-1)


class DecisionRegions:
    """The items of a classifier's picture, added to ``plot`` once; :meth:`update` only feeds
    them."""

    def __init__(self, plot: pg.PlotItem, theme: Theme, classes: int) -> None:
        if classes < 2:
            raise ValueError(f"classes: a classifier has 2 classes or more, not {classes}")
        self.plot = plot
        self.theme = theme
        self.classes = classes
        self.image = pg.ImageItem(axisOrder="col-major")
        self.image.setZValue(-10)
        self.boundary = pg.PlotCurveItem(connect="pairs", antialias=True)
        self.boundary.setZValue(5)
        self.train = pg.ScatterPlotItem(size=POINT_SIZE, pxMode=True)
        self.test = pg.ScatterPlotItem(size=POINT_SIZE, pxMode=True)
        self.wrong = pg.ScatterPlotItem(size=RING_SIZE, pxMode=True, brush=None)
        for z, item in enumerate((self.train, self.test, self.wrong)):
            item.setZValue(10 + z)
        self.items = (self.image, self.boundary, self.train, self.test, self.wrong)
        for item in self.items:
            plot.addItem(item)
        empty = np.zeros((0, 2))
        self._train = (empty, np.zeros(0, dtype=np.int64))
        self._test = (empty, np.zeros(0, dtype=np.int64))
        self._last: np.ndarray | None = None
        self._predicted: tuple[np.ndarray, np.ndarray] | None = None
        self._extent: Extent = ((0.0, 1.0), (0.0, 1.0))
        self.set_theme(theme)

    def _palette(self) -> np.ndarray:
        return np.stack([rgb(class_color(c)) for c in range(self.classes)])

    def set_points(
        self, train_x: np.ndarray, train_y: np.ndarray, test_x: np.ndarray, test_y: np.ndarray
    ) -> None:
        """The data: ``(n, 2)`` features and integer labels, train and held-out test."""
        self._train = (np.asarray(train_x, float), np.asarray(train_y).astype(np.int64))
        self._test = (np.asarray(test_x, float), np.asarray(test_y).astype(np.int64))
        self._draw_points()

    def _draw_points(self) -> None:
        brushes = [pg.mkBrush(class_color(c)) for c in range(self.classes)]
        pens = [pg.mkPen(class_color(c), width=2) for c in range(self.classes)]
        edge = pg.mkPen(self.theme.background, width=1)
        (x, y) = self._train
        self.train.setData(
            pos=x, brush=[brushes[c] for c in y], pen=edge, symbol="o", size=POINT_SIZE
        )
        (x, y) = self._test
        self.test.setData(pos=x, pen=[pens[c] for c in y], brush=pg.mkBrush(0, 0, 0, 0), symbol="o")

    def update(
        self,
        probabilities: np.ndarray,
        extent: Extent,
        predicted: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> None:
        """Draw a new grid of probabilities (``(gx, gy, k)``, or ``(gx, gy)`` p(class 1))
        sampled from ``extent[0][0]`` to ``extent[0][1]`` across and likewise up.

        ``predicted`` (train, test labels) marks the misclassified points; without it the
        grid's nearest sample decides, as the picture shows it."""
        p = as_classes(probabilities)
        if p.shape[-1] != self.classes:
            raise ValueError(f"probabilities: {self.classes} classes, not {p.shape[-1]}")
        self._last, self._extent, self._predicted = p, extent, predicted
        colors = region_colors(p, self._palette(), rgb(self.theme.background))
        self.image.setImage(colors, autoLevels=False, levels=(0, 255))
        self.image.setRect(image_rect(p.shape[:2], extent))
        parts = [zero_segments(f, extent) for f in boundary_field(p)]
        self.boundary.setData(
            np.concatenate([xs for xs, _ys in parts]), np.concatenate([ys for _xs, ys in parts])
        )
        if predicted is None:
            predicted = (
                grid_lookup(p, extent, self._train[0]) if len(self._train[0]) else np.zeros(0),
                grid_lookup(p, extent, self._test[0]) if len(self._test[0]) else np.zeros(0),
            )
        wrong = [
            points[np.asarray(guess) != labels]
            for (points, labels), guess in zip((self._train, self._test), predicted, strict=True)
        ]
        self.wrong.setData(pos=np.concatenate(wrong) if wrong else np.zeros((0, 2)))

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.boundary.setPen(pg.mkPen(theme.foreground, width=1.5))
        self.wrong.setPen(pg.mkPen(theme.wrong, width=2))
        self.wrong.setBrush(pg.mkBrush(0, 0, 0, 0))
        self.wrong.setSymbol("o")
        self._draw_points()
        if self._last is not None:
            self.update(self._last, self._extent, self._predicted)

    def remove(self) -> None:
        """Take the items off the plot (another kind of data is shown)."""
        for item in self.items:
            self.plot.removeItem(item)
