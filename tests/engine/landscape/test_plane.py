"""A plane's points and the projection of parameters onto it."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from optiviz.engine.landscape.plane import Plane, axes_plane


def test_project_inverts_point_for_directions_that_are_not_orthogonal():
    g = torch.Generator().manual_seed(0)
    anchor, d1 = torch.randn(30, generator=g), torch.randn(30, generator=g)
    d2 = 0.6 * d1 + torch.randn(30, generator=g)  # far from orthogonal
    plane = Plane(anchor=anchor, d1=d1, d2=d2, kind="random")
    points = torch.stack([plane.point(0.3, -1.2), plane.point(2.0, 0.5), anchor])
    np.testing.assert_allclose(
        plane.project(points), [[0.3, -1.2], [2.0, 0.5], [0.0, 0.0]], atol=1e-5
    )
    coords = torch.tensor([[0.3, -1.2], [2.0, 0.5]])
    torch.testing.assert_close(plane.points(coords), points[:2])


def test_the_axes_plane_of_two_parameters_is_their_offsets():
    plane = axes_plane(torch.tensor([1.0, -2.0]))
    assert plane.kind == "axes"
    np.testing.assert_allclose(plane.project(torch.tensor([[1.5, 0.0]])), [[0.5, 2.0]])
    torch.testing.assert_close(plane.point(1.0, 1.0), torch.tensor([2.0, -1.0]))
    with pytest.raises(ValueError, match="2 parameters"):
        axes_plane(torch.zeros(3))


def test_directions_of_another_length_are_refused():
    with pytest.raises(ValueError, match="one length"):
        Plane(anchor=torch.zeros(3), d1=torch.zeros(3), d2=torch.zeros(4), kind="pca")
