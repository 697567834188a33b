"""A recording's runs stepped in a second process, ahead of the frames being painted.

Stepping the runs to the next frame's epoch and painting a frame each take milliseconds of
the one thread that records (2.9 and 5.5 ms of an 11 ms frame of the tutorial). A forked
child owns copies of the runs, exactly as they are when it starts, steps them to each
frame's epoch and sends the new history rows (and status) down a pipe; the recorder appends
them to its own runs, which it no longer steps. The numbers are the child's: the same code on
the same objects, so a recording is the same bit for bit (tested). A full pipe holds the
child back, so it is never more than a few frames ahead.

Used only where that is safe and identical: where ``fork`` exists, for 2-parameter runs (a
network's frames read its model) on at most :data:`MAX_POINTS` points, below torch's grain
for splitting a sum between threads, so the child computes what one process would and never
enters a thread pool that the fork did not copy. The child freezes what it inherited from
the garbage collector, so it never finalizes the window's Qt objects, and leaves with
``os._exit``.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import warnings
from collections.abc import Sequence
from multiprocessing.connection import Connection
from typing import Any

from optiviz.engine.runs.run import Run
from optiviz.recorder.frames import advance

#: Data sets up to this many points: torch sums fewer than its grain (32,768) on one thread.
MAX_POINTS = 10_000
#: Shorter recordings step in-process: forking costs a few milliseconds.
MIN_FRAMES = 20
#: ``OPTIVIZ_RECORD_INLINE=1`` steps every recording in-process.
INLINE_ENV = "OPTIVIZ_RECORD_INLINE"


def can_step_ahead(runs: Sequence[Any], frames: int) -> bool:
    """Whether :class:`AheadStepper` may step ``runs`` for a recording of ``frames`` frames."""
    if os.environ.get(INLINE_ENV) == "1" or frames < MIN_FRAMES:
        return False
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    if not all(type(run) is Run for run in runs):  # a network run, or anything else
        return False
    return all(len(run.problem.dataset or ()) <= MAX_POINTS for run in runs)


def _serve(runs: list[Run], epochs: list[int], conn: Connection) -> None:
    """The child: step ``runs`` to each of ``epochs`` in turn, sending each frame's rows."""
    gc.freeze()  # what the fork copied (the window's objects) is never collected here
    sent = [len(run.history) for run in runs]
    try:
        for epoch in epochs:
            advance(runs, epoch)
            frame = []
            for i, run in enumerate(runs):
                frame.append(
                    (
                        run.history.chunk(sent[i]),
                        run.status,
                        run.diverged_at,
                        run.divergence_reason,
                        run.batch,
                    )
                )
                sent[i] = len(run.history)
            conn.send(frame)
    except (BrokenPipeError, EOFError, ConnectionResetError):
        pass  # the recording was cancelled
    except Exception as err:  # sent to the recorder, which raises it
        try:
            conn.send(RuntimeError(f"stepping the runs failed: {err}"))
        except (BrokenPipeError, EOFError, ConnectionResetError):
            pass
    finally:
        conn.close()


class AheadStepper:
    """Steps ``runs`` in a forked child to ``epochs`` (one per frame, in order); each
    :meth:`next_frame` brings the runs here to the next of them."""

    def __init__(self, runs: Sequence[Run], epochs: Sequence[int]) -> None:
        self.runs = list(runs)
        context = multiprocessing.get_context("fork")
        self._conn, child = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_serve,
            args=(self.runs, list(epochs), child),
            name="optiviz-recorder-stepper",
            daemon=True,
        )
        with warnings.catch_warnings():  # the child touches no other thread's locks
            warnings.simplefilter("ignore", DeprecationWarning)
            self._process.start()
        child.close()

    @property
    def alive(self) -> bool:
        return self._process.is_alive()

    def next_frame(self) -> None:
        """Append the next frame's rows to the runs and take their status."""
        try:
            frame = self._conn.recv()
        except EOFError as err:
            raise RuntimeError("the process stepping the runs ended unexpectedly") from err
        if isinstance(frame, BaseException):
            raise frame
        for run, (chunk, status, diverged_at, reason, batch) in zip(self.runs, frame, strict=True):
            run.history.extend(chunk)
            run.status = status
            run.diverged_at = diverged_at
            run.divergence_reason = reason
            run.batch = batch

    def close(self) -> None:
        """Stop the child (at once, if it is still stepping) and wait for it."""
        self._conn.close()
        if self._process.is_alive():
            self._process.kill()
        self._process.join(timeout=5)
