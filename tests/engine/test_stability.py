"""The stability guide's numbers, and real SGD runs on either side of its limit."""

from __future__ import annotations

import numpy as np
import pytest

from optiviz.engine.explain.stability import check_lr, hessian_at, is_quadratic, stability_guide
from optiviz.engine.problems.library import Dataset, least_squares, make_problem
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run


def test_tutorial_data_scaled_by_a_tenth():
    guide = stability_guide(make_problem("linear"))
    assert guide is not None
    np.testing.assert_allclose(guide.eigenvalues, [0.599, 5.148], atol=5e-4)
    assert guide.condition_number == pytest.approx(8.59, abs=0.01)
    assert guide.lr_limit == pytest.approx(0.3885, abs=5e-4)
    # MSE of w*x + b: H = 2 [[mean(x²), mean(x)], [mean(x), 1]]
    x = Dataset().scaled_x()
    expected = 2 * np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])
    np.testing.assert_allclose(guide.hessian, expected, rtol=1e-12)
    for i in range(2):  # eigen-axes
        axis = guide.eigenvectors[:, i]
        np.testing.assert_allclose(guide.hessian @ axis, guide.eigenvalues[i] * axis, rtol=1e-12)


def test_unscaled_data_has_a_tiny_limit():
    guide = stability_guide(make_problem("linear", dataset=Dataset(scaling="none")))
    assert guide.lr_limit == pytest.approx(0.0053, abs=5e-5)
    assert guide.condition_number > 400


def test_only_quadratic_losses_get_a_guide():
    assert is_quadratic(make_problem("quadratic"))
    guide = stability_guide(make_problem("quadratic"))
    np.testing.assert_allclose(guide.eigenvalues, [1.0, 100.0], rtol=1e-12)
    assert guide.lr_limit == pytest.approx(0.02)
    for name in ("rosenbrock", "beale", "himmelblau", "rastrigin"):
        assert not is_quadratic(make_problem(name)) and stability_guide(make_problem(name)) is None
    saddle = stability_guide(make_problem("saddle"))
    assert saddle.condition_number == float("inf") and saddle.lr_limit == pytest.approx(1.0)
    rosen = make_problem("rosenbrock")
    assert hessian_at(rosen, (1.0, 1.0)) == pytest.approx(np.array([[802.0, -400.0], [-400, 200]]))


def test_check_lr_warns_beyond_the_limit():
    guide = stability_guide(make_problem("linear"))
    assert not check_lr(guide, 0.01).crosses and check_lr(guide, 0.01).message == ""
    crossing = check_lr(guide, 0.5)
    assert crossing.crosses and crossing.ratio == pytest.approx(0.5 / guide.lr_limit)
    assert "0.3885" in crossing.message and "\n" not in crossing.message
    assert not check_lr(guide, 0.5, momentum=0.9).crosses  # heavy ball: 2(1 + β)/λ_max


def run_sgd(limit: float, factor: float, momentum: float = 0.0, epochs: int = 3000) -> Run:
    hyper = {"momentum": momentum} if momentum else {}
    return Run(RunConfig(lr=factor * limit, hyper=hyper, epochs=epochs)).run()


@pytest.mark.parametrize("momentum", [0.0, 0.5])
def test_sgd_converges_just_below_the_limit_and_diverges_just_above(momentum):
    guide = stability_guide(make_problem("linear"))
    limit = guide.limit(momentum)
    w, b, best = least_squares(Dataset())
    below = run_sgd(limit, 0.97, momentum)
    assert below.status == "finished"
    assert below.history.loss[-1] == pytest.approx(best, rel=1e-4)
    np.testing.assert_allclose(below.params(), [w, b], atol=2e-3)
    above = run_sgd(limit, 1.03, momentum)
    assert above.status == "diverged"
    loss = above.history.loss
    assert loss[-1] > 1e6 * loss[0]


@pytest.mark.parametrize("factor", [0.01, 0.5, 0.99])
def test_a_saddle_has_no_stable_lr_and_sgd_moves_away_at_every_lr(factor):
    guide = stability_guide(make_problem("saddle"))
    np.testing.assert_allclose(guide.eigenvalues, [-2.0, 2.0], rtol=1e-12)
    assert guide.negative_curvature
    assert not stability_guide(make_problem("quadratic")).negative_curvature
    lr = factor * guide.lr_limit  # below the positive axis's 2/λ_max = 1
    check = check_lr(guide, lr)
    assert check.crosses and "every lr" in check.message and "λ_min = -2" in check.message
    run = Run(RunConfig(problem="saddle", lr=lr, epochs=5)).run()
    y0 = run.history.start[1]
    growth = (1 + 2 * lr) ** np.arange(1, 6)  # y ← y − lr·(−2y): |1 − lr·λ_min| > 1
    np.testing.assert_allclose(run.history.params[:, 1], y0 * growth, rtol=1e-5)
    assert np.all(np.diff(run.history.loss) < 0)  # downhill, towards −∞
