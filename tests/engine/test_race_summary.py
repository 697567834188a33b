"""The race summary against plain PyTorch loops: final loss, tolerance epoch, divergence, time."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.race import run_all
from optiviz.engine.runs.run import Run
from optiviz.engine.runs.summary import format_table, minimum_loss, reached_at, summarise
from tests.engine.plain_loops import X, Y, plain_function_fit, plain_linear_fit

TOL = 1e-3


def plain_minimum() -> float:
    """Least squares of the tutorial's data (x scaled by 0.1 in float32, as the loop scales
    it), from the normal equations in float64."""
    x = (0.1 * torch.tensor(X)).double().numpy()
    y = np.array(Y, dtype=np.float64)
    n = len(x)
    w = (n * (x * y).sum() - x.sum() * y.sum()) / (n * (x * x).sum() - x.sum() ** 2)
    b = (y.sum() - w * x.sum()) / n
    return float(np.mean((w * x + b - y) ** 2))


def first_within(losses: np.ndarray, minimum: float, tol: float) -> int | None:
    """The first epoch (1-based) within ``tol`` of ``minimum``, by a plain scan."""
    bound = minimum + tol * max(1.0, abs(minimum))
    for epoch, loss in enumerate(losses, start=1):
        if loss <= bound:
            return epoch
    return None


def test_summary_of_a_race_matches_plain_loops():
    configs = [
        RunConfig(optimizer="SGD", lr=0.01, epochs=3000),
        RunConfig(optimizer="Adam", lr=0.5, epochs=3000),
        RunConfig(optimizer="SGD", lr=1.5, epochs=3000),  # diverges
    ]
    clock: list[float] = []
    runs = run_all(configs, clock=clock)
    minimum = minimum_loss(runs[0].problem)
    assert minimum == pytest.approx(plain_minimum(), rel=1e-12)
    rows = [
        summarise(str(i), r.history.loss, r.diverged_at, clock[i], minimum, TOL)
        for i, r in enumerate(runs)
    ]
    sgd, _, _ = plain_linear_fit("SGD", {"lr": 0.01}, 3000)
    adam, _, _ = plain_linear_fit("Adam", {"lr": 0.5}, 3000)
    for row, plain in ((rows[0], sgd), (rows[1], adam)):
        assert row.final_loss == plain[-1]
        assert row.epochs == 3000
        expected = first_within(plain, plain_minimum(), TOL)
        assert expected is not None and 1 < expected < 3000
        assert row.reached_at == expected
        assert row.diverged_at is None
    wild, _, _ = plain_linear_fit("SGD", {"lr": 1.5}, 100)
    first_inf = int(np.flatnonzero(~np.isfinite(wild))[0]) + 1
    assert rows[2].diverged_at == first_inf
    assert rows[2].epochs == first_inf - 1
    assert rows[2].final_loss == wild[first_inf - 2]
    assert rows[2].reached_at is None
    # each run's stepping time, and the long runs took longer than the one that stopped early
    assert all(c > 0 for c in clock)
    assert clock[2] < min(clock[0], clock[1])


def test_test_function_minimum_and_a_run_that_never_gets_there():
    run = Run(RunConfig(problem="rosenbrock", optimizer="Adam", lr=0.05, epochs=400)).run()
    minimum = minimum_loss(run.problem)
    assert minimum == 0.0  # (1 - 1)**2 + 100 * (1 - 1)**2
    plain, _ = plain_function_fit("rosenbrock", "Adam", {"lr": 0.05}, 400, (-2.0, 2.0))
    assert reached_at(run.history.loss, minimum, 1e-2) == first_within(plain, 0.0, 1e-2)
    assert reached_at(run.history.loss, minimum, 1e-12) == first_within(plain, 0.0, 1e-12)
    assert reached_at(run.history.loss[:5], minimum, 1e-2) is None


def test_saddle_has_no_minimum_and_the_table_says_so():
    run = Run(RunConfig(problem="saddle", optimizer="SGD", lr=0.01, epochs=10)).run()
    assert minimum_loss(run.problem) is None
    row = summarise("saddle", run.history.loss, run.diverged_at, 0.002, None)
    assert row.reached_at is None and row.epochs == 10
    text = format_table([row], [None], TOL)
    assert "no known minimum" in text
    assert "2.0 ms" in text and f"{run.history.loss[-1]:.6g}" in text


def test_empty_run_row():
    row = summarise("new", np.array([]), None, 0.0, 1.0)
    assert row.final_loss is None and row.reached_at is None and row.epochs == 0
    assert row.as_dict()["final_loss"] is None
    assert not math.isnan(row.wall_time)
