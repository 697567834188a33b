"""The runs of a window's race, as the runs list shows them: a view of the app model.

The model holds the runs (configs, labels, visibility, colours) and which one the controls
edit; this controller renders them into the "Runs" list, with each run's status from the
worker's mirror, and turns the list's clicks into the model's verbs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from optiviz.app.host import WindowHost
from optiviz.app.model import AppModel, RunEntry
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.worker.session_state import RunState, SessionState, run_label

if TYPE_CHECKING:
    from optiviz.app.race.tune_dialog import TuneLrDialog


class RaceController(QObject):
    """Adds, removes, hides and selects the runs of the window's model.

    Signals:
        runsChanged(): the list of runs, a label, a visibility or the selection changed.
        selectionChanged(int): another run is now the one the controls edit.
    """

    runsChanged = Signal()
    selectionChanged = Signal(int)

    def __init__(self, window: WindowHost) -> None:
        super().__init__(window)  # type: ignore[arg-type]
        self.window = window
        self.model: AppModel = window.model
        self.panel: object = None  # set by install_race: the runs list, its dock, its actions
        self.dock: object = None
        self.actions: dict[str, object] = {}
        self.summary: object = None  # set by install_race: the race summary and its dock
        self.summary_dock: object = None
        self.tune_dialog: TuneLrDialog | None = None  # the open "Tune lr" dialog, if any
        self._statuses: list[str] = []
        self._selected = self.model.edited
        self.model.runsChanged.connect(self._on_model_changed)
        window.frameDone.connect(self._on_frame)

    # -- reading -------------------------------------------------------------------------------
    @property
    def state(self) -> SessionState:
        return self.window.client.state

    @property
    def selected(self) -> int:
        return self.model.edited

    def configs(self) -> list[RunConfig]:
        return self.model.configs()

    def labels(self) -> list[str]:
        return self.model.labels()

    def entries(self) -> tuple[RunEntry, ...]:
        return self.model.entries

    # -- the verbs (the model's) ---------------------------------------------------------------
    def set_runs(
        self,
        configs: Sequence[RunConfig],
        entries: Sequence[RunEntry] | None = None,
        *,
        same_problem: bool = True,
        selected: int = 0,
    ) -> None:
        """Start a new race of ``configs`` (raises ConfigError, changing nothing, if refused)."""
        given = list(entries or [])
        given += [RunEntry(c) for c in configs[len(given) :]]
        runs = [e.with_config(c) for e, c in zip(given, configs, strict=False)]
        self.model.set_runs(runs, selected=selected, same_problem=same_problem)

    def add_runs(self, configs: Sequence[RunConfig], *, replace: bool = False) -> None:
        self.model.add_runs(configs, replace=replace)

    def add_current(self) -> None:
        self.model.add_current()

    def add_fan(self, n: int, lo: float, hi: float, *, replace: bool = False) -> None:
        self.model.add_fan(n, lo, hi, replace=replace)

    def remove_run(self, index: int) -> None:
        self.model.remove_run(index)

    def set_visible(self, index: int, visible: bool) -> None:
        self.model.set_visible(index, visible)

    def set_label(self, index: int, label: str) -> None:
        self.model.set_label(index, label)

    def select(self, index: int) -> None:
        self.model.select(index)

    # -- inside --------------------------------------------------------------------------------
    def _on_model_changed(self) -> None:
        self.runsChanged.emit()
        if self.model.edited != self._selected:
            self._selected = self.model.edited
            self.selectionChanged.emit(self._selected)

    def _on_frame(self) -> None:
        """Statuses come from the worker: redraw the list when one changes."""
        statuses = [run.status for run in self.state.runs]
        if statuses != self._statuses:
            self._statuses = statuses
            self.runsChanged.emit()

    def status_notes(self) -> list[str]:
        """What the runs list adds to each row: "" or "diverged at epoch 37"."""
        runs = self.state.runs
        notes = []
        for i in range(len(self.model.entries)):
            run = runs[i] if i < len(runs) else None
            if run is not None and run.status == "diverged":
                at = f" at epoch {run.diverged_at}" if run.diverged_at is not None else ""
                notes.append(f"diverged{at}")
            else:
                notes.append("")
        return notes


def run_tooltip(run: RunState) -> str:
    """Status and settings of a run, for the runs list."""
    config = run.config
    lines = [f"{run_label(config)}", f"status: {run.status}, epoch {run.epoch}"]
    if run.status == "diverged" and run.reason:
        lines.append(f"diverged at epoch {run.diverged_at}: {run.reason}")
    if config.scheduler:
        sched = ", ".join(f"{k}={v}" for k, v in config.sched.items())
        lines.append(f"scheduler: {config.scheduler}({sched})")
    return "\n".join(lines)
