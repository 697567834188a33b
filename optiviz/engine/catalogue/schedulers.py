"""The LR-scheduler catalogue, read from ``torch.optim.lr_scheduler``.

Schedulers that need Python callables or other schedulers (LambdaLR, MultiplicativeLR,
SequentialLR, ChainedScheduler) cannot be typed in a form or on a command line and are left out.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from torch.optim import lr_scheduler

from optiviz.engine.catalogue.hyperparams import HyperParam, spec_from_parameter
from optiviz.engine.catalogue.lookup import find_by_name, find_spec
from optiviz.engine.fields import Field

_SKIPPED_ARGS = frozenset({"self", "optimizer", "last_epoch", "verbose", "scale_fn"})
_NEEDS_CALLABLES = frozenset({"LambdaLR", "MultiplicativeLR", "SequentialLR", "ChainedScheduler"})

CURATED: dict[str, dict[str, Any]] = {
    "gamma": {"lo": 0.0, "help": "Multiplicative factor of the lr decay."},
    "step_size": {"lo": 1, "help": "Epochs between lr decays."},
    "milestones": {"help": "Epochs at which the lr is multiplied by gamma, like 300,600."},
    "T_max": {"lo": 1, "help": "Epochs of one half cosine period."},
    "T_0": {"lo": 1, "help": "Epochs until the first restart."},
    "T_mult": {"lo": 1, "help": "Factor by which each period grows after a restart."},
    "eta_min": {"lo": 0.0, "help": "Smallest learning rate."},
    "base_lr": {"lo": 0.0, "log": True, "help": "Lower lr boundary of the cycle."},
    "max_lr": {"lo": 0.0, "log": True, "help": "Upper lr boundary of the cycle."},
    "step_size_up": {"lo": 1, "help": "Epochs in the rising half of a cycle."},
    "step_size_down": {"lo": 1, "help": "Epochs in the falling half (none: same as up)."},
    "total_steps": {"lo": 1, "help": "Epochs of the whole cycle (none: the run's epochs)."},
    "epochs": {"lo": 1, "help": "Epochs of the cycle, with steps_per_epoch."},
    "steps_per_epoch": {"lo": 1, "help": "Steps per epoch, with epochs."},
    "pct_start": {"lo": 0.0, "hi": 1.0, "help": "Fraction of the cycle spent raising the lr."},
    "div_factor": {"lo": 1.0, "help": "Initial lr = max_lr / div_factor."},
    "final_div_factor": {"lo": 1.0, "help": "Final lr = initial lr / final_div_factor."},
    "factor": {"lo": 0.0, "help": "Multiplicative factor of the lr."},
    "total_iters": {"lo": 0, "help": "Epochs over which the factor applies."},
    "start_factor": {"lo": 0.0, "hi": 1.0, "help": "Factor of the lr at the first epoch."},
    "end_factor": {"lo": 0.0, "hi": 1.0, "help": "Factor of the lr after total_iters."},
    "power": {"lo": 0.0, "help": "Power of the polynomial decay."},
    "patience": {"lo": 0, "help": "Epochs without improvement before the lr drops."},
    "threshold": {"lo": 0.0, "help": "Smallest change that counts as an improvement."},
    "cooldown": {"lo": 0, "help": "Epochs to wait after a drop before watching again."},
    "min_lr": {"kind": "float", "lo": 0.0, "help": "Smallest learning rate."},
    "cycle_momentum": {"help": "Cycle the momentum inversely to the lr."},
    "base_momentum": {"kind": "float", "lo": 0.0, "hi": 1.0, "help": "Lower momentum boundary."},
    "max_momentum": {"kind": "float", "lo": 0.0, "hi": 1.0, "help": "Upper momentum boundary."},
    "three_phase": {"help": "Add a third phase that anneals the lr to its final value."},
    "mode": {"help": "Which way counts as better, or the shape of the cycle."},
    "threshold_mode": {"help": "Whether threshold is relative or absolute."},
    "scale_mode": {"help": "Whether the cycle scale applies per cycle or per iteration."},
    "anneal_strategy": {"help": "Shape of the annealing: cos or linear."},
}

#: Arguments whose torch default of None is better filled from the run (OneCycleLR).
RUN_DEFAULTS = {"OneCycleLR": {"total_steps": "epochs"}}


@dataclass(frozen=True)
class SchedulerInfo:
    name: str
    cls: type
    hyperparams: tuple[HyperParam, ...]
    takes_loss: bool  # ReduceLROnPlateau.step(loss)
    doc: str

    def spec(self, key: str) -> HyperParam:
        missing = f"{self.name} has no such argument"
        return find_spec(self.hyperparams, key, ("sched", key), missing)


def _is_scheduler(cls: Any) -> bool:
    if not isinstance(cls, type) or cls.__name__ in _NEEDS_CALLABLES:
        return False
    base = getattr(lr_scheduler, "LRScheduler", None) or lr_scheduler._LRScheduler
    plateau = lr_scheduler.ReduceLROnPlateau
    if cls in (base, getattr(lr_scheduler, "_LRScheduler", base)):
        return False
    return issubclass(cls, base) or issubclass(cls, plateau)


@cache
def scheduler_catalogue() -> dict[str, SchedulerInfo]:
    found: dict[str, SchedulerInfo] = {}
    for name in sorted(dir(lr_scheduler), key=str.lower):
        cls = getattr(lr_scheduler, name)
        if name.startswith("_") or not _is_scheduler(cls):
            continue
        signature = inspect.signature(cls.__init__)
        specs = []
        for parameter in signature.parameters.values():
            if parameter.name in _SKIPPED_ARGS or parameter.kind is parameter.VAR_KEYWORD:
                continue
            spec = spec_from_parameter(parameter, CURATED)
            if "list[float]" in str(parameter.annotation) and spec.kind != "float":
                spec = replace(spec, kind="float")
            specs.append(spec)
        found[name] = SchedulerInfo(
            name=name,
            cls=cls,
            hyperparams=tuple(specs),
            takes_loss=issubclass(cls, lr_scheduler.ReduceLROnPlateau),
            doc=(cls.__doc__ or "").strip().splitlines()[0].strip() if cls.__doc__ else "",
        )
    return found


def scheduler_info(name: str, field: Field | str = ("scheduler",)) -> SchedulerInfo:
    """Look a scheduler up by name (case-insensitive)."""
    return find_by_name(scheduler_catalogue(), name, field, "scheduler")
