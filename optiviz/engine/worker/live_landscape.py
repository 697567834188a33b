"""The loss landscape of a session's network runs, kept up to date in the worker.

The plane is ``theta(a, b) = theta0 + a*d1 + b*d2`` through the first run's start ``theta0``.
Its directions are the runs' paths' top two principal directions (``pca``, fitted again as the
paths grow), or two filter-normalised random directions drawn once from a generator seeded
with the first run's seed (``random``). Every run is projected onto the same plane, so a
race's paths are compared on one surface. Before the paths have moved, a pca plane has no
directions yet and the random plane stands in (the view says so).

The grid costs tens to hundreds of milliseconds. :class:`LiveLandscape` refreshes it only when
it is due, and never more often than keeps its share of the worker's time under
:data:`BUDGET`: a refresh waits ``(1 / BUDGET - 1)`` times the last grid's duration after the
last one ended. While playing, a pca plane is fitted again once the paths have
grown by :data:`GROWTH`; a paused or finished session gets one exact refresh of where it is.
Nothing here touches a run's model, optimizer or the global random number generator, so a
run's trajectory is the same with the landscape on and off.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch

from optiviz.engine.landscape.grid import grid_span, plane_grid
from optiviz.engine.landscape.line import line_losses
from optiviz.engine.landscape.plane import Plane
from optiviz.engine.landscape.run_plane import (
    pca_path_plane,
    random_start_directions,
    start_anchor,
)
from optiviz.engine.networks.network_run import NetworkRun

KINDS = ("pca", "random")
#: The largest share of the worker's time the landscape may take.
BUDGET = 0.2
#: A pca plane is fitted again once the paths have this many times the steps of the last fit.
GROWTH = 1.25
#: At most this often while playing (seconds), however cheap the grid.
MIN_INTERVAL = 0.25
#: Grid points per side: fine for small networks, coarser where a grid point costs more.
FINE, COARSE = 41, 21
#: Parameters x training points above which the coarse grid is used.
COARSE_ABOVE = 200_000
#: The small CNN's live grid evaluates a fixed subset of the training images.
CNN_SUBSET = 256
#: Points of the 1-D view along the straight line from the start to the current point.
LINE_POINTS = 61


@dataclass(frozen=True, eq=False)
class LandscapeView:
    """The loss over the plane and along the line, as the window draws it."""

    version: int
    kind: str  # the plane's directions: "pca" or "random"
    alpha: np.ndarray  # (na,) the first coordinate's grid values
    beta: np.ndarray  # (nb,)
    loss: np.ndarray  # (na, nb) float32: loss[i, j] at alpha[i], beta[j]
    explained: tuple[float, float] | None  # pca: each direction's share of the path's variance
    seconds: float  # what the grid took
    points: int  # training points the grid's loss is taken on
    line_t: np.ndarray  # (LINE_POINTS,) 0 = start, 1 = the first run's current point
    line_loss: np.ndarray
    note: str = ""  # e.g. why a pca view shows random directions
    #: Every run's steps, one per run, when the plane was fitted (the picture is of then).
    steps: tuple[int, ...] = ()


class LiveLandscape:
    """Decides when the landscape is due and computes it, for one generation of runs."""

    def __init__(self, kind: str = "pca") -> None:
        if kind not in KINDS:
            raise ValueError(f"directions must be one of {KINDS}, got {kind!r}")
        self.kind = kind
        self.version = 0
        self.view: LandscapeView | None = None
        self._random: tuple[torch.Tensor, torch.Tensor] | None = None
        self._fitted_steps = -1  # the runs' total steps at the last refresh
        self._fitted_kind = ""
        self._ready_at = 0.0  # the earliest a refresh may begin (the budget)
        self.total_seconds = 0.0  # every refresh's time, for measuring the budget

    def stale(self, runs: Sequence[NetworkRun]) -> bool:
        """The runs have stepped since the last refresh (it may not be due yet: the budget)."""
        return self.view is None or sum(run.steps for run in runs) != self._fitted_steps

    def due(self, runs: Sequence[NetworkRun], playing: bool, now: float | None = None) -> bool:
        """Whether :meth:`refresh` should run now."""
        steps = sum(run.steps for run in runs)
        if self.view is None:
            return True
        if steps == self._fitted_steps:
            return False
        now = time.perf_counter() if now is None else now
        if now < self._ready_at:
            return False
        if not playing:
            return True  # one exact picture of where the runs stopped
        if self.kind == "pca" and (
            self._fitted_kind != "pca" or steps >= GROWTH * max(self._fitted_steps, 1)
        ):
            return True
        return self._outside(runs)

    def _outside(self, runs: Sequence[NetworkRun]) -> bool:
        """A run's current point has left the inner nine tenths of the grid."""
        view = self.view
        assert view is not None
        a_lo, a_hi = float(view.alpha[0]), float(view.alpha[-1])
        b_lo, b_hi = float(view.beta[0]), float(view.beta[-1])
        inner_a, inner_b = 0.05 * (a_hi - a_lo), 0.05 * (b_hi - b_lo)
        for run in runs:
            a, b = run.params().tolist()
            if not (
                a_lo + inner_a <= a <= a_hi - inner_a and b_lo + inner_b <= b <= b_hi - inner_b
            ):
                return True
        return False

    def refresh(self, runs: Sequence[NetworkRun]) -> LandscapeView:
        """Fit the plane, project every run onto it and compute the grid and the line."""
        began = time.perf_counter()
        first = runs[0]
        anchor = start_anchor(first)
        plane, note = self._plane(runs, anchor)
        for run in runs:
            run.set_plane(plane)
        paths = np.concatenate([run.history.trajectory() for run in runs])
        (a_lo, a_hi), (b_lo, b_hi) = grid_span(plane, paths)
        x, y = _grid_data(first)
        side = COARSE if plane.size * len(x) > COARSE_ABOVE else FINE
        alpha = np.linspace(a_lo, a_hi, side)
        beta = np.linspace(b_lo, b_hi, side)
        loss = plane_grid(first.model, first.loss_fn, x, y, plane, alpha, beta)
        line_t, line_loss = line_losses(
            first.model, first.loss_fn, x, y, anchor, first.flat_params(), points=LINE_POINTS
        )
        seconds = time.perf_counter() - began
        self.version += 1
        self.view = LandscapeView(
            version=self.version,
            kind=plane.kind,
            alpha=alpha,
            beta=beta,
            loss=loss,
            explained=plane.explained,
            seconds=seconds,
            points=len(x),
            line_t=line_t,
            line_loss=line_loss,
            note=note,
            steps=tuple(run.steps for run in runs),
        )
        self._fitted_steps = sum(run.steps for run in runs)
        self._fitted_kind = plane.kind
        self.total_seconds += seconds
        self._ready_at = time.perf_counter() + seconds * (1.0 / BUDGET - 1.0)
        return self.view

    def _plane(self, runs: Sequence[NetworkRun], anchor: torch.Tensor) -> tuple[Plane, str]:
        if self.kind == "pca":
            plane = pca_path_plane(runs, anchor)
            if plane is not None:
                return plane, ""
            note = "random directions until the path has moved"
        else:
            note = ""
        if self._random is None:
            self._random = random_start_directions(runs[0], anchor)
        d1, d2 = self._random
        return Plane(anchor, d1, d2, "random"), note


def _grid_data(run: NetworkRun) -> tuple[torch.Tensor, torch.Tensor]:
    """The training points the live grid's loss is taken on (a fixed subset for the CNN)."""
    x, y = run.split.train_x, run.split.train_y
    if run.spec.model == "cnn" and len(x) > CNN_SUBSET:
        return x[:CNN_SUBSET], y[:CNN_SUBSET]
    return x, y
