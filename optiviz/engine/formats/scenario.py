"""Scenario files: a whole set-up in TOML (problem and data, runs, epochs, speed, view).

A scenario reads like this (every key but ``runs`` and each run's ``lr`` is optional)::

    title = "The tutorial"
    epochs = 1000
    speed = 100                    # epochs per second, or "max"

    [problem]
    name = "linear"                # linear, rosenbrock, ..., or expression
    start = [1.0, 0.0]
    scaling = "tutorial"           # linear fit: none, tutorial or standardize
    points = [[0.5, 35.7], [14.0, 55.9]]   # linear fit: inline x, y points ...
    # data = "points.csv"          # ... or a CSV file, relative to the scenario file
    # expression = "x**2 + 3*y**2" # with name = "expression"

    [view]
    theme = "dark"                 # dark or light
    panes = ["surface", "loss", "fit", "lr"]
    vectors = ["neg_grad"]         # arrows on the surface: neg_grad, update, momentum...
    three_d = false

    [[runs]]
    optimizer = "SGD"
    lr = 0.01
    params = { momentum = 0.9 }    # optimizer hyperparameters but lr
    scheduler = "StepLR"
    sched_params = { step_size = 100 }
    label = "SGD + momentum"
    color = "#ff4f3a"
    visible = true
    scaling = "none"               # linear fit: this run's scaling instead of the problem's
    batch_size = 4                 # linear fit: mini-batches (shuffle = true, seed = 0)
    # grad_noise = 0.5             # test functions: added gradient noise, seeded
    clip_grad_norm = 1.0           # or clip_grad_value: torch's clipping before each step

Runs are numbered from 1 in messages (``runs[2]`` is the second ``[[runs]]`` table). A per-run
``scaling`` gives that run its own copy of the data, so scaled and unscaled fits can be
compared side by side; such runs do not share one loss surface. Everything is checked when
the file is read: unknown keys, wrong types, and every run through :func:`config.validate`.
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import tomli_w

from optiviz.engine.catalogue.external import is_file_name
from optiviz.engine.catalogue.optimizers import optimizer_catalogue
from optiviz.engine.errors import ConfigError, ScenarioError
from optiviz.engine.fields import Field
from optiviz.engine.formats.files import write_text_atomic
from optiviz.engine.formats.reading import read_text_file
from optiviz.engine.formats.scenario_network import network_spec, network_table, read_network
from optiviz.engine.formats.scenario_training import TRAINING_KEYS, read_training, training_settings
from optiviz.engine.limits import MAX_POINTS, MAX_RUNS, check_depth, check_float32
from optiviz.engine.networks.spec import CSV, NETWORK_PROBLEM, NetworkSpec
from optiviz.engine.problems.data_io import load_csv
from optiviz.engine.problems.library import PROBLEM_NAMES, SCALINGS, TUTORIAL_X, TUTORIAL_Y, Dataset
from optiviz.engine.runs.config import RunConfig, validate

THEMES = ("dark", "light")
PANES = ("surface", "loss", "fit", "lr", "state")
#: The names of optiviz.engine.explain.vectors.optimizer_vectors(), the arrows drawn on the surface.
VECTORS = ("neg_grad", "update", "momentum", "first_moment", "step_size")
DEFAULT_SPEED = 100.0
_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


@dataclass
class RunSpec:
    """One ``[[runs]]`` table."""

    optimizer: str = "SGD"
    lr: float = 1e-2
    params: dict[str, Any] = field(default_factory=dict)
    scheduler: str | None = None
    sched_params: dict[str, Any] = field(default_factory=dict)
    label: str = ""
    color: str = ""  # "#rrggbb"; empty: the palette's colour for the run's place
    visible: bool = True
    scaling: str | None = None  # linear fit: overrides Scenario.scaling for this run
    training: dict[str, Any] = field(default_factory=dict)  # see scenario_training
    network: dict[str, Any] = field(default_factory=dict)  # see scenario_network


@dataclass
class ViewSpec:
    """The ``[view]`` table: how the window shows the scenario."""

    theme: str = "dark"
    panes: tuple[str, ...] = ("surface", "loss", "fit", "lr")
    vectors: tuple[str, ...] = ()
    three_d: bool = False


@dataclass
class Scenario:
    """A whole set-up; :meth:`configs` gives one checked :class:`RunConfig` per run."""

    runs: list[RunSpec] = field(default_factory=lambda: [RunSpec()])
    problem: str = "linear"
    start: tuple[float, float] | None = None
    scaling: str = "tutorial"
    points: tuple[tuple[float, float], ...] | None = None  # None: the tutorial's points
    data: str | None = None  # the CSV path as written in the file (points hold its rows)
    expression: str | None = None
    epochs: int = 1000
    speed: float | str = DEFAULT_SPEED  # epochs per second, or "max"
    view: ViewSpec = field(default_factory=ViewSpec)
    title: str = ""
    description: str = ""
    base_dir: Path | None = None  # where ``data`` is relative to
    #: ``[network]`` (problem mlp): NetworkSpec fields shared by the runs (scenario_network).
    network: dict[str, Any] = field(default_factory=dict)

    def dataset(self, scaling: str | None = None) -> Dataset | None:
        """The linear fit's data with ``scaling`` (default: the problem's); None otherwise."""
        if self.problem != "linear":
            return None
        scaling = scaling or self.scaling
        if self.points is None:
            return None if scaling == "tutorial" else Dataset(scaling=scaling)
        xs = tuple(float(p[0]) for p in self.points)
        ys = tuple(float(p[1]) for p in self.points)
        return Dataset(xs, ys, scaling)

    def configs(self) -> list[RunConfig]:
        """One validated :class:`RunConfig` per run; errors name the scenario's key."""
        out = []
        for i, spec in enumerate(self.runs, start=1):
            try:
                config = RunConfig(
                    problem=self.problem,
                    optimizer=spec.optimizer,
                    lr=spec.lr,
                    hyper=dict(spec.params),
                    scheduler=spec.scheduler,
                    sched=dict(spec.sched_params),
                    epochs=self.epochs,
                    start=self.start,
                    dataset=self.dataset(spec.scaling),
                    expression=self.expression,
                    network=self.network_spec(i),
                    **spec.training,
                )
                out.append(validate(config))
            except ConfigError as err:
                raise _renamed(err, i, spec) from None
        return out

    def network_spec(self, i: int) -> NetworkSpec | None:
        """Run ``i``'s network (problem mlp only): its own keys over ``[network]``."""
        if self.problem != NETWORK_PROBLEM:
            return None
        return network_spec(self.network, self.runs[i - 1].network, f"runs[{i}].network")

    @property
    def same_problem(self) -> bool:
        """True when every run shares one loss surface (no per-run scaling that differs)."""
        return len({spec.scaling or self.scaling for spec in self.runs}) == 1

    @classmethod
    def from_configs(cls, configs: list[RunConfig], **extra: Any) -> Scenario:
        """A scenario of these runs (as the window holds them); ``extra`` sets other fields."""
        if not configs:
            raise ConfigError("runs", "at least one run is needed")
        first = configs[0]
        linear = first.problem == "linear"
        # A config may remember data or a formula from the problem it was switched from; the
        # file holds only what this problem uses, so it reads back as the same runs.
        dataset = first.dataset if linear else None
        points = None
        if dataset is not None and (dataset.x, dataset.y) != (TUTORIAL_X, TUTORIAL_Y):
            points = tuple(zip(dataset.x, dataset.y, strict=True))
        scaling = dataset.scaling if dataset is not None else "tutorial"
        runs = []
        for config in configs:
            own = config.dataset.scaling if linear and config.dataset is not None else "tutorial"
            runs.append(
                RunSpec(
                    optimizer=config.optimizer,
                    lr=config.lr,
                    params=dict(config.hyper),
                    scheduler=config.scheduler,
                    sched_params=dict(config.sched),
                    scaling=own if own != scaling else None,
                    training=training_settings(config),
                )
            )
        scenario = cls(
            runs=runs,
            problem=first.problem,
            start=first.start,
            scaling=scaling,
            points=points,
            expression=first.expression if first.problem == "expression" else None,
            epochs=first.epochs,
        )
        if first.problem == NETWORK_PROBLEM:
            net = first.network or NetworkSpec()
            scenario.network = {f.name: getattr(net, f.name) for f in fields(NetworkSpec)}
            for spec, config in zip(scenario.runs, configs, strict=True):
                run_net = config.network or NetworkSpec()
                spec.network = {
                    f.name: getattr(run_net, f.name)
                    for f in fields(NetworkSpec)
                    if getattr(run_net, f.name) is not getattr(net, f.name)
                    and getattr(run_net, f.name) != getattr(net, f.name)
                }
        for key, value in extra.items():
            setattr(scenario, key, value)
        return scenario


# -- reading -----------------------------------------------------------------------------------
class CodeNotTrusted(ScenarioError):
    """A scenario's optimizer files were not run: nobody agreed to run their code."""


#: Asked, with the optimizer files a scenario names, whether to run their code.
TrustCode = Callable[[list[str]], bool]


def load_scenario(path: str | os.PathLike, trust: TrustCode | None = None) -> Scenario:
    """Read and check a scenario file (raises :class:`ConfigError` with one line)."""
    target = Path(path)
    text = read_text_file(target, "scenario", "scenario file")
    return loads_scenario(text, source=target.name, base_dir=target.resolve().parent, trust=trust)


def loads_scenario(
    text: str,
    source: str = "scenario",
    base_dir: str | os.PathLike | None = None,
    trust: TrustCode | None = None,
) -> Scenario:
    """Parse and check scenario text; ``base_dir`` resolves a relative ``data`` path.

    The nesting depth is checked before parsing: the TOML parser recurses once per level.
    A run whose optimizer is a Python file (``my_opt.py:MyAdam``) runs that file's code when it
    is checked, so ``trust`` is asked first with every such file; without it, or on a no, the
    scenario is refused before any of them is read.
    """
    check_depth(text, source)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(source, f"not valid TOML: {err}") from None
    scenario = _read(raw, Path(base_dir) if base_dir is not None else None)
    _ask_before_running_files(scenario, Path(base_dir) if base_dir is not None else None, trust)
    configs = scenario.configs()
    for spec, config in zip(scenario.runs, configs, strict=True):  # the catalogue's spellings
        spec.optimizer, spec.lr, spec.params = config.optimizer, config.lr, dict(config.hyper)
        spec.scheduler, spec.sched_params = config.scheduler, dict(config.sched)
    return scenario


def _ask_before_running_files(
    scenario: Scenario, base_dir: Path | None, trust: TrustCode | None
) -> None:
    """Resolve each optimizer file against the scenario's folder; ask before running any."""
    files: list[str] = []
    for spec in scenario.runs:
        if is_file_name(spec.optimizer):
            path, _, cls_name = spec.optimizer.rpartition(":")
            if base_dir is not None and not Path(path).is_absolute():
                path = str(base_dir / path)
                spec.optimizer = f"{path}:{cls_name}"
            if path not in files:
                files.append(path)
    if files and (trust is None or not trust(files)):
        i = next(i for i, s in enumerate(scenario.runs, start=1) if is_file_name(s.optimizer))
        raise CodeNotTrusted(
            ("runs", i, "optimizer"),
            f"names a Python file ({', '.join(files)}); loading it runs its code, "
            "so it is opened only when you agree to run it",
        )


_TOP = ("title", "description", "epochs", "speed", "problem", "network", "view", "runs")
_PROBLEM = ("name", "start", "scaling", "points", "data", "expression")
_VIEW = tuple(f.name for f in fields(ViewSpec))
_RUN = (
    "optimizer",
    "lr",
    "params",
    "scheduler",
    "sched_params",
    "label",
    "color",
    "visible",
    "scaling",
    "network",
    *TRAINING_KEYS,
)


def _read(raw: dict, base_dir: Path | None) -> Scenario:
    _check_keys(raw, _TOP, "")
    scenario = Scenario()
    scenario.title = _text(raw, "title", "", "")
    scenario.description = _text(raw, "description", "", "")
    if "epochs" in raw:
        epochs = raw["epochs"]
        if isinstance(epochs, bool) or not isinstance(epochs, int):
            raise ScenarioError(("epochs",), f"expected a whole number like 1000, got {epochs!r}")
        scenario.epochs = epochs
    scenario.speed = _speed(raw.get("speed", DEFAULT_SPEED))
    _read_problem(_table(raw, "problem"), scenario, base_dir)
    scenario.view = _read_view(_table(raw, "view"))
    runs = raw.get("runs")
    if not isinstance(runs, list) or not runs:
        raise ScenarioError(
            ("runs",), "at least one [[runs]] table with an optimizer and lr is needed"
        )
    if len(runs) > MAX_RUNS:
        raise ScenarioError(("runs",), f"at most {MAX_RUNS} [[runs]] tables, got {len(runs)}")
    scenario.runs = [_read_run(run, i) for i, run in enumerate(runs, start=1)]
    for i, spec in enumerate(scenario.runs, start=1):
        if spec.scaling is not None and scenario.problem != "linear":
            raise ScenarioError(("runs", i, "scaling"), "only the linear fit has a scaling")
    _read_networks(raw, scenario, base_dir)
    return scenario


def _read_networks(raw: dict, scenario: Scenario, base_dir: Path | None) -> None:
    """``[network]`` and each run's ``network``: problem mlp only, each run's spec checked."""
    tables = [("network", raw.get("network"))]
    tables += [(f"runs[{i}].network", run.get("network")) for i, run in enumerate(raw["runs"], 1)]
    if scenario.problem != NETWORK_PROBLEM:
        for where, table in tables:
            if table is not None:
                raise ConfigError(where, f'only with [problem] name = "{NETWORK_PROBLEM}"')
        return
    scenario.network = read_network(raw.get("network", {}), "network", base_dir)
    for i, spec in enumerate(scenario.runs, start=1):
        spec.network = read_network(raw["runs"][i - 1].get("network", {}), tables[i][0], base_dir)
        scenario.network_spec(i)  # the combination, named by the key that set it


def _read_problem(table: dict, scenario: Scenario, base_dir: Path | None) -> None:
    _check_keys(table, _PROBLEM, "problem")
    name = _text(table, "name", "problem", "linear").lower()
    allowed = (*PROBLEM_NAMES, "expression", NETWORK_PROBLEM)
    if name not in allowed:
        raise ConfigError(
            "problem.name", f"unknown problem {name!r}; choose from {', '.join(allowed)}"
        )
    scenario.problem = name
    if "start" in table:
        scenario.start = _pair(table["start"], "problem.start")
    linear_only = [k for k in ("scaling", "points", "data") if k in table]
    if linear_only and name != "linear":
        raise ConfigError(
            f"problem.{linear_only[0]}", "only the linear fit has points, data and a scaling"
        )
    scenario.scaling = _choice(_text(table, "scaling", "problem", "tutorial"), "problem.scaling")
    if "points" in table and "data" in table:
        raise ConfigError("problem.data", "give points or data, not both")
    if "points" in table:
        points = table["points"]
        if not isinstance(points, list):
            raise ConfigError("problem.points", "expected a list of [x, y] pairs")
        if len(points) > MAX_POINTS:
            raise ConfigError(
                "problem.points", f"at most {MAX_POINTS:,} points, got {len(points):,}"
            )
        scenario.points = tuple(
            _pair(p, f"problem.points[{i}]") for i, p in enumerate(points, start=1)
        )
    if "data" in table:
        scenario.data = _text(table, "data", "problem", "")
        scenario.base_dir = base_dir
        path = Path(scenario.data)
        if not path.is_absolute() and base_dir is not None:
            path = base_dir / path
        try:
            dataset = load_csv(path, scenario.scaling)
        except ConfigError as err:
            raise ConfigError("problem.data", err.message) from None
        scenario.points = tuple(zip(dataset.x, dataset.y, strict=True))
    expression = table.get("expression")
    if name == "expression":
        if not isinstance(expression, str) or not expression.strip():
            raise ConfigError("problem.expression", "the expression problem needs f(x, y) here")
        scenario.expression = expression
    elif expression is not None:
        raise ConfigError("problem.expression", 'only with name = "expression"')


def _read_view(table: dict) -> ViewSpec:
    _check_keys(table, _VIEW, "view")
    view = ViewSpec()
    theme = _text(table, "theme", "view", view.theme).lower()
    if theme not in THEMES:
        raise ConfigError("view.theme", f"{theme!r} is not one of: {', '.join(THEMES)}")
    view.theme = theme
    view.panes = _names(table, "panes", PANES, view.panes)
    view.vectors = _names(table, "vectors", VECTORS, view.vectors)
    view.three_d = _flag(table, "three_d", "view", view.three_d)
    return view


def _read_run(table: Any, i: int) -> RunSpec:
    where = f"runs[{i}]"
    if not isinstance(table, dict):
        raise ScenarioError(("runs", i), "expected a [[runs]] table")
    optimizer = table.get("optimizer", "SGD")
    if not isinstance(optimizer, str):
        raise ScenarioError(
            ("runs", i, "optimizer"), f'expected a name like "SGD", got {optimizer!r}'
        )
    hint = ""
    unknown = [k for k in table if k not in _RUN]
    info = next(
        (v for k, v in optimizer_catalogue().items() if k.lower() == optimizer.lower()), None
    )
    if unknown and info is not None and any(s.name == unknown[0] for s in info.hyperparams):
        hint = f" (hyperparameters go in params = {{ {unknown[0]} = ... }})"
    _check_keys(table, _RUN, where, hint)
    if "lr" not in table:
        raise ScenarioError(("runs", i, "lr"), "missing: the learning rate, like lr = 0.01")
    lr = table["lr"]
    if isinstance(lr, bool) or not isinstance(lr, (int, float)):
        raise ScenarioError(("runs", i, "lr"), f"expected a number like 0.01, got {lr!r}")
    check_float32(lr, f"{where}.lr")
    scheduler = table.get("scheduler")
    if scheduler is not None and not isinstance(scheduler, str):
        raise ScenarioError(
            ("runs", i, "scheduler"), f'expected a name like "StepLR", got {scheduler!r}'
        )
    color = _text(table, "color", where, "")
    if color and not _COLOR.match(color):
        raise ConfigError(f"{where}.color", f'expected a colour like "#ff4f3a", got {color!r}')
    scaling = table.get("scaling")
    return RunSpec(
        optimizer=optimizer,
        lr=float(lr),
        params=_values(_table(table, "params", where), ("runs", i, "hyper")),
        scheduler=scheduler or None,
        sched_params=_values(_table(table, "sched_params", where), ("runs", i, "sched")),
        label=_text(table, "label", where, ""),
        color=color,
        visible=_flag(table, "visible", where, True),
        scaling=_choice(scaling, f"{where}.scaling") if scaling is not None else None,
        training=read_training(table, i),
    )


def _check_keys(table: dict, allowed: tuple[str, ...], where: str, hint: str = "") -> None:
    for key in table:
        if key not in allowed:
            place = where or key
            raise ConfigError(place, f"unknown key {key!r}{hint}; allowed: {', '.join(allowed)}")


def _table(parent: dict, key: str, where: str = "") -> dict:
    value = parent.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(_join(where, key), f"expected a table, got {value!r}")
    return value


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _text(table: dict, key: str, where: str, default: str) -> str:
    value = table.get(key, default)
    if not isinstance(value, str):
        raise ConfigError(_join(where, key), f"expected text in quotes, got {value!r}")
    return value


def _flag(table: dict, key: str, where: str, default: bool) -> bool:
    value = table.get(key, default)
    if not isinstance(value, bool):
        raise ConfigError(_join(where, key), f"expected true or false, got {value!r}")
    return value


def _pair(value: Any, where: str) -> tuple[float, float]:
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
        or not all(isinstance(v, int) or math.isfinite(v) for v in value)
    ):
        raise ConfigError(where, f"expected two finite numbers like [1.0, 0.0], got {value!r}")
    check_float32(value, where)  # beyond float32, even as a huge integer
    return float(value[0]), float(value[1])


def _choice(value: Any, where: str) -> str:
    if value not in SCALINGS:
        raise ConfigError(where, f"{value!r} is not one of: {', '.join(SCALINGS)}")
    return value


def _speed(value: Any) -> float | str:
    if value == "max":
        return "max"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ScenarioError(("speed",), f'expected epochs per second or "max", got {value!r}')
    try:
        value = float(value)
    except OverflowError:  # an integer too large for a float
        value = math.inf
    if not (math.isfinite(value) and value > 0):
        raise ScenarioError(
            ("speed",), f"must be a positive number of epochs per second, got {value}"
        )
    return float(value)


def _names(
    table: dict, key: str, allowed: tuple[str, ...], default: tuple[str, ...]
) -> tuple[str, ...]:
    value = table.get(key, list(default))
    where = f"view.{key}"
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(where, f"expected a list of names from: {', '.join(allowed)}")
    for name in value:
        if name not in allowed:
            raise ConfigError(where, f"unknown {name!r}; choose from: {', '.join(allowed)}")
    if len(set(value)) != len(value):
        raise ConfigError(where, "a name is listed twice")
    return tuple(value)


def _values(table: dict[str, Any], where: Field) -> dict[str, Any]:
    """Hyperparameter values as the engine takes them (TOML arrays become tuples)."""
    out: dict[str, Any] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            raise ScenarioError((*where, key), "expected a value, not a table")
        try:
            check_float32(value, (*where, key))
        except ConfigError as err:
            raise ScenarioError(err.field, err.message) from None
        out[key] = tuple(value) if isinstance(value, list) else value
    return out


def _renamed(err: ConfigError, i: int, spec: RunSpec) -> ConfigError:
    """An engine error re-addressed to run ``i`` and named by the scenario's keys."""
    # the field is structured; only the flags quoted inside the message text need rewording
    message = err.message.replace("--sched-param ", "sched_params.").replace("--param ", "params.")
    message = message.replace("no --scheduler", "no scheduler")
    field = err.field if isinstance(err.field, tuple) else (err.field,)
    if field == ("scaling",) and not spec.scaling:
        return ScenarioError(field, message)  # the problem's scaling, not the run's
    return ScenarioError(("runs", i, *field), message)


# -- writing -----------------------------------------------------------------------------------
def _plain(value: Any) -> Any:
    """A value TOML can hold: tuples become arrays, None becomes "none"."""
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return "none" if value is None else value


def dumps_scenario(scenario: Scenario, base_dir: Path | None = None) -> str:
    """The scenario as TOML; a ``data`` path is written relative to ``base_dir``."""
    out: dict[str, Any] = {}
    if scenario.title:
        out["title"] = scenario.title
    if scenario.description:
        out["description"] = scenario.description
    out["epochs"] = scenario.epochs
    out["speed"] = scenario.speed
    problem: dict[str, Any] = {"name": scenario.problem}
    if scenario.start is not None:
        problem["start"] = list(scenario.start)
    if scenario.problem == "linear":
        problem["scaling"] = scenario.scaling
        csv_path = _data_path(scenario, base_dir)
        if csv_path is not None:
            problem["data"] = csv_path
        elif scenario.points is not None:
            problem["points"] = [list(p) for p in scenario.points]
    if scenario.expression:
        problem["expression"] = scenario.expression
    out["problem"] = problem
    if scenario.problem == NETWORK_PROBLEM:
        out["network"] = _network_out(scenario.network, base_dir, shared=True)
    view = scenario.view
    out["view"] = {
        "theme": view.theme,
        "panes": list(view.panes),
        "vectors": list(view.vectors),
        "three_d": view.three_d,
    }
    runs = []
    for spec in scenario.runs:
        run: dict[str, Any] = {"optimizer": spec.optimizer, "lr": spec.lr}
        if spec.label:
            run["label"] = spec.label
        if spec.color:
            run["color"] = spec.color
        if not spec.visible:
            run["visible"] = False
        if spec.scaling:
            run["scaling"] = spec.scaling
        if spec.scheduler:
            run["scheduler"] = spec.scheduler
        if spec.params:
            run["params"] = {k: _plain(v) for k, v in spec.params.items()}
        if spec.sched_params:
            run["sched_params"] = {k: _plain(v) for k, v in spec.sched_params.items()}
        run.update(spec.training)
        if spec.network:
            run["network"] = _network_out(spec.network, base_dir, shared=False)
        runs.append(run)
    out["runs"] = runs
    return tomli_w.dumps(out)


def _network_out(keys: dict[str, Any], base_dir: Path | None, shared: bool) -> dict[str, Any]:
    """A network table to write: the shared one's keys that differ from the defaults, or
    every key a run's own table sets; a CSV as its path (relative to ``base_dir``)."""
    spec_fields = {f.name for f in fields(NetworkSpec)}
    spec = NetworkSpec(**{k: v for k, v in keys.items() if k in spec_fields})
    data = keys.get("_data")
    if data is not None and base_dir is not None:
        try:
            data = Path(os.path.relpath(data, base_dir.resolve())).as_posix()
        except ValueError:  # another drive
            pass
    table = network_table(spec, data)
    if shared:
        return table
    out = {k: v for k, v in table.items() if k in keys or k == "data"}
    for key in keys:  # a run's key equal to the default is still its own
        if key in spec_fields and key not in ("table", "dataset") and key not in out:
            value = getattr(spec, key)
            out[key] = list(value) if key == "hidden" else value
    if keys.get("dataset") not in (None, CSV) and "dataset" not in out:
        out["dataset"] = keys["dataset"]
    return out


def _data_path(scenario: Scenario, base_dir: Path | None) -> str | None:
    """The CSV path to write, relative to the new file, if the CSV is still there."""
    if not scenario.data:
        return None
    source = Path(scenario.data)
    if not source.is_absolute() and scenario.base_dir is not None:
        source = scenario.base_dir / source
    if not source.is_file():
        return None  # the points are written inline instead
    source = source.resolve()
    if base_dir is None:
        return source.as_posix()
    try:
        return Path(os.path.relpath(source, base_dir.resolve())).as_posix()
    except ValueError:  # another drive
        return source.as_posix()


def save_scenario(scenario: Scenario, path: str | os.PathLike) -> None:
    """Write the scenario atomically: the file is either whole and new or untouched."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    write_text_atomic(target, dumps_scenario(scenario, folder))
