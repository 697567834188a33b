"""Network runs through the worker's session, races and the problem every view builds."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from optiviz.engine.errors import ConfigError
from optiviz.engine.networks.network_run import NetworkRun
from optiviz.engine.networks.spec import NetworkSpec
from optiviz.engine.runs.config import RunConfig, build_problem
from optiviz.engine.runs.race import run_all
from optiviz.engine.worker.session import PLAY, Session, apply_update


def config(**changes: object) -> RunConfig:
    base: dict[str, object] = dict(problem="mlp", optimizer="Adam", lr=0.05, epochs=3)
    base.update(changes)
    return RunConfig(**base)  # type: ignore[arg-type]


def test_session_plays_a_network_and_mirrors_its_history():
    session = Session([config(batch_size=40)])
    state = apply_update(None, session.update())
    session.handle(PLAY)
    while session.playing:
        session.advance(0.001)
        state = apply_update(state, session.update())
    assert session.landscape is not None
    while session.dirty or session.landscape.stale(session.runs):  # where the run stopped
        if session.dirty:
            state = apply_update(state, session.update())
    alone = NetworkRun(config(batch_size=40)).run()
    mirrored = state.runs[0].history
    assert state.runs[0].status == "finished"
    np.testing.assert_array_equal(mirrored.loss, alone.history.loss)
    # the worker draws the path on its landscape's plane: the mirror holds those coordinates
    np.testing.assert_array_equal(mirrored.params, session.runs[0].history.params)
    assert torch.equal(session.runs[0].flat_params(), alone.flat_params())
    assert state.problem.name == "mlp" and "2-8-8-1 tanh" in state.problem.title


def test_a_race_of_seeds_shares_the_data_and_differs_in_weights():
    runs = run_all([config(seed=0), config(seed=1)])
    assert all(isinstance(r, NetworkRun) and r.epoch == 3 for r in runs)
    first, second = runs
    assert isinstance(first, NetworkRun) and isinstance(second, NetworkRun)
    assert first.split.train_x.equal(second.split.train_x)
    assert not np.array_equal(first.path.rows()[0], second.path.rows()[0])


def test_a_race_refuses_two_networks():
    with pytest.raises(ConfigError) as caught:
        run_all([config(), config(network=NetworkSpec(hidden=(4,)))])
    assert caught.value.field == ("runs", 2)
    assert "(4,)" in str(caught.value) and "(8, 8)" in str(caught.value)


def test_build_problem_names_the_network():
    problem = build_problem(RunConfig(problem="mlp", network=NetworkSpec(dataset="gauss")))
    assert (problem.name, problem.formula, problem.dataset) == ("mlp", "2-8-8-3 tanh", None)
    assert np.isnan(problem.grid(np.zeros(3), np.zeros(3))).all()
