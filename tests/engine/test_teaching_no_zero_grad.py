"""Step by step without ``optimizer.zero_grad()``: the zero_grad stop is skipped, and backward
shows this step's own gradient beside the accumulated ``.grad``, both equal to torch's."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from optiviz.app.teaching.phase_text import phase_rows
from optiviz.engine.explain.teaching import PhaseStepper
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run
from tests.engine.plain_loops import X, Y, loss_fn, model

EPOCHS = 5


def _torch_gradients(name: str, lr: float) -> list[tuple[np.ndarray | None, np.ndarray]]:
    """(``.grad`` before backward, ``.grad`` after it) of each epoch, zero_grad left out."""
    x = 0.1 * torch.tensor(X)
    y = torch.tensor(Y)
    params = torch.tensor([1.0, 0.0], requires_grad=True)
    optimizer = getattr(torch.optim, name)([params], lr=lr)
    seen = []
    for _ in range(EPOCHS):
        loss = loss_fn(model(x, *params), y)
        before = None if params.grad is None else params.grad.detach().numpy().copy()
        loss.backward()
        seen.append((before, params.grad.detach().numpy().astype(np.float64).copy()))
        optimizer.step()
    return seen


def _records(name: str, lr: float) -> dict[str, list]:
    stepper = PhaseStepper(Run(RunConfig(optimizer=name, lr=lr, epochs=EPOCHS, zero_grad=False)))
    out: dict[str, list] = {}
    while (record := stepper.next()) is not None:
        out.setdefault(record.phase, []).append(record)
    return out


@pytest.mark.parametrize(("name", "lr"), [("SGD", 1e-4), ("Adam", 0.1)])
def test_backward_shows_the_accumulated_and_own_gradient_of_torch(name, lr):
    records = _records(name, lr)
    expected = _torch_gradients(name, lr)
    assert len(records["backward"]) == EPOCHS
    for record, (before, after) in zip(records["backward"], expected, strict=True):
        assert record.zero_grad_skipped
        assert np.allclose(record.grad, after, rtol=1e-6)
        own = after if before is None else after - before
        assert np.allclose(record.own_grad, own, rtol=1e-4, atol=1e-6)
        assert "accumulated" in record.explanation
    # the accumulated gradient grows step by step (SGD at a small lr: each own one alike)
    if name == "SGD":
        norms = [np.linalg.norm(r.grad) for r in records["backward"]]
        assert norms == sorted(norms) and norms[-1] > 4 * np.linalg.norm(
            records["backward"][-1].own_grad
        )


def test_the_zero_grad_stop_says_it_was_skipped_and_keeps_the_gradient():
    records = _records("SGD", 1e-4)
    first, second = records["zero_grad"][:2]
    assert first.code == () and "skipped" in first.explanation and first.grad is None
    assert "still None" in first.explanation  # nothing to carry yet
    assert np.array_equal(second.grad, records["backward"][0].grad)  # not cleared
    assert "still holds" in second.explanation
    rows = dict(phase_rows(second, ("w", "b")))
    assert rows["optimizer.zero_grad()"] == "skipped: params.grad carries over"
    back = dict(phase_rows(records["backward"][1], ("w", "b")))
    own = records["backward"][1].own_grad
    assert back["this step's gradient"] == f"(∂loss/∂w={own[0]:.6g}, ∂loss/∂b={own[1]:.6g})"
    assert "params.grad (accumulated)" in back


def test_with_zero_grad_the_panel_compares_set_to_none():
    stepper = PhaseStepper(Run(RunConfig(epochs=2)))
    records = [stepper.next() for _ in range(8)]
    zero = next(r for r in records if r is not None and r.phase == "zero_grad")
    assert not zero.zero_grad_skipped
    rows = dict(phase_rows(zero, ("w", "b")))
    assert rows["set_to_none=True"] == "params.grad = None (the default)"
    assert rows["set_to_none=False"] == "params.grad = zeros of its shape"
    # what torch does, both ways
    p = torch.tensor([1.0, 2.0], requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.1)
    (p**2).sum().backward()
    opt.zero_grad(set_to_none=False)
    assert p.grad is not None and torch.equal(p.grad, torch.zeros(2))
    opt.zero_grad()
    assert p.grad is None
    back = next(r for r in records if r is not None and r.phase == "backward")
    assert back.own_grad is None and "params.grad" in dict(phase_rows(back, ("w", "b")))
