"""The one loop that steps several runs, used by races, the command line and the recorder."""

from __future__ import annotations

import numpy as np

from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.race import run_all, step_all
from optiviz.engine.runs.run import Run
from optiviz.recorder.frames import advance
from tests.engine.plain_loops import plain_linear_fit

CONFIGS = [
    RunConfig(optimizer="SGD", lr=1e-2, epochs=30),
    RunConfig(optimizer="Adam", lr=0.5, epochs=12),
    RunConfig(optimizer="RMSprop", lr=0.1, epochs=30),
]


def test_step_all_steps_each_run_once_and_stops_at_until():
    runs = [Run(c) for c in CONFIGS]
    assert step_all(runs) == runs
    assert [r.epoch for r in runs] == [1, 1, 1]
    while step_all(runs, until=20):
        pass
    # Adam's run is over at its 12 epochs; the others stop at epoch 20, not at their 30
    assert [r.epoch for r in runs] == [20, 12, 20]
    assert step_all(runs, until=20) == []
    assert step_all(runs) == [runs[0], runs[2]]


def test_the_recorder_and_a_race_give_the_plain_loops_numbers():
    raced = run_all(CONFIGS)
    recorded = [Run(c) for c in CONFIGS]
    for epoch in range(0, 31, 7):  # frames of 7 epochs, as the recorder draws them
        advance(recorded, epoch)
    advance(recorded, 30)
    for config, a, b in zip(CONFIGS, raced, recorded, strict=True):
        loss, params, _ = plain_linear_fit(config.optimizer, {"lr": config.lr}, config.epochs)
        for run in (a, b):
            assert run.status == "finished"
            np.testing.assert_array_equal(run.history.loss, loss)
            np.testing.assert_array_equal(run.history.params, params)
