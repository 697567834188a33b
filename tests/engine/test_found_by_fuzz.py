"""Defects the window's fuzz test found, pinned at the engine."""

from __future__ import annotations

import pytest

from optiviz.engine.errors import ConfigError
from optiviz.engine.formats.scenario import Scenario, dumps_scenario, loads_scenario
from optiviz.engine.problems.library import Dataset
from optiviz.engine.runs.config import RunConfig, validate
from optiviz.engine.runs.run import Run


def test_lbfgs_line_search_at_lr_zero_is_refused_naming_the_lr():
    config = RunConfig(optimizer="LBFGS", lr=0.0, hyper={"line_search_fn": "strong_wolfe"})
    with pytest.raises(ConfigError, match="line search") as caught:
        validate(config)
    assert caught.value.field == ("lr",)
    Run(RunConfig(optimizer="LBFGS", lr=0.0)).step()  # without the line search, lr 0 is fine


def test_a_config_that_remembers_another_problems_formula_or_data_saves_and_reads_back():
    data = Dataset((1.0, 2.0, 3.0), (2.0, 4.5, 5.9), "none")
    linear = RunConfig(problem="linear", dataset=data, expression="x**2 + y**2")
    rosen = RunConfig(problem="rosenbrock", dataset=data, expression="x**2 + y**2")
    for config in (linear, rosen):
        scenario = Scenario.from_configs([validate(config)])
        again = loads_scenario(dumps_scenario(scenario), "again").configs()
        (run,) = again
        assert run.problem == config.problem and run.expression is None
        assert run.dataset == (data if config.problem == "linear" else None)
