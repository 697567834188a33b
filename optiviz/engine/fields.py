"""Where a bad setting lives, and its name in each place a person types it.

A field is a tuple path in the engine's own terms: ``("lr",)``, ``("hyper", "betas")``,
``("sched", "gamma")``, ``("runs", 2, "lr")``. The command line, the scenario file and the
window's form each name it their own way; these three renderers are the only place that knows
how, so nothing ever parses a flag back into a field.
"""

from __future__ import annotations

Field = tuple[str | int, ...]

#: Single-name fields that are command-line flags of the same name (``--min-lr`` for min_lr).
#: ``expression`` keeps its plain name: its messages quote the formula, not the flag.
_FLAGS = frozenset(
    {
        "lr",
        "epochs",
        "start",
        "problem",
        "optimizer",
        "scheduler",
        "min_lr",
        "max_lr",
        "steps",
        "print_every",
        "history",
        "batch_size",
        "seed",
        "grad_noise",
        "clip_grad_norm",
        "clip_grad_value",
    }
)
#: Scenario keys that differ from the field's name. Problem keys are shared by every run, so a
#: run's problem field is named without its ``runs[i]`` prefix.
_SCENARIO_PROBLEM = {
    "start": "problem.start",
    "problem": "problem.name",
    "expression": "problem.expression",
    "domain": "problem.expression",
    "data": "problem.points",
    "epochs": "epochs",
}
_SCENARIO_RUN = {"hyper": "params", "sched": "sched_params"}
#: Form fields of the controls panel; anything else is blamed on the problem.
_FORM = frozenset(
    {"lr", "epochs", "start", "problem", "optimizer", "scheduler", "batch_size", "shuffle", "seed"}
    | {"grad_noise", "clip_grad_norm", "clip_grad_value", "zero_grad"}
)


def _dotted(parts: Field) -> str:
    return ".".join(str(p) for p in parts)


def cli_name(field: Field | str) -> str:
    """``--lr``, ``--param betas``, ``--sched-param gamma``, ``--epochs``, ``runs[2] --lr``."""
    if isinstance(field, str):
        return field
    match field:
        case ("runs", int(i), *rest):
            return f"runs[{i}]" + (f" {cli_name(tuple(rest))}" if rest else "")
        case ("hyper", *rest):
            return " ".join(["--param", *map(str, rest)])
        case ("sched", *rest):
            return " ".join(["--sched-param", *map(str, rest)])
        case (str(name),) if name in _FLAGS:
            return "--" + name.replace("_", "-")
        case ("shuffle",):
            return "--no-shuffle"
        case ("zero_grad",):
            return "--no-zero-grad"
    return _dotted(field)


def scenario_key(field: Field | str) -> str:
    """The key a scenario file uses: ``lr``, ``params.betas``, ``runs[2].lr``, ``problem.start``."""
    if isinstance(field, str):
        return field
    match field:
        case ("runs", int(i), str(name), *rest) if name in _SCENARIO_PROBLEM:
            return scenario_key((name, *rest))
        case ("runs", int(i), *rest):
            return f"runs[{i}]" + (f".{_run_key(tuple(rest))}" if rest else "")
        case (str(name),) if name in _SCENARIO_PROBLEM:
            return _SCENARIO_PROBLEM[name]
        case ("scaling",):
            return "problem.scaling"
    return _run_key(field)


def _run_key(field: Field) -> str:
    """A key inside one ``[[runs]]`` table: ``lr``, ``params.betas``, ``sched_params.gamma``."""
    match field:
        case (str(name), *rest) if name in _SCENARIO_RUN:
            return _dotted((_SCENARIO_RUN[name], *rest))
    return _dotted(field)


def form_id(field: Field | str) -> str:
    """The controls panel's id: ``lr``, ``param:betas``, ``sched:gamma``, ``epochs``..."""
    if isinstance(field, str):
        return "problem"
    match field:
        case ("runs", int(_), *rest):
            return form_id(tuple(rest))
        case ("hyper", str(key)):
            return f"param:{key}"
        case ("hyper", *_):
            return "optimizer"
        case ("sched", str(key)):
            return f"sched:{key}"
        case ("sched", *_):
            return "scheduler"
        case (str(name),) if name in _FORM:
            return name
    return "problem"
