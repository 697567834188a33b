"""The lesson of forgetting ``optimizer.zero_grad()``: gradients add up, as in PyTorch."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from optiviz.engine.errors import ConfigError
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run
from tests.engine.plain_loops import X, Y, loss_fn, model


def _plain_without_zero_grad(optimizer: str, kwargs: dict, epochs: int) -> np.ndarray:
    x = 0.1 * torch.tensor(X)
    y = torch.tensor(Y)
    params = torch.tensor([1.0, 0.0], requires_grad=True)
    opt = getattr(torch.optim, optimizer)([params], **kwargs)
    trajectory = []
    for _epoch in range(1, epochs + 1):
        loss = loss_fn(model(x, *params), y)
        loss.backward()  # no optimizer.zero_grad(): .grad keeps every earlier gradient
        opt.step()
        trajectory.append(params.detach().numpy().copy())
    return np.array(trajectory, dtype=np.float64)


@pytest.mark.parametrize(
    ("optimizer", "kwargs"), [("SGD", {"lr": 1e-3}), ("Adam", {"lr": 0.1}), ("RMSprop", {})]
)
def test_without_zero_grad_the_run_is_the_plain_loop_without_it(optimizer, kwargs):
    lr = kwargs.get("lr", 0.01)
    run = Run(RunConfig(optimizer=optimizer, lr=lr, epochs=30, zero_grad=False)).run()
    assert np.array_equal(run.history.params, _plain_without_zero_grad(optimizer, kwargs, 30))


def test_the_gradient_used_is_the_sum_of_every_step_own_gradient():
    run = Run(RunConfig(lr=1e-4, epochs=20, zero_grad=False)).run()
    own = run.history.full_grad
    assert own is not None
    assert np.allclose(run.history.grad, np.cumsum(own, axis=0), rtol=1e-4)
    # the accumulated gradient grows far past the step's own one
    assert np.linalg.norm(run.history.grad[-1]) > 5 * np.linalg.norm(own[-1])


def test_with_zero_grad_nothing_changes():
    a = Run(RunConfig(epochs=20)).run()
    assert a.history.full_grad is None


def test_zero_grad_must_be_a_switch():
    with pytest.raises(ConfigError) as caught:
        Run(RunConfig(zero_grad="no"))  # type: ignore[arg-type]
    assert caught.value.field == ("zero_grad",)
