"""The landscape of a finished run, for ``optiviz landscape``: the plane, the loss over an
N x N grid of it on every training point, and the run's path projected onto it.

A network's plane is chosen as the window chooses it (:mod:`optiviz.engine.landscape.run_plane`):
through its start, along the path's principal directions (``pca``) or two filter-normalised
random ones (``random``). A 2-parameter problem's plane is its own axes through the start
(``axes``), and its grid is the problem's own surface.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch

from optiviz.engine.errors import ConfigError
from optiviz.engine.landscape.export import Landscape
from optiviz.engine.landscape.grid import grid_span, plane_grid
from optiviz.engine.landscape.plane import Plane, axes_plane
from optiviz.engine.landscape.run_plane import pca_path_plane, random_start_directions, start_anchor
from optiviz.engine.networks.network_run import NetworkRun
from optiviz.engine.runs.run import Run

NETWORK_DIRECTIONS = ("pca", "random")
AXES = "axes"
MIN_GRID, MAX_GRID = 2, 1001
#: Rows of the grid evaluated between two progress reports.
ROWS_PER_REPORT = 8

Progress = Callable[[int, int], None]  # (rows done, rows in all)


def check_grid(grid: int, span: float | None) -> None:
    """Refuse a grid side outside 2..1001 or a span that is not a positive number."""
    if isinstance(grid, bool) or not isinstance(grid, int) or not MIN_GRID <= grid <= MAX_GRID:
        raise ConfigError(
            ("grid",), f"must be a whole number from {MIN_GRID} to {MAX_GRID}, got {grid!r}"
        )
    if span is not None and not (np.isfinite(span) and span > 0):
        raise ConfigError(("span",), f"must be a positive number, got {span!r}")


def check_directions(network: bool, directions: str | None) -> str:
    """The directions to use (None: the default, pca for a network, axes otherwise); raises
    ConfigError for a kind the problem cannot have."""
    if directions is None:
        return "pca" if network else AXES
    if network and directions not in NETWORK_DIRECTIONS:
        raise ConfigError(
            ("directions",),
            f"a network's plane is {' or '.join(NETWORK_DIRECTIONS)}, not {directions!r}",
        )
    if not network and directions != AXES:
        raise ConfigError(
            ("directions",),
            f"a 2-parameter problem's plane is its own axes ({AXES}), not {directions!r}",
        )
    return directions


def network_plane(run: NetworkRun, directions: str) -> Plane:
    """The run's plane, as the window's landscape chooses it for a lone run."""
    anchor = start_anchor(run)
    if directions == "pca":
        plane = pca_path_plane([run], anchor)
        if plane is None:
            raise ConfigError(
                ("directions",), "the path never moved, so it has no principal directions"
            )
        return plane
    d1, d2 = random_start_directions(run, anchor)
    return Plane(anchor, d1, d2, "random")


def run_landscape(
    run: Run | NetworkRun,
    grid: int,
    directions: str | None = None,
    span: float | None = None,
    progress: Progress | None = None,
) -> Landscape:
    """The landscape of ``run`` (already run): ``span`` sets both axes to [-span, span]
    around the start; by default they cover the projected path with a margin."""
    check_grid(grid, span)
    directions = check_directions(isinstance(run, NetworkRun), directions)
    if isinstance(run, NetworkRun):
        plane = network_plane(run, directions)
        run.set_plane(plane)  # re-projects every step of the path
        path = run.history.trajectory()
    else:
        plane = axes_plane(torch.as_tensor(run.history.start, dtype=torch.float32))
        path = run.history.trajectory() - run.history.start
    if span is None:
        (a_lo, a_hi), (b_lo, b_hi) = grid_span(plane, path)
    else:
        a_lo, a_hi, b_lo, b_hi = -span, span, -span, span
    alpha = np.linspace(a_lo, a_hi, grid)
    beta = np.linspace(b_lo, b_hi, grid)
    loss = np.empty((grid, grid), dtype=np.float32)
    for begin in range(0, grid, ROWS_PER_REPORT):
        rows = slice(begin, min(grid, begin + ROWS_PER_REPORT))
        loss[rows] = _rows_loss(run, plane, alpha[rows], beta)
        if progress is not None:
            progress(rows.stop, grid)
    return Landscape.of(plane, alpha, beta, loss, path)


def _rows_loss(
    run: Run | NetworkRun, plane: Plane, alpha: np.ndarray, beta: np.ndarray
) -> np.ndarray:
    if isinstance(run, NetworkRun):
        x, y = run.split.train_x, run.split.train_y
        return plane_grid(run.model, run.loss_fn, x, y, plane, alpha, beta)
    start = run.history.start.astype(np.float64)
    a, b = np.meshgrid(start[0] + alpha, start[1] + beta, indexing="ij")
    return run.problem.grid(a, b).astype(np.float32)
