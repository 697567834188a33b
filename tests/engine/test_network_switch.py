"""Switching a network run to another problem: its network is dropped, not refused."""

from __future__ import annotations

from optiviz.engine.runs.config import RunConfig, validate
from optiviz.engine.runs.run import Run


def test_a_network_left_from_mlp_is_dropped_for_another_problem():
    network = validate(RunConfig(problem="mlp"))
    assert network.network is not None
    switched = validate(network.copy(problem="himmelblau", start=None))
    assert switched.problem == "himmelblau" and switched.network is None
    assert Run(switched).run(3).epoch == 3
