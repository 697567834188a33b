"""Scenario files in the window: File → Open, Save, Save As, Open recent and Examples.

A file that cannot be read or checked leaves the window as it was and shows the one-line
message (it names the key: ``runs[2].lr: ...``). The runs of the session are remembered as
scenario TOML and come back the next time the window opens without a file.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from optiviz.app.actions import make_action, menu
from optiviz.app.host import WindowHost
from optiviz.app.names import name_action
from optiviz.app.scenarios import memory
from optiviz.app.scenarios.window_io import apply_scenario, window_scenario
from optiviz.engine.errors import ConfigError
from optiviz.engine.formats.scenario import Scenario, dumps_scenario, load_scenario, loads_scenario
from optiviz.engine.formats.scenario import save_scenario as write_scenario
from optiviz.plots.i18n import QT_TR_NOOP, fill, tr

#: The ready-made scenarios shipped with optiviz (File → Examples).
EXAMPLES = Path(__file__).resolve().parents[3] / "assets" / "scenarios"
FILTER = QT_TR_NOOP("optiviz scenarios (*.toml);;All files (*)")


def example_files() -> list[tuple[str, Path]]:
    """``(title, path)`` of every example scenario, by file name."""
    out = []
    for path in sorted(EXAMPLES.glob("*.toml")):
        try:
            title = tomllib.loads(path.read_text(encoding="utf-8")).get("title")
        except (OSError, ValueError):
            continue
        out.append((title if isinstance(title, str) and title else path.stem, path))
    return out


class ScenarioFiles(QObject):
    """Opens and saves the scenario of ``window``'s model: File → Open, Save, recent files."""

    def __init__(self, window: WindowHost) -> None:
        super().__init__(window)
        self.window = window
        self.settings = window.settings
        self.actions: dict[str, QAction] = {}
        self.recent_menu: QMenu | None = None
        self.examples_menu: QMenu | None = None

    # -- opening -------------------------------------------------------------------------------
    @property
    def path(self) -> Path | None:
        """The file Save writes (None: Save asks): the model's."""
        return self.window.model.path

    def _may_run_code(self, files: list[str]) -> bool:
        """Ask before a scenario's optimizer files run: loading a file runs its code."""
        answer = QMessageBox.question(
            self.window,  # type: ignore[arg-type]
            tr("Run code from files?"),
            fill(
                tr(
                    "This scenario runs optimizers written in Python:\n%1\n\n"
                    "Loading them runs their code. Run it?"
                ),
                "\n".join(files),
            ),
        )
        return answer == QMessageBox.StandardButton.Yes

    @property
    def scenario(self) -> Scenario | None:
        """The scenario last opened or saved (its description and data file are kept)."""
        return self.window.model.source

    def open(self, path: str | Path, *, ask: bool = False) -> str:
        """Open a scenario file; "" on success, else the one-line reason (nothing changed).

        ``ask``: once the file has been read and checked, ask before discarding unsaved runs
        (a refusal then returns "cancelled").
        """
        target = Path(path)
        try:
            scenario = load_scenario(target, trust=self._may_run_code)
            scenario.configs()  # every run checked before anything is discarded
            if ask and not self.may_discard():
                return "cancelled"
            keep = None if _is_example(target) else target
            note = apply_scenario(self.window, scenario, path=keep)
        except ConfigError as err:
            return fill(tr("cannot open %1: %2"), target.name, err)
        self._remember(target)
        self.window.status.flash(fill(tr("opened %1"), target.name) + (f"; {note}" if note else ""))
        self.save_session()
        return ""

    def open_file(self, path: str | Path) -> bool:
        """:meth:`open` after asking to discard unsaved runs, with a dialog for a refusal;
        True if opened."""
        error = self.open(path, ask=True)
        if error == "cancelled":
            return False
        if error:
            if not Path(path).exists():
                memory.forget_recent(self.settings, str(path))
                self._fill_recent()
            self.window.status.flash(error)
            QMessageBox.warning(self.window, tr("Open scenario"), error)
        return not error

    def may_discard(self) -> bool:
        """True when the runs on screen may be replaced: nothing unsaved, or the user agrees.

        Only a race or a scenario worth keeping is asked about: one run with settings that
        were never opened from or saved to a file is the user's scratch, as a form would be.
        """
        model = self.window.model
        if not model.modified or (len(model.entries) == 1 and model.path is None):
            return True
        answer = self.confirm(
            tr("Discard the current runs?"),
            fill(
                tr(
                    "The %1 run(s) on screen have unsaved changes. "
                    "Opening another scenario replaces them."
                ),
                len(model.entries),
            ),
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def confirm(self, title: str, text: str) -> QMessageBox.StandardButton:
        """Ask Save / Discard / Cancel (tests replace this)."""
        buttons = (
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        return QMessageBox.question(
            self.window, title, text, buttons, QMessageBox.StandardButton.Cancel
        )

    def ask_open(self) -> bool:
        start = str(self.path.parent) if self.path is not None else str(EXAMPLES)
        path, _ = QFileDialog.getOpenFileName(self.window, tr("Open scenario"), start, tr(FILTER))
        return self.open_file(path) if path else False

    # -- saving --------------------------------------------------------------------------------
    def scenario_now(self) -> Scenario:
        """Everything the window holds, as a scenario."""
        return window_scenario(self.window)

    def save(self, path: str | Path | None = None) -> bool:
        """Write the scenario to ``path`` (default: the file it came from, else ask)."""
        if path is None and self.path is None:
            return self.ask_save_as()
        target = Path(path) if path is not None else self.path
        if target.suffix == "":
            target = target.with_suffix(".toml")
        try:
            write_scenario(self.scenario_now(), target)
            written = load_scenario(target)  # as written: its data path is relative now
        except (ConfigError, OSError) as err:
            message = fill(tr("cannot save %1: %2"), target.name, err)
            self.window.status.flash(message)
            QMessageBox.warning(self.window, tr("Save scenario"), message)
            return False
        self.window.model.mark_saved(target, written)
        self._remember(target)
        self.window.status.flash(fill(tr("saved %1"), target))
        return True

    def ask_save_as(self) -> bool:
        start = str(self.path) if self.path is not None else "scenario.toml"
        path, _ = QFileDialog.getSaveFileName(self.window, tr("Save scenario"), start, tr(FILTER))
        return self.save(path) if path else False

    # -- the last session ----------------------------------------------------------------------
    def save_session(self) -> None:
        """Remember the runs (not the view: theme and speed are remembered on their own)."""
        memory.set_last_session(self.settings, dumps_scenario(window_scenario(self.window)))

    def restore_session(self) -> bool:
        """Bring back the last session's runs.

        The stored text goes through the scenario reader's checks (size, nesting, numbers);
        one that fails is dropped with a notice and the window opens on its default run.
        """
        text = memory.last_session(self.settings)
        if not text:
            return False
        try:
            scenario = loads_scenario(text, "last session")
            note = apply_scenario(self.window, scenario, view=False)
            self.window.model.modified = False  # as it was left; nothing to save yet
        except (ValueError, ArithmeticError, RecursionError) as err:
            # the checks raise ConfigError (a ValueError); anything else, such as numpy's
            # LinAlgError, would be a gap in them, and a stored value must never stop the
            # window from opening
            memory.set_last_session(self.settings, "")
            self.window.status.flash(fill(tr("the last session was not restored (%1)"), err))
            return False
        if note:
            self.window.status.flash(note)
        return True

    # -- menus ---------------------------------------------------------------------------------
    def _remember(self, path: Path) -> None:
        memory.add_recent(self.settings, path)
        self._fill_recent()

    def _fill_recent(self) -> None:
        menu = self.recent_menu
        if menu is None:
            return
        menu.clear()
        paths = memory.recent_files(self.settings)
        for i, path in enumerate(paths, start=1):
            action = name_action(menu.addAction(f"&{i} {Path(path).name}"), f"recent_{i}")
            action.setToolTip(path)
            action.setStatusTip(path)
            action.triggered.connect(lambda _checked=False, p=path: self.open_file(p))
        menu.setEnabled(bool(paths))


def _is_example(path: Path) -> bool:
    return path.resolve().parent == EXAMPLES


def install_scenarios(window: WindowHost) -> ScenarioFiles:
    """Add scenario files to ``window`` (after ``install_race``) and restore the last session."""
    files = ScenarioFiles(window)
    actions = {
        "open": make_action(
            window,
            tr("&Open scenario…"),
            files.ask_open,
            shortcut=QKeySequence.StandardKey.Open,
            tip=tr("Open a scenario file: problem, data, runs and view"),
            key_in_tooltip=False,
            name="open",
        ),
        "save": make_action(
            window,
            tr("&Save scenario"),
            files.save,
            shortcut=QKeySequence.StandardKey.Save,
            tip=tr("Save the runs and view as a scenario file"),
            key_in_tooltip=False,
            name="save",
        ),
        "save_as": make_action(
            window,
            tr("Save scenario &as…"),
            files.ask_save_as,
            shortcut=QKeySequence.StandardKey.SaveAs,
            tip=tr("Save the runs and view as a new scenario file"),
            key_in_tooltip=False,
            name="save_as",
        ),
    }
    files.actions = actions
    file_menu = menu(window, "&File")
    first = file_menu.actions()[0] if file_menu.actions() else None
    file_menu.insertAction(first, actions["open"])
    files.recent_menu = QMenu(tr("Open &recent"), file_menu)
    files.recent_menu.setObjectName("recent_menu")
    file_menu.insertMenu(first, files.recent_menu)
    files.examples_menu = QMenu(tr("E&xamples"), file_menu)
    files.examples_menu.setObjectName("examples_menu")
    for title, path in example_files():
        action = name_action(files.examples_menu.addAction(title), f"example_{path.stem}")
        action.setStatusTip(str(path))
        action.triggered.connect(lambda _checked=False, p=path: files.open_file(p))
    file_menu.insertMenu(first, files.examples_menu)
    file_menu.insertAction(first, actions["save"])
    file_menu.insertAction(first, actions["save_as"])
    if first is not None:
        file_menu.insertSeparator(first)
    files._fill_recent()
    window.addActions(list(actions.values()))
    dock = window.dock
    if dock is not None:
        dock.addActions(list(actions.values()))  # the keys work in a floating dock too

    if window.restores_session:
        files.restore_session()
    window.model.runsChanged.connect(files.save_session)
    window.closed.connect(lambda: (files.save_session(), window.settings.sync()))
    return files
