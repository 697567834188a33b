"""Numpy helpers for drawing: decimating long paths and keeping coordinates drawable.

Qt draws badly (or slowly) with coordinates like 1e30 and with hundreds of thousands of
vertices, so a diverging or very long trajectory is first clamped to a box a little larger than
the view and then thinned to a few thousand vertices.
"""

from __future__ import annotations

import numpy as np

from optiviz.engine.problems import Box

MAX_VERTICES = 4000


def expand(box: Box, factor: float) -> Box:
    """``box`` grown by ``factor`` times its span on every side."""
    (x0, x1), (y0, y1) = box
    dx, dy = (x1 - x0) * factor, (y1 - y0) * factor
    return (x0 - dx, x1 + dx), (y0 - dy, y1 + dy)


def clamp_to_box(points: np.ndarray, box: Box) -> np.ndarray:
    """Clamp an ``(n, 2)`` array into ``box`` (a new array)."""
    (x0, x1), (y0, y1) = box
    out = np.empty_like(points, dtype=np.float64)
    np.clip(points[:, 0], x0, x1, out=out[:, 0])
    np.clip(points[:, 1], y0, y1, out=out[:, 1])
    return out


def decimate_path(
    points: np.ndarray, scale: tuple[float, float], max_vertices: int = MAX_VERTICES
) -> np.ndarray:
    """At most about ``max_vertices`` rows of ``points``, always the first and the last.

    Three quarters of the kept vertices are spread evenly along the path's length (in units
    of ``scale`` per axis), so the zig-zags where an optimizer moves a lot stay sharp; the rest
    are spread evenly over the epochs, so slow drifts keep their timing.
    """
    n = len(points)
    if n <= max_vertices:
        return points
    step = np.abs(np.diff(points, axis=0))
    step[:, 0] /= scale[0] or 1.0
    step[:, 1] /= scale[1] or 1.0
    length = np.concatenate(([0.0], np.cumsum(np.hypot(step[:, 0], step[:, 1]))))
    by_length = max_vertices * 3 // 4
    picks = [np.linspace(0, n - 1, max_vertices - by_length).astype(np.int64)]
    if length[-1] > 0:
        targets = np.linspace(0.0, length[-1], by_length)
        picks.append(np.minimum(np.searchsorted(length, targets), n - 1))
    keep = np.unique(np.concatenate([*picks, [0, n - 1]]))
    return points[keep]


def clip_line(
    slope: float, intercept: float, x_range: tuple[float, float], y_range: tuple[float, float]
) -> tuple[np.ndarray, np.ndarray]:
    """The part of ``y = slope*x + intercept`` inside the box, as two end points.

    A line that misses the box gets two points on its edge (drawn as nothing visible), so a
    diverging fit never feeds huge coordinates to Qt.
    """
    x0, x1 = x_range
    y0, y1 = y_range
    if not (np.isfinite(slope) and np.isfinite(intercept)):
        return np.array([x0, x0]), np.array([y0, y0])
    if slope == 0.0:
        y = min(max(intercept, y0), y1)
        return np.array([x0, x1]), np.array([y, y])
    lo, hi = x0, x1
    xa, xb = sorted(((y0 - intercept) / slope, (y1 - intercept) / slope))
    lo, hi = max(lo, xa), min(hi, xb)
    if lo > hi:  # outside the box: a degenerate segment on its edge
        edge = y1 if slope * (x0 + x1) / 2 + intercept > y1 else y0
        return np.array([x0, x0]), np.array([edge, edge])
    xs = np.array([lo, hi])
    return xs, np.clip(slope * xs + intercept, y0, y1)
