"""pyqtgraph's isocurve lines, with the marching squares solved in numpy.

``pyqtgraph.functions.isocurve`` visits every cell of the grid in Python: on the surface
pane's 160x160 grid and its 12 levels that is 80 ms of the first frame for the tutorial's
surface and 170 ms for Rosenbrock's (9 and 25 ms here). :func:`isocurve_lines` finds the
crossed cells and their segments at once in numpy, in pyqtgraph's order and with its
arithmetic, then joins them with pyqtgraph's own chaining (on the few crossed cells only), so
the lines, and the path drawn from them, are the same point for point.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QPainterPath

Point = tuple[float, float]
Key = tuple[int, int, int]

#: pyqtgraph's faces per cell index (pairs of edges), and each edge's two corners.
SIDES = (
    (),
    (0, 1),
    (1, 2),
    (0, 2),
    (0, 3),
    (1, 3),
    (0, 1, 2, 3),
    (2, 3),
    (2, 3),
    (0, 1, 2, 3),
    (1, 3),
    (0, 3),
    (0, 2),
    (1, 2),
    (0, 1),
    (),
)
EDGE_CORNERS = (((0, 1), (0, 0)), ((0, 0), (1, 0)), ((1, 0), (1, 1)), ((1, 1), (0, 1)))


def _extended(data: np.ndarray) -> np.ndarray:
    """``data`` with its edge rows and columns repeated once outside (``extendToEdge``)."""
    d2 = np.empty((data.shape[0] + 2, data.shape[1] + 2), dtype=data.dtype)
    d2[1:-1, 1:-1] = data
    d2[0, 1:-1] = data[0]
    d2[-1, 1:-1] = data[-1]
    d2[1:-1, 0] = data[:, 0]
    d2[1:-1, -1] = data[:, -1]
    d2[0, 0] = d2[0, 1]
    d2[0, -1] = d2[1, -1]
    d2[-1, 0] = d2[-1, 1]
    d2[-1, -1] = d2[-1, -2]
    return d2


def _segments(data: np.ndarray, level: float) -> list[list[tuple[Point, Key]]]:
    """The segments (each two (position, grid key) ends) in pyqtgraph's order: cells row by
    row, a saddle's two faces in turn."""
    mask = data < level
    index = (
        mask[:-1, :-1].astype(np.uint8) + 2 * mask[1:, :-1] + 4 * mask[:-1, 1:] + 8 * mask[1:, 1:]
    )
    ci, cj = np.nonzero((index != 0) & (index != 15))
    kinds = index[ci, cj]
    faces = np.array([len(s) // 2 for s in SIDES])[kinds]
    # one row per face: its cell and its two edges
    cell = np.repeat(np.arange(len(ci)), faces)
    second = np.zeros(len(cell), dtype=bool)
    second[1:] = cell[1:] == cell[:-1]
    sides = np.array([s + (0,) * (4 - len(s)) for s in SIDES])[kinds[cell]]
    col = np.where(second, 2, 0)
    rows = np.arange(len(cell))
    edges = (sides[rows, col], sides[rows, col + 1])
    fi_, fj_ = ci[cell], cj[cell]
    shape0, shape1 = data.shape[0] - 2, data.shape[1] - 2
    ends: list[tuple[list[float], list[float], list[Key]]] = []
    for edge in edges:
        px = np.empty(len(cell))
        py = np.empty(len(cell))
        for e, (p1, p2) in enumerate(EDGE_CORNERS):
            on = edge == e
            i, j = fi_[on], fj_[on]
            v1 = data[i + p1[0], j + p1[1]]
            v2 = data[i + p2[0], j + p2[1]]
            with np.errstate(divide="ignore", invalid="ignore"):
                f = (level - v1) / (v2 - v1)
            fi = 1.0 - f
            px[on] = p1[0] * fi + p2[0] * f + i + 0.5
            py[on] = p1[1] * fi + p2[1] * f + j + 0.5
        px = np.fmin(shape0, np.fmax(0, px - 1))  # as min() and max(): NaN gives 0
        py = np.fmin(shape1, np.fmax(0, py - 1))
        keys = zip(
            (fi_ + (edge == 2)).tolist(),
            (fj_ + (edge == 3)).tolist(),
            (edge % 2).tolist(),
            strict=True,
        )
        ends.append((px.tolist(), py.tolist(), list(keys)))
    (ax, ay, ak), (bx, by, bk) = ends
    return [[((ax[n], ay[n]), ak[n]), ((bx[n], by[n]), bk[n])] for n in range(len(cell))]


def _chains(lines: list[list[tuple[Point, Key]]]) -> list[list[Point]]:
    """Segments joined into continuous lines: pyqtgraph's chaining, as it is."""
    # pyqtgraph's loose lists (a chain of points, then joined ends): typed as it uses them
    points: dict[Key, Any] = {}
    for a, b in lines:
        points.setdefault(a[1], []).append([a, b])
        points.setdefault(b[1], []).append([b, a])
    for k in list(points.keys()):
        try:
            chains = points[k]
        except KeyError:  # already used this point elsewhere
            continue
        for chain in chains:
            x = None
            while True:
                if x == chain[-1][1]:
                    break  # nothing left to do on this chain
                x = chain[-1][1]
                if x == k:
                    break  # looped: the opposite chain can be ignored
                y = chain[-2][1]
                connects = points[x]
                for conn in connects[:]:
                    if conn[1][1] != y:
                        chain.extend(conn[1:])
                del points[x]
            if chain[0][1] == chain[-1][1]:  # looped: no need to go the other way
                chains.pop()
                break
    joined = []
    for ends in points.values():
        # join the chain's two ends
        chain = ends[1][1:][::-1] + ends[0] if len(ends) == 2 else ends[0]
        joined.append([p[0] for p in chain])
    return joined


def isocurve_lines(data: np.ndarray, level: float) -> list[list[Point]]:
    """``pyqtgraph.functions.isocurve(data, level, connected=True, extendToEdge=True)``.

    Float64 data is solved in numpy; any other dtype goes to pyqtgraph (its scalar arithmetic
    in that dtype is not reproduced here).
    """
    data = np.asarray(data)
    if data.dtype != np.float64 or data.ndim != 2:
        return pg.functions.isocurve(data, level, connected=True, extendToEdge=True)
    return _chains(_segments(_extended(data), float(level)))


def isocurve_path(data: np.ndarray, level: float) -> QPainterPath:
    """The path :class:`pyqtgraph.IsocurveItem` draws for ``data`` (column-major) at ``level``."""
    path = QPainterPath()
    for line in isocurve_lines(data, level):
        path.moveTo(*line[0])
        for p in line[1:]:
            path.lineTo(*p)
    return path
