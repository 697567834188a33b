"""Numpy helpers for drawing: decimating long paths and keeping coordinates drawable.

Qt draws badly (or slowly) with coordinates like 1e30 and with hundreds of thousands of
vertices, so a very long trajectory is thinned to a few thousand vertices (measured on the path
clamped to a box a little larger than the view) and then clipped to the view: only the parts of
its segments inside the view are drawn, exactly where they are, so a diverging run bouncing
between ±1e18 shows the lines it really drew across the view and nothing far outside it.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import numpy as np

from optiviz.engine.problems.library import Box
from optiviz.engine.runs.columns import grown

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
    """A growing trajectory with the cumulative length of its path clamped to ``box``, grown
    row by row.

    Only rows added since the last update are read, clamped and measured. The cached prefix
    is trusted while the last raw row seen is unchanged; a history truncated and grown again
    changes that row and everything is computed afresh. It keeps the raw rows and the lengths
    (24 bytes an epoch, grown by half again, not doubled), not the clamped points: 10^6 epochs
    took 80 MB of the window that way.
    """

    def __init__(self, box: Box, scale: tuple[float, float]) -> None:
        self.box = box
        self.scale = scale
        self._raw = np.empty((0, 2))
        self._length = np.empty(0)
        self._n = 0
        self._last = np.full(2, np.nan)
        self._end = np.full(2, np.nan)  # the last row, clamped: where the next step starts

    def update(self, start: np.ndarray, params: np.ndarray) -> None:
        """Take the trajectory ``start`` followed by ``params`` (rows after each epoch)."""
        self.update_rows(start, len(params), lambda begin, end: params[begin:end])

    def update_rows(
        self, start: np.ndarray, rows: int, read: Callable[[int, int], np.ndarray]
    ) -> None:
        """Take the trajectory ``start`` followed by ``rows`` rows, ``read(begin, end)`` giving
        rows ``begin .. end`` (e.g. :meth:`History.params_between`, which copies only those)."""
        n = rows + 1
        m = self._n

        def raw_row(i: int) -> np.ndarray:
            return np.asarray(start, float).reshape(2) if i == 0 else read(i - 1, i)[0]

        if not (0 < m <= n and np.array_equal(raw_row(m - 1), self._last)):
            m = 0
        if n > len(self._raw):
            size = max(grown(len(self._raw), n), 1024)
            raw, length = np.empty((size, 2)), np.empty(size)
            raw[:m], length[:m] = self._raw[:m], self._length[:m]
            self._raw, self._length = raw, length
        if m == 0:
            self._raw[0] = np.asarray(start, float).reshape(2)
            self._end = clamp_to_box(self._raw[:1], self.box)[0]
            self._length[0] = 0.0
            m = 1
        if n > m:
            self._raw[m:n] = read(m - 1, n - 1)
            new = clamp_to_box(self._raw[m:n], self.box)
            steps = path_length(np.vstack([self._end[None, :], new]), self.scale)
            self._length[m:n] = self._length[m - 1] + steps[1:]
            self._end = new[-1]
        self._n = n
        self._last = raw_row(n - 1).copy()

    def path(self, epoch: int, max_vertices: int = MAX_VERTICES) -> np.ndarray:
        """Rows ``0..epoch`` (clamped), decimated to about ``max_vertices``."""
        k = min(max(int(epoch), 0), self._n - 1) + 1
        keep = decimate_indices(self._length[:k], max_vertices)
        raw = self._raw[:k]
        return clamp_to_box(raw if keep is None else raw[keep], self.box)

    def view_path(
        self, epoch: int, view: Box, max_vertices: int = MAX_VERTICES
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """Rows ``0..epoch`` as they are (not clamped), decimated, clipped to ``view``.

        Returns the vertices and which of them connect to the next (None: all of them), as
        :func:`clip_polyline` does.
        """
        k = min(max(int(epoch), 0), self._n - 1) + 1
        raw = self._raw[:k]
        keep = decimate_indices(self._length[:k], max_vertices)
        return clip_polyline(raw if keep is None else raw[keep], view)


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


#: Beyond this many view spans from the view, a clipped point computed in float64 may be off
#: by more than a pixel: such segments are clipped in exact arithmetic.
EXACT_BEYOND = 1e9
#: At most this many segments are clipped exactly per path (the rest are left out).
MAX_EXACT = 256


def clip_polyline(points: np.ndarray, box: Box) -> tuple[np.ndarray, np.ndarray | None]:
    """The parts of the polyline ``points`` inside ``box``.

    Returns ``(vertices, connect)``: ``connect[i]`` tells whether vertex ``i`` joins vertex
    ``i + 1`` (pyqtgraph's ``connect`` array); ``connect`` is None when the whole polyline is
    inside and comes back unchanged. Each segment is cut where it crosses the box (Liang-Barsky);
    segments with a non-finite end are left out.
    """
    (x0, x1), (y0, y1) = box
    xs, ys = points[:, 0], points[:, 1]
    with np.errstate(invalid="ignore"):
        inside = (xs >= x0) & (xs <= x1) & (ys >= y0) & (ys <= y1)
    if inside.all() or len(points) < 2:
        return points, None
    a, b = points[:-1], points[1:]
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        d = b - a
        t0, t1 = np.zeros(len(a)), np.ones(len(a))
        ok = np.isfinite(a).all(axis=1) & np.isfinite(b).all(axis=1) & np.isfinite(d).all(axis=1)
        for p, q in (
            (-d[:, 0], a[:, 0] - x0),
            (d[:, 0], x1 - a[:, 0]),
            (-d[:, 1], a[:, 1] - y0),
            (d[:, 1], y1 - a[:, 1]),
        ):
            ratio = q / p
            ok &= ~((p == 0) & (q < 0))
            t0 = np.where(p < 0, np.maximum(t0, ratio), t0)
            t1 = np.where(p > 0, np.minimum(t1, ratio), t1)
        ok &= t0 <= t1
        start = np.where((t0 > 0)[:, None], a + t0[:, None] * d, a)
        end = np.where((t1 < 1)[:, None], a + t1[:, None] * d, b)
    span = max(x1 - x0, y1 - y0, 1e-300)
    far = ok & (np.maximum(np.abs(a).max(axis=1), np.abs(b).max(axis=1)) > EXACT_BEYOND * span)
    for count, i in enumerate(np.flatnonzero(far)):
        clipped = None if count >= MAX_EXACT else clip_segment_exact(a[i], b[i], box)
        if clipped is None:
            ok[i] = False
        else:
            start[i], end[i] = clipped
            t0[i], t1[i] = 0.5, 0.5  # cut at both ends: drawn as a piece of its own
    kept = np.flatnonzero(ok)
    if not len(kept):
        return np.empty((0, 2)), np.zeros(0, dtype=bool)
    # A kept segment continues the previous one when both meet at an uncut vertex.
    joined = np.zeros(len(kept), dtype=bool)
    joined[1:] = (np.diff(kept) == 1) & (t1[kept[:-1]] >= 1) & (t0[kept[1:]] <= 0)
    fresh = ~joined
    counts = 1 + fresh
    ends = np.cumsum(counts) - 1
    vertices = np.empty((int(counts.sum()), 2))
    vertices[ends] = end[kept]
    vertices[ends[fresh] - 1] = start[kept][fresh]
    np.clip(vertices[:, 0], x0, x1, out=vertices[:, 0])  # rounding may step a hair outside
    np.clip(vertices[:, 1], y0, y1, out=vertices[:, 1])
    connect = np.ones(len(vertices), dtype=bool)
    breaks = np.append(fresh[1:], True)
    connect[ends[breaks]] = False
    return vertices, connect


def clip_segment_exact(
    a: np.ndarray, b: np.ndarray, box: Box
) -> tuple[np.ndarray, np.ndarray] | None:
    """The part of segment ``a``-``b`` inside ``box``, computed with exact fractions."""
    (x0, x1), (y0, y1) = box
    ax, ay, bx, by = (Fraction(float(v)) for v in (a[0], a[1], b[0], b[1]))
    dx, dy = bx - ax, by - ay
    t0, t1 = Fraction(0), Fraction(1)
    for p, q in (
        (-dx, ax - Fraction(x0)),
        (dx, Fraction(x1) - ax),
        (-dy, ay - Fraction(y0)),
        (dy, Fraction(y1) - ay),
    ):
        if p == 0:
            if q < 0:
                return None
        elif p < 0:
            t0 = max(t0, q / p)
        else:
            t1 = min(t1, q / p)
    if t0 > t1:
        return None
    start = np.array([float(ax + t0 * dx), float(ay + t0 * dy)])
    end = np.array([float(ax + t1 * dx), float(ay + t1 * dy)])
    return start, end
