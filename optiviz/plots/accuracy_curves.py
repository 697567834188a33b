"""A classifier's accuracy per epoch on a right-hand axis (0-100 %) of a loss plot.

pyqtgraph's two-axis recipe: a second :class:`pyqtgraph.ViewBox` in the plot's scene, kept
on the plot's view (same geometry, x linked), its y fixed to 0-100 and shown by the plot's
right axis. Each run's train accuracy is dashed and its held-out accuracy dotted, in the
run's colour, so they read apart from the run's solid loss curve.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from optiviz.plots.curves import DeviceCurve
from optiviz.plots.i18n import fill, tr
from optiviz.plots.theme import Theme

TRAIN_STYLE = Qt.PenStyle.DashLine
TEST_STYLE = Qt.PenStyle.DotLine
WIDTH = 1.8


def train_text(test_fraction: float) -> str:
    return fill(tr("accuracy on the training %1 % (dashed)"), f"{100 * (1 - test_fraction):.0f}")


def test_text(test_fraction: float) -> str:
    return fill(tr("accuracy on the held-out %1 % (dotted)"), f"{100 * test_fraction:.0f}")


class AccuracyCurves:
    """Train and test accuracy curves of runs, on a right axis of ``plot`` (which must be
    in a scene: a :class:`pyqtgraph.PlotWidget`'s plot is)."""

    def __init__(self, plot: pg.PlotItem, theme: Theme, test_fraction: float = 0.2) -> None:
        scene = plot.scene()
        if scene is None:
            raise ValueError("accuracy curves: the plot must be in a scene (a PlotWidget's)")
        self.plot = plot
        self.theme = theme
        self.test_fraction = test_fraction
        self.view = pg.ViewBox(enableMouse=False, enableMenu=False)
        scene.addItem(self.view)
        self.view.setXLink(plot.getViewBox())
        self.view.enableAutoRange(y=False)
        self.view.setYRange(0.0, 100.0, padding=0)
        plot.showAxis("right")
        self.axis: pg.AxisItem = plot.getAxis("right")
        self.axis.linkToView(self.view)
        self.axis.setLabel(tr("accuracy (%)"))
        self.axis.setToolTip(
            fill(
                tr("%1; %2: the share of points whose most probable class is their own"),
                train_text(test_fraction),
                test_text(test_fraction),
            )
        )
        self.curves: dict[int, tuple[DeviceCurve, DeviceCurve]] = {}
        plot.getViewBox().sigResized.connect(self._follow)
        self._follow()
        self.set_theme(theme)

    def _follow(self, *_args) -> None:
        """Lie exactly on the plot's view."""
        main = self.plot.getViewBox()
        self.view.setGeometry(main.sceneBoundingRect())
        self.view.linkedViewChanged(main, self.view.XAxis)

    def set_run(
        self,
        key: int,
        color: str,
        train: np.ndarray,
        test: np.ndarray | None,
        epochs: np.ndarray | None = None,
        visible: bool = True,
        label: str = "",
    ) -> None:
        """Draw run ``key``'s accuracies, fractions in [0, 1] per epoch (``epochs``: their
        x values, else 1, 2, ...); ``test`` None: no held-out set."""
        if key not in self.curves:
            pair = (DeviceCurve(antialias=True), DeviceCurve(antialias=True))
            for item in pair:
                self.view.addItem(item)
            self.curves[key] = pair
        name = f"{label}: " if label else ""
        train_item, test_item = self.curves[key]
        train_item.setPen(pg.mkPen(color, width=WIDTH, style=TRAIN_STYLE))
        test_item.setPen(pg.mkPen(color, width=WIDTH, style=TEST_STYLE))
        train_item.setToolTip(name + train_text(self.test_fraction))
        test_item.setToolTip(name + test_text(self.test_fraction))
        values = [np.asarray(train, dtype=np.float64), test]
        for item, fractions in zip((train_item, test_item), values, strict=True):
            if fractions is None or len(fractions) == 0:
                item.setData([], [])
                item.setVisible(False)
                continue
            y = 100.0 * np.asarray(fractions, dtype=np.float64)
            x = np.arange(1.0, len(y) + 1.0) if epochs is None else np.asarray(epochs, float)
            item.setData(x, y, skipFiniteCheck=True)
            item.setVisible(visible)

    def remove(self, key: int) -> None:
        for item in self.curves.pop(key, ()):
            self.view.removeItem(item)

    def clear(self) -> None:
        for key in list(self.curves):
            self.remove(key)

    def add_to_legend(self, legend: pg.LegendItem) -> None:
        """Two entries naming the line styles (in the theme's foreground)."""
        for style, text in (
            (TRAIN_STYLE, train_text(self.test_fraction)),
            (TEST_STYLE, test_text(self.test_fraction)),
        ):
            sample = pg.PlotDataItem(pen=pg.mkPen(self.theme.foreground, width=WIDTH, style=style))
            legend.addItem(sample, text)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.axis.setPen(theme.muted)
        self.axis.setTextPen(theme.foreground)
        self.axis.setLabel(tr("accuracy (%)"), color=theme.foreground)

    def legend_texts(self) -> Sequence[str]:
        return train_text(self.test_fraction), test_text(self.test_fraction)
