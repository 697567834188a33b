"""Filter-normalised random directions (Li et al. 2018) and the path's principal directions."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch.nn.utils import parameters_to_vector, vector_to_parameters

from optiviz.engine.landscape.directions import (
    pca_directions,
    pca_plane,
    random_directions,
    random_plane,
)

from .models import cnn, mlp


def _as_parameters(model: torch.nn.Module, flat: torch.Tensor) -> list[torch.Tensor]:
    shaped = [torch.empty_like(p) for p in model.parameters()]
    vector_to_parameters(flat, shaped)
    return shaped


@pytest.mark.parametrize("make", [mlp, cnn], ids=["mlp", "cnn"])
def test_every_filter_has_the_norm_of_the_same_filter_in_the_weights(make):
    model = make()
    d1, d2 = random_directions(model, torch.Generator().manual_seed(0))
    assert not torch.equal(d1, d2)
    for direction in (d1, d2):
        for weight, part in zip(model.parameters(), _as_parameters(model, direction), strict=True):
            if weight.dim() == 1:  # biases: zero, as the paper ignores them
                assert torch.count_nonzero(part) == 0
                continue
            w_norms = weight.detach().reshape(weight.shape[0], -1).norm(dim=1)
            d_norms = part.reshape(part.shape[0], -1).norm(dim=1)
            torch.testing.assert_close(d_norms, w_norms, rtol=1e-5, atol=1e-7)
            assert not torch.allclose(part, weight.detach())  # random, not the weights


def test_directions_come_from_their_generator_and_never_touch_the_global_rng():
    model = cnn()
    torch.manual_seed(123)
    state = torch.get_rng_state()
    first = random_directions(model, torch.Generator().manual_seed(9))
    again = random_directions(model, torch.Generator().manual_seed(9))
    other = random_directions(model, torch.Generator().manual_seed(10))
    plane = random_plane(model, torch.Generator().manual_seed(9))
    assert torch.equal(torch.get_rng_state(), state)
    assert torch.equal(first[0], again[0]) and torch.equal(first[1], again[1])
    assert not torch.equal(first[0], other[0])
    assert torch.equal(plane.d1, first[0]) and plane.kind == "random"
    assert torch.equal(plane.anchor, parameters_to_vector(model.parameters()).detach())


def _path_near_a_plane(k: int = 300, p: int = 50) -> torch.Tensor:
    g = torch.Generator().manual_seed(1)
    basis, _ = torch.linalg.qr(torch.randn(p, 2, generator=g, dtype=torch.float64))
    t = torch.linspace(0, 1, k, dtype=torch.float64)
    coords = torch.stack([3.0 * t, 0.8 * torch.sin(6 * t)], dim=1)  # unequal spreads
    noise = 0.01 * torch.randn(k, p, generator=g, dtype=torch.float64)
    return (torch.randn(p, generator=g) + coords @ basis.T + noise).float()


def test_pca_of_a_path_near_a_plane_explains_most_of_it_and_matches_the_full_svd():
    path = _path_near_a_plane()
    d1, d2, explained = pca_directions(path, max_rows=40)  # every 8th row
    assert explained[0] + explained[1] >= 0.9
    assert explained[0] > explained[1] > 0.0
    centred = (path - path.mean(dim=0)).double()
    _, s, vt = torch.linalg.svd(centred, full_matrices=False)
    # from a sample of the rows: the same plane within 2.5 degrees (1 - cos = 1e-3)
    assert abs(float(d1.double() @ vt[0])) == pytest.approx(1.0, abs=1e-3)
    assert abs(float(d2.double() @ vt[1])) == pytest.approx(1.0, abs=1e-3)
    full = (s[:2] ** 2 / (s**2).sum()).tolist()
    assert explained == pytest.approx(full, abs=0.02)
    assert float(d1 @ d2) == pytest.approx(0.0, abs=1e-6)
    # from every row: the full SVD's directions and fractions
    d1, d2, explained = pca_directions(path, max_rows=path.shape[0])
    assert abs(float(d1.double() @ vt[0])) == pytest.approx(1.0, abs=1e-6)
    assert abs(float(d2.double() @ vt[1])) == pytest.approx(1.0, abs=1e-6)
    assert explained == pytest.approx(full, rel=1e-6)


def test_pca_with_more_rows_than_parameters_uses_the_parameter_gram():
    path = _path_near_a_plane(k=400, p=5)
    d1, d2, _ = pca_directions(path, max_rows=1000)
    _, _, vt = torch.linalg.svd((path - path.mean(dim=0)).double(), full_matrices=False)
    assert abs(float(d1.double() @ vt[0])) == pytest.approx(1.0, abs=1e-5)
    assert abs(float(d2.double() @ vt[1])) == pytest.approx(1.0, abs=1e-4)


def test_a_straight_path_still_gets_a_second_orthogonal_direction():
    start, step = torch.randn(20), torch.randn(20)
    path = start + torch.linspace(0, 1, 10)[:, None] * step
    d1, d2, explained = pca_directions(path)
    assert abs(float(d1 @ step / step.norm())) == pytest.approx(1.0, abs=1e-5)
    assert float(d1 @ d2) == pytest.approx(0.0, abs=1e-6)
    assert float(d2.norm()) == pytest.approx(1.0)
    assert explained[0] == pytest.approx(1.0, abs=1e-5)


def test_the_pca_plane_projects_its_own_path_exactly():
    path = _path_near_a_plane()
    plane = pca_plane(path)
    assert plane.kind == "pca" and plane.explained is not None
    assert torch.equal(plane.anchor, path[-1])
    coords = plane.project(path)
    assert np.abs(coords[-1]).max() < 1e-5
    # with orthonormal directions least squares is the dot product
    expected = ((path - path[-1]) @ plane.basis().T).numpy()
    np.testing.assert_allclose(coords, expected, rtol=1e-4, atol=1e-4)
