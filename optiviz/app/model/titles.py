"""What the window's title says about its runs when no scenario names them."""

from __future__ import annotations

from collections.abc import Sequence

from optiviz.engine.problems.library import TUTORIAL_X, TUTORIAL_Y
from optiviz.engine.runs.config import RunConfig, build_problem


def describe_problem(config: RunConfig) -> str:
    data = config.dataset
    if config.problem == "linear":
        if data is None or (data.x, data.y) == (TUTORIAL_X, TUTORIAL_Y):
            return "the tutorial's linear fit"
        return "a linear fit of your data"
    return build_problem(config).title


def describe_runs(configs: Sequence[RunConfig]) -> str:
    """``SGD on the tutorial's linear fit``, ``SGD vs Adam on Rosenbrock's valley``..."""
    names = list(dict.fromkeys(c.optimizer for c in configs))
    return f"{' vs '.join(names)} on {describe_problem(configs[0])}"
