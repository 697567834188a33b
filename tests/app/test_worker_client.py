"""The worker client with a real worker process: pause, exact mirror, shutdown, restart."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import numpy as np
import pytest

from optiviz.app.worker_client import WorkerClient
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run
from optiviz.engine.worker.session import PAUSE, PLAY, STEP, cmd_epochs, cmd_remove, cmd_set

READY_TIMEOUT_MS = 60_000  # spawning imports torch: seconds on a busy machine


@pytest.fixture
def client(qtbot):
    made: list[WorkerClient] = []

    def make(configs: list[RunConfig] | None = None, inline: bool = False) -> WorkerClient:
        worker = WorkerClient(configs, inline=inline)
        made.append(worker)
        if not inline:
            qtbot.waitUntil(lambda: worker.poll() or worker.ready, timeout=READY_TIMEOUT_MS)
        return worker

    yield make
    for worker in made:
        worker.close()


def poll_until(qtbot, worker: WorkerClient, condition, timeout: int = 30_000) -> None:
    def check() -> bool:
        worker.poll()
        return condition()

    qtbot.waitUntil(check, timeout=timeout)


def assert_mirror_equals(state_run, run: Run) -> None:
    np.testing.assert_array_equal(state_run.history.loss, run.history.loss)
    np.testing.assert_array_equal(state_run.history.params, run.history.params)
    np.testing.assert_array_equal(state_run.history.grad, run.history.grad)
    np.testing.assert_array_equal(state_run.history.lr, run.history.lr)
    assert set(state_run.history.state) == set(run.history.state)
    for key, values in run.history.state.items():
        np.testing.assert_array_equal(state_run.history.state[key], values)


def test_pause_lands_and_closing_during_a_run_ends_cleanly(qtbot, client):
    worker = client()
    assert worker.process.is_alive()
    worker.send(cmd_epochs(10_000_000))
    worker.send(PLAY)
    poll_until(qtbot, worker, lambda: worker.state.max_epoch > 300 and worker.state.playing)
    worker.send(PAUSE)
    assert not worker.playing  # the window shows Pause at once
    poll_until(qtbot, worker, lambda: not worker.state.playing)  # the worker's pause reply
    paused_at = worker.state.max_epoch
    assert worker.state.runs[0].status == "paused"
    end = time.perf_counter() + 0.3
    while time.perf_counter() < end:
        worker.poll()
        time.sleep(0.01)
    assert worker.state.max_epoch == paused_at
    worker.send(STEP)
    poll_until(qtbot, worker, lambda: worker.state.max_epoch == paused_at + 1)


def test_the_mirror_equals_an_in_process_run_bit_for_bit(qtbot, client):
    config = RunConfig(
        optimizer="Adam", lr=0.3, epochs=3000, scheduler="StepLR", sched={"step_size": 500}
    )
    worker = client([config])
    worker.send(PLAY)
    poll_until(qtbot, worker, lambda: worker.state.runs[0].status == "finished")
    assert worker.state.max_epoch == 3000
    assert_mirror_equals(worker.state.runs[0], Run(config).run())


def test_an_edit_while_running_matches_the_same_edit_in_process(qtbot, client):
    worker = client([RunConfig(epochs=200_000)])
    refused: list[tuple[str, str]] = []
    worker.commandRefused.connect(lambda message, field: refused.append((message, field)))
    worker.send(cmd_set(None, "lr", -1.0))  # refused: nothing changes
    poll_until(qtbot, worker, lambda: bool(refused))
    message, field = refused[0]
    assert field == "lr" and message.startswith("--lr: ")
    assert worker.state.runs[0].config.lr == 0.01
    worker.send(PLAY)
    poll_until(qtbot, worker, lambda: worker.state.max_epoch > 100)
    worker.send(cmd_set(None, "lr", 0.02))
    worker.send(PAUSE)
    poll_until(qtbot, worker, lambda: not worker.state.playing)
    lr = worker.state.runs[0].history.lr
    edited_at = int(np.argmax(lr == 0.02)) if (lr == 0.02).any() else len(lr)
    assert set(lr[:edited_at]) == {0.01} and set(lr[edited_at:]) <= {0.02}
    expected = Run(RunConfig(epochs=200_000))
    expected.run(edited_at)
    expected.set_hyper("lr", 0.02)
    expected.run(len(lr) - edited_at)
    assert_mirror_equals(worker.state.runs[0], expected)


def test_closing_during_a_run_ends_the_process_cleanly(qtbot, client):
    worker = client()
    worker.send(cmd_epochs(10_000_000))
    worker.send(PLAY)
    poll_until(qtbot, worker, lambda: worker.state.max_epoch > 100)
    process = worker.process
    worker.close()
    assert not process.is_alive()
    assert process.exitcode == 0  # it quit when asked: not terminated, not killed
    assert worker.closed and worker.poll() is False
    worker.close()  # twice is fine


def test_a_killed_worker_is_restarted_with_the_settings(qtbot, client):
    worker = client([RunConfig(optimizer="SGD", lr=0.01, hyper={"momentum": 0.5})])
    worker.send(cmd_set(None, "lr", 0.05))
    worker.send(STEP)
    poll_until(qtbot, worker, lambda: worker.state.max_epoch == 1)
    old = worker.process
    messages: list[str] = []
    worker.workerRestarted.connect(messages.append)
    old.kill()
    old.join(5)
    poll_until(qtbot, worker, lambda: bool(messages))
    assert "stopped unexpectedly" in messages[0]
    assert worker.process is not old and worker.process.is_alive()
    poll_until(qtbot, worker, lambda: "resumed" in worker.exit_note, timeout=READY_TIMEOUT_MS)
    config = worker.state.runs[0].config
    assert (config.lr, config.hyper) == (0.05, {"momentum": 0.5})
    assert worker.state.max_epoch == 1  # replayed back to the mirror's epoch
    assert worker.exit_note.endswith("resumed at epoch 1")


def test_inline_mode_has_the_same_interface(client):
    worker = client([RunConfig(epochs=50)], inline=True)
    assert worker.process is None and worker.ready
    worker.send(STEP)
    assert worker.state.max_epoch == 1  # inline commands apply at once
    worker.send(PLAY)
    while worker.playing:
        worker.poll()
    assert worker.state.runs[0].status == "finished"
    assert_mirror_equals(worker.state.runs[0], Run(RunConfig(epochs=50)).run())
    assert worker.poll() is False


def test_removing_a_run_inline_keeps_the_others_exact(client):
    configs = [
        RunConfig(optimizer="SGD", lr=1e-2, hyper={"momentum": 0.9}, epochs=100),
        RunConfig(optimizer="Adam", lr=0.3, epochs=100),
        RunConfig(optimizer="RMSprop", lr=0.1, epochs=100),
    ]
    worker = client(configs, inline=True)
    for _ in range(50):
        worker.send(STEP)
    old = worker.state
    kept = [old.runs[0], old.runs[2]]
    worker.send(cmd_remove(1))
    state = worker.state
    assert state is not old and state.runs == kept
    assert [(r.id, r.epoch) for r in state.runs] == [(0, 50), (1, 50)]
    for run_state, config in zip(state.runs, (configs[0], configs[2]), strict=True):
        assert_mirror_equals(run_state, Run(config).run(50))
    worker.send(PLAY)
    while worker.playing:
        worker.poll()
    for run_state, config in zip(worker.state.runs, (configs[0], configs[2]), strict=True):
        assert run_state.status == "finished"
        assert_mirror_equals(run_state, Run(config).run())


def test_removing_a_run_in_the_worker_process_keeps_the_other_exact(qtbot, client):
    configs = [RunConfig(optimizer="Adam", lr=0.3), RunConfig(optimizer="SGD", lr=1e-2)]
    worker = client(configs)
    for _ in range(10):
        worker.send(STEP)
    poll_until(qtbot, worker, lambda: worker.state.max_epoch == 10)
    worker.send(cmd_remove(0))
    poll_until(qtbot, worker, lambda: len(worker.state.runs) == 1)
    (run_state,) = worker.state.runs
    assert (run_state.id, run_state.config.optimizer, run_state.epoch) == (0, "SGD", 10)
    assert_mirror_equals(run_state, Run(configs[1]).run(10))


def test_python_m_optiviz_closed_during_a_run_exits_0(tmp_path):
    report = tmp_path / "report.json"
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        OPTIVIZ_NO_SETTINGS="1",
        OPTIVIZ_AUTOPLAY="1",
        OPTIVIZ_AUTOQUIT_MS="1000",  # after the worker is up
        OPTIVIZ_REPORT=str(report),
    )
    done = subprocess.run(
        [sys.executable, "-m", "optiviz"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "QThread: Destroyed" not in output
    assert "Traceback" not in output
    result = json.loads(report.read_text())
    assert result["title"] == "optiviz — SGD on the tutorial's linear fit"
    assert result["status"] == ["running"] and result["epoch"] > 0  # closed during the run


def test_it_runs_inline_when_no_process_can_start(monkeypatch):
    import multiprocessing.context

    def refuse(self) -> None:
        raise OSError("no processes here")

    monkeypatch.setattr(multiprocessing.context.SpawnProcess, "start", refuse)
    worker = WorkerClient([RunConfig(epochs=10)])
    try:
        assert worker.inline and worker.process is None
        assert "could not start" in worker.exit_note
        worker.send(STEP)
        assert worker.state.max_epoch == 1
    finally:
        worker.close()
