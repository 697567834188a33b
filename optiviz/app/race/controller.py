"""The runs of a window's race: which there are, their labels, which are shown, which is edited.

The worker holds the runs themselves; this controller only sends ``cmd_reset`` with the whole
list when runs are added or removed (the race starts again from epoch 0, every run from the
same start) and keeps what the worker does not know: each run's legend label, whether it is
shown, and a scenario's colour (kept for saving; the panes colour runs by place).
The controls edit the selected run: the window sends their changes to ``edited_run``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from optiviz.engine.errors import ConfigError
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.race import MAX_RUNS, check_same_problem, lr_fan, problem_key
from optiviz.engine.worker.session import cmd_reset
from optiviz.engine.worker.session_state import RunState, SessionState, run_label


@dataclass
class RunMeta:
    """What the window keeps about a run besides its config."""

    label: str = ""  # the legend entry; "" names the run by its settings
    visible: bool = True
    color: str = ""  # a scenario's colour, written back when saving


def shown_label(meta: RunMeta, config: RunConfig) -> str:
    return meta.label or run_label(config)


class RaceController(QObject):
    """Adds, removes, hides and selects the runs of ``window`` (a MainWindow).

    Signals:
        runsChanged(): the list of runs, a label, a visibility or the selection changed.
        selectionChanged(int): another run is now the one the controls edit.
    """

    runsChanged = Signal()
    selectionChanged = Signal(int)

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.client = window.client
        state = self.client.state
        self.meta: list[RunMeta] = [
            RunMeta(label="" if run.label == run_label(run.config) else run.label)
            for run in state.runs
        ]
        self._labels_seen: dict[int, tuple[int, str]] = {}
        # Set by install_race: the runs list, its dock and the Run menu's actions.
        self.panel: Any = None
        self.dock: Any = None
        self.actions: dict[str, Any] = {}
        window.stateShowing.connect(self._on_state_showing)
        window.frameDone.connect(self._on_frame)
        window.controls.resetRequested.connect(self._on_reset_requested)

    # -- reading -------------------------------------------------------------------------------
    @property
    def state(self) -> SessionState:
        return self.client.state

    @property
    def selected(self) -> int:
        return min(max(self.window.edited_run, 0), len(self.state.runs) - 1)

    def configs(self) -> list[RunConfig]:
        """Every run's config as the worker holds it now (lr edits included)."""
        return [run.config for run in self.state.runs]

    def labels(self) -> list[str]:
        """Each run's legend entry as shown."""
        return [shown_label(m, c) for m, c in zip(self.entries(), self.configs(), strict=True)]

    def entries(self) -> list[RunMeta]:
        """One entry per run of the state (padded if the worker has more runs).

        Entries beyond the state's runs are kept, not cut: right after start-up the worker's
        first update can still describe its default single run while a scenario's race is on
        its way, and cutting would lose the race's labels.
        """
        n = len(self.state.runs)
        if len(self.meta) < n:
            self.meta += [RunMeta() for _ in range(n - len(self.meta))]
        return self.meta[:n]

    # -- the verbs -----------------------------------------------------------------------------
    def set_runs(
        self,
        configs: Sequence[RunConfig],
        meta: Sequence[RunMeta] | None = None,
        *,
        same_problem: bool = True,
        selected: int = 0,
    ) -> None:
        """Start a new race of ``configs`` (raises ConfigError, changing nothing, if refused).

        ``same_problem=False`` lets runs differ in data scaling (a scenario comparing them);
        the surface then shows the first run's problem.
        """
        configs = list(configs)
        if not configs:
            raise ConfigError("runs", "at least one run is needed")
        if len(configs) > MAX_RUNS:
            raise ConfigError("runs", f"at most {MAX_RUNS} runs, got {len(configs)}")
        if same_problem:
            check_same_problem(configs)
        meta = list(meta) if meta is not None else [RunMeta() for _ in configs]
        meta += [RunMeta() for _ in range(len(configs) - len(meta))]
        same = configs == self.configs() and self.state.max_epoch == 0
        self.meta = meta[: len(configs)]
        self.window.edited_run = min(max(selected, 0), len(configs) - 1)
        if same:  # nothing to restart: show the new labels and visibility
            self._apply(self.state)
            self._rebuild_panes()
        else:
            self.client.send(cmd_reset(configs))
        self._load_controls()
        self.runsChanged.emit()
        self.selectionChanged.emit(self.selected)

    def add_runs(self, configs: Sequence[RunConfig], *, replace: bool = False) -> None:
        """Add runs (on the selected run's problem) and restart the race with all of them."""
        new = list(configs)
        base = self.configs()[self.selected]
        for i, config in enumerate(new, start=1):
            if problem_key(config) != problem_key(base):
                raise ConfigError(
                    "runs",
                    f"the new run {i} is on another problem, data or start than run "
                    f"{self.selected + 1}; a race needs the same one for all runs",
                )
        if replace:
            self.set_runs(new, selected=0)
            return
        meta = [RunMeta(m.label, m.visible, m.color) for m in self.entries()]
        total = self.configs() + new
        self.set_runs(
            total,
            meta + [RunMeta() for _ in new],
            same_problem=False,  # the old runs may differ in scaling (a scenario); new ones not
            selected=len(total) - len(new),
        )

    def add_current(self) -> None:
        """Add the controls' settings as another run."""
        self.add_runs([self.window.controls.config()])

    def add_fan(self, n: int, lo: float, hi: float, *, replace: bool = False) -> None:
        """The controls' optimizer at ``n`` learning rates log-spaced from ``lo`` to ``hi``."""
        self.add_runs(lr_fan(self.window.controls.config(), n, lo, hi), replace=replace)

    def remove_run(self, index: int) -> None:
        configs = self.configs()
        if len(configs) <= 1:
            raise ConfigError("runs", "a race needs at least one run; this is the last one")
        if not 0 <= index < len(configs):
            raise ConfigError("runs", f"there is no run {index + 1}")
        meta = list(self.entries())
        del configs[index]
        del meta[index]
        selected = self.selected
        if selected > index or selected == len(configs):
            selected -= 1
        self.set_runs(configs, meta, same_problem=False, selected=selected)

    def set_visible(self, index: int, visible: bool) -> None:
        """Show or hide one run in every pane (curves, path, fitted line, legend entry)."""
        meta = self.entries()
        if not 0 <= index < len(meta) or meta[index].visible == bool(visible):
            return
        meta[index].visible = bool(visible)
        self._apply(self.state)
        self._rebuild_panes()
        self.runsChanged.emit()

    def set_label(self, index: int, label: str) -> None:
        meta = self.entries()
        if 0 <= index < len(meta):
            meta[index].label = label.strip()
            self._apply(self.state)
            self.runsChanged.emit()

    def select(self, index: int) -> None:
        """Make run ``index`` the one the controls show and edit."""
        n = len(self.state.runs)
        if not 0 <= index < n or index == self.window.edited_run:
            return
        self.window.edited_run = index
        self._load_controls()
        teaching = getattr(self.window, "teaching", None)
        combo = getattr(getattr(teaching, "panel", None), "run_combo", None)
        if combo is not None and combo.findData(index) >= 0:
            combo.setCurrentIndex(combo.findData(index))  # the step-by-step panel follows
        self.selectionChanged.emit(index)

    # -- inside --------------------------------------------------------------------------------
    def _load_controls(self) -> None:
        config = self.configs()[self.selected] if self.state.runs else None
        if config is None:
            return
        try:
            self.window.controls.set_config(config)
        except ConfigError:
            pass

    def _apply(self, state: SessionState) -> None:
        """Labels and visibility onto the runs of ``state``."""
        meta = self.meta
        for i, run in enumerate(state.runs):
            entry = meta[i] if i < len(meta) else RunMeta()
            run.label = shown_label(entry, run.config)
            run.visible = entry.visible

    def _rebuild_panes(self) -> None:
        panes = self.window.panes
        if panes.session is self.state:
            panes.set_session(self.state)  # the loss legend lists the shown runs only
            panes.refresh(getattr(self.window, "panes_epoch", None))

    def _on_state_showing(self, state: SessionState) -> None:
        self.entries()
        self._apply(state)
        self.window.edited_run = self.selected
        self._labels_seen = {}
        self.runsChanged.emit()

    def _on_frame(self) -> None:
        """Keep default labels in step with lr edits made while the race runs."""
        changed = False
        meta = self.meta
        for i, run in enumerate(self.state.runs):
            if i < len(meta) and meta[i].label:
                continue
            seen = self._labels_seen.get(i)
            if seen is not None and seen[0] == id(run.config):
                continue
            label = run_label(run.config)
            self._labels_seen[i] = (id(run.config), label)
            if run.label != label:
                run.label = label
                changed = True
        if changed:
            self.window.panes.refresh(getattr(self.window, "panes_epoch", None))
            self.runsChanged.emit()

    def _on_reset_requested(self, _config: RunConfig) -> None:
        meta = self.entries()
        if meta:
            meta[self.selected].label = ""  # its settings changed: name it by them


def run_tooltip(run: RunState) -> str:
    """Status and settings of a run, for the runs list."""
    config = run.config
    lines = [f"{run_label(config)}", f"status: {run.status}, epoch {run.epoch}"]
    if config.scheduler:
        sched = ", ".join(f"{k}={v}" for k, v in config.sched.items())
        lines.append(f"scheduler: {config.scheduler}({sched})")
    return "\n".join(lines)
