"""The race summary in the window: rows computed from the worker's mirror on the frame timer.

Each row is :func:`~optiviz.engine.runs.summary.summarise` of a mirrored run (its losses, where
it diverged, the worker's stepping time) named by the model's label. The table refreshes at
most every :data:`REFRESH` seconds while its dock is shown, and at once when the runs change.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject

from optiviz.app.host import WindowHost
from optiviz.app.race.summary_panel import SummaryPanel
from optiviz.engine.problems.library import Problem
from optiviz.engine.runs.summary import (
    TOLERANCE,
    RunSummary,
    minimum_loss,
    summarise_history,
    threshold,
)
from optiviz.plots.i18n import fill, tr
from optiviz.plots.theme import run_color

REFRESH = 0.25  # seconds


class RaceSummary(QObject):
    """Feeds a :class:`SummaryPanel` from the window's model and mirror."""

    def __init__(
        self, window: WindowHost, panel: SummaryPanel, tolerance: float = TOLERANCE
    ) -> None:
        super().__init__(window)  # type: ignore[arg-type]
        self.window = window
        self.panel = panel
        self.tolerance = tolerance
        self._problem: Problem | None = None
        self._minimum: float | None = None
        self._last = 0.0
        self.shown = lambda: True  # set by install_race: whether the dock is on screen
        window.frameDone.connect(self._on_frame)
        window.model.runsChanged.connect(self.refresh)

    def minimum(self, problem: Problem) -> float | None:
        """The problem's minimum loss, worked out once per problem."""
        if problem is not self._problem:
            self._problem, self._minimum = problem, minimum_loss(problem)
        return self._minimum

    def rows(self) -> list[RunSummary]:
        state = self.window.client.state
        labels = self.window.model.labels()
        minimum = self.minimum(state.problem)
        return [
            summarise_history(
                labels[i] if i < len(labels) else run.label,
                run.history,
                run.diverged_at,
                run.wall_time,
                minimum,
                self.tolerance,
            )
            for i, run in enumerate(state.runs)
        ]

    def note(self) -> str:
        minimum = self.minimum(self.window.client.state.problem)
        if minimum is None:
            return tr("Reached: this problem has no known minimum.")
        bound = threshold(minimum, self.tolerance)
        text = tr("Reached: the first epoch with loss ≤ %1 (minimum %2).")
        return fill(text, f"{bound:.6g}", f"{minimum:.6g}")

    def refresh(self) -> None:
        """Show the current rows now."""
        self._last = time.perf_counter()
        rows = self.rows()
        entries = self.window.model.entries
        colors = [
            (entries[i].color if i < len(entries) else "") or run_color(i) for i in range(len(rows))
        ]
        self.panel.show_rows(rows, colors, self.note())

    def _on_frame(self) -> None:
        if self.shown() and time.perf_counter() - self._last >= REFRESH:
            self.refresh()
