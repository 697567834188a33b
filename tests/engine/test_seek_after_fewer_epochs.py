"""Seeking after the epochs were lowered below the current epoch ends, and stays exact."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run
from optiviz.engine.worker.session import (
    PLAY,
    STEP,
    Session,
    apply_update,
    cmd_epochs,
    cmd_seek,
    cmd_speed,
)

CONFIG = RunConfig(optimizer="SGD", lr=1e-2, hyper={"momentum": 0.9}, epochs=1000)


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TimeoutError in this thread if the block runs longer than ``seconds``."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_seek_below_a_lowered_epochs_setting_replays_and_steps_nothing_more():
    session = Session([CONFIG])
    session.handle(cmd_speed(10.0))
    session.handle(PLAY)
    while session.runs[0].epoch < 6:
        session.advance(0.05)
    session.handle(cmd_epochs(1))
    assert session.runs[0].epoch == 6 and session.runs[0].status == "finished"
    state = apply_update(None, session.update())
    with time_limit(5.0):
        session.handle(cmd_seek(5))  # the window's ←
        session.handle(STEP)  # and →
    run = session.runs[0]
    assert run.epoch == 5 and run.status == "finished"
    state = apply_update(state, session.update())
    reference = Run(CONFIG).run(5)
    np.testing.assert_array_equal(state.runs[0].history.params, reference.history.params)
    np.testing.assert_array_equal(run.params(), reference.params())
    assert state.runs[0].status == "finished" and state.runs[0].epoch == 5


def test_raising_the_epochs_again_plays_on_exactly():
    session = Session([CONFIG.copy(epochs=20)])
    for _ in range(12):
        session.handle(STEP)
    session.handle(cmd_epochs(3))
    with time_limit(5.0):
        session.handle(cmd_seek(10))
    session.handle(cmd_epochs(20))
    session.handle(PLAY)
    with time_limit(5.0):
        while session.playing:
            session.advance(0.05)
    reference = Run(CONFIG.copy(epochs=20)).run()
    np.testing.assert_array_equal(session.runs[0].history.params, reference.history.params)
    assert session.runs[0].status == "finished"
