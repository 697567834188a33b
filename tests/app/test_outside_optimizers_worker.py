"""The worker process loads outside optimizers from their names, and survives their errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run
from optiviz.engine.worker.session import PLAY
from tests.app.test_optimizer_file import RAISES_IN_STEP
from tests.app.test_worker_client import assert_mirror_equals, poll_until
from tests.app.test_worker_client import client as client  # the fixture, spawning a worker
from tests.engine.test_user_optimizer import MY_SGD, write


def test_the_worker_runs_a_file_and_a_package_and_outlives_a_step_error(
    qtbot,
    client,
    tmp_path: Path,
) -> None:
    pytest.importorskip("pytorch_optimizer", reason="pytorch-optimizer is not installed")
    good = write(tmp_path, MY_SGD, "good_opt.py")
    bad = write(tmp_path, RAISES_IN_STEP, "bad_opt.py")
    configs = [
        RunConfig(optimizer=f"{good}:MySGD", lr=0.02, epochs=400),
        RunConfig(optimizer=f"{bad}:MySGD", epochs=400),
        RunConfig(optimizer="pytorch_optimizer.Lion", lr=0.05, epochs=400),
    ]
    worker = client(configs)
    worker.send(PLAY)
    poll_until(qtbot, worker, lambda: not worker.state.playing and worker.state.max_epoch == 400)
    good_run, bad_run, lion = worker.state.runs
    assert worker.process.is_alive()
    assert (good_run.status, bad_run.status, lion.status) == ("finished", "diverged", "finished")
    head, *lines = bad_run.reason.splitlines()
    assert head == f"{bad}:MySGD raised an error in step(): ArithmeticError: too far"
    assert lines[0].startswith(f'  File "{os.path.realpath(bad)}", line ')
    assert_mirror_equals(good_run, Run(configs[0]).run())
    assert_mirror_equals(lion, Run(configs[2]).run())
