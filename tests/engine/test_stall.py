"""The stall hints' numbers against real runs of torch's optimizers."""

from __future__ import annotations

import numpy as np
import pytest

from optiviz.engine.explain.stall import ADAGRAD_REACH, MUON_DECAY, stall_hint
from optiviz.engine.runs.config import RunConfig, build_problem
from optiviz.engine.runs.run import Run


def _final(config: RunConfig) -> np.ndarray:
    return Run(config).run().params()


def test_muon_default_weight_decay_stalls_on_the_linear_fit() -> None:
    config = RunConfig(optimizer="Muon", epochs=1500)
    hint = stall_hint(config)
    assert hint is not None and hint.kind == MUON_DECAY
    assert hint.value == pytest.approx(0.1)  # torch's default, not set by the config
    minimum = np.asarray(hint.minimum)
    assert hint.needed == pytest.approx(np.linalg.norm(minimum))

    stalled = _final(config)
    assert np.linalg.norm(stalled) <= hint.reach * (1 + 1e-5)
    assert np.linalg.norm(stalled - minimum) >= hint.gap > 25.0

    # Without the decay the same optimizer reaches the least-squares minimum.
    free = _final(RunConfig(optimizer="Muon", lr=0.1, epochs=1000, hyper={"weight_decay": 0.0}))
    assert np.linalg.norm(free - minimum) < 0.1
    assert stall_hint(RunConfig(optimizer="Muon", hyper={"weight_decay": 0.0})) is None


def test_muon_radius_is_where_the_run_settles() -> None:
    """At a larger lr the run reaches its fixed point fast: |θ| ends just inside the radius
    (the update points at the minimum, not straight away from the origin)."""
    config = RunConfig(optimizer="Muon", lr=0.1, epochs=600)
    hint = stall_hint(config)
    assert hint is not None
    assert 0.99 * hint.reach <= np.linalg.norm(_final(config)) <= hint.reach
    assert "weight_decay=0.1" in hint.text and f"{hint.reach:.3g}" in hint.text


def test_muon_radius_follows_adjust_lr_fn() -> None:
    plain = stall_hint(RunConfig(optimizer="Muon"))
    matched = stall_hint(RunConfig(optimizer="Muon", hyper={"adjust_lr_fn": "match_rms_adamw"}))
    assert plain is not None and matched is not None
    # match_rms_adamw scales lr by 0.2·√max(rows, cols) = 0.2·√2 for the 1×2 matrix
    assert matched.reach / plain.reach == pytest.approx(0.2 * np.sqrt(2) / 1.0, rel=1e-4)


def test_adagrad_cannot_move_further_than_its_bound() -> None:
    config = RunConfig(optimizer="Adagrad", epochs=1000)
    hint = stall_hint(config)
    assert hint is not None and hint.kind == ADAGRAD_REACH
    assert hint.reach == pytest.approx(2 * 0.01 * np.sqrt(1000))
    run = Run(config).run()
    moved = np.abs(run.history.params - np.asarray(run.problem.start)).max()
    assert moved <= hint.reach
    assert np.linalg.norm(run.params() - np.asarray(hint.minimum)) > 30.0
    assert stall_hint(config.copy(lr=1.0)) is None  # 2·√1000 = 63 reaches the minimum


def test_no_hint_where_nothing_stalls() -> None:
    assert stall_hint(RunConfig(optimizer="SGD")) is None
    assert stall_hint(RunConfig(optimizer="Adam")) is None
    rosenbrock = RunConfig(optimizer="Muon", problem="rosenbrock")
    assert stall_hint(rosenbrock, build_problem(rosenbrock)) is None  # its minimum is at |θ| √2
