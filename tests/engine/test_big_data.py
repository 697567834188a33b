"""A million points: the surface from five moments, and a Dataset that compares, hashes and
pickles by its arrays while keeping the meaning of its tuples."""

from __future__ import annotations

import pickle
from dataclasses import replace

import numpy as np
import pytest
import torch

from optiviz.engine.errors import ConfigError
from optiviz.engine.problems.library import (
    SCALINGS,
    TUTORIAL_X,
    TUTORIAL_Y,
    Dataset,
    least_squares,
    linear_problem,
)
from optiviz.engine.problems.moments import LinearMoments
from optiviz.engine.problems.surface import surface_grid


def old_surface(data: Dataset, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The surface as it was computed before: broadcast over every point, in float64."""
    x, y = data.tensors
    xd, yd = x.double(), y.double()
    wt, bt = torch.from_numpy(w), torch.from_numpy(b)
    return ((wt.unsqueeze(-1) * xd + bt.unsqueeze(-1) - yd) ** 2).mean(-1).numpy()


def exact_surface(data: Dataset, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The same mean in extended precision (the reference where float64 itself cancels)."""
    x = data.tensors[0].double().numpy().astype(np.longdouble)
    y = data.tensors[1].double().numpy().astype(np.longdouble)
    wl = np.asarray(w, np.longdouble)[..., None]
    bl = np.asarray(b, np.longdouble)[..., None]
    return ((wl * x + bl - y) ** 2).mean(-1).astype(np.float64)


def grid_and_minimum(data: Dataset) -> tuple[np.ndarray, np.ndarray]:
    """The surface pane's grid over the problem's domain plus points at and near the minimum."""
    problem = linear_problem(data)
    grid = surface_grid(problem, 40)
    aa, bb = np.meshgrid(grid.a, grid.b)
    w0, b0, _ = least_squares(data)
    near = np.array([0.0, 1e-9, -1e-6, 1e-3, 0.5])
    w = np.concatenate([aa.ravel(), w0 + near, np.full(5, w0)])
    b = np.concatenate([bb.ravel(), np.full(5, b0), b0 + near])
    return w, b


@pytest.mark.parametrize("scaling", SCALINGS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_surface_from_moments_equals_broadcasting_over_every_point(scaling, seed) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 3000))
    x = rng.normal(rng.normal(0, 20), rng.uniform(0.1, 30), n)
    y = rng.uniform(-5, 5) * x + rng.normal(0, rng.uniform(0.01, 10), n) + rng.normal(0, 50)
    data = Dataset(tuple(x.tolist()), tuple(y.tolist()), scaling)
    w, b = grid_and_minimum(data)
    new = linear_problem(data).grid(w, b)
    np.testing.assert_allclose(new, old_surface(data, w, b), rtol=1e-9, atol=0)


@pytest.mark.parametrize("scaling", SCALINGS)
def test_the_surface_keeps_its_precision_far_from_the_origin(scaling) -> None:
    """y ≈ 1e6 + noise: the loss near the minimum is 1e-14 of Σy²; expanded sums would lose it."""
    rng = np.random.default_rng(7)
    x = rng.uniform(0, 40, 5000)
    y = 1e6 + 0.25 * x + rng.normal(0, 0.05, len(x))
    data = Dataset(tuple(x.tolist()), tuple(y.tolist()), scaling)
    w, b = grid_and_minimum(data)
    exact = exact_surface(data, w, b)
    new = linear_problem(data).grid(w, b)
    np.testing.assert_allclose(new, exact, rtol=1e-9, atol=0)
    # what the centring avoids: the same quadratic from raw sums is off by orders of magnitude
    xs, ys = data.scaled_x(), data.arrays[1]
    raw = (
        w**2 * np.mean(xs * xs)
        + 2 * w * b * xs.mean()
        + b**2
        - 2 * w * np.mean(xs * ys)
        - 2 * b * ys.mean()
        + np.mean(ys * ys)
    )
    assert np.max(np.abs(raw - exact) / exact) > 1e-6


def test_the_surface_of_a_million_points_costs_what_eleven_cost() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=1_000_000)
    data = Dataset(x, 2 * x + 1 + rng.normal(size=len(x)), "none")
    problem = linear_problem(data)
    assert isinstance(problem.function.__self__, LinearMoments)  # type: ignore[attr-defined]
    grid = surface_grid(problem, 160)  # broadcast: 160·160·10⁶ float64s, 205 GB
    assert grid.z.shape == (160, 160) and np.isfinite(grid.z).all()
    w, b, _ = least_squares(data)
    at = np.array([w, w + 0.1, w]), np.array([b, b, b - 3.0])
    np.testing.assert_allclose(problem.grid(*at), old_surface(data, *at), rtol=1e-9)


def test_the_surface_has_the_same_gradient_and_hessian() -> None:
    data = Dataset()
    theta = torch.tensor([1.3, -0.4], dtype=torch.float64, requires_grad=True)
    x, y = (t.double() for t in data.tensors)
    loss_new = linear_problem(data).function(theta[0], theta[1])
    loss_old = ((theta[0] * x + theta[1] - y) ** 2).mean()
    (g_new,) = torch.autograd.grad(loss_new, theta)
    (g_old,) = torch.autograd.grad(loss_old, theta)
    torch.testing.assert_close(g_new, g_old, rtol=1e-12, atol=1e-12)
    assert loss_new.dtype == torch.float64


@pytest.mark.parametrize("scaling", SCALINGS)
def test_tensors_are_bit_for_bit_those_of_torch_tensor_on_the_tuples(scaling) -> None:
    rng = np.random.default_rng(11)
    x = tuple((rng.normal(0, 1, 20_000) * 10.0 ** rng.integers(-30, 30, 20_000)).tolist())
    y = tuple(rng.normal(50, 30, 20_000).tolist())
    data = Dataset(x, y, scaling)
    xt, yt = torch.tensor(x), torch.tensor(y)  # the tutorial's operations on the tuples
    if scaling == "tutorial":
        xt = 0.1 * xt
    elif scaling == "standardize":
        shift, factor = data.shift_factor
        xt = (xt - shift) * factor
    assert data.tensors[0].dtype == torch.float32 and data.tensors[1].dtype == torch.float32
    assert torch.equal(data.tensors[0], xt) and torch.equal(data.tensors[1], yt)


def test_equality_and_hash_mean_what_the_tuples_mean() -> None:
    assert Dataset() == Dataset(TUTORIAL_X, TUTORIAL_Y, "tutorial")
    assert hash(Dataset()) == hash(Dataset(list(TUTORIAL_X), np.array(TUTORIAL_Y)))
    assert Dataset(list(TUTORIAL_X), np.array(TUTORIAL_Y)).x == TUTORIAL_X  # tuples of floats
    assert type(Dataset(np.array(TUTORIAL_X)).x[0]) is float
    assert Dataset(scaling="none") != Dataset()
    bumped = (np.nextafter(TUTORIAL_X[0], np.inf), *TUTORIAL_X[1:])
    assert Dataset(bumped) != Dataset()
    assert Dataset(TUTORIAL_X[:-1], TUTORIAL_Y[:-1]) != Dataset()
    assert Dataset((0.0, 1.0), (-0.0, 2.0)) == Dataset((-0.0, 1.0), (0.0, 2.0))
    assert hash(Dataset((0.0, 1.0), (-0.0, 2.0))) == hash(Dataset((-0.0, 1.0), (0.0, 2.0)))
    assert Dataset((1, 2), (3, 4)) == Dataset((1.0, 2.0), (3.0, 4.0))
    assert hash(Dataset((1, 2), (3, 4))) == hash(Dataset((1.0, 2.0), (3.0, 4.0)))
    named = Dataset(x_name="hours", y_name="score")
    assert named == Dataset() and hash(named) == hash(Dataset())
    assert Dataset() != (TUTORIAL_X, TUTORIAL_Y, "tutorial")
    assert len({Dataset(), named, Dataset(scaling="none")}) == 2
    assert replace(named, x_name=None, y_name=None) == Dataset()
    assert replace(Dataset(), scaling="standardize") == Dataset(scaling="standardize")


def test_the_arrays_cannot_be_changed_behind_the_digest() -> None:
    source = np.array(TUTORIAL_X)
    data = Dataset(source)
    source[0] = 99.0  # the caller's array is copied
    assert data == Dataset() and data.x == TUTORIAL_X
    with pytest.raises(ValueError):
        data.arrays[0][0] = 99.0


@pytest.mark.parametrize(
    "x",
    [("1", "2"), (1.0, None), ((1.0, 2.0), (3.0, 4.0))],
    ids=["text", "none", "nested"],
)
def test_what_is_not_a_number_is_refused(x) -> None:
    with pytest.raises(ConfigError, match="finite number"):
        Dataset(x, (1.0, 2.0))


def test_a_million_points_pickle_as_arrays_and_come_back_equal() -> None:
    rng = np.random.default_rng(5)
    x = rng.normal(size=1_000_000)
    data = Dataset(x, -x, "standardize", x_name="a", y_name="b")
    raw = pickle.dumps(data)
    assert len(raw) < 16_100_000  # two float64 arrays; tuples of floats took 18 MB
    back = pickle.loads(raw)
    assert back == data and hash(back) == hash(data)
    assert (back.x_name, back.y_name, back.scaling) == ("a", "b", "standardize")
    assert back.x == data.x and type(back.x) is tuple and type(back.y[0]) is float
    assert back.x is back.x  # read from the array once, then kept
    assert torch.equal(back.tensors[0], data.tensors[0])


def test_the_moments_gradient_is_autograd_s_on_the_surface():
    from optiviz.engine.problems.library import Dataset

    rng = np.random.default_rng(5)
    x = rng.normal(3.0, 2.0, 200)
    data = Dataset(tuple(x.tolist()), tuple((1e3 + 4.0 * x + rng.normal(0, 1, 200)).tolist()))
    for w, b in [(0.0, 0.0), (4.1, 99.5), (-3.0, 2e3)]:
        theta = torch.tensor([w, b], dtype=torch.float64, requires_grad=True)
        (expected,) = torch.autograd.grad(data.moments.loss(theta[0], theta[1]), theta)
        assert np.allclose(data.moments.gradient(w, b), expected.numpy(), rtol=1e-10, atol=1e-9)
