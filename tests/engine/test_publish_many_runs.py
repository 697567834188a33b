"""A race of many runs publishes fewer, larger updates; the mirror still gets every row."""

from __future__ import annotations

import multiprocessing
import threading
import time

import numpy as np
import pytest

from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.race import run_all
from optiviz.engine.worker.session import (
    MANY_RUNS_PUBLISH_INTERVAL,
    PAUSE,
    PLAY,
    PUBLISH_INTERVAL,
    QUIT,
    apply_update,
    publish_interval,
    serve,
)


@pytest.mark.parametrize(
    ("runs", "interval"),
    [(1, PUBLISH_INTERVAL), (12, PUBLISH_INTERVAL), (24, 2 * PUBLISH_INTERVAL), (64, 1 / 40)],
)
def test_the_interval_grows_with_the_runs_past_a_dozen(runs: int, interval: float) -> None:
    assert publish_interval(runs) == pytest.approx(interval)
    assert publish_interval(runs) <= MANY_RUNS_PUBLISH_INTERVAL


def test_a_fifty_run_race_over_a_pipe_spaces_its_updates_and_loses_no_row() -> None:
    configs = [RunConfig(lr=float(lr), epochs=1_000_000) for lr in np.geomspace(1e-3, 0.1, 50)]
    ours, theirs = multiprocessing.Pipe()
    worker = threading.Thread(target=serve, args=(theirs, configs))
    worker.start()
    state = apply_update(None, ours.recv())
    ours.send(PLAY)
    arrivals = []
    while state.max_epoch < 60:
        state = apply_update(state, ours.recv())
        arrivals.append(time.perf_counter())
    ours.send(PAUSE)
    update = ours.recv()
    while update.playing:
        state = apply_update(state, update)
        update = ours.recv()
    state = apply_update(state, update)
    ours.send(QUIT)
    worker.join(10)
    assert not worker.is_alive()
    gaps = np.diff(arrivals[1:])  # the first update after PLAY may follow the last at once
    assert len(gaps) >= 3
    assert float(np.median(gaps)) >= 0.8 * MANY_RUNS_PUBLISH_INTERVAL
    epochs = state.max_epoch
    expected = run_all(configs, epochs)
    for mirrored, run in zip(state.runs, expected, strict=True):
        np.testing.assert_array_equal(mirrored.history.loss, run.history.loss)
