"""The window's ← and → after lowering the epochs below the current epoch: no endless loop."""

from __future__ import annotations

import numpy as np

from optiviz.app.worker_client import WorkerClient
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run
from optiviz.engine.worker.session import PLAY, STEP, cmd_epochs, cmd_seek, cmd_speed
from tests.engine.test_seek_after_fewer_epochs import time_limit


def test_inline_client_seeks_and_steps_after_the_epochs_were_lowered(qtbot):
    config = RunConfig(optimizer="Adam", lr=0.1, epochs=1000)
    worker = WorkerClient([config], inline=True)
    try:
        worker.send(cmd_speed(10.0))
        worker.send(PLAY)
        qtbot.waitUntil(lambda: worker.poll() and worker.state.max_epoch >= 6, timeout=10_000)
        worker.send(cmd_epochs(1))
        epoch = worker.state.max_epoch
        with time_limit(5.0):
            worker.send(cmd_seek(epoch - 1))
            worker.send(STEP)
            worker.poll()
        run = worker.state.runs[0]
        assert run.epoch == epoch - 1 and run.status == "finished"
        assert not worker.playing
        reference = Run(config).run(epoch - 1)
        np.testing.assert_array_equal(run.history.params, reference.history.params)
        np.testing.assert_array_equal(run.history.loss, reference.history.loss)
    finally:
        worker.close()
