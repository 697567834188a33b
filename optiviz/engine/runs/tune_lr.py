"""Tune lr: each optimizer of a race at its own best learning rate, so races compare optimizers
at their best rather than at one shared lr.

For every distinct setting of a race (its runs' configs with the lr left out: an lr fan is one
setting), a fresh headless :class:`~optiviz.engine.runs.run.Run` is run to its full epochs at
each lr of one log-spaced grid, and the lr whose final loss is lowest is the best. A run that
diverges, or an lr the optimizer refuses, has no final loss and is never best; ties go to the
smaller lr. Each trial starts from ``torch.manual_seed(seed)`` inside its own RNG scope, so a
tuning repeats exactly and leaves the caller's RNG alone.

``stop`` is asked between chunks of :data:`CHUNK` epochs and, as the LR range test asks it,
before each of LBFGS's loss evaluations: once it says True the tuning ends within one loss
evaluation and returns what it has, marked ``stopped``. ``progress(done, total)`` counts trials.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import torch

from optiviz.engine.errors import ConfigError
from optiviz.engine.runs.config import RunConfig, validate
from optiviz.engine.runs.lr_find import _guard_closure, _Stopped  # the range test's stop
from optiviz.engine.runs.run import Run

LO = 1e-5
HI = 10.0
POINTS = 13  # half a decade apart from 1e-5 to 10
MAX_POINTS = 64
CHUNK = 50  # epochs between two looks at ``stop``


@dataclass
class Tuning:
    """One setting's grid: the final loss at each lr (NaN: diverged, refused or not run)."""

    config: RunConfig  # the setting, at its own lr
    runs: list[int]  # the race's runs with this setting
    lrs: list[float]
    final_loss: list[float] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # "", "diverged at epoch 12", "refused: ..."

    @property
    def best_index(self) -> int | None:
        """The grid point with the lowest final loss (the smaller lr on a tie), or None."""
        finite = [(loss, i) for i, loss in enumerate(self.final_loss) if math.isfinite(loss)]
        return min(finite)[1] if finite else None

    @property
    def best_lr(self) -> float | None:
        index = self.best_index
        return None if index is None else self.lrs[index]

    def as_dict(self) -> dict:
        """Plain data for ``--json`` (NaN as null)."""
        return {
            "optimizer": self.config.optimizer,
            "runs": [i + 1 for i in self.runs],
            "lr": self.lrs,
            "final_loss": [loss if math.isfinite(loss) else None for loss in self.final_loss],
            "notes": self.notes,
            "best_lr": self.best_lr,
        }


@dataclass
class TuneResult:
    tunings: list[Tuning]
    stopped: bool = False  # ended on request, some grid points not run

    def best_lrs(self, runs: int) -> list[float | None]:
        """Each of the race's ``runs`` runs' best lr (None: no lr of its grid finished)."""
        out: list[float | None] = [None] * runs
        for tuning in self.tunings:
            for i in tuning.runs:
                out[i] = tuning.best_lr
        return out


def lr_grid(lo: float = LO, hi: float = HI, points: int = POINTS) -> list[float]:
    """``points`` lrs from ``lo`` to ``hi``, equally spaced in log(lr); refuses a bad grid."""
    for name, value in (("lo", lo), ("hi", hi)):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError((name,), f"expected a number like 1e-4, got {value!r}")
        if not (math.isfinite(value) and value > 0):
            raise ConfigError((name,), f"must be a positive number, got {value!r}")
    if not hi > lo:
        raise ConfigError(("hi",), f"must be larger than lo ({lo:g}), got {hi:g}")
    if isinstance(points, bool) or not isinstance(points, int) or not 2 <= points <= MAX_POINTS:
        raise ConfigError(("points",), f"must be a whole number from 2 to {MAX_POINTS}")
    grid = [lo * (hi / lo) ** (i / (points - 1)) for i in range(points)]
    grid[-1] = float(hi)
    return grid


def settings(configs: Sequence[RunConfig]) -> list[tuple[RunConfig, list[int]]]:
    """The race's distinct settings (lr left out), each with the runs that share it."""
    groups: list[tuple[RunConfig, list[int]]] = []
    for i, config in enumerate(configs):
        for first, runs in groups:
            if first.copy(lr=config.lr) == config:
                runs.append(i)
                break
        else:
            groups.append((config, [i]))
    return groups


def trial(config: RunConfig, lr: float, seed: int, stop: Callable[[], bool]) -> tuple[float, str]:
    """The final loss of a fresh run of ``config`` at ``lr`` and a note (NaN if none)."""
    try:
        checked = validate(config.copy(lr=lr))
    except ConfigError as err:
        return math.nan, f"refused: {err.message}"
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        run = Run(checked, snapshot_every=checked.epochs + 1)
        if run.info.uses_closure:
            _guard_closure(run, stop)  # an LBFGS step may evaluate the loss many times
        while not run.done:
            if stop():
                return math.nan, "stopped"
            try:
                run.run(CHUNK)
            except _Stopped:
                return math.nan, "stopped"
    if run.diverged_at is not None:
        return math.nan, f"diverged at epoch {run.diverged_at}"
    return float(run.history.loss[-1]), ""


def tune_lr(
    configs: Sequence[RunConfig],
    lrs: Sequence[float] | None = None,
    *,
    seed: int = 0,
    stop: Callable[[], bool] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> TuneResult:
    """Every distinct setting of ``configs`` at every lr of ``lrs`` (default :func:`lr_grid`)."""
    grid = list(lrs) if lrs is not None else lr_grid()
    asked = stop or (lambda: False)
    groups = settings(configs)
    total = len(groups) * len(grid)
    tunings = [Tuning(config=c, runs=runs, lrs=grid) for c, runs in groups]
    done = 0
    for tuning in tunings:
        for lr in grid:
            if asked():
                return TuneResult(tunings, stopped=True)
            loss, note = trial(tuning.config, lr, seed, asked)
            if note == "stopped":
                return TuneResult(tunings, stopped=True)
            tuning.final_loss.append(loss)
            tuning.notes.append(note)
            done += 1
            if progress is not None:
                progress(done, total)
    return TuneResult(tunings)
