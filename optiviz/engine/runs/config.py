"""A run's settings, checked against the catalogues and against torch itself."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import torch

from optiviz.engine.catalogue.external import code_error
from optiviz.engine.catalogue.hyperparams import HyperParam
from optiviz.engine.catalogue.optimizers import OptimizerInfo, optimizer_info
from optiviz.engine.catalogue.schedulers import RUN_DEFAULTS, SchedulerInfo, scheduler_info
from optiviz.engine.errors import ConfigError
from optiviz.engine.fields import Field
from optiviz.engine.limits import MAX_EPOCHS, check_float32
from optiviz.engine.networks.spec import NETWORK_PROBLEM, NetworkSpec
from optiviz.engine.problems.library import Dataset, Problem, check_start, make_problem
from optiviz.engine.runs.stochastic import check_clipping, check_sparse, check_stochastic

#: Why ``hyper`` never holds lr: one value, one place (``RunConfig.lr``).
LR_NOT_A_HYPERPARAMETER = (
    "lr has its own field: set it as lr (--lr on the command line), not as a hyperparameter"
)


@dataclass
class RunConfig:
    """Everything that defines one run. Defaults are the tutorial's."""

    problem: str = "linear"
    optimizer: str = "SGD"
    lr: float = 1e-2
    hyper: dict[str, Any] = field(default_factory=dict)  # optimizer hyperparameters but lr
    scheduler: str | None = None
    sched: dict[str, Any] = field(default_factory=dict)
    epochs: int = 1000
    start: tuple[float, float] | None = None  # None: the problem's own start
    dataset: Dataset | None = None  # linear fit only; None: the tutorial's data
    expression: str | None = None  # problem "expression": f(x, y) typed by the user
    #: Mini-batches through a DataLoader (problems with data); None: the whole data, one step
    #: an epoch, exactly the tutorial's loop.
    batch_size: int | None = None
    shuffle: bool = True  # the DataLoader's shuffle (mini-batches only)
    #: ``torch.manual_seed(seed)`` before the model is built, and the DataLoader's generator.
    seed: int = 0
    #: Gaussian noise of this standard deviation added to each gradient (problems without
    #: data: a stand-in for a batch's noise, labelled as added noise); 0: none.
    grad_noise: float = 0.0
    clip_grad_norm: float | None = None  # torch.nn.utils.clip_grad_norm_ between backward, step
    clip_grad_value: float | None = None  # torch.nn.utils.clip_grad_value_ likewise
    #: False runs the loop without ``optimizer.zero_grad()``: the lesson of forgetting it,
    #: where ``.grad`` accumulates from step to step exactly as PyTorch then behaves.
    zero_grad: bool = True
    #: The network of problem "mlp" (None there means the default NetworkSpec()).
    network: NetworkSpec | None = None

    @property
    def stochastic(self) -> bool:
        """True when the seed matters: mini-batches or added gradient noise."""
        return self.batch_size is not None or self.grad_noise > 0

    def copy(self, **changes: Any) -> RunConfig:
        changes.setdefault("hyper", dict(self.hyper))
        changes.setdefault("sched", dict(self.sched))
        return replace(self, **changes)


def build_problem(config: RunConfig) -> Problem:
    if config.problem == NETWORK_PROBLEM:  # its (a, b) are coordinates on the run's plane
        from optiviz.engine.networks.problem import spec_problem

        return spec_problem(config.network or NetworkSpec())
    if config.problem == "expression":
        if not config.expression:
            raise ConfigError(("expression",), "the expression problem needs a formula f(x, y)")
        start = None if config.start is None else (config.start[0], config.start[1])
        return _expression_problem(config.expression, start)
    return make_problem(config.problem, config.start, config.dataset)


@lru_cache(maxsize=16)
def _expression_problem(text: str, start: tuple[float, float] | None) -> Problem:
    """A typed formula's problem, built once per formula and start: its grid (the surface and
    the estimated minimum) costs a second or more, and every validation builds the problem.
    Problems are frozen, so sharing one is safe; a refused formula raises again each time."""
    from optiviz.engine.problems.expression import expression_problem

    return expression_problem(text, start)


def optimizer_kwargs(info: OptimizerInfo, config: RunConfig) -> dict[str, Any]:
    """Checked keyword arguments for the optimizer's constructor (lr included)."""
    kwargs: dict[str, Any] = {}
    lr = info.spec("lr").coerce(config.lr, ("lr",))
    for key, value in config.hyper.items():
        if key == "lr":
            raise ConfigError(("hyper", "lr"), LR_NOT_A_HYPERPARAMETER)
        spec = info.spec(key)
        kwargs[key] = spec.coerce(value, ("hyper", key))
    for spec in info.hyperparams:
        if spec.required and spec.name not in kwargs:
            if spec.name in RUN_LENGTH_ARGUMENTS:  # Ranger21's num_iterations: the run's epochs
                kwargs[spec.name] = config.epochs
                continue
            raise ConfigError(
                ("hyper", spec.name),
                f"{info.name} needs {spec.name} ({spec.describe()}), "
                f"e.g. --param {spec.name}={_example(spec)}",
            )
    return {"lr": lr, **kwargs}


#: Required constructor arguments that mean the length of training: given the run's epochs.
RUN_LENGTH_ARGUMENTS = frozenset({"num_iterations", "total_steps", "num_training_steps"})


def scheduler_kwargs(info: SchedulerInfo, config: RunConfig) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    for key, value in config.sched.items():
        kwargs[key] = info.spec(key).coerce(value, ("sched", key))
    for spec in info.hyperparams:
        if spec.required and spec.name not in kwargs:
            raise ConfigError(
                ("sched", spec.name),
                f"{info.name} needs {spec.name} ({spec.describe()}), "
                f"e.g. --sched-param {spec.name}={_example(spec)}",
            )
    for key, source in RUN_DEFAULTS.get(info.name, {}).items():
        if all(
            kwargs.get(s.name) is None
            for s in info.hyperparams
            if s.name in ("total_steps", "epochs")
        ):
            kwargs[key] = getattr(config, source)
    return kwargs


def schedule_length(kwargs: dict[str, Any]) -> int | None:
    """How many steps a fixed-length schedule (OneCycleLR) allows, or None if unbounded."""
    if kwargs.get("total_steps") is not None:
        return int(kwargs["total_steps"])
    if kwargs.get("epochs") is not None and kwargs.get("steps_per_epoch") is not None:
        return int(kwargs["epochs"]) * int(kwargs["steps_per_epoch"])
    return None


def _check_schedule_length(name: str, kwargs: dict[str, Any], epochs: int) -> None:
    if name not in RUN_DEFAULTS:
        return
    length = schedule_length(kwargs)
    if length is not None and length < epochs:
        raise ConfigError(
            ("sched", "total_steps"),
            f"{name} is built for {length} steps but the run has {epochs} epochs; "
            f"set total_steps to at least {epochs} (or leave it out to use the epochs)",
        )


def _example(spec: HyperParam) -> str:
    return {"int": "100", "int_list": "300,600", "float": "0.1"}.get(spec.kind, "1")


def make_leaf(layout: str, start: tuple[float, float]) -> torch.Tensor:
    """The parameter tensor as the optimizer needs it (see ``OptimizerInfo.layout``)."""
    if layout == "vector":
        return torch.tensor([float(start[0]), float(start[1])], requires_grad=True)
    return torch.tensor([[float(start[0]), float(start[1])]], requires_grad=True)


def _check_line_search(info: OptimizerInfo, kwargs: dict[str, Any]) -> None:
    """torch takes LBFGS's strong-Wolfe line search at lr 0, then divides by zero in its
    first step; refuse it here, where the field can be named."""
    if kwargs.get("line_search_fn") is not None and not kwargs["lr"] > 0:
        raise ConfigError(
            ("lr",),
            f"{info.name}'s line search ({kwargs['line_search_fn']}) needs an lr above 0, "
            f"got {kwargs['lr']:g}",
        )


def _try_torch(info: OptimizerInfo, kwargs: dict[str, Any], scheduler: tuple | None) -> None:
    leaf = make_leaf(info.layout, (0.0, 0.0))
    optimizer = info.cls([leaf], **kwargs)
    if scheduler is not None:
        sched_info, sched_kwargs = scheduler
        sched_info.cls(optimizer, **sched_kwargs)


def _torch_message(err: Exception) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__


def validate(config: RunConfig) -> RunConfig:
    """Return a normalised copy of ``config`` or raise :class:`ConfigError` naming the field.

    Values are coerced to their kinds, then the optimizer and scheduler are built on a dummy
    parameter so that anything torch refuses (``lr=-1``, ``betas=1.5,0.9``, nesterov without
    momentum...) is refused here with the field that caused it.
    """
    info = optimizer_info(config.optimizer)
    if (
        isinstance(config.epochs, bool)
        or not isinstance(config.epochs, int)
        or not (1 <= config.epochs <= MAX_EPOCHS)
    ):
        raise ConfigError(
            ("epochs",), f"must be a whole number from 1 to {MAX_EPOCHS}, got {config.epochs!r}"
        )
    if config.start is not None:
        check_start(config.start)
    _check_numbers(config)
    kwargs = optimizer_kwargs(info, config)
    _check_step_sizes(kwargs)
    _check_line_search(info, kwargs)
    hyper = {k: v for k, v in kwargs.items() if k != "lr"}
    sched_name = None
    sched: dict[str, Any] = {}
    sched_pack = None
    if config.scheduler:
        sched_info = scheduler_info(config.scheduler)
        sched_name = sched_info.name
        sched = {k: v for k, v in config.sched.items()}
        sched = {k: sched_info.spec(k).coerce(v, ("sched", k)) for k, v in sched.items()}
        sched_pack = (sched_info, scheduler_kwargs(sched_info, config))
        _check_schedule_length(sched_info.name, sched_pack[1], config.epochs)
    elif config.sched:
        raise ConfigError(("sched",), "scheduler arguments were given but no --scheduler")
    try:
        _try_torch(info, kwargs, sched_pack)
    except ConfigError:
        raise
    except Exception as err:  # torch raises ValueError, RuntimeError or TypeError here
        if info.origin.endswith(".py"):  # the learner's __init__: show their own lines
            raise code_error(err, info.origin, "in __init__", ("optimizer",)) from None
        raise _blame(info, kwargs, sched_pack, err) from None
    network = None
    if config.problem == NETWORK_PROBLEM:
        from optiviz.engine.networks.checks import check_network

        network = check_network(config, info, kwargs)
    else:
        if config.network is not None:
            raise ConfigError(("network",), f"only the {NETWORK_PROBLEM} problem has a network")
        problem = build_problem(config)  # raises for a bad problem, start, data or expression
        check_stochastic(config, problem)
    check_clipping(config)
    check_sparse(config, info.name, info.layout)
    return config.copy(
        optimizer=info.name,
        lr=kwargs["lr"],
        hyper=hyper,
        scheduler=sched_name,
        sched=sched,
        dataset=_canonical_dataset(config.dataset),
        network=network,
    )


def _check_numbers(config: RunConfig) -> None:
    """Every number that becomes a tensor or an optimizer's setting fits in float32."""
    check_float32(config.lr, ("lr",))
    for key, value in config.hyper.items():
        check_float32(value, ("hyper", key))
    for key, value in config.sched.items():
        check_float32(value, ("sched", key))


def _check_step_sizes(kwargs: dict[str, Any]) -> None:
    """Rprop's ``step_sizes=(min, max)``: torch takes any pair, and clamps every step to it."""
    sizes = kwargs.get("step_sizes")
    if not isinstance(sizes, tuple) or len(sizes) != 2:
        return
    low, high = sizes
    if not (isinstance(low, (int, float)) and isinstance(high, (int, float))):
        return
    if low <= 0 or high <= 0:
        raise ConfigError(
            ("hyper", "step_sizes"), f"must be two positive numbers min,max, got {_show(sizes)}"
        )
    if low > high:
        raise ConfigError(
            ("hyper", "step_sizes"),
            f"the minimum step size must not exceed the maximum, got {_show(sizes)}",
        )


def _canonical_dataset(data: Dataset | None) -> Dataset | None:
    """The tutorial's own points, scaled as the tutorial does, are spelled ``None``: one
    config has one spelling, so a saved and re-read run compares equal to itself."""
    if data is not None and data == Dataset() and data.x_name is None and data.y_name is None:
        return None
    return data


def _blame(
    info: OptimizerInfo, kwargs: dict[str, Any], sched_pack: tuple | None, err: Exception
) -> ConfigError:
    """Find which given setting made torch refuse, by leaving each out in turn."""
    message = _torch_message(err)
    defaults = {"lr": kwargs["lr"]}
    try:
        _try_torch(info, {**defaults, **{k: v for k, v in kwargs.items()}}, None)
    except Exception:
        for key in kwargs:
            trial = {k: v for k, v in kwargs.items() if k != key}
            if key == "lr":
                trial["lr"] = info.spec("lr").default
            try:
                _try_torch(info, trial, None)
            except Exception:
                continue
            value = kwargs[key]
            field: Field = ("lr",) if key == "lr" else ("hyper", key)
            return ConfigError(field, f"{info.qualified} refuses {key}={_show(value)}: {message}")
        return ConfigError(("hyper",), f"{info.qualified} refuses these settings: {message}")
    # torch took the optimizer's settings alone, so the scheduler's refused
    assert sched_pack is not None
    sched_info, sched_kwargs = sched_pack
    for key in sched_kwargs:
        trial = {k: v for k, v in sched_kwargs.items() if k != key}
        try:
            _try_torch(info, kwargs, (sched_info, trial))
        except Exception:
            continue
        return ConfigError(
            ("sched", key),
            f"{sched_info.name} refuses {key}={_show(sched_kwargs[key])} "
            f"with {info.name}: {message}",
        )
    return ConfigError(
        ("scheduler",), f"{sched_info.name} cannot be used with {info.name}: {message}"
    )


def _show(value: Any) -> str:
    if isinstance(value, tuple):
        return ",".join(_show(v) for v in value)
    if isinstance(value, bool):
        return str(value).lower()
    return "none" if value is None else f"{value:g}" if isinstance(value, float) else str(value)
