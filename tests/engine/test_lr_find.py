"""The LR range test: an exponential sweep of torch's own steps, smoothed, with a suggestion."""

from __future__ import annotations

import copy
import math

import numpy as np
import pytest
import torch

from optiviz.engine.errors import ConfigError
from optiviz.engine.problems.library import Dataset, least_squares
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.lr_find import lr_find, smooth
from optiviz.engine.runs.run import Run
from tests.engine.plain_loops import X, Y, loss_fn, model

#: 2 / largest eigenvalue of the Hessian of the tutorial's MSE on its scaled data.
SGD_LIMIT = 0.3885


def test_the_sgd_stability_limit_is_what_the_tests_assume():
    x = 0.1 * np.array(X)
    hessian = 2 * np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])
    assert 2 / np.linalg.eigvalsh(hessian).max() == pytest.approx(SGD_LIMIT, abs=1e-3)


def test_the_sweep_is_exponential_and_reaches_max_lr_when_nothing_diverges():
    result = lr_find(RunConfig(optimizer="Adam"), min_lr=1e-5, max_lr=1.0, steps=50)
    assert not result.stopped_early and len(result.lr) == 50
    assert result.lr[0] == 1e-5 and result.lr[-1] == pytest.approx(1.0, rel=1e-12)
    np.testing.assert_allclose(np.diff(np.log(result.lr)), math.log(1e5) / 49, rtol=1e-9)


def test_each_lr_is_one_torch_step_and_its_loss_is_the_loss_after_it():
    result = lr_find(RunConfig(hyper={"momentum": 0.9}), steps=40, max_lr=0.1)
    x = 0.1 * torch.tensor(X)
    y = torch.tensor(Y)
    params = torch.tensor([1.0, 0.0], requires_grad=True)
    optimizer = torch.optim.SGD([params], lr=1.0, momentum=0.9)
    expected = []
    for lr in result.lr:
        for group in optimizer.param_groups:
            group["lr"] = lr
        loss = loss_fn(model(x, *params), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        with torch.no_grad():
            expected.append(loss_fn(model(x, *params), y).item())
    assert result.loss == expected


def test_smoothing_is_a_bias_corrected_exponential_average():
    assert smooth([5.0] * 10) == pytest.approx([5.0] * 10, rel=1e-12)
    losses = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0]
    for i, value in enumerate(smooth(losses, beta=0.9), start=1):
        weights = [0.1 * 0.9 ** (i - k) for k in range(1, i + 1)]
        expected = sum(w * v for w, v in zip(weights, losses, strict=False)) / (1 - 0.9**i)
        assert value == pytest.approx(expected, rel=1e-12)


def test_sgd_on_the_tutorial_stops_early_at_a_large_lr_and_suggests_a_stable_one():
    config = RunConfig()
    result = lr_find(config)
    assert result.stopped_early and len(result.lr) < 100
    assert result.lr[-1] > SGD_LIMIT
    assert result.smoothed[-1] > 4 * min(result.smoothed)
    assert result.suggestion is not None and 1e-3 < result.suggestion < SGD_LIMIT
    # The suggestion is where the smoothed loss falls fastest per log(lr).
    i = result.suggestion_index
    slopes = np.diff(result.smoothed) / np.diff(np.log(result.lr))
    assert slopes[i] == slopes[len(result.lr) // 10 : len(result.lr) - 6].min()
    run = Run(config.copy(lr=result.suggestion)).run()
    assert run.status == "finished"
    assert run.history.loss[-1] == pytest.approx(least_squares(Dataset())[2], rel=1e-4)


def test_a_non_finite_loss_stops_the_sweep_without_recording_it():
    result = lr_find(RunConfig(problem="rosenbrock"), min_lr=500, max_lr=1e3, steps=3)
    assert result.stopped_early and "the loss is inf" in result.reason
    assert len(result.loss) == 1 and math.isfinite(result.loss[0])
    assert result.suggestion is None


def test_the_given_config_is_never_touched():
    config = RunConfig(
        hyper={"momentum": 0.5}, scheduler="StepLR", sched={"step_size": 5}, epochs=7, lr=0.2
    )
    before = copy.deepcopy(config)
    hyper = config.hyper
    result = lr_find(config, steps=20)
    assert config == before and config.hyper is hyper
    assert result.config.scheduler is None and result.config.hyper == {"momentum": 0.5}


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"min_lr": 0.0}, ("min_lr",)),
        ({"max_lr": float("inf")}, ("max_lr",)),
        ({"min_lr": 1.0, "max_lr": 0.5}, ("max_lr",)),
        ({"steps": 2}, ("steps",)),
        ({"max_lr": 1e4}, ("max_lr",)),  # above the lr's own bound in the catalogue
    ],
)
def test_a_sweep_that_cannot_run_is_refused(kwargs, field):
    with pytest.raises(ConfigError) as caught:
        lr_find(RunConfig(), **kwargs)
    assert caught.value.field == field
    assert str(caught.value).startswith("--" + field[0].replace("_", "-") + ": ")
