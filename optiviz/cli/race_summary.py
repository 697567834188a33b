"""``optiviz run --scenario FILE --summary``: the race's summary table, as text or JSON."""

from __future__ import annotations

from collections.abc import Sequence

from optiviz.engine.runs.run import Run
from optiviz.engine.runs.summary import RunSummary, format_table, minimum_loss, summarise_history
from optiviz.engine.worker.session_state import run_label


def race_summary(
    runs: Sequence[Run], labels: Sequence[str], clock: Sequence[float], tolerance: float
) -> tuple[list[RunSummary], list[float | None]]:
    """Each run's row (against its own problem's minimum) and those minima."""
    minima = [minimum_loss(run.problem) for run in runs]
    rows = [
        summarise_history(
            label or run_label(run.config), run.history, run.diverged_at, t, m, tolerance
        )
        for run, label, t, m in zip(runs, labels, clock, minima, strict=True)
    ]
    return rows, minima


def summary_text(
    runs: Sequence[Run], labels: Sequence[str], clock: Sequence[float], tolerance: float
) -> str:
    rows, minima = race_summary(runs, labels, clock, tolerance)
    return format_table(rows, minima, tolerance)


def summary_object(
    runs: Sequence[Run], labels: Sequence[str], clock: Sequence[float], tolerance: float
) -> dict:
    """The ``"summary"`` member of ``--json``."""
    rows, minima = race_summary(runs, labels, clock, tolerance)
    return {
        "tolerance": tolerance,
        "rows": [dict(row.as_dict(), minimum=m) for row, m in zip(rows, minima, strict=True)],
    }
