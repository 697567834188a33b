"""The optimizer catalogue, read at run time from the installed ``torch.optim``.

Every exported :class:`torch.optim.Optimizer` subclass is listed, with the hyperparameters of
its constructor (type and default from the signature) refined by a curated table of ranges,
log scales and one line of help. The update rules are always torch's own: this module only
describes and constructs optimizers.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from functools import cache
from typing import Any

import torch

from optiviz.engine.catalogue.hyperparams import HyperParam, spec_from_parameter
from optiviz.engine.catalogue.lookup import find_by_name, find_spec
from optiviz.engine.fields import Field

#: Implementation switches, not hyperparameters: they change how torch computes, not what.
IMPLEMENTATION_SWITCHES = frozenset({"params", "foreach", "fused", "capturable", "differentiable"})

#: Ranges, scales and help for hyperparameters, by name (shared across optimizers).
CURATED: dict[str, dict[str, Any]] = {
    "lr": {"lo": 0.0, "hi": 1e3, "log": True, "help": "Learning rate: the size of each step."},
    "momentum": {"lo": 0.0, "hi": 1.0, "help": "Fraction of the previous update carried on."},
    "dampening": {
        "lo": 0.0,
        "hi": 1.0,
        "help": "Fraction of the new gradient left out of momentum.",
    },
    "weight_decay": {"lo": 0.0, "hi": 10.0, "help": "L2 penalty that pulls parameters to zero."},
    "nesterov": {"help": "Nesterov momentum: look ahead along the momentum before the gradient."},
    "maximize": {"help": "Climb the loss instead of descending it."},
    "betas": {"help": "Decay rates of the first and second moment averages."},
    "eps": {"lo": 0.0, "hi": 1.0, "log": True, "help": "Added to the denominator for stability."},
    "amsgrad": {"help": "Use the running maximum of the second moment (AMSGrad)."},
    "decoupled_weight_decay": {"help": "Apply weight decay to the weights directly (AdamW-style)."},
    "alpha": {"lo": 0.0, "hi": 1.0, "help": "Smoothing constant of the squared-gradient average."},
    "centered": {"help": "Normalise by the estimated variance of the gradient."},
    "rho": {
        "lo": 0.0,
        "hi": 1.0,
        "help": "Decay rate of the squared-gradient and update averages.",
    },
    "lr_decay": {"lo": 0.0, "hi": 1.0, "help": "Learning-rate decay per step."},
    "initial_accumulator_value": {"lo": 0.0, "help": "Starting value of the sum of squares."},
    "lambd": {"lo": 0.0, "hi": 1.0, "log": True, "help": "Decay term of the averaged step size."},
    "t0": {"lo": 0.0, "help": "Step at which averaging starts."},
    "momentum_decay": {"lo": 0.0, "hi": 1.0, "help": "Momentum decay of NAdam's schedule."},
    "etas": {"help": "Multiplicative decrease and increase factors of the step size."},
    "step_sizes": {"help": "Smallest and largest allowed step size."},
    "max_iter": {"lo": 1, "hi": 1000, "help": "Most iterations per optimizer step."},
    "max_eval": {
        "lo": 1,
        "hi": 10000,
        "help": "Most loss evaluations per step (none: 1.25 × max_iter).",
    },
    "tolerance_grad": {"lo": 0.0, "log": True, "help": "Stop when the gradient falls below this."},
    "tolerance_change": {
        "lo": 0.0,
        "log": True,
        "help": "Stop when the loss changes less than this.",
    },
    "history_size": {"lo": 1, "hi": 1000, "help": "How many past updates approximate the Hessian."},
    "line_search_fn": {
        "kind": "choice",
        "choices": (None, "strong_wolfe"),
        "optional": False,
        "help": "Line search: none, or strong_wolfe.",
    },
    "beta2_decay": {"lo": -1.0, "hi": 0.0, "help": "Decay exponent of the second-moment rate."},
    "d": {"lo": 0.0, "help": "Clipping threshold of the update's RMS."},
    "ns_coefficients": {"help": "Coefficients of the Newton-Schulz orthogonalisation."},
    "ns_steps": {"lo": 1, "hi": 20, "help": "Newton-Schulz iterations."},
    "adjust_lr_fn": {
        "kind": "choice",
        "choices": (None, "original", "match_rms_adamw"),
        "optional": False,
        "help": "How Muon scales lr by the matrix shape.",
    },
}

#: How the two parameters are held for an optimizer whose constraints rule out a plain vector.
LAYOUT_NOTES = {
    "vector": "",
    "matrix": "Muon accepts only 2-D parameters, so (w, b) is held as one 1×2 matrix.",
    "embedding": "SparseAdam needs sparse gradients, so (w, b) is held as one row of an "
    "embedding looked up with sparse=True.",
}

#: Which point a Schedule-Free optimizer's path shows.
SCHEDULE_FREE_NOTE = (
    "Schedule-Free: it steps in train mode, and the path shows that training point (where the "
    "gradient is taken), not the averaged point optimizer.eval() would give."
)


@dataclass(frozen=True)
class OptimizerInfo:
    """One optimizer of the catalogue."""

    name: str
    cls: type[torch.optim.Optimizer]
    hyperparams: tuple[HyperParam, ...]
    layout: str  # "vector", "matrix" or "embedding": how the parameters are held
    uses_closure: bool
    doc: str
    #: Where the class comes from: "" for torch.optim, a module name (``pytorch_optimizer``),
    #: or the path of a learner's Python file.
    origin: str = ""
    #: The step reads second derivatives: backward must keep the graph (AdaHessian, SophiaH).
    create_graph: bool = False
    #: Schedule-Free: the optimizer has train() and eval() modes, and steps in train mode.
    train_mode: bool = False

    @property
    def qualified(self) -> str:
        """The class as code names it: ``torch.optim.Adam``, ``pytorch_optimizer.Lion``, or
        the bare class name of a learner's file."""
        if not self.origin:
            return f"torch.optim.{self.name}"
        return self.cls.__name__ if self.origin.endswith(".py") else self.name

    def spec(self, key: str) -> HyperParam:
        missing = f"{self.name} has no such hyperparameter"
        return find_spec(self.hyperparams, key, ("hyper", key), missing)

    def defaults(self) -> dict[str, Any]:
        return {s.name: s.default for s in self.hyperparams}

    def layout_note(self) -> str:
        if self.train_mode:
            return SCHEDULE_FREE_NOTE
        return LAYOUT_NOTES[self.layout]


def _layout(cls: type) -> str:
    if cls.__name__ == "SparseAdam":
        return "embedding"
    if cls.__name__ == "Muon":
        return "matrix"
    return "vector"


def _first_line(doc: str | None) -> str:
    for line in (doc or "").strip().splitlines():
        if line.strip():
            return line.strip().rstrip(".") + "."
    return ""


def hyperparams_of(cls: type) -> tuple[HyperParam, ...]:
    """The hyperparameters of an optimizer class, read from its ``__init__`` signature."""
    signature = inspect.signature(cls.__init__)  # type: ignore[misc]
    return tuple(
        spec_from_parameter(p, CURATED)
        for p in list(signature.parameters.values())[1:]
        if p.name not in IMPLEMENTATION_SWITCHES and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)
    )


@cache
def optimizer_catalogue() -> dict[str, OptimizerInfo]:
    """Every optimizer the installed torch exports, by name, in alphabetical order."""
    found: dict[str, OptimizerInfo] = {}
    for name in sorted(dir(torch.optim), key=str.lower):
        cls = getattr(torch.optim, name)
        if not (isinstance(cls, type) and issubclass(cls, torch.optim.Optimizer)):
            continue
        if cls is torch.optim.Optimizer:
            continue
        found[name] = OptimizerInfo(
            name=name,
            cls=cls,
            hyperparams=hyperparams_of(cls),
            layout=_layout(cls),
            uses_closure=name == "LBFGS",
            doc=_first_line(cls.__doc__),
        )
    return found


def optimizer_info(name: str, field: Field | str = ("optimizer",)) -> OptimizerInfo:
    """Look an optimizer up by name (torch's case-insensitive), ``MODULE.CLASS`` of an installed
    package, or ``path/to/file.py:CLASS``."""
    if isinstance(name, str) and ("." in name or ":" in name):
        from optiviz.engine.catalogue.external import external_info

        return external_info(name, field)
    return find_by_name(optimizer_catalogue(), name, field, "optimizer")
