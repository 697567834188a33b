"""The first layer's split reaches past reshaping layers: the app's CNN unflattens its rows."""

from __future__ import annotations

import numpy as np
import torch

from optiviz.engine.landscape.directions import random_plane
from optiviz.engine.landscape.first_layer import split_first_layer
from optiviz.engine.landscape.grid import plane_grid
from optiviz.engine.networks.models import small_cnn
from tests.engine.landscape.models import Wrapped


def test_the_app_s_cnn_is_split_after_its_unflatten_and_keeps_its_grid():
    torch.manual_seed(0)
    model = small_cnn()
    split = split_first_layer(model)
    assert split is not None
    first, rest = split
    assert [type(m) for m in first] == [torch.nn.Unflatten, torch.nn.Conv2d]
    assert [n for n, _ in first.named_parameters()] == ["1.weight", "1.bias"]
    assert next(n for n, _ in rest.named_parameters()) == "4.weight"

    g = torch.Generator().manual_seed(3)
    x, y = torch.rand(48, 64, generator=g), torch.randint(0, 10, (48,), generator=g)
    loss_fn = torch.nn.CrossEntropyLoss()
    plane = random_plane(model, torch.Generator().manual_seed(4))
    axis = np.linspace(-1.5, 1.5, 5)
    combined = plane_grid(model, loss_fn, x, y, plane, axis, axis)
    whole = plane_grid(Wrapped(model), loss_fn, x, y, plane, axis, axis)
    np.testing.assert_allclose(combined, whole, rtol=2e-6, atol=1e-6)
    assert len(np.unique(combined)) == combined.size


def test_only_reshaping_layers_may_come_before_the_split_layer():
    linear = torch.nn.Linear(4, 4)
    tail = torch.nn.Linear(4, 1)
    assert split_first_layer(torch.nn.Sequential(torch.nn.Flatten(), linear, tail)) is not None
    assert split_first_layer(torch.nn.Sequential(torch.nn.Dropout(0.5), linear, tail)) is None
    assert split_first_layer(torch.nn.Sequential(torch.nn.Tanh(), linear, tail)) is None
    assert split_first_layer(torch.nn.Sequential(torch.nn.Flatten(), linear)) is None
