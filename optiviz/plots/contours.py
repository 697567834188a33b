"""The zero line of a sampled field as line segments, by vectorised marching squares.

pyqtgraph's :class:`IsocurveItem` joins its segments into curves in Python: 6 ms for one
100x100 grid, a third of a frame, and a multiclass boundary needs one curve per class. Here
every cell is solved at once in numpy and the segments are drawn unjoined
(``connect="pairs"``), which looks the same.
"""

from __future__ import annotations

import numpy as np

#: A cell's edges as (first corner, second corner), corners indexed (dx, dy).
EDGES = (((0, 0), (1, 0)), ((1, 0), (1, 1)), ((0, 1), (1, 1)), ((0, 0), (0, 1)))
BOTTOM, RIGHT, TOP, LEFT = range(4)


def _corner(field: np.ndarray, dx: int, dy: int) -> np.ndarray:
    nx, ny = field.shape
    return field[dx : nx - 1 + dx, dy : ny - 1 + dy]


def zero_segments(
    field: np.ndarray, extent: tuple[tuple[float, float], tuple[float, float]]
) -> tuple[np.ndarray, np.ndarray]:
    """The segments where ``field`` (``(gx, gy)``, sampled on ``gx`` x values from
    ``extent[0][0]`` to ``extent[0][1]`` and ``gy`` y values likewise) crosses zero.

    Returns ``xs, ys``: consecutive pairs are a segment's two ends, for
    ``PlotCurveItem(connect="pairs")``. Values >= 0 count as one side, < 0 as the other; NaN
    cells are skipped.
    """
    field = np.asarray(field, dtype=np.float64)
    nx, ny = field.shape
    if nx < 2 or ny < 2:
        return np.zeros(0), np.zeros(0)
    above = field >= 0
    signs = [_corner(above, dx, dy) for dx in (0, 1) for dy in (0, 1)]
    # only the cells the line passes through (a thin band of the grid) are solved
    ci, cj = np.nonzero((signs[0] != signs[1]) | (signs[0] != signs[2]) | (signs[0] != signs[3]))
    corners = {(dx, dy): field[ci + dx, cj + dy] for dx in (0, 1) for dy in (0, 1)}
    cross = np.empty((len(ci), 4), dtype=bool)
    px = np.empty((len(ci), 4))
    py = np.empty((len(ci), 4))
    with np.errstate(divide="ignore", invalid="ignore"):
        for e, (a, b) in enumerate(EDGES):
            fa, fb = corners[a], corners[b]
            cross[:, e] = (fa >= 0) != (fb >= 0)
            t = fa / (fa - fb)
            px[:, e] = ci + a[0] + t * (b[0] - a[0])
            py[:, e] = cj + a[1] + t * (b[1] - a[1])
    cross &= np.isfinite(px) & np.isfinite(py)
    count = cross.sum(axis=1)
    # two crossings: one segment between them (the first two True edges, in edge order)
    two = count == 2
    order = np.argsort(~cross[two], axis=1, kind="stable")[:, :2]
    cells_x, cells_y = px[two], py[two]
    rows = np.arange(len(order))[:, None]
    seg_x = [cells_x[rows, order]]
    seg_y = [cells_y[rows, order]]
    # four crossings (a saddle): the centre's side says which corners are cut off
    four = count == 4
    if four.any():
        centre = sum(c[four] for c in corners.values()) / 4.0
        same = (centre >= 0) == (corners[(0, 0)][four] >= 0)
        pairs = np.where(
            same[:, None, None],
            np.array([[BOTTOM, RIGHT], [LEFT, TOP]]),
            np.array([[BOTTOM, LEFT], [RIGHT, TOP]]),
        ).reshape(-1, 4)
        fx, fy = px[four], py[four]
        rows = np.arange(len(pairs))[:, None]
        seg_x.append(fx[rows, pairs].reshape(-1, 2))
        seg_y.append(fy[rows, pairs].reshape(-1, 2))
    xs = np.concatenate(seg_x).reshape(-1)
    ys = np.concatenate(seg_y).reshape(-1)
    (x0, x1), (y0, y1) = extent
    xs = x0 + xs * ((x1 - x0) / (nx - 1))
    ys = y0 + ys * ((y1 - y0) / (ny - 1))
    return xs, ys
