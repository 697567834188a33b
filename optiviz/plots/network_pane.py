"""The data pane of a network run: the picture that fits its data set.

Two features and classes: the decision regions; one feature and a target: the fitted curve;
images: sample digits with their predicted labels; otherwise a regression's predictions
against the truth, or a classifier's confusion matrix on the held-out points. The pane takes
numpy arrays only (:class:`NetworkData` once, then the ``show_*`` methods each frame).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from optiviz.plots.base import Pane
from optiviz.plots.confusion import ConfusionMatrix
from optiviz.plots.decision_regions import DecisionRegions, Extent
from optiviz.plots.digit_samples import DigitSamples
from optiviz.plots.i18n import fill, tr
from optiviz.plots.prediction_scatter import PredictionScatter
from optiviz.plots.regression_curve import RegressionCurve
from optiviz.plots.theme import Theme

VIEWS = ("regions", "curve", "digits", "scatter", "confusion")
#: Of the data's span, on each side.
MARGIN = 0.08


@dataclass(frozen=True, eq=False)
class NetworkData:
    """A data set as the pane draws it: features ``(n, d)`` (images flattened or not) and
    targets, train and held-out test."""

    task: str  # "regression" | "binary" | "multiclass"
    classes: int  # 0 for regression
    train_x: np.ndarray
    train_y: np.ndarray
    test_x: np.ndarray
    test_y: np.ndarray
    image_shape: tuple[int, int] | None = None
    feature_names: tuple[str, ...] = ()
    target_name: str = ""
    test_fraction: float = 0.2

    @property
    def features(self) -> int:
        return int(np.prod(np.shape(self.train_x)[1:]))


def view_of(data: NetworkData) -> str:
    """Which picture suits ``data`` (one of :data:`VIEWS`)."""
    if data.image_shape is not None and data.task != "regression":
        return "digits"
    if data.task == "regression":
        return "curve" if data.features == 1 else "scatter"
    return "regions" if data.features == 2 else "confusion"


def view_title(view: str, data: NetworkData) -> str:
    held_out = f"{100 * data.test_fraction:.0f} %"
    target = data.target_name or "y"
    return {
        "regions": tr("Decision regions and boundary"),
        "curve": fill(tr("Data and fitted curve of %1"), target),
        "digits": fill(tr("Held-out samples and predicted labels (%1)"), held_out),
        "scatter": fill(tr("Predicted against true %1"), target),
        "confusion": fill(tr("Confusion on the held-out %1"), held_out),
    }[view]


def data_range(values: np.ndarray) -> tuple[float, float]:
    lo, hi = float(np.min(values)), float(np.max(values))
    if hi <= lo:
        lo, hi = lo - 0.5, hi + 0.5
    pad = (hi - lo) * MARGIN
    return lo - pad, hi + pad


class NetworkPane(Pane):
    """Shows one of :data:`VIEWS`; :meth:`set_data` picks it and makes its items once."""

    def __init__(self, theme: Theme, parent=None) -> None:
        super().__init__(theme, "Data", parent)
        self.view = ""
        self.data: NetworkData | None = None
        self.picture: (
            DecisionRegions
            | RegressionCurve
            | DigitSamples
            | PredictionScatter
            | ConfusionMatrix
            | None
        ) = None
        self.apply_theme(theme)

    def set_data(self, data: NetworkData) -> None:
        plot = self.plot_item
        if self.picture is not None:
            self.picture.remove()
        self.data = data
        self.view = view_of(data)
        names = data.feature_names
        plain = self.view == "digits"
        plot.setLabel("bottom", "")
        plot.setLabel("left", "")
        for name in ("left", "bottom"):
            plot.getAxis(name).setTicks(None)
            plot.showAxis(name, not plain)  # after setLabel, which shows its axis
        if self.tick_grid is not None:
            self.tick_grid.setVisible(self.view not in ("digits", "confusion"))
        plot.getViewBox().setAspectLocked(self.view in ("digits", "confusion"))
        plot.disableAutoRange()
        if self.view == "regions":
            regions = DecisionRegions(plot, self.theme, data.classes)
            regions.set_points(data.train_x, data.train_y, data.test_x, data.test_y)
            self.picture = regions
            both = np.concatenate([data.train_x, data.test_x])
            plot.setRange(xRange=data_range(both[:, 0]), yRange=data_range(both[:, 1]), padding=0)
            plot.setLabel("bottom", names[0] if names else "x₁")
            plot.setLabel("left", names[1] if len(names) > 1 else "x₂")
        elif self.view == "curve":
            curve = RegressionCurve(plot, self.theme)
            curve.set_points(data.train_x, data.train_y, data.test_x, data.test_y)
            self.picture = curve
            x = np.concatenate([np.ravel(data.train_x), np.ravel(data.test_x)])
            y = np.concatenate([np.ravel(data.train_y), np.ravel(data.test_y)])
            plot.setRange(xRange=data_range(x), yRange=data_range(y), padding=0)
            plot.setLabel("bottom", names[0] if names else "x")
            plot.setLabel("left", data.target_name or "y")
        elif self.view == "digits":
            digits = DigitSamples(plot, self.theme)
            assert data.image_shape is not None
            images = np.reshape(data.test_x, (-1, *data.image_shape))
            digits.set_samples(images, data.test_y)
            self.picture = digits
            box = digits.bounds()
            plot.setRange(
                xRange=(box.left(), box.right()), yRange=(box.top(), box.bottom()), padding=0.02
            )
        elif self.view == "scatter":
            scatter = PredictionScatter(plot, self.theme)
            scatter.set_targets(data.train_y, data.test_y)
            self.picture = scatter
            span = data_range(np.concatenate([np.ravel(data.train_y), np.ravel(data.test_y)]))
            plot.setRange(xRange=span, yRange=span, padding=0)
            target = data.target_name or "y"
            plot.setLabel("bottom", fill(tr("true %1"), target))
            plot.setLabel("left", fill(tr("predicted %1"), target))
        else:
            matrix = ConfusionMatrix(plot, self.theme, data.classes)
            self.picture = matrix
            k = data.classes
            plot.setRange(xRange=(0, k), yRange=(0, k), padding=0.02)
            classes = [str(c) for c in range(k)]
            plot.getAxis("bottom").setTicks([[(c + 0.5, n) for c, n in enumerate(classes)]])
            plot.getAxis("left").setTicks([[(k - 0.5 - c, n) for c, n in enumerate(classes)]])
            plot.setLabel("bottom", tr("predicted class"))
            plot.setLabel("left", tr("true class"))
        self.set_title(view_title(self.view, data))

    def show_regions(
        self,
        probabilities: np.ndarray,
        extent: Extent,
        predicted: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> None:
        """The regions view: class probabilities on a grid over ``extent``."""
        assert isinstance(self.picture, DecisionRegions), self.view
        self.picture.update(probabilities, extent, predicted)

    def show_curve(self, xs: np.ndarray, predictions: np.ndarray) -> None:
        """The curve view: predictions at sorted ``xs``."""
        assert isinstance(self.picture, RegressionCurve), self.view
        self.picture.update(xs, predictions)

    def show_predictions(self, train_pred: np.ndarray, test_pred: np.ndarray) -> None:
        """The digits, scatter and confusion views: predicted labels or values, train and
        test, in the data's order."""
        picture, data = self.picture, self.data
        assert data is not None
        if isinstance(picture, DigitSamples):
            picture.update(np.asarray(test_pred)[: picture.count])
        elif isinstance(picture, PredictionScatter):
            picture.update(train_pred, test_pred)
        elif isinstance(picture, ConfusionMatrix):
            picture.update(data.test_y, test_pred)
        else:
            raise TypeError(f"show_predictions: the {self.view} view takes other data")

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
        picture = self.__dict__.get("picture")
        if picture is not None:
            picture.set_theme(theme)
