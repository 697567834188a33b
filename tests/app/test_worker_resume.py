"""A worker killed mid-run is restarted and resumes at the mirror's epoch, bit for bit."""

from __future__ import annotations

import os
import signal

from optiviz.app.worker_client import WorkerClient
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run
from optiviz.engine.worker.session import PAUSE, PLAY
from tests.app.test_worker_client import assert_mirror_equals, poll_until

CONFIGS = [
    RunConfig(optimizer="Adam", lr=0.3, epochs=3000, scheduler="StepLR", sched={"step_size": 500}),
    RunConfig(optimizer="SGD", lr=0.01, hyper={"momentum": 0.9}, epochs=3000),
]


def test_a_killed_worker_resumes_at_the_mirrors_epoch_and_plays_on_exactly(qtbot):
    worker = WorkerClient(CONFIGS)
    notes: list[str] = []
    try:
        qtbot.waitUntil(lambda: worker.poll() or worker.ready, timeout=60_000)
        worker.send(PLAY)
        poll_until(qtbot, worker, lambda: worker.state.max_epoch > 700)
        mirror = worker.state
        old_pid = worker.process.pid
        os.kill(old_pid, signal.SIGKILL)
        poll_until(qtbot, worker, lambda: worker.restarts == 1)
        epochs = [run.epoch for run in mirror.runs]
        assert min(epochs) > 700
        assert worker.process.pid != old_pid
        notes.append(worker.exit_note)
        assert worker.state is mirror  # the window keeps drawing what it had

        def resumed() -> bool:
            worker.poll()
            notes.append(worker.exit_note)
            return "resumed" in worker.exit_note

        qtbot.waitUntil(resumed, timeout=60_000)
        assert worker.exit_note.endswith(f"resumed at epoch {max(epochs)}")
        assert any("resuming your runs: epoch" in note for note in notes)
        assert worker.state is mirror and [r.epoch for r in mirror.runs] == epochs
        assert all(r.status == "paused" for r in mirror.runs)
        worker.send(PLAY)  # the runs continue from where the dead worker was
        poll_until(qtbot, worker, lambda: worker.state.max_epoch >= 3000)
        worker.send(PAUSE)
    finally:
        worker.close()
    assert worker.state is mirror
    for state_run, config in zip(worker.state.runs, CONFIGS, strict=True):
        assert state_run.status == "finished"
        assert_mirror_equals(state_run, Run(config).run())
