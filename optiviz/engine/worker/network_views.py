"""What the window draws of a network run that is not a history row: its predictions on the
data pane and its per-epoch metrics, computed in the worker and published as plain arrays.

The data pane of a two-feature classifier colours the decision regions from the class
probabilities on a grid over the data; a one-feature regression draws the fitted curve; other
data sets show predictions on the points themselves (sample digits, a confusion matrix, or
predicted against true values).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from optiviz.engine.networks.data import REGRESSION
from optiviz.engine.networks.models import predicted_labels
from optiviz.engine.networks.network_run import NetworkRun

#: Grid points on each side of the decision regions' image.
REGION_RESOLUTION = 80
#: Points on the fitted curve of a one-feature regression.
CURVE_POINTS = 200
#: Of the data's span, around the regions and the curve (the pane's own margin).
MARGIN = 0.08

Extent = tuple[tuple[float, float], tuple[float, float]]


@dataclass(frozen=True, eq=False)
class DataView:
    """A network's predictions after step ``step``, as the data pane shows them."""

    step: int
    #: Two-feature classification: ``(gx, gy)`` p(class 1) or ``(gx, gy, k)`` probabilities
    #: on a grid whose first and last samples are ``extent``'s ends.
    probabilities: np.ndarray | None = None
    extent: Extent | None = None
    #: One-feature regression: the fitted curve.
    curve_x: np.ndarray | None = None
    curve_y: np.ndarray | None = None
    #: Predicted labels (classification) or values (regression) of the training and held-out
    #: points, in the data's order.
    train_predictions: np.ndarray | None = None
    test_predictions: np.ndarray | None = None


@dataclass(frozen=True, eq=False)
class MetricRows:
    """Per-epoch rows from epoch ``begin`` on: train loss, test loss, train accuracy, test
    accuracy (NaN where there is none)."""

    begin: int
    rows: np.ndarray  # (k, 4) float64


def _span(values: np.ndarray) -> tuple[float, float]:
    lo, hi = float(values.min()), float(values.max())
    if hi <= lo:
        lo, hi = lo - 0.5, hi + 0.5
    pad = (hi - lo) * MARGIN
    return lo - pad, hi + pad


def _points(run: NetworkRun) -> np.ndarray:
    split = run.split
    return (
        torch.cat([split.train_x, split.test_x])
        .reshape(len(split.train_x) + len(split.test_x), -1)
        .numpy()
    )


def _predict(run: NetworkRun, x: torch.Tensor) -> np.ndarray:
    """Labels (classification) or values (regression) of ``x``, without autograd."""
    if len(x) == 0:
        return np.zeros(0)
    task = run.table.task
    with torch.no_grad():
        out = run.model(x)
        if task == REGRESSION:
            return out.reshape(-1).numpy().astype(np.float64)
        return predicted_labels(out, task).numpy()


def data_view(run: NetworkRun) -> DataView:
    """The data pane's picture of ``run`` at its current parameters."""
    table, split = run.table, run.split
    task = table.task
    features = int(np.prod(table.features.shape[1:]))
    step = run.steps
    train = _predict(run, split.train_x)
    test = _predict(run, split.test_x)
    if task != REGRESSION and features == 2 and table.image_shape is None:
        both = _points(run)
        extent = (_span(both[:, 0]), _span(both[:, 1]))
        gx = np.linspace(*extent[0], REGION_RESOLUTION)
        gy = np.linspace(*extent[1], REGION_RESOLUTION)
        grid = np.stack(np.meshgrid(gx, gy, indexing="ij"), axis=-1).reshape(-1, 2)
        with torch.no_grad():
            logits = run.model(torch.from_numpy(grid.astype(np.float32)))
            if task == "binary":
                probabilities = torch.sigmoid(logits).reshape(len(gx), len(gy))
            else:
                probabilities = torch.softmax(logits, dim=1).reshape(len(gx), len(gy), -1)
        return DataView(
            step=step,
            probabilities=probabilities.numpy(),
            extent=extent,
            train_predictions=train,
            test_predictions=test,
        )
    if task == REGRESSION and features == 1:
        xs = np.linspace(*_span(_points(run)[:, 0]), CURVE_POINTS)
        curve = _predict(run, torch.from_numpy(xs.astype(np.float32)).reshape(-1, 1))
        return DataView(
            step=step, curve_x=xs, curve_y=curve, train_predictions=train, test_predictions=test
        )
    return DataView(step=step, train_predictions=train, test_predictions=test)


def metric_rows(run: NetworkRun, begin: int) -> MetricRows:
    """The run's per-epoch metrics from epoch ``begin`` (0-based rows) on."""
    return MetricRows(begin, run.metrics.rows(begin))
