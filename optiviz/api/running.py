"""``optiviz.run(...)``: ``optiviz run`` in a notebook, returning the numbers instead of text."""

from __future__ import annotations

from typing import Any

from optiviz.api.arguments import config_from, parse
from optiviz.api.errors import OptimizerCodeError
from optiviz.api.result import RaceResult, RunResult
from optiviz.cli.parsing import scenario_from_args
from optiviz.engine.catalogue.external import STEP_ERROR
from optiviz.engine.runs.run import Run

PROG = "optiviz run"


def run(*, print_every: int = 0, **kwargs: Any) -> RunResult | RaceResult:
    """Run an optimizer with ``optiviz run``'s flags as keywords; return its history.

    ``optiviz.run(optimizer="SGD", lr=1e-2, epochs=1000)`` is ``optiviz run --optimizer SGD
    --lr 1e-2 --epochs 1000``; every flag's name with underscores for dashes is a keyword
    (see :mod:`optiviz.api.arguments`), and an optimizer's hyperparameter may be given directly
    (``momentum=0.9``). ``scenario="race.toml"`` runs a scenario's runs together and returns a
    :class:`RaceResult`. ``print_every=100`` prints the tutorial's ``Epoch N, Loss L`` lines.

    Bad settings raise :class:`~optiviz.engine.errors.ConfigError` or
    :class:`~optiviz.api.errors.UsageError` (both ``ValueError``) with the command line's text.
    """
    if print_every < 0:
        raise ValueError("print_every: must be 0 or more")
    parsed = parse(PROG, kwargs)
    if parsed.args.scenario:
        return _race(parsed.parser, parsed.args, print_every)
    single = Run(config_from(parsed))
    for epoch in single:
        if print_every and epoch % print_every == 0:
            print("Epoch %d, Loss %f" % (epoch, single.history.epoch_loss[-1]))
    if STEP_ERROR in single.divergence_reason:
        raise OptimizerCodeError(single.divergence_reason.splitlines()[-1])
    return RunResult(single)


def _race(parser: Any, args: Any, print_every: int) -> RaceResult:
    from optiviz.engine.runs.race import run_all

    scenario = scenario_from_args(parser, args)
    runs = run_all(scenario.configs(), same_problem=False, clock=[])
    results = RaceResult(
        [RunResult(r, spec.label) for r, spec in zip(runs, scenario.runs, strict=True)]
    )
    for i, result in enumerate(results, start=1):
        if print_every:
            print(f"== Run {i}: {result.label or _label(result)} ==")
            print("\n".join(result.epoch_lines(print_every)))
    return results


def _label(result: RunResult) -> str:
    from optiviz.engine.worker.session_state import run_label

    return run_label(result.config)
