"""A race's summary: per run, its final loss, when it came close to the minimum, where it
diverged, and how long its epochs took.

"Close" means within a tolerance of the problem's minimum loss: the first epoch ``e`` whose
recorded loss (the forward pass of epoch ``e``, as a plain loop prints it) satisfies
``loss <= minimum + tolerance * max(1, |minimum|)`` — absolute near zero, relative above one.
The minimum is exact for the linear fit (least squares) and the test functions, an estimate for
a typed expression (its grid argmin), and unknown for a problem without minima (the saddle).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from optiviz.engine.problems.library import Problem, least_squares
from optiviz.engine.runs.history import History

#: The default tolerance of :func:`reached_at`.
TOLERANCE = 1e-3


def minimum_loss(problem: Problem) -> float | None:
    """The problem's lowest loss: least squares for a data fit, else the best known minimum."""
    if problem.dataset is not None:
        return least_squares(problem.dataset)[2]
    if not problem.minima:
        return None
    return min(problem.value(a, b) for a, b in problem.minima)


def threshold(minimum: float, tolerance: float = TOLERANCE) -> float:
    """The loss at or below which a run counts as having reached ``minimum``."""
    return minimum + tolerance * max(1.0, abs(minimum))


def reached_at(
    losses: np.ndarray, minimum: float | None, tolerance: float = TOLERANCE
) -> int | None:
    """The first epoch (1-based) whose loss is within ``tolerance`` of ``minimum``, or None."""
    if minimum is None or len(losses) == 0:
        return None
    hits = np.flatnonzero(np.asarray(losses) <= threshold(minimum, tolerance))
    return int(hits[0]) + 1 if len(hits) else None


@dataclass(frozen=True)
class RunSummary:
    """One row of the summary table."""

    label: str
    epochs: int
    final_loss: float | None  # the last epoch's loss; None before the first epoch
    reached_at: int | None  # first epoch within the tolerance of the minimum
    diverged_at: int | None
    wall_time: float  # seconds spent stepping this run's epochs

    def as_dict(self) -> dict:
        """Plain data for ``--json``."""
        return {
            "label": self.label,
            "epochs": self.epochs,
            "final_loss": self.final_loss,
            "reached_at": self.reached_at,
            "diverged_at": self.diverged_at,
            "wall_time": self.wall_time,
        }


def summarise(
    label: str,
    losses: np.ndarray,
    diverged_at: int | None,
    wall_time: float,
    minimum: float | None,
    tolerance: float = TOLERANCE,
) -> RunSummary:
    """One run's row from its recorded losses (a Run's or a mirrored RunState's history)."""
    final = float(losses[-1]) if len(losses) else None
    return RunSummary(
        label=label,
        epochs=len(losses),
        final_loss=final,
        reached_at=reached_at(losses, minimum, tolerance),
        diverged_at=diverged_at,
        wall_time=float(wall_time),
    )


def summarise_history(
    label: str,
    history: History,
    diverged_at: int | None,
    wall_time: float,
    minimum: float | None,
    tolerance: float = TOLERANCE,
) -> RunSummary:
    """:func:`summarise` of a run's history in epochs: a mini-batch run's epoch losses, and
    the epoch of the step where it diverged."""
    per_epoch = history.steps_per_epoch
    diverged_epoch = None if diverged_at is None else (diverged_at - 1) // per_epoch + 1
    return summarise(label, history.epoch_loss, diverged_epoch, wall_time, minimum, tolerance)


COLUMNS = ("run", "final loss", "reached", "diverged", "wall time")


def row_texts(row: RunSummary) -> tuple[str, str, str, str, str]:
    """The table's cells as text: the CLI prints them, the window shows them."""
    loss = (
        "—"
        if row.final_loss is None or not math.isfinite(row.final_loss)
        else f"{row.final_loss:.6g}"
    )
    reached = "—" if row.reached_at is None else f"epoch {row.reached_at}"
    diverged = "—" if row.diverged_at is None else f"epoch {row.diverged_at}"
    wall = f"{row.wall_time * 1000:.1f} ms"
    return (row.label, loss, reached, diverged, wall)


def format_table(
    rows: Sequence[RunSummary], minima: Sequence[float | None], tolerance: float
) -> str:
    """The summary as aligned text, with a line saying what "reached" means (``minima``: each
    row's problem's minimum; runs compared side by side may differ in data scaling)."""
    cells = [COLUMNS, *(row_texts(r) for r in rows)]
    widths = [max(len(c[i]) for c in cells) for i in range(len(COLUMNS))]
    lines = ["  ".join(c[i].ljust(widths[i]) for i in range(len(COLUMNS))).rstrip() for c in cells]
    minimum = minima[0] if minima else None
    if any(m != minimum for m in minima):
        lines.append(
            f"reached: each run against its own problem's minimum (tolerance {tolerance:g})"
        )
    elif minimum is None:
        lines.append("reached: the problem has no known minimum")
    else:
        lines.append(
            f"reached: first epoch with loss <= {threshold(minimum, tolerance):.6g} "
            f"(minimum {minimum:.6g}, tolerance {tolerance:g})"
        )
    return "\n".join(lines)
