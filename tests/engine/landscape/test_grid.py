"""Every grid value is the loss of the model with those parameters loaded, the model untouched."""

from __future__ import annotations

import copy

import numpy as np
import pytest
import torch
from torch.nn.utils import parameters_to_vector, vector_to_parameters

from optiviz.engine.landscape.batched import BatchedLoss, chunk_points
from optiviz.engine.landscape.directions import random_plane
from optiviz.engine.landscape.first_layer import split_first_layer
from optiviz.engine.landscape.grid import grid_span, plane_grid
from optiviz.engine.landscape.plane import Plane, axes_plane
from tests.engine.landscape.models import Wrapped

from .models import cnn, image_data, mlp, regression_data


def _loaded_loss(model, loss_fn, x, y, theta):
    twin = copy.deepcopy(model)
    vector_to_parameters(theta, twin.parameters())
    with torch.no_grad():
        return float(loss_fn(twin(x), y))


@pytest.mark.parametrize(
    ("make", "data", "loss_fn"),
    [
        (mlp, regression_data, torch.nn.MSELoss()),
        (cnn, image_data, torch.nn.CrossEntropyLoss()),
    ],
    ids=["mlp", "cnn"],
)
def test_every_grid_value_is_the_loss_with_those_parameters_loaded(make, data, loss_fn):
    model = make()
    x, y = data()
    plane = random_plane(model, torch.Generator().manual_seed(3))
    alpha = np.linspace(-1.0, 1.0, 5)
    beta = np.linspace(-0.5, 1.5, 4)
    loss = plane_grid(model, loss_fn, x, y, plane, alpha, beta)
    assert loss.shape == (5, 4)
    expected = np.array(
        [[_loaded_loss(model, loss_fn, x, y, plane.point(a, b)) for b in beta] for a in alpha]
    )
    np.testing.assert_allclose(loss, expected, rtol=2e-6, atol=1e-6)
    assert len(np.unique(loss)) == loss.size  # a real surface, not one value repeated


def test_the_model_is_never_changed():
    model = mlp()
    x, y = regression_data()
    before = copy.deepcopy(model.state_dict())
    params = [p for p in model.parameters()]
    plane = random_plane(model, torch.Generator().manual_seed(3))
    plane_grid(model, torch.nn.MSELoss(), x, y, plane, np.linspace(-2, 2, 7), np.linspace(-2, 2, 7))
    after = model.state_dict()
    assert all(torch.equal(before[k], after[k]) for k in before)
    assert all(a is b for a, b in zip(params, model.parameters(), strict=True))
    assert all(p.grad is None for p in model.parameters())
    assert not any(m._forward_hooks for m in model.modules())


def test_chunking_gives_the_values_of_one_chunk():
    model = cnn()
    x, y = image_data()
    loss_fn = torch.nn.CrossEntropyLoss()
    plane = random_plane(model, torch.Generator().manual_seed(4))
    axis = np.linspace(-1, 1, 6)
    assert chunk_points(model, x, 1) == 1
    one_point = plane_grid(model, loss_fn, x, y, plane, axis, axis, chunk_bytes=1)
    whole = plane_grid(model, loss_fn, x, y, plane, axis, axis)
    assert chunk_points(model, x) >= 36  # one chunk
    np.testing.assert_allclose(one_point, whole, rtol=1e-6, atol=1e-7)


def test_a_conv_model_gets_smaller_chunks_than_an_mlp_on_the_same_batch():
    images, _ = image_data(256)
    flat = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(64, 64), torch.nn.Linear(64, 10))
    budget = 64 * 1024 * 1024
    conv_chunk = chunk_points(cnn(), images, budget)
    assert conv_chunk < chunk_points(flat, images, budget)
    # the widest conv output: 256 images x 8 channels x 8 x 8, 4 bytes, a few times over
    assert conv_chunk * 256 * 8 * 64 * 4 <= budget


class _Branchy(torch.nn.Module):
    """A forward vmap cannot run: Python control flow on a tensor's value."""

    def __init__(self) -> None:
        super().__init__()
        self.linear = torch.nn.Linear(2, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.linear(x)
        if out.mean() > 100.0:
            return out * 0.0
        return out


def test_a_module_vmap_cannot_run_is_evaluated_point_by_point():
    torch.manual_seed(0)
    model = _Branchy()
    x, y = regression_data()
    loss_fn = torch.nn.MSELoss()
    batched = BatchedLoss(model, loss_fn, x, y)
    plane = random_plane(model, torch.Generator().manual_seed(2))
    coords = torch.tensor([[0.0, 0.0], [0.5, -0.5], [1.0, 1.0]])
    losses = batched(plane.anchor, plane.basis(), coords)
    assert not batched.vectorised
    expected = [_loaded_loss(model, loss_fn, x, y, plane.points(c[None])[0]) for c in coords]
    np.testing.assert_allclose(losses.numpy(), expected, rtol=1e-6)


def test_a_two_parameter_problem_on_its_axes_plane():
    model = torch.nn.Linear(1, 1)
    x = torch.linspace(0, 1, 11)[:, None]
    y = 3 * x + 2
    anchor = parameters_to_vector(model.parameters()).detach()
    plane = axes_plane(anchor)
    loss = plane_grid(
        model, torch.nn.MSELoss(), x, y, plane, np.array([0.0, 1.0]), np.array([0.0, 2.0])
    )
    w, b = anchor.tolist()
    for i, da in enumerate([0.0, 1.0]):
        for j, db in enumerate([0.0, 2.0]):
            expected = float((((w + da) * x + (b + db) - y) ** 2).mean())
            assert loss[i, j] == pytest.approx(expected, rel=1e-6)


def _plane(kind: str) -> Plane:
    eye = torch.eye(3)
    return Plane(anchor=torch.zeros(3), d1=eye[0], d2=eye[1], kind=kind)


def test_the_span_covers_the_path_with_a_margin():
    path = np.array([[0.0, 0.0], [2.0, 1.0], [4.0, 0.5]])
    (a0, a1), (b0, b1) = grid_span(_plane("pca"), path)
    assert (a0, a1) == pytest.approx((-1.0, 5.0))
    assert (b0, b1) == pytest.approx((-0.25, 1.25))


def test_a_random_plane_spans_at_least_minus_one_to_one():
    assert grid_span(_plane("random")) == ((-1.0, 1.0), (-1.0, 1.0))
    (a0, a1), (b0, b1) = grid_span(_plane("random"), np.array([[0.0, 0.0], [0.1, 0.02]]))
    assert (a0, a1, b0, b1) == (-1.0, 1.0, -1.0, 1.0)
    (a0, a1), _ = grid_span(_plane("random"), np.array([[0.0, 0.0], [3.0, 0.0]]))
    assert a1 == pytest.approx(3.75)


def test_a_path_that_never_moves_along_an_axis_still_gets_a_span():
    (a0, a1), (b0, b1) = grid_span(_plane("pca"), np.array([[0.0, 1.0], [2.0, 1.0]]))
    assert (a0, a1) == pytest.approx((-0.5, 2.5))
    assert (b0, b1) == pytest.approx((0.0, 2.0))


def test_running_statistics_of_a_normalisation_layer_in_training_mode_stay_the_model_s():
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Linear(2, 4), torch.nn.BatchNorm1d(4), torch.nn.Linear(4, 1)
    )
    x, y = regression_data()
    before = copy.deepcopy(model.state_dict())
    plane = random_plane(model, torch.Generator().manual_seed(1))
    loss = plane_grid(model, torch.nn.MSELoss(), x, y, plane, np.zeros(1), np.zeros(1))
    assert np.isfinite(loss).all()
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())


@pytest.mark.parametrize(
    ("make", "data", "loss_fn"),
    [
        (mlp, regression_data, torch.nn.MSELoss()),
        (cnn, image_data, torch.nn.CrossEntropyLoss()),
    ],
    ids=["mlp", "cnn"],
)
def test_combining_the_first_layer_s_outputs_equals_running_it_per_point(make, data, loss_fn):
    model = make()
    x, y = data()
    assert split_first_layer(model) is not None
    assert split_first_layer(Wrapped(model)) is None
    plane = random_plane(model, torch.Generator().manual_seed(8))
    axis = np.linspace(-2.0, 2.0, 5)
    combined = plane_grid(model, loss_fn, x, y, plane, axis, axis)
    whole = plane_grid(Wrapped(model), loss_fn, x, y, plane, axis, axis)
    np.testing.assert_allclose(combined, whole, rtol=2e-6, atol=1e-6)


def test_a_first_layer_sharing_its_weight_is_not_split():
    first, last = torch.nn.Linear(4, 4), torch.nn.Linear(4, 4)
    last.weight = first.weight
    assert split_first_layer(torch.nn.Sequential(first, torch.nn.Tanh(), last)) is None
    assert split_first_layer(torch.nn.Sequential(torch.nn.Tanh(), last)) is None
    assert split_first_layer(torch.nn.Sequential(first, torch.nn.Tanh())) is not None
