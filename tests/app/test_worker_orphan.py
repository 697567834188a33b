"""A worker whose window's process was killed ends by itself, also while playing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PARENT = textwrap.dedent(
    """
    import sys, time
    from optiviz.app.worker_client import WorkerClient
    from optiviz.engine.worker.session import PLAY, cmd_epochs

    worker = WorkerClient()
    end = time.perf_counter() + 60
    while not worker.ready and time.perf_counter() < end:
        worker.poll()
        time.sleep(0.01)
    worker.send(cmd_epochs(10_000_000))
    if sys.argv[1] == "forked":
        # a forked child holds a copy of the window's end of the pipe, so the worker sees no
        # end of file when the window dies: only watching its parent tells it
        import os
        if os.fork() == 0:
            time.sleep(5)
            os._exit(0)
    if sys.argv[1] in ("play", "forked"):
        worker.send(PLAY)
        while worker.state.max_epoch < 100 and time.perf_counter() < end:
            worker.poll()
            time.sleep(0.01)
    print(worker.process.pid, flush=True)
    time.sleep(600)
    """
)


def gone(pid: int) -> bool:
    """True once ``pid`` exited (reaped, or a zombie waiting for a reaper)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")


@pytest.mark.parametrize("mode", ["play", "forked"])
def test_the_worker_exits_within_two_seconds_of_its_parent_being_killed(mode):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, mode], stdout=subprocess.PIPE, text=True, env=env
    )
    worker_pid = 0
    try:
        assert parent.stdout is not None
        worker_pid = int(parent.stdout.readline())
        assert not gone(worker_pid)
        parent.send_signal(signal.SIGKILL)
        parent.wait(10)
        began = time.perf_counter()
        end = began + 2.0
        while not gone(worker_pid) and time.perf_counter() < end:
            time.sleep(0.02)
        assert gone(worker_pid), f"the worker ({mode}) outlived its parent by 2 s"
        print(f"worker gone {time.perf_counter() - began:.3f} s after its parent ({mode})")
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait(10)
        if worker_pid and not gone(worker_pid):
            os.kill(worker_pid, signal.SIGKILL)
        if parent.stdout is not None:
            parent.stdout.close()
