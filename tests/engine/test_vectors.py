"""Every vector equals what torch keeps in optimizer.state, and the step sizes are torch's."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from optiviz.engine.catalogue.optimizers import optimizer_catalogue
from optiviz.engine.explain.teaching import PhaseStepper
from optiviz.engine.explain.vectors import DIRECTION, STEP_SIZE, display_scale, optimizer_vectors
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run


def state_of(run: Run, key: str) -> np.ndarray:
    value = run.optimizer.state[run.leaf][key]
    return value.detach().numpy().astype(np.float64).reshape(2)


def last_step(run: Run) -> tuple[np.ndarray, np.ndarray]:
    """The last update Δ and the gradient it used, from the run's history."""
    update = run.history.params[-1] - run.history.params_at(run.epoch - 1)
    return update, run.history.grad[-1]


def test_sgd_momentum():
    run = Run(RunConfig(lr=1e-2, hyper={"momentum": 0.9}, epochs=50)).run(5)
    vectors = optimizer_vectors(run)
    assert set(vectors) == {"neg_grad", "update", "momentum"}
    np.testing.assert_array_equal(vectors["momentum"].components, -state_of(run, "momentum_buffer"))
    grad = run.leaf.grad.numpy().astype(np.float64)
    np.testing.assert_array_equal(vectors["neg_grad"].components, -grad)
    # the gradient was taken before the last step; the momentum lives at the current point
    np.testing.assert_array_equal(vectors["neg_grad"].origin, run.history.params_at(4))
    np.testing.assert_array_equal(vectors["momentum"].origin, run.params())
    update, _ = last_step(run)
    np.testing.assert_array_equal(vectors["update"].components, update)
    np.testing.assert_allclose(update, 1e-2 * vectors["momentum"].components, rtol=1e-5)
    assert all(v.kind == DIRECTION for v in vectors.values())


def test_adam_first_moment_and_step_size_reproduce_the_step():
    run = Run(RunConfig(optimizer="Adam", lr=0.5, hyper={"betas": (0.8, 0.99)}, epochs=50))
    run.run(7)
    vectors = optimizer_vectors(run)
    assert {"neg_grad", "update", "first_moment", "step_size"} <= set(vectors)
    m = state_of(run, "exp_avg")
    np.testing.assert_array_equal(vectors["first_moment"].components, -m)
    step = float(run.optimizer.state[run.leaf]["step"])
    v_hat = state_of(run, "exp_avg_sq") / (1 - 0.99**step)
    size = vectors["step_size"]
    assert size.kind == STEP_SIZE and size.source == "exp_avg_sq"
    np.testing.assert_allclose(size.components, 0.5 / (np.sqrt(v_hat) + 1e-8), rtol=1e-6)
    update, _ = last_step(run)  # Adam's step: -lr_eff * m / (1 - beta1^t)
    np.testing.assert_allclose(update, -size.components * m / (1 - 0.8**step), rtol=1e-5)


@pytest.mark.parametrize(
    ("name", "hyper", "key"),
    [("RMSprop", {}, "square_avg"), ("Adagrad", {"lr_decay": 0.01}, "sum")],
)
def test_second_moment_step_size_reproduces_the_step(name, hyper, key):
    run = Run(RunConfig(optimizer=name, lr=0.1, hyper=hyper, epochs=50)).run(6)
    vectors = optimizer_vectors(run)
    assert set(vectors) == {"neg_grad", "update", "step_size"}
    size = vectors["step_size"]
    assert size.source == key
    update, grad = last_step(run)  # plain RMSprop / Adagrad: -lr_eff * grad
    np.testing.assert_allclose(update, -size.components * grad, rtol=1e-5)
    assert np.all(size.components > 0)


def test_every_optimizer_gives_finite_vectors_from_its_state():
    for name in optimizer_catalogue():
        run = Run(RunConfig(optimizer=name, lr=0.05, epochs=10)).run(3)
        vectors = optimizer_vectors(run)
        assert "neg_grad" in vectors and "update" in vectors, name
        for vector in vectors.values():
            assert vector.components.shape == (2,) and np.all(np.isfinite(vector.components))
        state = run.optimizer.state[run.leaf]
        for key, vname in (("momentum_buffer", "momentum"), ("exp_avg", "first_moment")):
            assert (key in state) == (vname in vectors), (name, key)


def test_mid_epoch_gradient_belongs_to_the_current_point():
    run = Run(RunConfig(optimizer="Adam", lr=0.5, epochs=10)).run(2)
    stepper = PhaseStepper(run)
    while stepper.next().phase != "zero_grad":
        pass
    assert "neg_grad" not in optimizer_vectors(run)  # zero_grad set params.grad to None
    stepper.next()  # backward
    vectors = optimizer_vectors(run)
    np.testing.assert_array_equal(vectors["neg_grad"].origin, run.params())
    np.testing.assert_array_equal(vectors["neg_grad"].components, -run.leaf.grad.double().numpy())


def test_display_scale_is_true_length_or_one_round_factor_kept_while_it_fits():
    run = Run(RunConfig(epochs=10)).run(2)
    vectors = optimizer_vectors(run)
    longest = max(np.hypot(*v.components) for v in vectors.values())
    domain = ((-10.0, 30.0), (0.0, 20.0))
    scale = display_scale(vectors, domain)
    assert scale < 1 and scale in (5e-3, 2e-3, 1e-3, 5e-4, 2e-4, 1e-4, 1e-2, 2e-2, 5e-2)
    assert 0.125 * 20.0 < longest * scale <= 0.25 * 20.0  # a round factor, about a quarter
    # kept while the arrows still fit: a shorter gradient is drawn shorter
    shorter = {k: replace(v, components=v.components / 100) for k, v in vectors.items()}
    assert display_scale(shorter, domain, current=scale) == scale
    # a gradient that fits is drawn at its true length
    wide = ((-300.0, 300.0), (-300.0, 300.0))
    assert display_scale(vectors, wide) == 1.0
    assert display_scale({}, domain) == 1.0
    assert display_scale({}, domain, current=0.5) == 0.5
