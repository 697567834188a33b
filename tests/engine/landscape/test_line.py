"""The loss along the straight line from the start to the current point (Goodfellow et al.)."""

from __future__ import annotations

import copy

import numpy as np
import pytest
import torch
from torch.nn.utils import parameters_to_vector, vector_to_parameters

from optiviz.engine.landscape.line import line_losses

from .models import mlp, regression_data


def test_each_point_of_the_line_is_the_loss_there_and_the_model_is_unchanged():
    model = mlp()
    x, y = regression_data()
    loss_fn = torch.nn.MSELoss()
    start = parameters_to_vector(model.parameters()).detach().clone()
    end = start + 0.5 * torch.randn(start.shape, generator=torch.Generator().manual_seed(1))
    t, loss = line_losses(model, loss_fn, x, y, start, end, points=13, chunk_bytes=1)
    np.testing.assert_allclose(t, np.linspace(-0.25, 1.25, 13))
    assert loss.shape == (13,)
    twin = copy.deepcopy(model)
    for ti, li in zip(t, loss, strict=True):
        vector_to_parameters(start + float(ti) * (end - start), twin.parameters())
        with torch.no_grad():
            assert li == pytest.approx(float(loss_fn(twin(x), y)), rel=1e-6)
    assert torch.equal(parameters_to_vector(model.parameters()), start)
    with torch.no_grad():
        at_start = float(loss_fn(model(x), y))
    assert loss[np.argmin(np.abs(t))] == pytest.approx(
        at_start, rel=1e-6
    )  # t = 0 is the start itself
