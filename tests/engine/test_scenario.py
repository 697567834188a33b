"""Scenario files and races: checked at the boundary, round-tripped, and run as torch runs."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from optiviz.engine.errors import ConfigError
from optiviz.engine.formats.scenario import (
    Scenario,
    ViewSpec,
    dumps_scenario,
    load_scenario,
    loads_scenario,
    save_scenario,
)
from optiviz.engine.problems.data_io import save_csv
from optiviz.engine.problems.library import Dataset
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.factory import make_run
from optiviz.engine.runs.race import check_same_problem, lr_fan, run_all
from optiviz.engine.runs.run import Run
from tests.engine.test_tutorial import TUTORIAL_LINES

ASSETS = Path(__file__).resolve().parents[2] / "assets" / "scenarios"
DEMOS = sorted(ASSETS.glob("*.toml"))


def test_the_ready_demos_are_all_there():
    names = {p.name for p in DEMOS}
    assert {
        "tutorial_sgd.toml",
        "rosenbrock_momentum_adam_rmsprop.toml",
        "lr_too_large.toml",
        "lbfgs_vs_sgd.toml",
        "schedulers_compared.toml",
        "unscaled_vs_scaled.toml",
    } <= names


@pytest.mark.parametrize("path", DEMOS, ids=[p.stem for p in DEMOS])
def test_every_demo_loads_and_each_run_equals_the_run_alone(path):
    scenario = load_scenario(path)
    configs = scenario.configs()
    assert len(configs) == len(scenario.runs) >= 1
    assert scenario.title and all(spec.label for spec in scenario.runs)
    runs = run_all(configs, epochs=5, same_problem=scenario.same_problem)
    for config, run in zip(configs, runs, strict=True):
        assert run.epoch == 5 and np.isfinite(run.history.loss).all()
        alone = make_run(config).run(5)
        np.testing.assert_array_equal(run.history.loss, alone.history.loss)
        np.testing.assert_array_equal(run.history.params, alone.history.params)
        np.testing.assert_array_equal(run.history.lr, alone.history.lr)


def test_the_tutorial_demo_reproduces_the_tutorials_losses():
    scenario = load_scenario(ASSETS / "tutorial_sgd.toml")
    (config,) = scenario.configs()
    assert config.dataset is None and config.start == (1.0, 0.0)  # the tutorial's own data
    assert (config.optimizer, config.lr, config.epochs) == ("SGD", 1e-2, 1000)
    (run,) = run_all([config])
    np.testing.assert_allclose(run.history.loss[99::100], TUTORIAL_LINES, rtol=1e-4)
    assert str(run.leaf) == "tensor([17.9473, 32.9443], requires_grad=True)"
    np.testing.assert_array_equal(run.history.loss, Run(RunConfig()).run().history.loss)


def test_lr_too_large_diverges_and_its_stable_runs_do_not():
    scenario = load_scenario(ASSETS / "lr_too_large.toml")
    runs = run_all(scenario.configs())
    statuses = {run.config.lr: run.status for run in runs}
    assert statuses[0.45] == "diverged"
    assert [s for lr, s in statuses.items() if lr < 0.388] == ["finished", "finished"]


def test_unscaled_vs_scaled_gives_each_run_its_own_data():
    scenario = load_scenario(ASSETS / "unscaled_vs_scaled.toml")
    configs = scenario.configs()
    assert [c.dataset.scaling if c.dataset else "tutorial" for c in configs] == [
        "none",
        "none",
        "tutorial",
    ]
    assert not scenario.same_problem
    with pytest.raises(ConfigError, match=r"^runs\[3\]: a race needs one problem"):
        run_all(configs)
    runs = run_all(configs, epochs=60, same_problem=False)
    assert runs[0].status == "diverged"  # raw x with the tutorial's lr
    assert runs[2].status == "ready" and runs[2].history.loss[-1] < runs[2].history.loss[0]


@pytest.mark.parametrize("path", DEMOS, ids=[p.stem for p in DEMOS])
def test_save_then_load_gives_equal_configs(path, tmp_path):
    scenario = load_scenario(path)
    target = tmp_path / "copy.toml"
    save_scenario(scenario, target)
    again = load_scenario(target)
    assert again.configs() == scenario.configs()
    assert again.runs == scenario.runs
    assert (again.view, again.speed, again.epochs, again.title) == (
        scenario.view,
        scenario.speed,
        scenario.epochs,
        scenario.title,
    )
    assert [p.name for p in tmp_path.iterdir()] == ["copy.toml"], "no temporary file is left"


def test_a_csv_path_is_relative_to_the_file_and_rewritten_on_save(tmp_path):
    points = Dataset((1.0, 2.0, 4.0), (3.0, 5.5, 9.0), "none")
    (tmp_path / "data").mkdir()
    save_csv(points, tmp_path / "data" / "points.csv")
    (tmp_path / "in").mkdir()
    source = tmp_path / "in" / "s.toml"
    source.write_text(
        '[problem]\ndata = "../data/points.csv"\nscaling = "none"\n'
        "[[runs]]\noptimizer = 'SGD'\nlr = 0.01\n"
    )
    scenario = load_scenario(source)
    assert scenario.configs()[0].dataset == points
    (tmp_path / "out" / "deeper").mkdir(parents=True)
    target = tmp_path / "out" / "deeper" / "s.toml"
    save_scenario(scenario, target)
    assert 'data = "../../data/points.csv"' in target.read_text()
    assert load_scenario(target).configs() == scenario.configs()
    os.remove(tmp_path / "data" / "points.csv")  # gone: the points are written inline
    save_scenario(scenario, target)
    assert "points = [" in target.read_text()
    assert load_scenario(target).configs() == scenario.configs()


def test_from_configs_round_trips_what_the_window_holds():
    configs = [
        RunConfig(
            problem="linear",
            optimizer="Adam",
            lr=0.5,
            hyper={"betas": (0.8, 0.95), "amsgrad": True},
            epochs=50,
            dataset=Dataset((1.0, 2.0, 3.0), (2.0, 4.5, 6.0), "standardize"),
            start=(0.5, -1.0),
        ),
        RunConfig(
            optimizer="SGD",
            lr=0.1,
            scheduler="MultiStepLR",
            sched={"milestones": [10, 20], "gamma": 0.5},
            epochs=50,
            dataset=Dataset((1.0, 2.0, 3.0), (2.0, 4.5, 6.0), "none"),
            start=(0.5, -1.0),
        ),
    ]
    scenario = Scenario.from_configs(configs, view=ViewSpec(theme="light", three_d=True))
    text = dumps_scenario(scenario)
    again = loads_scenario(text)
    assert again.configs() == [
        RunConfig(**{**c.__dict__, "hyper": dict(c.hyper), "sched": dict(c.sched)}) for c in configs
    ]
    assert again.view == ViewSpec(theme="light", three_d=True)


def test_an_expression_scenario():
    text = """
    [problem]
    name = "expression"
    expression = "(x - 1)**2 + 10*(y + 0.5)**2"
    start = [-2.0, 2.0]
    [[runs]]
    optimizer = "adam"
    lr = 0.1
    """
    scenario = loads_scenario(text)
    assert scenario.runs[0].optimizer == "Adam"  # the catalogue's spelling
    (run,) = run_all(scenario.configs(), epochs=300)
    assert run.problem.name == "expression"
    assert run.params() == pytest.approx([1.0, -0.5], abs=0.05)


RUN = "[[runs]]\noptimizer = 'SGD'\nlr = 0.01\n"
BAD = [
    (
        RUN + "[[runs]]\noptimizer = 'Adamm'\nlr = 0.1\n",
        "runs[2].optimizer: unknown optimizer 'Adamm'; choose from Adadelta",
    ),
    (
        RUN + "[[runs]]\noptimizer = 'SGD'\nlr = 0.1\nmomentum = 0.9\n",
        "runs[2]: unknown key 'momentum' (hyperparameters go in params",
    ),
    ("speeed = 3\n" + RUN, "speeed: unknown key 'speeed'; allowed: title"),
    (
        "epochs = 10\nspeed = \n" + RUN,
        "scenario: not valid TOML: Invalid value (at line 2, column 9)",
    ),
    ("[[runs]]\noptimizer = 'SGD'\nlr = '0.1'\n", "runs[1].lr: expected a number like 0.01"),
    ("[[runs]]\noptimizer = 'SGD'\n", "runs[1].lr: missing"),
    ("[[runs]]\noptimizer = 'SGD'\nlr = -1.0\n", "runs[1].lr: must be at least"),
    (
        "[[runs]]\noptimizer = 'SGD'\nlr = 0.1\nparams = { betas = [0.9, 0.99] }\n",
        "runs[1].params.betas: SGD has no such hyperparameter",
    ),
    (
        "[[runs]]\noptimizer = 'SGD'\nlr = 0.1\nparams = { lr = 5.0 }\n",
        "runs[1].params.lr: lr has its own field",
    ),
    (
        "[[runs]]\noptimizer = 'SGD'\nlr = 0.1\nparams = { nesterov = true }\n",
        "runs[1].params.nesterov: torch.optim.SGD refuses nesterov=true",
    ),
    (
        "[[runs]]\noptimizer = 'SGD'\nlr = 0.1\nscheduler = 'StepLRR'\n",
        "runs[1].scheduler: unknown scheduler 'StepLRR'",
    ),
    (
        "[[runs]]\noptimizer = 'SGD'\nlr = 0.1\nscheduler = 'StepLR'\n",
        "runs[1].sched_params.step_size: StepLR needs step_size",
    ),
    (
        "[[runs]]\noptimizer = 'SGD'\nlr = 0.1\nsched_params = { gamma = 0.1 }\n",
        "runs[1].sched_params: scheduler arguments were given but no scheduler",
    ),
    ("epochs = 0\n" + RUN, "epochs: must be a whole number from 1"),
    ("epochs = 1.5\n" + RUN, "epochs: expected a whole number"),
    ("speed = 0\n" + RUN, "speed: must be a positive number"),
    ("speed = 'fast'\n" + RUN, 'speed: expected epochs per second or "max"'),
    (
        "[problem]\nname = 'rosenbruck'\n" + RUN,
        "problem.name: unknown problem 'rosenbruck'; choose from linear",
    ),
    ("[problem]\nstart = [1.0]\n" + RUN, "problem.start: expected two finite numbers"),
    (
        "[problem]\npoints = [[1, 2], [3, nan]]\n" + RUN,
        "problem.points[2]: expected two finite numbers",
    ),
    ("[problem]\npoints = [[1, 2]]\n" + RUN, "problem.points: at least 2 points are needed"),
    ("[problem]\ndata = 'missing.csv'\n" + RUN, "problem.data: 'missing.csv' does not exist"),
    (
        "[problem]\npoints = [[1, 2], [2, 3]]\ndata = 'a.csv'\n" + RUN,
        "problem.data: give points or data, not both",
    ),
    (
        "[problem]\nname = 'beale'\nscaling = 'none'\n" + RUN,
        "problem.scaling: only the linear fit has points, data and a scaling",
    ),
    (
        "[problem]\nscaling = 'log'\n" + RUN,
        "problem.scaling: 'log' is not one of: none, tutorial, standardize",
    ),
    (
        "[problem]\nname = 'expression'\nexpression = 'x + z'\n" + RUN,
        "problem.expression: unknown name 'z' at column 5",
    ),
    ("[problem]\nname = 'expression'\n" + RUN, "problem.expression: the expression problem needs"),
    ("[problem]\nexpression = 'x'\n" + RUN, 'problem.expression: only with name = "expression"'),
    (
        "[problem]\nname = 'saddle'\n" + RUN + "scaling = 'none'\n",
        "runs[1].scaling: only the linear fit has a scaling",
    ),
    ("[view]\ntheme = 'blue'\n" + RUN, "view.theme: 'blue' is not one of: dark, light"),
    (
        "[view]\npanes = ['surface', 'nope']\n" + RUN,
        "view.panes: unknown 'nope'; choose from: surface",
    ),
    ("[view]\nthree_d = 'yes'\n" + RUN, "view.three_d: expected true or false"),
    (
        "[view]\nzoom = 2\n" + RUN,
        "view: unknown key 'zoom'; allowed: theme, panes, vectors, three_d",
    ),
    (RUN + "color = 'red'\n", "runs[1].color: expected a colour like"),
    (RUN + "visible = 1\n", "runs[1].visible: expected true or false"),
    ("title = 'nothing to run'\n", "runs: at least one [[runs]] table"),
    ("runs = 3\n", "runs: at least one [[runs]] table"),
]


@pytest.mark.parametrize(("text", "message"), BAD, ids=[b[1][:40] for b in BAD])
def test_malformed_scenarios_are_refused_with_one_line_naming_the_key(text, message):
    with pytest.raises(ConfigError) as caught:
        loads_scenario(text)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_a_missing_or_unreadable_file(tmp_path):
    with pytest.raises(ConfigError, match=r"^scenario: '.*nope.toml' does not exist$"):
        load_scenario(tmp_path / "nope.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("[[runs]\n")
    with pytest.raises(ConfigError, match=r"^broken.toml: not valid TOML: .*line 1, column"):
        load_scenario(broken)


# -- races ---------------------------------------------------------------------------------------
def test_lr_fan_is_log_spaced_copies():
    base = RunConfig(hyper={"momentum": 0.9})
    fan = lr_fan(base, 5, 1e-3, 1e-1)
    assert [c.lr for c in fan] == pytest.approx([1e-3, 1e-3 * 10**0.5, 1e-2, 1e-2 * 10**0.5, 0.1])
    assert fan[-1].lr == 0.1 and fan[0].lr == 1e-3
    assert all(c.hyper == {"momentum": 0.9} and c.hyper is not base.hyper for c in fan)
    assert base.lr == 1e-2
    assert [c.lr for c in lr_fan(base, 1, 0.2, 0.2)] == [0.2]
    for args in [(0, 1e-3, 1e-1), (3, 0.0, 1.0), (3, 1.0, 0.5)]:
        with pytest.raises(ConfigError):
            lr_fan(base, *args)


def test_each_run_of_a_race_equals_the_same_run_alone():
    configs = [
        *lr_fan(RunConfig(epochs=150), 4, 1e-3, 0.6),
        RunConfig(optimizer="Adam", lr=0.5, epochs=40),
        RunConfig(optimizer="LBFGS", lr=1.0, epochs=5),
        RunConfig(scheduler="StepLR", sched={"step_size": 10}, lr=0.1, epochs=80),
    ]
    race = run_all(configs)
    assert {run.status for run in race} == {"finished", "diverged"}
    for config, run in zip(configs, race, strict=True):
        alone = Run(config).run()
        assert (run.status, run.epoch) == (alone.status, alone.epoch)
        np.testing.assert_array_equal(run.history.loss, alone.history.loss)
        np.testing.assert_array_equal(run.history.params, alone.history.params)
        np.testing.assert_array_equal(run.history.grad, alone.history.grad)
        np.testing.assert_array_equal(run.history.lr, alone.history.lr)


def test_a_race_refuses_different_problems_or_starts():
    check_same_problem([RunConfig(), RunConfig(optimizer="Adam")])
    with pytest.raises(ConfigError, match=r"^runs\[2\]: a race needs one problem"):
        check_same_problem([RunConfig(), RunConfig(start=(0.0, 0.0))])
    with pytest.raises(ConfigError, match="rosenbrock"):
        run_all([RunConfig(), RunConfig(problem="rosenbrock")])
