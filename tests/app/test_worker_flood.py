"""The window and the worker both sending large messages at once never deadlock."""

from __future__ import annotations

import time

import numpy as np
import torch

from optiviz.app.worker_client import WorkerClient
from optiviz.engine.problems.library import Dataset
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run
from optiviz.engine.worker.session import PLAY, cmd_epochs, cmd_reset, cmd_set, cmd_speed
from tests.engine.test_seek_after_fewer_epochs import time_limit

POINTS = 50_000
RESETS = 100


def big_dataset(points: int = POINTS) -> Dataset:
    rng = np.random.default_rng(7)
    x = rng.uniform(0.0, 100.0, points)
    y = 3.0 * x + 5.0 + rng.normal(0.0, 2.0, points)
    return Dataset(tuple(x.tolist()), tuple(y.tolist()), "standardize")


def test_resets_with_a_large_data_set_while_the_worker_publishes_finish(qtbot):
    data = big_dataset()
    configs = [
        RunConfig(optimizer=name, lr=0.05, epochs=10_000_000, dataset=data)
        for name in ("SGD", "Adam")
    ]
    worker = WorkerClient(configs)
    try:
        qtbot.waitUntil(lambda: worker.poll() or worker.ready, timeout=60_000)
        worker.send(PLAY)
        qtbot.waitUntil(lambda: worker.poll() and worker.state.max_epoch > 50, timeout=30_000)
        slowest = 0.0
        with time_limit(120.0):
            for i in range(RESETS):
                for command in (
                    cmd_reset(configs),
                    cmd_epochs(10_000_000),
                    cmd_set(0, "lr", 0.01 + i * 1e-4),  # a config comes back with each edit
                    PLAY,
                ):
                    began = time.perf_counter()
                    worker.send(command)
                    slowest = max(slowest, time.perf_counter() - began)
            # the last reset's runs play (with the last lr edit); the mirror follows them
            last_lr = 0.01 + (RESETS - 1) * 1e-4
            qtbot.waitUntil(
                lambda: (
                    worker.poll()
                    and worker.state.runs[0].config.lr == last_lr
                    and worker.state.max_epoch > 20
                ),
                timeout=110_000,
            )
        assert slowest < 0.05  # a send only queues: the window's thread never waits on the pipe
        assert worker.restarts == 0 and worker.process.is_alive()
        state = worker.state.runs[0]
        assert state.config.dataset == data
        worker.send(cmd_speed(None))
    finally:
        worker.close()
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # as the worker: a 50,000-term sum in the same order
    try:
        reference = Run(configs[1]).run(len(worker.state.runs[1].history))
    finally:
        torch.set_num_threads(threads)
    np.testing.assert_array_equal(worker.state.runs[1].history.params, reference.history.params)
