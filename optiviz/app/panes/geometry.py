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


def path_length(points: np.ndarray, scale: tuple[float, float]) -> np.ndarray:
    """Cumulative length along ``points`` (first value 0), each axis in units of ``scale``."""
    step = np.abs(np.diff(points, axis=0))
    step[:, 0] /= scale[0] or 1.0
    step[:, 1] /= scale[1] or 1.0
    return np.concatenate(([0.0], np.cumsum(np.hypot(step[:, 0], step[:, 1]))))


def decimate_indices(length: np.ndarray, max_vertices: int = MAX_VERTICES) -> np.ndarray | None:
    """Rows to keep of a path with cumulative ``length``; None when it is short enough.

    Three quarters of the kept vertices are spread evenly along the path's length, so the
    zig-zags where an optimizer moves a lot stay sharp; the rest are spread evenly over the
    epochs, so slow drifts keep their timing. The first and the last row are always kept.
    """
    n = len(length)
    if n <= max_vertices:
        return None
    by_length = max_vertices * 3 // 4
    picks = [np.linspace(0, n - 1, max_vertices - by_length).astype(np.int64)]
    if length[-1] > 0:
        targets = np.linspace(0.0, length[-1], by_length)
        picks.append(np.minimum(np.searchsorted(length, targets), n - 1))
    return np.unique(np.concatenate([*picks, [0, n - 1]]))


def decimate_path(
    points: np.ndarray, scale: tuple[float, float], max_vertices: int = MAX_VERTICES
) -> np.ndarray:
    """At most about ``max_vertices`` rows of ``points``, always the first and the last."""
    if len(points) <= max_vertices:
        return points
    keep = decimate_indices(path_length(points, scale), max_vertices)
    return points if keep is None else points[keep]


class PathCache:
    """A growing trajectory clamped to ``box`` with its cumulative length, grown row by row.

    Only rows added since the last :meth:`update` are clamped and measured. The cached prefix
    is trusted while the last raw row seen is unchanged; a history truncated and grown again
    changes that row and everything is computed afresh.
    """

    def __init__(self, box: Box, scale: tuple[float, float]) -> None:
        self.box = box
        self.scale = scale
        self._points = np.empty((0, 2))
        self._length = np.empty(0)
        self._n = 0
        self._last = np.full(2, np.nan)

    def update(self, start: np.ndarray, params: np.ndarray) -> None:
        """Take the trajectory ``start`` followed by ``params`` (rows after each epoch)."""
        n = len(params) + 1
        m = self._n
        if not (0 < m <= n and np.array_equal(self._raw_row(start, params, m - 1), self._last)):
            m = 0
        if n > len(self._points):
            size = max(2 * n, 1024)
            points, length = np.empty((size, 2)), np.empty(size)
            points[:m], length[:m] = self._points[:m], self._length[:m]
            self._points, self._length = points, length
        if m == 0:
            self._points[0] = clamp_to_box(np.asarray(start, float).reshape(1, 2), self.box)[0]
            self._length[0] = 0.0
            m = 1
        if n > m:
            new = clamp_to_box(params[m - 1 : n - 1], self.box)
            self._points[m:n] = new
            steps = path_length(np.vstack([self._points[m - 1 : m], new]), self.scale)
            self._length[m:n] = self._length[m - 1] + steps[1:]
        self._n = n
        self._last = self._raw_row(start, params, n - 1).copy()

    @staticmethod
    def _raw_row(start: np.ndarray, params: np.ndarray, i: int) -> np.ndarray:
        return np.asarray(start, float).reshape(2) if i == 0 else params[i - 1]

    def path(self, epoch: int, max_vertices: int = MAX_VERTICES) -> np.ndarray:
        """Rows ``0..epoch`` (clamped), decimated to about ``max_vertices``."""
        k = min(max(int(epoch), 0), self._n - 1) + 1
        points = self._points[:k]
        keep = decimate_indices(self._length[:k], max_vertices)
        return points if keep is None else points[keep]


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
