"""How long each run of a race spent stepping its epochs, measured where they are stepped.

The clock keeps, per run, the cumulative seconds at the end of every epoch, so going back to
an epoch (a seek) goes back to the time it had taken to get there, and the time of an epoch
stepped again counts once. Epochs stepped without the clock (phase by phase, in the teaching
mode) add no time.
"""

from __future__ import annotations

import time
from array import array

from optiviz.engine.runs.run import Run


class WallClock:
    """Cumulative stepping seconds per run, one float per step (an epoch of a full-batch run)."""

    def __init__(self, runs: int = 0) -> None:
        self._totals: list[array] = [array("d") for _ in range(runs)]

    def reset(self, runs: int) -> None:
        self._totals = [array("d") for _ in range(runs)]

    def remove(self, index: int) -> None:
        del self._totals[index]

    def step(self, index: int, run: Run) -> None:
        """``run.step()``, timed as run ``index``'s."""
        before = run.steps
        began = time.perf_counter()
        run.step()
        spent = time.perf_counter() - began
        totals = self._align(index, before)
        base = totals[-1] if totals else 0.0
        while len(totals) < run.steps:
            totals.append(base + spent)

    def seconds(self, index: int, run: Run) -> float:
        """Seconds run ``index`` spent stepping to its current epoch."""
        totals = self._align(index, run.steps)
        return totals[run.steps - 1] if run.steps else 0.0

    def _align(self, index: int, epochs: int) -> array:
        """Run ``index``'s totals cut or padded (with no time) to ``epochs`` epochs."""
        totals = self._totals[index]
        if len(totals) > epochs:
            del totals[epochs:]
        base = totals[-1] if totals else 0.0
        while len(totals) < epochs:
            totals.append(base)
        return totals
