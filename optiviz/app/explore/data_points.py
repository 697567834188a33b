"""Edits of the linear fit's points: each returns a new Dataset (raw units, same scaling)."""

from __future__ import annotations

import numpy as np

from optiviz.engine.errors import ConfigError
from optiviz.engine.problems.library import Dataset

MIN_POINTS = 2
#: How close (in screen pixels) a press must be to a point to take it.
PICK_RADIUS = 9.0


def with_point(data: Dataset, x: float, y: float) -> Dataset:
    return Dataset((*data.x, float(x)), (*data.y, float(y)), data.scaling)


def moved(data: Dataset, index: int, x: float, y: float) -> Dataset:
    xs, ys = list(data.x), list(data.y)
    xs[index], ys[index] = float(x), float(y)
    return Dataset(tuple(xs), tuple(ys), data.scaling)


def without_point(data: Dataset, index: int) -> Dataset:
    """``data`` without point ``index``; refused (ConfigError) when that would leave one."""
    if len(data.x) <= MIN_POINTS:
        raise ConfigError(
            "data", f"a line needs at least {MIN_POINTS} points, so none of these can be removed"
        )
    keep = [i for i in range(len(data.x)) if i != index]
    return Dataset(tuple(data.x[i] for i in keep), tuple(data.y[i] for i in keep), data.scaling)


def nearest_point(
    xs: np.ndarray, ys: np.ndarray, x: float, y: float, pixel: tuple[float, float]
) -> int | None:
    """The index of the point within :data:`PICK_RADIUS` pixels of ``(x, y)``, else None.

    ``pixel`` is the size of one screen pixel in data units (x, y): distances are measured on
    screen, where the user sees them, not in data units of two different scales.
    """
    if len(xs) == 0:
        return None
    px, py = (abs(v) if v else 1.0 for v in pixel)
    distance = np.hypot((np.asarray(xs) - x) / px, (np.asarray(ys) - y) / py)
    index = int(np.argmin(distance))
    return index if distance[index] <= PICK_RADIUS else None
