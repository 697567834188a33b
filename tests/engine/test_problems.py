"""The 2-D test functions against their standard definitions, and runs on them against torch."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from optiviz.engine.problems.library import make_problem
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run
from tests.engine.plain_loops import plain_function_fit

# name: (start, domain, minima, value at the minima), from the standard definitions.
STANDARD = {
    "rosenbrock": ((-2.0, 2.0), ((-2.5, 2.5), (-1.5, 4.0)), [(1.0, 1.0)], 0.0),
    "beale": ((3.0, 4.0), ((-4.5, 4.5), (-4.5, 4.5)), [(3.0, 0.5)], 0.0),
    "himmelblau": (
        (0.0, 0.0),
        ((-5.0, 5.0), (-5.0, 5.0)),
        [(3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)],
        0.0,
    ),
    "rastrigin": ((-2.0, 3.5), ((-5.12, 5.12), (-5.12, 5.12)), [(0.0, 0.0)], 0.0),
    "quadratic": ((-2.5, 1.5), ((-3.0, 3.0), (-3.0, 3.0)), [(0.0, 0.0)], 0.0),
}


def _loss_and_grad(name: str, point) -> tuple[float, np.ndarray]:
    problem = make_problem(name)
    theta = torch.tensor(point, dtype=torch.float64, requires_grad=True)
    loss = problem.loss(theta)
    loss.backward()
    return loss.item(), theta.grad.numpy()


@pytest.mark.parametrize("name", sorted(STANDARD))
def test_start_domain_and_minima_are_the_standard_ones(name):
    start, domain, minima, value = STANDARD[name]
    problem = make_problem(name)
    assert problem.start == start
    assert problem.domain == domain
    assert problem.param_names == ("x", "y")
    assert len(problem.minima) == len(minima)
    for found, expected in zip(problem.minima, minima, strict=True):
        assert found == pytest.approx(expected, abs=1e-6)
    (x0, x1), (y0, y1) = problem.domain
    assert x0 <= start[0] <= x1 and y0 <= start[1] <= y1
    for point in problem.minima:
        assert x0 <= point[0] <= x1 and y0 <= point[1] <= y1
        loss, grad = _loss_and_grad(name, point)
        assert loss == pytest.approx(value, abs=1e-9)
        assert np.abs(grad).max() < 1e-4, f"gradient {grad} at the minimum {point}"


def test_the_minima_are_the_lowest_points_of_the_domain():
    for name, (_, domain, minima, value) in STANDARD.items():
        problem = make_problem(name)
        (x0, x1), (y0, y1) = domain
        a, b = np.meshgrid(np.linspace(x0, x1, 301), np.linspace(y0, y1, 301))
        assert problem.grid(a, b).min() >= value - 1e-9, name
        assert problem.value(*minima[0]) == pytest.approx(value, abs=1e-9)


def test_values_away_from_the_minima_are_the_textbook_ones():
    # Reference values computed by hand from the standard formulas.
    assert make_problem("rosenbrock").value(-2.0, 2.0) == pytest.approx(9 + 100 * 4)
    assert make_problem("rosenbrock").value(0.0, 0.0) == pytest.approx(1.0)
    assert make_problem("beale").value(0.0, 0.0) == pytest.approx(1.5**2 + 2.25**2 + 2.625**2)
    assert make_problem("himmelblau").value(0.0, 0.0) == pytest.approx(121 + 49)
    # Rastrigin is 0 at the origin and 20 + x^2 + y^2 at half-integers (cos(2πk + π) = -1 -> +10).
    assert make_problem("rastrigin").value(0.5, 0.5) == pytest.approx(20 + 0.5 + 20, rel=1e-12)
    assert make_problem("saddle").value(1.0, 2.0) == pytest.approx(-3.0)
    # The quadratic has eigenvalues 1 and 100 along the diagonals.
    quadratic = make_problem("quadratic")
    c = math.sqrt(0.5)
    assert quadratic.value(c, c) == pytest.approx(0.5)
    assert quadratic.value(-c, c) == pytest.approx(50.0)


def test_himmelblaus_local_maximum_and_the_saddles_stationary_point():
    _, grad = _loss_and_grad("himmelblau", (-0.270845, -0.923039))
    assert np.abs(grad).max() < 1e-4
    saddle = make_problem("saddle")
    assert saddle.minima == () and saddle.saddles == ((0.0, 0.0),)
    _, grad = _loss_and_grad("saddle", (0.0, 0.0))
    np.testing.assert_array_equal(grad, [0.0, 0.0])


def test_the_surface_grid_equals_the_torch_loss():
    for name in STANDARD:
        problem = make_problem(name)
        (x0, x1), (y0, y1) = problem.domain
        a, b = np.meshgrid(np.linspace(x0, x1, 7), np.linspace(y0, y1, 5))
        grid = problem.grid(a, b)
        for i, j in [(0, 0), (2, 3), (4, 6)]:
            theta = torch.tensor([a[i, j], b[i, j]], dtype=torch.float64)
            assert grid[i, j] == problem.loss(theta).item()


CASES = [
    ("SGD", {"lr": 1e-4, "momentum": 0.9}),
    ("Adam", {"lr": 0.05}),
    ("LBFGS", {"lr": 1.0, "line_search_fn": "strong_wolfe"}),
]


@pytest.mark.parametrize("function", ["rosenbrock", "himmelblau"])
@pytest.mark.parametrize(("optimizer", "settings"), CASES, ids=[c[0] for c in CASES])
def test_runs_on_test_functions_equal_the_plain_loop(function, optimizer, settings):
    epochs = 15 if optimizer == "LBFGS" else 150
    hyper = {k: v for k, v in settings.items() if k != "lr"}
    run = Run(
        RunConfig(
            problem=function, optimizer=optimizer, lr=settings["lr"], hyper=hyper, epochs=epochs
        )
    )
    run.run()
    start = make_problem(function).start
    loss, params = plain_function_fit(function, optimizer, settings, epochs, start)
    assert run.status == "finished"
    np.testing.assert_array_equal(run.history.loss, loss)
    np.testing.assert_array_equal(run.history.params, params)
    assert loss[-1] < loss[0], "the optimizer should make progress"
