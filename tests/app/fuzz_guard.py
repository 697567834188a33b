"""What the GUI fuzz test guards with: a per-action watchdog that turns a hang into an
exception, and the defects it has found, so that one coming back names itself."""

from __future__ import annotations

import _thread
import signal
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class Hang(Exception):
    """An action did not return within the watchdog's limit."""


class KnownDefect(Exception):
    """A defect this test found before; a seed listed in ``KNOWN_SEEDS`` may expect it."""


#: Defects the fuzz test has found (the first three are fixed, tested at the engine in
#: tests/engine/test_found_by_fuzz.py and test_seek_after_fewer_epochs.py; the last is open):
#: a name, the texts that identify it in a failure (all of them), the report.
KNOWN = [
    (
        "seek-replay-hang",
        ("runs/run.py", "in seek", "Hang: an action ran past"),
        "worker/runs (seek bounds): Run.seek replays with `while self.epoch < epoch: "
        "self.step()`, which never ends once a replayed step stops advancing the run",
    ),
    (
        "stale-expression-unsaveable",
        ('problem.expression: only with name = "expression"',),
        "writers: a linear run that kept the expression of an earlier f(x, y) run is written "
        "with problem.expression, which reading the file back refuses: Save fails",
    ),
    (
        "lbfgs-zero-lr",
        ("lbfgs.py", "_cubic_interpolate", "ZeroDivisionError"),
        "validation / worker: LBFGS with line_search_fn strong_wolfe and lr 0 is accepted, and "
        "its first step raises ZeroDivisionError in torch's _cubic_interpolate, out of "
        "Run.phases and the session",
    ),
    (
        "csv-names-lost",
        ("[csv names lost]",),
        "writers: data loaded from a CSV keeps its column names (Dataset.x_name, y_name); "
        "the scenario writes the points inline without them, so it reads back as other runs",
    ),
]


def known(text: str) -> str:
    """The report of the known defect ``text`` shows, or ""."""
    for _name, marks, report in KNOWN:
        if all(mark in text for mark in marks):
            return report
    return ""


def _raise_hang(_signum: int, _frame: FrameType | None) -> None:
    raise Hang("an action ran past the watchdog's limit")


@contextmanager
def watchdog(seconds: float) -> Iterator[None]:
    """Raise :class:`Hang` in the main thread if the block runs longer than ``seconds``
    (a Python loop that never ends is interrupted at its next bytecode)."""
    previous = signal.signal(signal.SIGUSR1, _raise_hang)
    timer = threading.Timer(seconds, _thread.interrupt_main, args=(signal.SIGUSR1,))
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        signal.signal(signal.SIGUSR1, previous)


def describe(err: BaseException) -> str:
    """The whole traceback and message, where the known defects' texts are looked for."""
    return "".join(traceback.format_exception(err))
