"""The plane through network runs, shared by the window's live landscape and
``optiviz landscape``: it never changes a run's model, the anchor or torch's generator."""

from __future__ import annotations

import numpy as np
import torch

from optiviz.engine.landscape.directions import random_directions
from optiviz.engine.landscape.run_plane import (
    pca_path_plane,
    random_start_directions,
    start_anchor,
)
from optiviz.engine.networks.network_run import NetworkRun
from optiviz.engine.networks.spec import NetworkSpec
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.worker.live_landscape import LiveLandscape


def _run(seed: int = 3) -> NetworkRun:
    spec = NetworkSpec(samples=40)
    return NetworkRun(RunConfig(problem="mlp", network=spec, optimizer="Adam", lr=0.05, seed=seed))


def test_random_directions_are_drawn_at_the_start_and_leave_everything_alone():
    run = _run()
    run.run(5)
    anchor = start_anchor(run)
    kept_anchor = anchor.clone()
    before = run.flat_params().clone()
    storages = [p.data_ptr() for p in run.model.parameters()]
    rng = torch.get_rng_state()
    d1, d2 = random_start_directions(run, anchor)
    assert torch.equal(anchor, kept_anchor)
    assert torch.equal(run.flat_params(), before)
    assert [p.data_ptr() for p in run.model.parameters()] == storages
    assert torch.equal(torch.get_rng_state(), rng)
    # the same as drawing them on a fresh model at the start with the run's seed
    torch.manual_seed(3)
    fresh = _run(seed=3).model
    e1, e2 = random_directions(fresh, torch.Generator().manual_seed(3))
    assert torch.equal(d1, e1) and torch.equal(d2, e2)


def test_pca_plane_needs_a_moving_path():
    run = _run()
    assert pca_path_plane([run], start_anchor(run)) is None
    run.run(6)
    plane = pca_path_plane([run], start_anchor(run))
    assert plane is not None and plane.kind == "pca"
    assert plane.explained is not None and plane.explained[0] > 0.5


def test_live_random_plane_stays_anchored_at_the_start_while_training_goes_on():
    run = _run()
    start = run.flat_params().clone()
    LiveLandscape("random").refresh([run])
    run.run(5)
    assert run.plane is not None
    assert torch.equal(run.plane.anchor, start)
    np.testing.assert_allclose(run.history.trajectory()[0], [0.0, 0.0], atol=1e-9)
