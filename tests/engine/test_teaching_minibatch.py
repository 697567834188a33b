"""Step-by-step teaching with mini-batches and gradient clipping equals the loop by hand."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
import torch
from torch.utils.data import DataLoader, TensorDataset

from optiviz.engine.explain.teaching import PhaseStepper
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run
from tests.engine.plain_loops import X, Y, loss_fn, model


def hand_batches(epochs: int, clip_norm: float) -> list[dict]:
    """SGD with StepLR over a DataLoader of 4 points, clipped by norm, noting each step."""
    torch.manual_seed(0)
    params = torch.tensor([1.0, 0.0], requires_grad=True)
    optimizer = torch.optim.SGD([params], lr=1e-2)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.5)
    loader = DataLoader(
        TensorDataset(0.1 * torch.tensor(X), torch.tensor(Y)),
        batch_size=4,
        shuffle=True,
        generator=torch.Generator().manual_seed(0),
    )
    seen = []
    for _ in range(epochs):
        for xb, yb in loader:
            y_p = model(xb, *params)
            loss = loss_fn(y_p, yb)
            optimizer.zero_grad()
            loss.backward()
            raw = params.grad.numpy().astype(np.float64).copy()
            torch.nn.utils.clip_grad_norm_([params], clip_norm)
            clipped = params.grad.numpy().astype(np.float64).copy()
            optimizer.step()
            seen.append(
                {
                    "y_p": y_p.detach().numpy().astype(np.float64),
                    "yb": yb.numpy().astype(np.float64),
                    "raw": raw,
                    "clipped": clipped,
                    "after": params.detach().numpy().astype(np.float64).copy(),
                }
            )
        scheduler.step()
    return seen


def test_each_batch_step_has_six_stops_with_the_hand_loops_numbers():
    config = RunConfig(
        batch_size=4, clip_grad_norm=20.0, scheduler="StepLR", sched={"step_size": 1, "gamma": 0.5}
    )
    run = Run(config.copy(epochs=2))
    stepper = PhaseStepper(run)
    hand = hand_batches(2, 20.0)
    order = ["forward", "loss", "zero_grad", "backward", "clip", "step"]
    for step, seen in enumerate(hand, start=1):
        records = []
        for phase in order:
            assert stepper.upcoming == phase
            records.append(stepper.next())
        assert [r.phase for r in records] == order
        assert {(r.step, r.epoch) for r in records} == {(step, (step - 1) // 3 + 1)}
        forward, loss, _, backward, clip, done = records
        assert forward.code == ("y_p = model(xb, *params)",)
        assert loss.code == ("loss = loss_fn(y_p, yb)",)
        np.testing.assert_array_equal(loss.predictions, seen["y_p"])
        np.testing.assert_array_equal(loss.targets, seen["yb"])
        np.testing.assert_array_equal(backward.grad, seen["raw"])
        assert clip.code == ("torch.nn.utils.clip_grad_norm_([params], 20.0)",)
        np.testing.assert_array_equal(clip.grad_before, seen["raw"])
        np.testing.assert_array_equal(clip.grad, seen["clipped"])
        assert "clip_grad_norm_" in clip.explanation
        np.testing.assert_array_equal(done.params, seen["after"])
        epoch_ends = step % 3 == 0  # the scheduler steps after an epoch's last batch only
        assert ("scheduler.step()" in done.code) == epoch_ends
        assert (done.lr_next != done.lr) == epoch_ends
        assert f"batch {(step - 1) % 3 + 1} of 3 (step {step}" in forward.explanation
    assert any(np.any(s["raw"] != s["clipped"]) for s in hand)  # clipping did something
    assert stepper.next() is None
    copy = pickle.loads(pickle.dumps(records))
    np.testing.assert_array_equal(copy[4].grad_before, records[4].grad_before)


def test_a_full_batch_run_that_clips_by_value_stops_at_clip():
    run = Run(RunConfig(problem="rosenbrock", lr=1e-3, clip_grad_value=3.0, epochs=2))
    stepper = PhaseStepper(run)
    phases = [stepper.next() for _ in range(4)]
    assert [r.phase for r in phases] == ["forward", "zero_grad", "backward", "clip"]
    clip = phases[-1]
    assert clip.step is None and clip.clips
    np.testing.assert_array_equal(clip.grad, np.clip(clip.grad_before, -3.0, 3.0))
    assert np.abs(clip.grad_before).max() > 3.0
    assert stepper.upcoming == "step" and stepper.next().phase == "step"


def test_added_noise_is_explained_in_backward():
    run = Run(RunConfig(problem="rosenbrock", lr=1e-3, grad_noise=0.5, epochs=2))
    stepper = PhaseStepper(run)
    records = [stepper.next() for _ in range(4)]
    assert [r.phase for r in records] == ["forward", "zero_grad", "backward", "step"]
    assert "added gradient noise" in records[2].explanation
    assert records[2].code[1].startswith("params.grad.add_(torch.randn(")
    hand = Run(RunConfig(problem="rosenbrock", lr=1e-3, grad_noise=0.5, epochs=1)).run()
    np.testing.assert_array_equal(records[2].grad, hand.history.grad[0])


@pytest.mark.parametrize("clips", [False, True])
def test_without_clipping_backward_is_followed_by_step(clips):
    config = RunConfig(batch_size=5, clip_grad_norm=1.0 if clips else None, epochs=1)
    stepper = PhaseStepper(Run(config))
    seen = [stepper.next().phase for _ in range(4)]
    assert seen[-1] == "backward" and stepper.upcoming == ("clip" if clips else "step")
