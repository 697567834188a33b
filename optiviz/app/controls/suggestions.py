"""Suggested scheduler arguments, derived from the run's epochs and learning rate.

torch has no default for a scheduler's required arguments (StepLR's step_size, the cosine
period...), and some defaults do not fit a short run (CyclicLR's 2000-epoch half cycle). The
form shows these suggestions as ordinary, editable values.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from optiviz.engine.catalogue.optimizers import OptimizerInfo
from optiviz.engine.catalogue.schedulers import SchedulerInfo


def _sig(value: float, digits: int = 4) -> float:
    return float(f"{value:.{digits - 1}e}")


#: By argument name: the suggestion as a function of (epochs, lr).
_BY_ARGUMENT: dict[str, Callable[[int, float], Any]] = {
    "step_size": lambda epochs, lr: max(1, epochs // 4),
    "T_max": lambda epochs, lr: epochs,
    "T_0": lambda epochs, lr: max(1, epochs // 4),
    "milestones": lambda epochs, lr: sorted({max(1, epochs // 3), max(1, 2 * epochs // 3)}),
    "base_lr": lambda epochs, lr: _sig(lr / 10),
    "max_lr": lambda epochs, lr: lr,
    # ExponentialLR: the lr falls a hundredfold over the run
    "gamma": lambda epochs, lr: _sig(0.01 ** (1 / epochs)),
    "step_size_up": lambda epochs, lr: max(1, epochs // 10),
}


def suggested_args(
    info: SchedulerInfo, epochs: int, lr: float, optimizer: OptimizerInfo
) -> dict[str, Any]:
    """Values for the required arguments of ``info``, and for defaults longer than the run."""
    out: dict[str, Any] = {}
    for spec in info.hyperparams:
        rule = _BY_ARGUMENT.get(spec.name)
        if rule is None:
            continue
        too_long = (
            spec.kind == "int" and isinstance(spec.default, int) and spec.default > epochs // 2
        )
        if spec.required or too_long:
            out[spec.name] = rule(epochs, lr)
    return {**out, **optimizer_fixes(info, optimizer)}


def optimizer_fixes(info: SchedulerInfo, optimizer: OptimizerInfo) -> dict[str, Any]:
    """Arguments that must change for ``optimizer``: torch refuses to cycle a missing momentum."""
    names = {spec.name for spec in optimizer.hyperparams}
    cycles_momentum = any(spec.name == "cycle_momentum" for spec in info.hyperparams)
    if cycles_momentum and not names & {"momentum", "betas"}:
        return {"cycle_momentum": False}
    return {}
