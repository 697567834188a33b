"""Numbers beyond float32 end a run as diverged, with what overflowed, never as a crash."""

from __future__ import annotations

import json

import numpy as np

from optiviz.cli.main import main
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import FLOAT32_MAX, Run

GROWING_LR = RunConfig(
    problem="expression",
    expression="hypot(x, y)",
    scheduler="ExponentialLR",
    sched={"gamma": 1e10},
    epochs=100,
)


def test_an_lr_grown_past_float32_ends_the_run_as_diverged_naming_the_lr():
    run = Run(GROWING_LR).run()
    assert run.status == "diverged"
    # lr 1e-2, 1e8, ..., 1e38 are stepped; 1e48 is not a float32
    assert run.epoch == 5 and run.diverged_at == 6
    assert run.divergence_reason == "the lr (1e+48) overflows float32"
    np.testing.assert_array_equal(run.history.lr, [1e-2, 1e8, 1e18, 1e28, 1e38])
    assert np.isfinite(run.params()).all()


def test_a_step_size_past_float32_ends_the_run_with_the_last_finite_parameters():
    # Adam steps lr / (1 - beta1**t): 1e38 / (1 - 0.99**5) is beyond float32, the lr is not
    config = GROWING_LR.copy(optimizer="Adam", hyper={"betas": (0.99, 0.999)})
    run = Run(config).run()
    assert run.status == "diverged" and run.epoch == 4 and run.diverged_at == 5
    assert run.divergence_reason.startswith("the step at lr 1e+38 overflows float32")
    assert "overflow" in run.divergence_reason
    np.testing.assert_array_equal(run.params(), run.history.params[-1])
    assert 1e38 < FLOAT32_MAX


def test_the_cli_prints_the_diverged_status_and_exits_0(capsys):
    argv = ["run", "--problem", "expression", "--expression", "hypot(x, y)"]
    argv += ["--scheduler", "ExponentialLR", "--sched-param", "gamma=1e10", "--epochs", "100"]
    assert main([*argv, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["status"] == "diverged" and result["diverged_at"] == 6
    assert result["reason"] == "the lr (1e+48) overflows float32"
    assert main([*argv, "--optimizer", "Adam", "--param", "betas=0.99,0.999"]) == 0
    out = capsys.readouterr().out
    assert "diverged at epoch 5 (the step at lr 1e+38 overflows float32" in out
