"""The tutorial's own numbers, reproduced by the engine."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from optiviz.engine.problems.library import Dataset, least_squares, make_problem
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run
from tests.engine.plain_loops import TUTORIAL_LINES


def test_one_sgd_step_at_lr_1e5_matches_the_tutorial():
    run = Run(RunConfig(lr=1e-5, epochs=1))
    run.step()
    assert run.leaf.detach().numpy() == pytest.approx([1.0013, 0.0010], abs=5e-5)
    assert str(run.leaf) == "tensor([1.0013, 0.0010], requires_grad=True)"


def test_thousand_epochs_print_the_tutorials_ten_losses():
    run = Run(RunConfig())
    run.run()
    assert run.status == "finished" and run.epoch == 1000
    printed = run.history.loss[99::100]
    np.testing.assert_allclose(printed, TUTORIAL_LINES, rtol=1e-4)
    assert str(run.leaf) == "tensor([17.9473, 32.9443], requires_grad=True)"


def test_least_squares_minimum_and_raw_units():
    data = Dataset()
    w, b, loss = least_squares(data)
    assert (w, b) == pytest.approx((17.9228, 32.9811), abs=1e-4)
    assert loss == pytest.approx(9.775403, abs=2e-6)
    raw_w, raw_b = data.raw_coefficients(w, b)
    assert (raw_w, raw_b) == pytest.approx((1.79228, 32.9811), abs=1e-4)
    standardized = Dataset(scaling="standardize")
    sw, sb, _ = least_squares(standardized)
    assert standardized.raw_coefficients(sw, sb) == pytest.approx((raw_w, raw_b), rel=1e-5)


def test_loss_surface_grid_agrees_with_the_torch_loss():
    problem = make_problem("linear")
    w = np.array([[1.0, 17.9], [-3.0, 40.0]])
    b = np.array([[0.0, 33.0], [70.0, -5.0]])
    grid = problem.grid(w, b)
    for i in range(2):
        for j in range(2):
            expected = problem.loss(torch.tensor([w[i, j], b[i, j]], dtype=torch.float64)).item()
            assert grid[i, j] == pytest.approx(expected, rel=1e-5)
