"""The window's state in one place, with no widgets: the runs, the edited run, the file, the view.

Every view (the controls, the runs list, the legend, the title, the status bar, the dialogs)
renders from :class:`AppModel` and sends its edits here; features (races, explore, scenarios,
recording, teaching) change the model, never another feature's widgets. The model turns each
change into worker commands, so the worker runs exactly what the model says. Controllers are
tested against it with a fake worker link and no window.

How the lr travels: the lr field calls :meth:`AppModel.edit` with the edited run's config; the
model stores it and sends ``SetHyper(run, "lr", value)``; the worker's session calls
``Run.set_hyper``, which writes it into each ``optimizer.param_groups[i]["lr"]`` before the next
epoch; the next update carries the run's new config back to the mirror, from which the legend's
label is derived.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from optiviz.app.model.normalise import fit_to_problem, normalised
from optiviz.app.model.projection import labels_for
from optiviz.app.model.runs import RunEntry, needs_reset, shared_changes
from optiviz.app.model.titles import describe_runs
from optiviz.engine.catalogue.optimizers import optimizer_info
from optiviz.engine.errors import ConfigError
from optiviz.engine.formats.scenario import VECTORS, Scenario, ViewSpec
from optiviz.engine.runs.config import RunConfig, validate
from optiviz.engine.runs.race import (
    MAX_RUNS,
    batch_fan,
    check_same_problem,
    lr_fan,
    problem_key,
)
from optiviz.engine.worker.commands import SetDirections
from optiviz.engine.worker.live_landscape import KINDS
from optiviz.engine.worker.session import (
    cmd_epochs,
    cmd_remove,
    cmd_reset,
    cmd_set,
    cmd_speed,
)
from optiviz.engine.worker.session_state import SessionState

DEFAULT_SPEED = 100.0
#: Presenter mode's scale of fonts, lines and markers: its range and its first value.
PRESENTER_SCALES = (1.0, 3.0)
DEFAULT_PRESENTER_SCALE = 1.75


class WorkerLink(Protocol):
    """What the model needs of the worker: a way to send commands and the mirrored state."""

    def send(self, command: object) -> None: ...

    @property
    def state(self) -> SessionState: ...


class AppModel(QObject):
    """The single source of truth of the window.

    Signals:
        runsChanged(): the runs, their configs, labels, visibility or colours changed.
        editedChanged(): another run is edited, or the edited run's config changed.
        fileChanged(): the scenario's title, file or modified flag changed.
        speedChanged(object): epochs per second (None: as fast as possible).
        viewChanged(): the theme, the vectors drawn, the 3-D view or the panes shown changed.
        presenterChanged(): presenter mode went on or off, or its scale changed.
        notice(str): something the status bar should say (an edit restarted the runs...).
    """

    runsChanged = Signal()
    editedChanged = Signal()
    fileChanged = Signal()
    speedChanged = Signal(object)
    viewChanged = Signal()
    presenterChanged = Signal()
    notice = Signal(str)

    def __init__(
        self,
        link: WorkerLink,
        configs: Sequence[RunConfig] | None = None,
        *,
        speed: float | None = DEFAULT_SPEED,
        theme: str = "dark",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.link = link
        given = [normalised(validate(c)) for c in (configs or [RunConfig()])]
        self._entries: tuple[RunEntry, ...] = tuple(RunEntry(c) for c in given)
        self._edited = 0
        self._same_problem = True
        # What the worker was last told to run (its own start-up runs count): a new session of
        # the same runs that has not started yet is not sent again.
        self._sent = _normalised_or_none([r.config for r in link.state.runs])
        self._speed = speed
        self._view = ViewSpec(theme=theme if theme in ("dark", "light") else "dark")
        # Presenter mode belongs to the room, not to the scenario: never saved in a file.
        self._presenter = False
        self._presenter_scale = DEFAULT_PRESENTER_SCALE
        self.title = ""  # a scenario's own title ("" names the window after its runs)
        self.description = ""
        self.path: Path | None = None  # the scenario file Save writes (None: Save asks)
        self.source: Scenario | None = None  # the scenario last opened or saved
        self.modified = False
        self._directions = "pca"  # a network landscape's plane

    # -- reading -------------------------------------------------------------------------------
    @property
    def entries(self) -> tuple[RunEntry, ...]:
        return self._entries

    @property
    def edited(self) -> int:
        """The index of the run the controls show and edit."""
        return self._edited

    @property
    def edited_config(self) -> RunConfig:
        return self._entries[self._edited].config.copy()

    def configs(self) -> list[RunConfig]:
        return [entry.config.copy() for entry in self._entries]

    def labels(self) -> list[str]:
        """Each run's legend entry, as the legend shows it."""
        return labels_for(self._entries, [entry.config for entry in self._entries])

    @property
    def speed(self) -> float | None:
        return self._speed

    @property
    def view(self) -> ViewSpec:
        return self._view

    @property
    def theme(self) -> str:
        return self._view.theme

    @property
    def same_problem(self) -> bool:
        return self._same_problem

    def window_title(self) -> str:
        """``optiviz — SGD on the tutorial's linear fit`` or the scenario's title; ``[*]`` marks
        unsaved changes of a scenario file."""
        what = self.title or describe_runs(self.configs())
        name = f" — {self.path.name}[*]" if self.path is not None else ""
        return f"optiviz — {what}{name}"

    def scenario(self) -> Scenario:
        """Everything the model holds, as a scenario (the saved file and the last session)."""
        base = self.source
        speed: float | str = "max" if self._speed is None else float(self._speed)
        scenario = Scenario.from_configs(
            self.configs(),
            title=self.title,
            description=self.description,
            view=replace(self._view),
            speed=speed,
        )
        for spec, entry in zip(scenario.runs, self._entries, strict=True):
            spec.label, spec.visible, spec.color = entry.label, entry.visible, entry.color
        if base is not None and base.data and scenario.points == base.points:
            scenario.data, scenario.base_dir = base.data, base.base_dir  # still that CSV file
        return scenario

    # -- runs ----------------------------------------------------------------------------------
    def set_runs(
        self,
        entries: Sequence[RunEntry],
        *,
        selected: int = 0,
        same_problem: bool = True,
    ) -> None:
        """Start new runs (raises ConfigError, changing nothing, if they are refused).

        ``same_problem=False`` lets runs differ in data scaling (a scenario comparing them).
        """
        entries = list(entries)
        if not entries:
            raise ConfigError("runs", "at least one run is needed")
        if len(entries) > MAX_RUNS:
            raise ConfigError("runs", f"at most {MAX_RUNS} runs, got {len(entries)}")
        configs = [normalised(validate(e.config)) for e in entries]
        if same_problem:
            check_same_problem(configs)
        self._entries = tuple(e.with_config(c) for e, c in zip(entries, configs, strict=True))
        self._same_problem = same_problem
        self._edited = min(max(selected, 0), len(entries) - 1)
        self._send_runs(configs)
        self._changed(edited=True)

    def reset(self, *, if_changed: bool = False) -> None:
        """Start every run again from epoch 0 with the settings the model holds
        (``if_changed``: only if the worker holds other runs)."""
        self._send_runs(self.configs(), again=not if_changed)

    def _send_runs(self, configs: list[RunConfig], *, again: bool = False) -> None:
        """Reset the worker to ``configs``, unless it already holds them, untouched."""
        state = self.link.state
        fresh = state.max_epoch == 0 and not state.playing
        if not again and fresh and configs == self._sent:
            return
        self.link.send(cmd_reset(configs))
        self._sent = list(configs)

    def add_runs(self, configs: Sequence[RunConfig], *, replace: bool = False) -> None:
        """Add runs on the edited run's problem; the race starts again with all of them."""
        new = list(configs)
        base = self.edited_config
        for i, config in enumerate(new, start=1):
            if problem_key(config) != problem_key(base):
                raise ConfigError(
                    "runs",
                    f"the new run {i} is on another problem, data or start than run "
                    f"{self._edited + 1}; a race needs the same one for all runs",
                )
        if replace:
            self.set_runs([RunEntry(c) for c in new])
            return
        entries = [*self._entries, *(RunEntry(c) for c in new)]
        # The old runs may differ in scaling (a scenario); the new ones share the edited run's.
        self.set_runs(entries, selected=len(self._entries), same_problem=False)

    def add_current(self) -> None:
        """Add the edited run's settings as another run."""
        self.add_runs([self.edited_config])

    def add_fan(self, n: int, lo: float, hi: float, *, replace: bool = False) -> None:
        """The edited run's optimizer at ``n`` learning rates log-spaced from ``lo`` to ``hi``."""
        self.add_runs(lr_fan(self.edited_config, n, lo, hi), replace=replace)

    def add_batch_fan(self, sizes: Sequence[int | None], *, replace: bool = False) -> None:
        """A noise fan: the edited run at each batch size (None: the full batch)."""
        self.add_runs(batch_fan(self.edited_config, sizes), replace=replace)

    def remove_run(self, index: int) -> None:
        """Drop one run; the others go on where they are (nothing restarts)."""
        if len(self._entries) <= 1:
            raise ConfigError("runs", "a race needs at least one run; this is the last one")
        if not 0 <= index < len(self._entries):
            raise ConfigError("runs", f"there is no run {index + 1}")
        entries = list(self._entries)
        del entries[index]
        self._entries = tuple(entries)
        if self._edited > index or self._edited == len(entries):
            self._edited -= 1
        self.link.send(cmd_remove(index))
        self._changed(edited=True)

    def select(self, index: int) -> None:
        """Make run ``index`` the one the controls show and edit."""
        if 0 <= index < len(self._entries) and index != self._edited:
            self._edited = index
            self.editedChanged.emit()
            self.runsChanged.emit()

    def set_visible(self, index: int, visible: bool) -> None:
        self._update_entry(index, visible=bool(visible))

    def set_label(self, index: int, label: str) -> None:
        self._update_entry(index, label=label.strip())

    def set_color(self, index: int, color: str) -> None:
        self._update_entry(index, color=color)

    # -- editing the edited run ----------------------------------------------------------------
    def edit(self, config: RunConfig) -> None:
        """The edited run's new settings, as the controls (or a feature) set them.

        A change of problem, data, start, optimizer or scheduler starts every run again (the
        shared fields apply to all runs of a race); a run that diverged starts again too, since
        it cannot continue. Otherwise the changed lr, hyperparameters and epochs apply from
        the next epoch. Raises ConfigError, changing nothing, if the settings are refused.
        """
        index = self._edited
        old = self._entries[index].config
        if _problem_changed(old, config):
            config = fit_to_problem(config)
        new = normalised(validate(config))
        if new == old:
            return
        diverged = self._status(index) == "diverged"
        if needs_reset(old, new) or diverged:
            self._restart_with(index, old, new, diverged)
            return
        entries = list(self._entries)
        entries[index] = entries[index].with_config(new)
        if new.epochs != old.epochs:
            entries = [e.with_config(e.config.copy(epochs=new.epochs)) for e in entries]
        self._entries = tuple(entries)
        target = None if len(entries) == 1 else index
        if old.lr != new.lr:
            self.link.send(cmd_set(target, "lr", new.lr))
        for spec in optimizer_info(new.optimizer).hyperparams:
            before = old.hyper.get(spec.name, spec.default)
            after = new.hyper.get(spec.name, spec.default)
            if spec.name != "lr" and before != after:
                self.link.send(cmd_set(target, spec.name, after))
        if new.epochs != old.epochs:
            self.link.send(cmd_epochs(new.epochs))
        self._changed(edited=True)

    def _restart_with(self, index: int, old: RunConfig, new: RunConfig, diverged: bool) -> None:
        shared = shared_changes(old, new)
        entries = [e.with_config(_with_shared(e.config, shared)) for e in self._entries]
        # A change of the race's shared fields alone (a new start, problem or data) leaves
        # every run's name as it was; a change of the run's own settings names it by them.
        own = needs_reset(_with_shared(old, shared), new)
        label = "" if own else entries[index].label
        entries[index] = replace(entries[index], config=new, label=label)
        if {"problem", "dataset", "expression", "network"} & set(shared):
            self.title = ""  # a scenario's title described another problem
        self.set_runs(entries, selected=index, same_problem=self._same_problem)
        if diverged and not needs_reset(old, new):
            self.notice.emit(f"run {index + 1} had diverged: the runs start again with its edit")

    def _status(self, index: int) -> str:
        runs = self.link.state.runs
        return runs[index].status if index < len(runs) else ""

    # -- the file ------------------------------------------------------------------------------
    def open_scenario(
        self, scenario: Scenario, path: Path | None = None, *, view: bool = True
    ) -> None:
        """Show ``scenario`` (raises ConfigError, changing nothing, if its runs are refused)."""
        configs = scenario.configs()
        entries = [
            RunEntry(c, spec.label, spec.visible, spec.color)
            for c, spec in zip(configs, scenario.runs, strict=True)
        ]
        self.set_runs(entries, same_problem=scenario.same_problem)
        self.source = scenario
        self.title = scenario.title
        self.description = scenario.description
        self.path = path
        if view:
            self.set_speed(None if scenario.speed == "max" else float(scenario.speed))
            self._set_view(replace(scenario.view))
        self.modified = False
        self.fileChanged.emit()

    def mark_saved(self, path: Path, scenario: Scenario) -> None:
        self.path, self.source, self.modified = path, scenario, False
        self.fileChanged.emit()

    # -- speed and view ------------------------------------------------------------------------
    def set_speed(self, speed: float | None) -> None:
        """Epochs per second (None: as fast as possible); sent to the worker."""
        self.link.send(cmd_speed(speed))  # the worker refuses a bad value, naming the field
        self._speed = None if speed is None else float(speed)
        self.speedChanged.emit(self._speed)

    def set_theme(self, theme: str) -> None:
        self._set_view(replace(self._view, theme="light" if theme == "light" else "dark"))

    def set_vectors(self, names: Sequence[str]) -> None:
        self._set_view(replace(self._view, vectors=tuple(n for n in VECTORS if n in names)))

    def set_three_d(self, on: bool) -> None:
        self._set_view(replace(self._view, three_d=bool(on)))

    def set_panes(self, panes: Sequence[str]) -> None:
        self._set_view(replace(self._view, panes=tuple(panes)))

    @property
    def presenter(self) -> bool:
        return self._presenter

    @property
    def presenter_scale(self) -> float:
        """How much larger presenter mode draws (1.75: 175 %), whether it is on or not."""
        return self._presenter_scale

    @property
    def directions(self) -> str:
        """The directions of a network landscape's plane: "pca" or "random"."""
        return self._directions

    def set_directions(self, kind: str) -> None:
        """Show a network's landscape on a plane of other directions; the runs go on."""
        if kind not in KINDS:
            raise ConfigError(("directions",), f"must be one of {', '.join(KINDS)}, got {kind!r}")
        self._directions = kind
        self.link.send(SetDirections(kind))
        self.viewChanged.emit()

    def set_presenter(self, on: bool) -> None:
        if bool(on) != self._presenter:
            self._presenter = bool(on)
            self.presenterChanged.emit()

    def set_presenter_scale(self, scale: float) -> None:
        """Set the scale, kept within :data:`PRESENTER_SCALES`."""
        lo, hi = PRESENTER_SCALES
        scale = min(hi, max(lo, float(scale)))
        if scale != self._presenter_scale:
            self._presenter_scale = scale
            self.presenterChanged.emit()

    def _set_view(self, view: ViewSpec) -> None:
        if view != self._view:
            self._view = view
            self.viewChanged.emit()

    # -- inside --------------------------------------------------------------------------------
    def _update_entry(self, index: int, **changes: object) -> None:
        if not 0 <= index < len(self._entries):
            return
        entry = self._entries[index]
        new = replace(entry, **changes)  # type: ignore[arg-type]
        if new == entry:
            return
        entries = list(self._entries)
        entries[index] = new
        self._entries = tuple(entries)
        self._changed(edited=False)

    def _changed(self, *, edited: bool) -> None:
        was = self.modified
        self.modified = True
        if edited:
            self.editedChanged.emit()
        self.runsChanged.emit()
        if not was:
            self.fileChanged.emit()


def _problem_changed(old: RunConfig, new: RunConfig) -> bool:
    names = ("problem", "dataset", "expression", "network")
    return any(getattr(old, n) != getattr(new, n) for n in names)


def _with_shared(config: RunConfig, shared: dict[str, object]) -> RunConfig:
    """``config`` with the race's shared changes, its batch size or noise fitted to them."""
    changed = config.copy(**shared)
    return fit_to_problem(changed) if _problem_changed(config, changed) else changed


def _normalised_or_none(configs: Sequence[RunConfig]) -> list[RunConfig] | None:
    try:
        return [normalised(validate(c)) for c in configs]
    except ConfigError:
        return None
