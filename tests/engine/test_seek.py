"""Seeking back and playing on equals a run that was never interrupted, bit for bit."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch

from optiviz.engine.explain.teaching import PhaseStepper
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run

EPOCHS = 45
SNAPSHOT_EVERY = 7
EDIT_AT = 17  # between snapshots 14 and 21

CASES = {
    "sgd_momentum_steplr": (
        RunConfig(lr=1e-2, hyper={"momentum": 0.9}, scheduler="StepLR",
                  sched={"step_size": 10, "gamma": 0.7}, epochs=EPOCHS),
        {"lr": 5e-3, "momentum": 0.5},
    ),
    "adam_plateau": (
        RunConfig(optimizer="Adam", lr=0.5, scheduler="ReduceLROnPlateau",
                  sched={"patience": 2, "factor": 0.5, "threshold": 0.5}, epochs=EPOCHS),
        {"lr": 0.3, "betas": (0.5, 0.9)},
    ),
    "lbfgs": (
        RunConfig(problem="rosenbrock", optimizer="LBFGS", lr=1.0,
                  hyper={"max_iter": 2, "line_search_fn": "strong_wolfe"}, epochs=EPOCHS),
        {"lr": 0.5, "history_size": 5},
    ),
    "rmsprop": (
        RunConfig(optimizer="RMSprop", lr=0.1, hyper={"momentum": 0.5, "centered": True},
                  epochs=EPOCHS),
        {"lr": 0.05, "momentum": 0.8},
    ),
}  # fmt: skip


def same(a: Any, b: Any) -> bool:
    """Exact equality of state dicts: tensors bit for bit, containers item by item."""
    if isinstance(a, torch.Tensor) or isinstance(b, torch.Tensor):
        return (
            isinstance(a, torch.Tensor)
            and isinstance(b, torch.Tensor)
            and a.dtype == b.dtype
            and torch.equal(a, b)
        )
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(map(same, a, b))
    return type(a) is type(b) and a == b


def assert_same_run(run: Run, reference: Run) -> None:
    assert run.epoch == reference.epoch and run.status == reference.status
    assert torch.equal(run.leaf.detach(), reference.leaf.detach())
    for field in ("loss", "params", "grad", "lr"):
        np.testing.assert_array_equal(
            getattr(run.history, field), getattr(reference.history, field), err_msg=field
        )
    state, ref_state = run.history.state, reference.history.state
    for key in state.keys() | ref_state.keys():  # a column kept after truncation is all NaN
        if key in state and key in ref_state:
            np.testing.assert_array_equal(state[key], ref_state[key], err_msg=key)
        else:
            assert np.isnan(state.get(key, ref_state.get(key))).all(), key
    assert same(run.optimizer.state_dict(), reference.optimizer.state_dict())
    if reference.scheduler is not None:
        assert same(run.scheduler.state_dict(), reference.scheduler.state_dict())
    assert run.config == reference.config
    assert (run.leaf.grad is None) == (reference.leaf.grad is None)
    if reference.leaf.grad is not None:
        assert torch.equal(run.leaf.grad, reference.leaf.grad)


def played(config: RunConfig, edit: dict | None, until: int = EPOCHS) -> Run:
    """A run played without interruption, edited once after EDIT_AT epochs."""
    run = Run(config, snapshot_every=SNAPSHOT_EVERY)
    if edit is not None and until >= EDIT_AT:
        run.run(EDIT_AT)
        for key, value in edit.items():
            run.set_hyper(key, value)
    run.run(until - run.epoch)
    return run


@pytest.mark.parametrize("case", sorted(CASES))
def test_seek_then_play_equals_an_uninterrupted_run(case):
    config, edit = CASES[case]
    edited = played(config, edit)
    unedited = played(config, None)
    assert not np.array_equal(edited.history.params, unedited.history.params)
    for target in (0, 6, 7, 13, 16, 17, 18, 21, 22, 30, EPOCHS):
        run = played(config, edit)
        run.seek(target)
        # back at the end of `target` exactly: the edit made then is kept, a later one undone
        reference = played(config, edit if target >= EDIT_AT else None, until=target)
        assert_same_run(run, reference)
        run.run()
        assert_same_run(run, edited if target >= EDIT_AT else unedited)


def test_edit_at_a_snapshot_epoch_and_seeking_twice():
    config, _ = CASES["sgd_momentum_steplr"]
    reference = Run(config, snapshot_every=SNAPSHOT_EVERY)
    run = Run(config, snapshot_every=SNAPSHOT_EVERY)
    for r in (reference, run):
        r.run(14)  # a snapshot epoch
        r.set_hyper("momentum", 0.3)
        r.run(10)
        r.set_hyper("lr", 2e-3)
        r.run()
    run.seek(30)
    run.seek(15)
    run.run(9)  # to epoch 24 again: the lr edit made there was forgotten by seeking before it
    assert run.epoch == 24 and run.config.lr == config.lr and run.config.hyper["momentum"] == 0.3
    run.set_hyper("lr", 2e-3)
    run.run()
    assert_same_run(run, reference)


def test_seek_from_the_middle_of_an_epoch():
    config, _ = CASES["adam_plateau"]
    reference = played(config, None)
    run = Run(config, snapshot_every=SNAPSHOT_EVERY)
    run.run(20)
    stepper = PhaseStepper(run)
    for _ in range(4):  # forward, loss, zero_grad, backward of epoch 21
        stepper.next()
    assert run.phase == "backward"
    run.seek(12)
    assert run.phase == "" and stepper.upcoming == "forward"
    run.run()
    assert_same_run(run, reference)
