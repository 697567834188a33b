"""The learning-rate range test, as fastai's ``lr_find`` and torch-lr-finder run it.

On a fresh run of the given settings the lr grows exponentially from ``min_lr`` to ``max_lr``,
one optimizer step per lr (set through ``optimizer.param_groups``). Each lr is paired with the
loss after its step: with a full-batch problem that is the next forward pass's loss, so this is
fastai's record shifted by one step. The losses are smoothed exponentially (beta 0.98, with
bias correction, as fastai), and the test stops early once the smoothed loss exceeds four times
its best, or the loss or parameters stop being finite.

With a batch size each lr gets one step on the next batch of the run's seeded DataLoader (a new
epoch's shuffle once the batches run out), as range tests on real data do; the loss paired
with it is still the whole data's after that step, so the curve measures the lr, not how hard
the batch was. Added gradient noise and clipping apply to each step as in the run.

Suggestion rule (fastai's "steep", torch-lr-finder's default): the lr where the smoothed loss
falls fastest per unit of log(lr), i.e. the most negative ``d smoothed / d log(lr)`` between
neighbouring points, ignoring the first tenth of the sweep and its last five points (the noisy
start and the divergence). The lower lr of the steepest pair is suggested.

A caller may pass ``stop``, asked between steps and before each of the optimizer's own loss
evaluations (LBFGS calls its closure up to 1.25 × ``max_iter`` times in one step): once it says
True the sweep ends within one loss evaluation and returns what it has, marked ``stopped``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import torch

from optiviz.engine.errors import ConfigError
from optiviz.engine.networks.spec import NETWORK_PROBLEM
from optiviz.engine.runs.config import RunConfig, validate
from optiviz.engine.runs.factory import make_run
from optiviz.engine.runs.run import Run

MIN_LR = 1e-6
MAX_LR = 10.0
STEPS = 100
BETA = 0.98
DIVERGENCE = 4.0
MAX_STEPS = 100_000


@dataclass
class LRFindResult:
    """The sweep: each lr, the loss after its step, and the smoothed loss."""

    lr: list[float]
    loss: list[float]
    smoothed: list[float]
    suggestion: float | None
    stopped_early: bool
    reason: str = ""  # why it stopped early
    steps: int = 0  # planned steps
    suggestion_index: int | None = None
    config: RunConfig | None = field(default=None, repr=False)
    stopped: bool = False  # ended on request (``stop``), not by the sweep's own rules

    def as_dict(self) -> dict:
        """Plain data for ``--json``."""
        return {
            "lr": self.lr,
            "loss": self.loss,
            "smoothed_loss": self.smoothed,
            "suggestion": self.suggestion,
            "stopped_early": self.stopped_early,
            "reason": self.reason,
        }


def lr_schedule(min_lr: float, max_lr: float, steps: int) -> list[float]:
    """``steps`` lrs from ``min_lr`` to ``max_lr``, equally spaced in log(lr)."""
    if steps == 1:
        return [min_lr]
    ratio = max_lr / min_lr
    return [min_lr * ratio ** (i / (steps - 1)) for i in range(steps)]


def smooth(losses: list[float], beta: float = BETA) -> list[float]:
    """Exponential moving average with bias correction (fastai's ``smooth_loss``)."""
    out: list[float] = []
    average = 0.0
    for i, loss in enumerate(losses, start=1):
        average = beta * average + (1 - beta) * loss
        out.append(average / (1 - beta**i))
    return out


def steepest(lrs: list[float], smoothed: list[float]) -> int | None:
    """Index of the steepest fall of ``smoothed`` per log(lr), by the rule in the docstring."""
    n = len(lrs)
    skip_start = n // 10
    skip_end = 5 if n - skip_start - 5 >= 3 else 0
    best: int | None = None
    best_slope = 0.0
    for i in range(skip_start, n - skip_end - 1):
        slope = (smoothed[i + 1] - smoothed[i]) / (math.log(lrs[i + 1]) - math.log(lrs[i]))
        if slope < best_slope:
            best, best_slope = i, slope
    return best


class _Stopped(Exception):
    """Raised inside the optimizer's closure to leave a step the caller no longer wants."""


def _guard_closure(run: Run, stop: Callable[[], bool]) -> None:
    """Make every closure ``run``'s optimizer is given ask ``stop`` before evaluating the loss.

    The run is the sweep's own throwaway copy, so its optimizer's ``step`` may be wrapped.
    """
    step = run.optimizer.step

    def guarded(closure: Callable[[], Any] | None = None) -> Any:
        if closure is None:
            return step()

        def checked() -> Any:
            if stop():
                raise _Stopped
            return closure()

        return step(checked)

    run.optimizer.step = guarded  # type: ignore[method-assign]


def _whole_data_loss(run: Run) -> float:
    """The loss after the step on every training point (a network's, or the problem's)."""
    with torch.no_grad():
        if run.config.problem == NETWORK_PROBLEM:
            net: Any = run
            return float(net.loss_fn(net.model(net.split.train_x), net.split.train_y))
        return run.problem.loss(run.theta()).item()


def check_range(min_lr: float, max_lr: float, steps: int) -> None:
    """Refuse a sweep that cannot be run, naming the flag."""
    for name, value in (("min_lr", min_lr), ("max_lr", max_lr)):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError((name,), f"expected a number like 1e-6, got {value!r}")
        if not (math.isfinite(value) and value > 0):
            raise ConfigError((name,), f"must be a positive number, got {value!r}")
    if not max_lr > min_lr:
        raise ConfigError(("max_lr",), f"must be larger than --min-lr ({min_lr:g}), got {max_lr:g}")
    if isinstance(steps, bool) or not isinstance(steps, int) or not 3 <= steps <= MAX_STEPS:
        raise ConfigError(
            ("steps",), f"must be a whole number from 3 to {MAX_STEPS}, got {steps!r}"
        )


def lr_find(
    config: RunConfig,
    min_lr: float = MIN_LR,
    max_lr: float = MAX_LR,
    steps: int = STEPS,
    stop: Callable[[], bool] | None = None,
) -> LRFindResult:
    """Run the range test on a fresh copy of ``config`` (its scheduler is left out).

    ``config`` itself is never changed, and no existing run is touched. ``stop``: see the
    module's docstring.
    """
    check_range(min_lr, max_lr, steps)
    fresh = config.copy(scheduler=None, sched={}, epochs=steps)
    for flag, lr in (("max_lr", max_lr), ("min_lr", min_lr)):
        try:
            fresh = validate(fresh.copy(lr=lr))
        except ConfigError as err:
            if err.field != ("lr",):
                raise
            raise ConfigError((flag,), err.message) from None
    run = make_run(fresh, snapshot_every=steps + 1)
    if stop is not None and run.info.uses_closure:
        _guard_closure(run, stop)
    lrs: list[float] = []
    losses: list[float] = []
    smoothed: list[float] = []
    best = math.inf
    reason = ""
    stopped = False
    for lr in lr_schedule(min_lr, max_lr, steps):
        if stop is not None and stop():
            stopped = True
            break
        for group in run.optimizer.param_groups:
            group["lr"] = lr
        try:
            stepped = run.step()
        except _Stopped:
            stopped = True
            break
        if not stepped:
            reason = f"at lr {lr:.3g}: {run.divergence_reason}"
            break
        loss = _whole_data_loss(run)
        if not math.isfinite(loss):
            reason = f"at lr {lr:.3g}: the loss is {loss}"
            break
        lrs.append(lr)
        losses.append(loss)
        smoothed = smooth(losses)
        best = min(best, smoothed[-1])
        if smoothed[-1] > DIVERGENCE * best:
            reason = f"at lr {lr:.3g}: the smoothed loss is over {DIVERGENCE:g} times its best"
            break
    index = steepest(lrs, smoothed)
    return LRFindResult(
        lr=lrs,
        loss=losses,
        smoothed=smoothed,
        suggestion=lrs[index] if index is not None else None,
        stopped_early=bool(reason) or stopped,
        reason="stopped on request" if stopped else reason,
        steps=steps,
        suggestion_index=index,
        config=fresh,
        stopped=stopped,
    )
