"""A bad setting's field, rendered for the command line, the scenario file and the form."""

from __future__ import annotations

import pickle

import pytest

from optiviz.engine.errors import ConfigError, ScenarioError
from optiviz.engine.fields import Field, cli_name, form_id, scenario_key
from optiviz.engine.runs.config import RunConfig, validate

FIELDS: list[tuple[Field, str, str, str]] = [
    # field, command line, scenario key, form id
    (("lr",), "--lr", "lr", "lr"),
    (("hyper", "betas"), "--param betas", "params.betas", "param:betas"),
    (("hyper",), "--param", "params", "optimizer"),
    (("sched", "gamma"), "--sched-param gamma", "sched_params.gamma", "sched:gamma"),
    (("sched",), "--sched-param", "sched_params", "scheduler"),
    (("epochs",), "--epochs", "epochs", "epochs"),
    (("start",), "--start", "problem.start", "start"),
    (("problem",), "--problem", "problem.name", "problem"),
    (("optimizer",), "--optimizer", "optimizer", "optimizer"),
    (("scheduler",), "--scheduler", "scheduler", "scheduler"),
    (("data",), "data", "problem.points", "problem"),
    (("expression",), "expression", "problem.expression", "problem"),
    (("speed",), "speed", "speed", "problem"),
    (("min_lr",), "--min-lr", "min_lr", "problem"),
    (("runs", 2, "lr"), "runs[2] --lr", "runs[2].lr", "lr"),
    (("runs", 1, "hyper", "eps"), "runs[1] --param eps", "runs[1].params.eps", "param:eps"),
    (("runs", 3, "start"), "runs[3] --start", "problem.start", "start"),
    (("runs", 3), "runs[3]", "runs[3]", "problem"),
    (("scaling",), "scaling", "problem.scaling", "problem"),
    (("runs", 1, "scaling"), "runs[1] scaling", "runs[1].scaling", "problem"),
    (("batch_size",), "--batch-size", "batch_size", "batch_size"),
    (("runs", 2, "batch_size"), "runs[2] --batch-size", "runs[2].batch_size", "batch_size"),
    (("shuffle",), "--no-shuffle", "shuffle", "shuffle"),
    (("seed",), "--seed", "seed", "seed"),
    (("grad_noise",), "--grad-noise", "grad_noise", "grad_noise"),
    (
        ("runs", 1, "clip_grad_norm"),
        "runs[1] --clip-grad-norm",
        "runs[1].clip_grad_norm",
        "clip_grad_norm",
    ),
    (("clip_grad_value",), "--clip-grad-value", "clip_grad_value", "clip_grad_value"),
]


@pytest.mark.parametrize(("field", "cli", "key", "form"), FIELDS, ids=[c for _, c, _, _ in FIELDS])
def test_each_place_names_a_field_its_own_way(field: Field, cli: str, key: str, form: str) -> None:
    assert cli_name(field) == cli
    assert scenario_key(field) == key
    assert form_id(field) == form


def test_an_error_prints_its_field_as_the_command_line_names_it_and_survives_a_pipe() -> None:
    err = ConfigError(("hyper", "betas"), "must be at most 1, got 1.5")
    assert str(err) == "--param betas: must be at most 1, got 1.5"
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is ConfigError and again.field == err.field and str(again) == str(err)
    scenario = pickle.loads(pickle.dumps(ScenarioError(("runs", 2, "lr"), "too big")))
    assert isinstance(scenario, ConfigError) and str(scenario) == "runs[2].lr: too big"


def test_engine_refusals_carry_tuple_fields() -> None:
    with pytest.raises(ConfigError) as caught:
        validate(RunConfig(optimizer="Adam", hyper={"betas": (1.5, 0.9)}))
    assert caught.value.field == ("hyper", "betas")
    with pytest.raises(ConfigError) as caught:
        validate(RunConfig(scheduler="StepLR"))
    assert caught.value.field == ("sched", "step_size")
    with pytest.raises(ConfigError) as caught:
        validate(RunConfig(epochs=0))
    assert caught.value.field == ("epochs",)


def test_lr_is_never_a_hyperparameter() -> None:
    with pytest.raises(ConfigError) as caught:
        validate(RunConfig(lr=0.1, hyper={"lr": 5.0}))
    assert caught.value.field == ("hyper", "lr")
    assert str(caught.value).startswith("--param lr: lr has its own field")
    assert "--lr" in caught.value.message


@pytest.mark.parametrize(
    ("run", "field", "form"),
    [
        ("lr = 'fast'\n", ("runs", 1, "lr"), "lr"),
        ("lr = 0.1\nparams = { lr = 5.0 }\n", ("runs", 1, "hyper", "lr"), "param:lr"),
        ("lr = 0.1\nparams = { betas = 3 }\n", ("runs", 1, "hyper", "betas"), "param:betas"),
    ],
)
def test_a_scenarios_errors_are_structured_too(run: str, field: Field, form: str) -> None:
    from optiviz.engine.formats.scenario import loads_scenario

    with pytest.raises(ConfigError) as caught:
        loads_scenario("[[runs]]\noptimizer = 'SGD'\n" + run)
    assert caught.value.field == field and form_id(caught.value.field) == form
    assert str(caught.value).startswith(scenario_key(field) + ": ")
