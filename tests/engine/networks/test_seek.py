"""Seeking a network run, also to the middle of an epoch, then playing on, equals a run that
never stopped: losses, parameters, batches and per-epoch metrics."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from optiviz.engine.networks.network_run import NetworkRun
from optiviz.engine.runs.config import RunConfig


def config(**changes: object) -> RunConfig:
    base = dict(problem="mlp", optimizer="Adam", lr=0.05, epochs=4, batch_size=48, seed=3)
    base.update(changes)
    return RunConfig(**base)  # type: ignore[arg-type]


def assert_equal_runs(a: NetworkRun, b: NetworkRun) -> None:
    assert a.history.loss.tolist() == b.history.loss.tolist()
    assert a.history.epoch_loss.tolist() == b.history.epoch_loss.tolist()
    assert np.array_equal(a.path.rows(), b.path.rows())
    assert np.array_equal(a.history.params, b.history.params)
    assert np.array_equal(a.metrics.test_loss, b.metrics.test_loss)
    assert np.array_equal(a.accuracy.train, b.accuracy.train)
    for p, q in zip(a.model.parameters(), b.model.parameters(), strict=True):
        assert torch.equal(p, q)


@pytest.mark.parametrize("snapshot_every", [1, 1000])
def test_seek_mid_epoch_then_play_equals_a_fresh_run(snapshot_every):
    fresh = NetworkRun(config()).run()
    assert fresh.steps_per_epoch == 4  # 160 training points in batches of 48: not a divisor
    run = NetworkRun(config(), snapshot_every=snapshot_every).run()
    run.seek(6)  # two steps into the second epoch
    assert run.steps == 6 and run.epoch == 1 and len(run.metrics) == 1
    assert run.history.loss.tolist() == fresh.history.loss[:6].tolist()
    assert np.array_equal(run.path.latest(), fresh.path.rows()[6])
    run.run()
    assert_equal_runs(run, fresh)


def test_seek_with_a_scheduler_and_an_edit_replays_the_edited_lr():
    sched = {"step_size": 1, "gamma": 0.5}
    run = NetworkRun(config(scheduler="StepLR", sched=sched))
    run.run(1)
    run.set_hyper("lr", 0.01)
    run.run()
    losses = run.history.loss.tolist()
    run.seek(9)
    run.run()
    assert run.history.loss.tolist() == losses


def test_seek_to_the_start_of_a_full_batch_run_with_lbfgs():
    run = NetworkRun(config(optimizer="LBFGS", lr=0.5, batch_size=None, epochs=3)).run()
    losses = run.history.loss.tolist()
    run.seek(0)
    assert run.steps == 0 and run.path.latest().tolist() == run.path.rows()[0].tolist()
    run.run()
    assert run.history.loss.tolist() == losses
