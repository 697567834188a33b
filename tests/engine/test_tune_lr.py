"""Tune lr against plain PyTorch loops: each grid point's final loss, the best lr, and stop."""

from __future__ import annotations

import math
import threading

import numpy as np
import pytest
import torch

from optiviz.engine.errors import ConfigError
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.tune_lr import lr_grid, settings, tune_lr
from tests.engine.plain_loops import plain_linear_fit

GRID = [1e-3, 1e-2, 0.1, 1.5]
EPOCHS = 200


def plain_best(optimizer: str) -> tuple[list[float], float]:
    """Final losses of plain loops over GRID (NaN once the loss is not finite) and the best."""
    finals = []
    for lr in GRID:
        losses, _, _ = plain_linear_fit(optimizer, {"lr": lr}, EPOCHS)
        finals.append(float(losses[-1]) if np.isfinite(losses).all() else math.nan)
    best = min((loss, lr) for loss, lr in zip(finals, GRID, strict=True) if math.isfinite(loss))
    return finals, best[1]


def test_tune_finds_each_optimizers_best_lr_of_the_grid_as_plain_loops_do():
    sgd = RunConfig(optimizer="SGD", lr=0.01, epochs=EPOCHS)
    adam = RunConfig(optimizer="Adam", lr=0.01, epochs=EPOCHS)
    configs = [sgd, adam, sgd.copy(lr=0.002)]  # runs 1 and 3: one setting, tuned once
    seen: list[tuple[int, int]] = []
    result = tune_lr(configs, GRID, progress=lambda d, t: seen.append((d, t)))
    assert not result.stopped
    assert [t.runs for t in result.tunings] == [[0, 2], [1]]
    assert seen == [(i, 8) for i in range(1, 9)]
    for tuning, name in zip(result.tunings, ("SGD", "Adam"), strict=True):
        finals, best = plain_best(name)
        np.testing.assert_array_equal(tuning.final_loss, finals)  # bit for bit, NaN where NaN
        assert tuning.best_lr == best
    sgd_finals, sgd_best = plain_best("SGD")
    _, adam_best = plain_best("Adam")
    assert math.isnan(sgd_finals[-1])  # lr 1.5 diverges: never the best
    assert result.tunings[0].notes[-1].startswith("diverged at epoch")
    assert sgd_best != adam_best  # the point: each optimizer has its own best lr
    assert result.best_lrs(3) == [sgd_best, adam_best, sgd_best]


def test_tuning_repeats_and_leaves_the_callers_rng_alone():
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    first = tune_lr([RunConfig(optimizer="Adam", epochs=30)], [0.01, 0.1])
    after = torch.rand(3)
    second = tune_lr([RunConfig(optimizer="Adam", epochs=30)], [0.01, 0.1])
    assert torch.equal(after, expected)
    assert first.tunings[0].final_loss == second.tunings[0].final_loss


def test_stop_ends_the_tuning_with_what_it_has():
    flag = threading.Event()
    configs = [RunConfig(optimizer="SGD", epochs=5000), RunConfig(optimizer="Adam", epochs=5000)]

    def progress(done: int, total: int) -> None:
        if done == 2:
            flag.set()

    result = tune_lr(configs, [1e-3, 1e-2, 0.1], stop=flag.is_set, progress=progress)
    assert result.stopped
    assert [len(t.final_loss) for t in result.tunings] == [2, 0]
    assert result.best_lrs(2)[1] is None


def test_stop_inside_a_long_trial():
    calls = [0]

    def stop() -> bool:
        calls[0] += 1
        return calls[0] > 3  # within the first trial's epochs

    result = tune_lr([RunConfig(optimizer="SGD", epochs=100_000)], [0.01], stop=stop)
    assert result.stopped and result.tunings[0].final_loss == []


def test_grid_and_refusals():
    assert lr_grid(1e-4, 1.0, 5) == pytest.approx([1e-4, 1e-3, 1e-2, 1e-1, 1.0])
    with pytest.raises(ConfigError) as err:
        lr_grid(1.0, 0.1, 5)
    assert err.value.field == ("hi",)
    with pytest.raises(ConfigError):
        lr_grid(1e-3, 1.0, 1)
    groups = settings([RunConfig(lr=0.1), RunConfig(lr=0.2), RunConfig(optimizer="Adam")])
    assert [runs for _, runs in groups] == [[0, 1], [2]]


def test_stop_inside_one_slow_lbfgs_step():
    slow = RunConfig(
        optimizer="LBFGS",
        lr=0.1,
        epochs=1000,
        hyper={"max_iter": 1000, "tolerance_grad": 0.0, "tolerance_change": 0.0},
    )
    calls = [0]

    def stop() -> bool:
        calls[0] += 1
        return calls[0] > 50  # inside the first step's loss evaluations

    result = tune_lr([slow], [0.1], stop=stop)
    assert result.stopped and calls[0] == 51
