"""The loss-surface grid against the problem's own loss."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from optiviz.engine.problems.library import make_problem
from optiviz.engine.problems.surface import surface_grid


@pytest.mark.parametrize("name", ["linear", "rosenbrock", "himmelblau", "saddle", "rastrigin"])
def test_grid_matches_the_loss_at_grid_points(name: str) -> None:
    problem = make_problem(name)
    grid = surface_grid(problem, resolution=40)
    assert grid.a.shape == (40,) and grid.b.shape == (40,)
    assert grid.z.shape == (len(grid.b), len(grid.a))
    for i, j in [(0, 0), (39, 0), (0, 39), (17, 23), (39, 39)]:
        theta = torch.tensor([grid.a[i], grid.b[j]], dtype=torch.float32)
        expected = float(problem.loss(theta))
        # z[j, i]: row is the second parameter, column the first
        assert grid.z[j, i] == pytest.approx(expected, rel=1e-4, abs=1e-4)


def test_cells_cover_the_domain() -> None:
    problem = make_problem("rosenbrock")
    grid = surface_grid(problem, resolution=10)
    (a0, a1), (b0, b1) = problem.domain
    assert grid.a[0] == pytest.approx(a0 + (a1 - a0) / 20)
    assert grid.a[-1] == pytest.approx(a1 - (a1 - a0) / 20)
    assert grid.b[0] == pytest.approx(b0 + (b1 - b0) / 20)
    assert np.all(np.diff(grid.a) > 0) and np.all(np.diff(grid.b) > 0)


def test_log_display_and_levels() -> None:
    grid = surface_grid(make_problem("linear"), resolution=60)
    assert grid.log
    assert np.all(np.isfinite(grid.z_display))
    np.testing.assert_allclose(grid.to_display(grid.z), grid.z_display)
    # log of the loss above the grid's minimum: the lowest cell is the darkest
    assert np.argmin(grid.z_display) == np.argmin(grid.z)
    assert 8 <= len(grid.levels) <= 16
    assert np.all(np.diff(grid.levels) > 0)
    assert grid.z_display.min() < grid.levels[0] and grid.levels[-1] < grid.z_display.max()
    lo, hi = grid.color_range
    assert lo < hi


def test_linear_display_keeps_negative_losses() -> None:
    grid = surface_grid(make_problem("saddle"), resolution=30)
    assert not grid.log
    np.testing.assert_array_equal(grid.z_display, grid.z)
    assert grid.z.min() < 0 < grid.z.max()


def test_explicit_domain() -> None:
    problem = make_problem("himmelblau")
    grid = surface_grid(problem, resolution=8, domain=((0.0, 1.0), (2.0, 4.0)))
    assert grid.domain == ((0.0, 1.0), (2.0, 4.0))
    assert 0 < grid.a.min() < grid.a.max() < 1 and 2 < grid.b.min() < grid.b.max() < 4
    assert grid.z[0, 0] == pytest.approx(problem.value(grid.a[0], grid.b[0]))
