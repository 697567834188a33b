"""Races: several runs on one problem, stepped together epoch by epoch.

Runs share nothing but the problem's definition (each has its own parameters, optimizer and
scheduler), so every run of a race gives exactly the numbers it gives alone.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence

from optiviz.engine.errors import ConfigError
from optiviz.engine.limits import MAX_RUNS
from optiviz.engine.networks.spec import NETWORK_PROBLEM, NetworkSpec
from optiviz.engine.runs.config import RunConfig, build_problem, validate
from optiviz.engine.runs.factory import make_run
from optiviz.engine.runs.run import Run


def lr_fan(config: RunConfig, n: int, lo: float, hi: float) -> list[RunConfig]:
    """``n`` copies of ``config`` with learning rates log-spaced from ``lo`` to ``hi``."""
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_RUNS:
        raise ConfigError(("runs",), f"must be a whole number from 1 to {MAX_RUNS}, got {n!r}")
    for name, value in (("lo", lo), ("hi", hi)):
        if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
            raise ConfigError((name,), f"must be a positive number, got {value!r}")
    if hi < lo:
        raise ConfigError(("hi",), f"must be at least lo ({lo:g}), got {hi:g}")
    if n == 1:
        return [config.copy(lr=float(lo))]
    lrs = [lo * (hi / lo) ** (i / (n - 1)) for i in range(n)]
    lrs[-1] = float(hi)
    return [config.copy(lr=lr) for lr in lrs]


def batch_fan(config: RunConfig, sizes: Sequence[int | None]) -> list[RunConfig]:
    """A "noise fan": copies of ``config`` at each batch size (None: the full batch), each
    checked, so a size the data cannot take is refused with the engine's own message."""
    sizes = list(sizes)
    check_run_count(len(sizes))
    fan = []
    for i, size in enumerate(sizes, start=1):
        try:
            fan.append(validate(config.copy(batch_size=size)))
        except ConfigError as err:
            field = err.field if isinstance(err.field, tuple) else (err.field,)
            raise ConfigError(("runs", i, *field), err.message) from None
    return fan


def check_run_count(n: int) -> None:
    """Refuse no runs, or more than :data:`MAX_RUNS` (the same limit everywhere)."""
    if n < 1:
        raise ConfigError(("runs",), "at least one run is needed")
    if n > MAX_RUNS:
        raise ConfigError(("runs",), f"at most {MAX_RUNS} runs, got {n}")


def problem_key(config: RunConfig) -> tuple:
    """What makes two runs share a loss surface and a start."""
    problem = build_problem(config)
    network = (config.network or NetworkSpec()) if config.problem == NETWORK_PROBLEM else None
    return (problem.name, config.expression, problem.start, problem.dataset, network)


def check_same_problem(configs: Sequence[RunConfig]) -> None:
    """Refuse runs on different problems, data or starts (they cannot share a surface)."""
    keys = [problem_key(c) for c in configs]
    for i, key in enumerate(keys[1:], start=2):
        if key != keys[0]:
            raise ConfigError(
                ("runs", i),
                "a race needs one problem, data and start for all runs; "
                f"run 1 is {_describe(keys[0])}, run {i} is {_describe(key)}",
            )


def _describe(key: tuple) -> str:
    name, expression, start, dataset, network = key
    if network is not None:  # one network, one parameter space, one plane
        return f"{name} {network.model} {network.hidden} {network.activation} on {network.dataset}"
    text = f"{name} {expression}" if expression else name
    if dataset is not None:
        text += f" ({len(dataset.x)} points, scaling {dataset.scaling})"
    return f"{text} from ({start[0]:g}, {start[1]:g})"


def step_all(
    runs: Sequence[Run], until: int | None = None, clock: list[float] | None = None
) -> list[Run]:
    """One step of every run that is not over (and, with ``until``, has not yet completed that
    many epochs): an epoch of a full-batch run, a batch of a mini-batch run.

    The one loop that steps several runs: races, the command line and the recorder all step
    through it. Returns the runs stepped, in order; empty once there is nothing left to do.
    ``clock`` (one float per run) gets each run's stepping time added, in seconds.
    """
    stepped = []
    for i, run in enumerate(runs):
        if not run.done and (until is None or run.epoch < until):
            if clock is None:
                run.step()
            else:
                began = time.perf_counter()
                run.step()
                clock[i] += time.perf_counter() - began
            stepped.append(run)
    return stepped


def run_all(
    configs: Sequence[RunConfig],
    epochs: int | None = None,
    *,
    same_problem: bool = True,
    clock: list[float] | None = None,
) -> list[Run]:
    """Build the runs and step them together until each is over (or ``epochs`` more epochs).

    With ``same_problem`` (a race) the configs must share problem, data and start;
    ``same_problem=False`` allows side-by-side comparisons such as unscaled vs scaled data.
    ``clock``: see :func:`step_all` (its floats are set to 0 first).
    """
    check_run_count(len(configs))
    if same_problem:
        check_same_problem(configs)
    runs = [make_run(config) for config in configs]
    if clock is not None:
        clock[:] = [0.0] * len(runs)
    while step_all(runs, until=epochs, clock=clock):
        pass
    return runs
