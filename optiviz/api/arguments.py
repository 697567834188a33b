"""Keyword arguments turned into the command line's flags, and parsed by its own parser.

``optiviz.run(optimizer="Adam", lr=0.1, batch_size=4)`` becomes
``--optimizer=Adam --lr=0.1 --batch-size=4`` and goes through
:func:`optiviz.cli.parsing.config_from_args`, so a notebook and ``optiviz run`` can never
disagree on a default, a check or an error message.

Values: ``None`` leaves a flag at its default; ``True`` gives a switch (``run_code=True`` is
``--run-code``) and ``False`` its ``--no-`` form (``shuffle=False`` is ``--no-shuffle``);
``start`` is a pair; ``param`` and ``sched_param`` are dicts (or ``"KEY=VALUE"`` texts);
``data`` is a CSV path or the points themselves, ``(x, y)`` or an ``(n, 2)`` array. A keyword
that is none of the flags but one of the optimizer's hyperparameters (``momentum=0.9``) is
taken as ``param={"momentum": 0.9}``.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NoReturn

import numpy as np

from optiviz.api.errors import UsageError
from optiviz.cli.parsing import add_run_flags, add_scenario_flag, check_flags_apply
from optiviz.cli.parsing import config_from_args as _config_from_args
from optiviz.engine.runs.config import RunConfig

#: Flags that take KEY=VALUE assignments, one per use.
_ASSIGNMENTS = ("param", "sched_param")
#: Keywords that set a RunConfig field the command line has no flag for.
_CONFIG_ONLY = ("zero_grad",)


class RaisingParser(argparse.ArgumentParser):
    """The command line's flags, raising :class:`UsageError` instead of exiting."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def run_parser(prog: str) -> RaisingParser:
    """The run flags and ``--scenario``, exactly as ``optiviz run`` and ``record`` add them."""
    parser = RaisingParser(prog=prog, add_help=False)
    add_run_flags(parser)
    add_scenario_flag(parser, "the runs of a scenario file")
    return parser


@dataclass
class Parsed:
    """The parsed flags, and the points given as arrays (kept out of the flags)."""

    parser: RaisingParser
    args: argparse.Namespace
    points: tuple[np.ndarray, np.ndarray] | None = None
    #: RunConfig fields with no flag of their own (``zero_grad=False``: the lesson of forgetting
    #: ``optimizer.zero_grad()``, which scenarios and the window offer).
    overrides: dict[str, Any] | None = None


def _text(value: Any) -> str:
    """A value as the command line would be given it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (np.generic, np.ndarray)) and np.ndim(value) == 0:
        value = value.item()
    if isinstance(value, (tuple, list, np.ndarray)):
        return ",".join(_text(v) for v in value)
    if isinstance(value, float):
        return repr(value)  # every digit: the CLI reads the same float back
    return str(value)


def _assignments(flag: str, value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Mapping):
        return [f"{key}={_text(v)}" for key, v in value.items()]
    return [str(v) for v in value]


def _points(data: Any) -> tuple[np.ndarray, np.ndarray]:
    """``(x, y)`` or an ``(n, 2)`` array as two float columns."""
    if isinstance(data, tuple) and len(data) == 2:
        x, y = (np.asarray(v, dtype=np.float64).reshape(-1) for v in data)
    else:
        table = np.asarray(data, dtype=np.float64)
        if table.ndim != 2 or table.shape[1] != 2:
            raise UsageError(
                f"argument data: expected a CSV path, (x, y) or an (n, 2) array, "
                f"got shape {table.shape}"
            )
        x, y = table[:, 0], table[:, 1]
    if len(x) != len(y):
        raise UsageError(f"argument data: x has {len(x)} values and y has {len(y)}")
    return x, y


def _hyperparameters(optimizer: Any) -> list[str]:
    from optiviz.engine.catalogue.optimizers import optimizer_info

    return [spec.name for spec in optimizer_info(str(optimizer)).hyperparams]


def to_argv(parser: RaisingParser, kwargs: dict[str, Any]) -> list[str]:
    """The flags for ``kwargs`` (every key a flag's name with dashes as underscores)."""
    actions = {a.dest: a for a in parser._actions if a.option_strings}
    argv: list[str] = []
    params: dict[str, Any] = {}
    for key, value in kwargs.items():
        if value is None:
            continue
        action = actions.get(key)
        if action is None and f"no_{key}" in actions and isinstance(value, bool):
            if not value:
                argv.append(actions[f"no_{key}"].option_strings[0])
            continue
        if action is None:
            params[key] = value
            continue
        flag = action.option_strings[-1]
        if isinstance(action, argparse._StoreTrueAction):
            if not isinstance(value, bool):
                raise UsageError(f"argument {flag}: expected True or False, got {value!r}")
            if value:
                argv.append(flag)
        elif key in _ASSIGNMENTS:
            argv += [f"{flag}={text}" for text in _assignments(flag, value)]
        else:
            argv.append(f"{flag}={_text(os.fspath(value) if key == 'data' else value)}")
    if params:
        argv += _direct_hyperparameters(params, kwargs)
    return argv


def _direct_hyperparameters(params: dict[str, Any], kwargs: dict[str, Any]) -> list[str]:
    """``momentum=0.9`` as ``--param=momentum=0.9``, for a keyword the optimizer takes."""
    if kwargs.get("scenario") is not None:
        raise UsageError(f"unexpected keyword {next(iter(params))!r} beside a scenario file")
    known = _hyperparameters(kwargs.get("optimizer") or "SGD")
    given = kwargs.get("param") or {}
    given = dict(given) if isinstance(given, Mapping) else {}
    argv = []
    for key, value in params.items():
        if key == "lr" or key not in known:
            hint = ", ".join(k for k in known if k != "lr")
            raise UsageError(
                f"unexpected keyword {key!r}: not a flag of optiviz run, nor a hyperparameter "
                f"of the optimizer ({hint})"
            )
        if key in given:
            raise UsageError(f"{key!r} is given twice: as a keyword and in param")
        argv.append(f"--param={key}={_text(value)}")
    return argv


def parse(prog: str, kwargs: dict[str, Any]) -> Parsed:
    """Parse ``kwargs`` as ``prog``'s flags (raises :class:`UsageError`)."""
    parser = run_parser(prog)
    kwargs = dict(kwargs)
    data = kwargs.get("data")
    points = None
    if data is not None and not isinstance(data, (str, os.PathLike)):
        points = _points(data)
        del kwargs["data"]
    overrides = {}
    flags = {a.dest for a in parser._actions}
    for key in _CONFIG_ONLY:
        if key in kwargs and key not in flags and f"no_{key}" not in flags:
            if kwargs[key] is not None:
                overrides[key] = bool(kwargs[key])
            del kwargs[key]
    args = parser.parse_args(to_argv(parser, kwargs))
    for what, given in (("--data", points is not None), ("zero_grad", bool(overrides))):
        if given and args.scenario:
            parser.error(f"argument --scenario: {what} cannot be combined with a scenario file")
    return Parsed(parser, args, points, overrides)


def config_from(parsed: Parsed) -> RunConfig:
    """The run's :class:`RunConfig`, built by the command line's own code (raises
    :class:`~optiviz.engine.errors.ConfigError`)."""
    args = parsed.args
    if parsed.points is None:
        return _config_from_args(args).copy(**(parsed.overrides or {}))
    from optiviz.engine.problems.data_io import parse_csv_text

    check_flags_apply(argparse.Namespace(**{**vars(args), "data": "points"}))
    config = _config_from_args(args)
    x, y = parsed.points
    text = "x,y\n" + "".join(f"{a!r},{b!r}\n" for a, b in zip(x.tolist(), y.tolist(), strict=True))
    dataset = parse_csv_text(text, scaling=args.scaling or "tutorial", source="data")
    return config.copy(dataset=dataset, **(parsed.overrides or {}))
