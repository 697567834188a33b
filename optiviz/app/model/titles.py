"""What the window's title says about its runs when no scenario names them."""

from __future__ import annotations

from collections.abc import Sequence

from optiviz.engine.problems.library import TUTORIAL_X, TUTORIAL_Y
from optiviz.engine.runs.config import RunConfig, build_problem
from optiviz.plots.engine_words import engine_words
from optiviz.plots.i18n import fill, tr


def describe_problem(config: RunConfig) -> str:
    data = config.dataset
    if config.problem == "linear":
        if data is None or (data.x, data.y) == (TUTORIAL_X, TUTORIAL_Y):
            return tr("the tutorial's linear fit")
        return tr("a linear fit of your data")
    return engine_words(build_problem(config).title)


def describe_runs(configs: Sequence[RunConfig]) -> str:
    """``SGD on the tutorial's linear fit``, ``SGD vs Adam on Rosenbrock's valley``..."""
    names = list(dict.fromkeys(c.optimizer for c in configs))
    return fill(tr("%1 on %2"), tr(" vs ").join(names), describe_problem(configs[0]))
