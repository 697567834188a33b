"""Puts races into a main window: the "Runs" dock, its actions and the lr fan dialog."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDockWidget, QMessageBox

from optiviz.app.actions import menu
from optiviz.app.host import WindowHost
from optiviz.app.names import name_action
from optiviz.app.race.controller import RaceController, run_tooltip
from optiviz.app.race.noise_fan_dialog import noise_fan_action
from optiviz.app.race.runs_panel import RunsPanel
from optiviz.app.race.summary import RaceSummary
from optiviz.app.race.summary_panel import SummaryPanel
from optiviz.engine.errors import ConfigError
from optiviz.plots.i18n import fill, tr

if TYPE_CHECKING:
    from optiviz.app.race.tune_dialog import TuneLrDialog

#: The runs list's height under the controls: about six rows and the buttons.
RUNS_HEIGHT = 190


def refuse(window: WindowHost, title: str, err: ConfigError | str) -> None:
    """A refused change: a short dialog and a status-bar note; nothing else changed."""
    text = str(err)
    window.status.flash(fill(tr("refused %1"), text))
    QMessageBox.warning(window, title, text)


def _open_tune(window: WindowHost, race: RaceController) -> TuneLrDialog:
    """The tune dialog (its module, and the lr range test's it uses, load when asked for)."""
    from optiviz.app.race.tune import open_tune

    return open_tune(window, race)


def ask_fan(window: WindowHost, race: RaceController) -> bool:
    """Show the lr fan dialog and add its runs; True if runs were added."""
    from optiviz.app.race.fan_dialog import LrFanDialog  # built when asked for

    config = window.model.edited_config
    dialog = LrFanDialog(config.optimizer, config.lr, window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    n, lo, hi, replace = dialog.values()
    try:
        race.add_fan(n, lo, hi, replace=replace)
    except ConfigError as err:
        refuse(window, "lr fan", err)
        return False
    return True


def _try(window: WindowHost, title: str, action: Any) -> None:
    try:
        action()
    except ConfigError as err:
        refuse(window, title, err)


def _show(panel: RunsPanel, race: RaceController) -> None:
    """The model's runs in the list, each with its status from the worker's mirror."""
    runs = race.state.runs
    entries = race.entries()
    labels = [
        f"{label}  ⚠ {note}" if note else label
        for label, note in zip(race.labels(), race.status_notes(), strict=True)
    ]
    tips = [run_tooltip(runs[i]) if i < len(runs) else labels[i] for i in range(len(entries))]
    panel.show_runs(
        labels, [e.visible for e in entries], race.selected, tips, [e.color for e in entries]
    )


def _install_summary(window: WindowHost, race: RaceController) -> QDockWidget:
    """The race summary table in a dock below the panes, hidden until asked for."""
    panel = SummaryPanel()
    summary = RaceSummary(window, panel)
    dock = QDockWidget(tr("Race summary"), window)
    dock.setObjectName("race_summary_dock")
    dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    dock.hide()
    summary.shown = dock.isVisible
    dock.visibilityChanged.connect(lambda on: on and summary.refresh())
    race.summary, race.summary_dock = summary, dock
    return dock


def install_race(window: WindowHost) -> RaceController:
    """Add races to ``window`` (a MainWindow) and return the controller (``window.race``)."""
    race = RaceController(window)
    panel = RunsPanel()
    race.panel = panel
    panel.runSelected.connect(race.select)
    panel.visibilityToggled.connect(race.set_visible)
    panel.addClicked.connect(lambda: _try(window, tr("Add run"), race.add_current))
    panel.removeClicked.connect(
        lambda row: _try(window, tr("Remove run"), lambda: race.remove_run(row))
    )
    panel.fanClicked.connect(lambda: ask_fan(window, race))
    race.runsChanged.connect(lambda: _show(panel, race))
    race.selectionChanged.connect(lambda _row: _show(panel, race))

    dock = QDockWidget(tr("Runs"), window)
    dock.setObjectName("runs_dock")
    dock.setWidget(panel)
    dock.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetMovable
        | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        | QDockWidget.DockWidgetFeature.DockWidgetClosable
    )
    # Under the controls' column (which may hold tabs): a row of its own in the left area.
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock, Qt.Orientation.Vertical)
    window.resizeDocks([dock], [RUNS_HEIGHT], Qt.Orientation.Vertical)
    race.dock = dock

    add = name_action(QAction(tr("&Add run"), window), "add_run")
    add.setStatusTip(tr("Add the controls' settings as another run of the race"))
    add.triggered.connect(lambda _checked=False: _try(window, "Add run", race.add_current))
    remove = name_action(QAction(tr("Remo&ve run"), window), "remove_run")
    remove.setStatusTip(tr("Remove the selected run from the race"))
    remove.triggered.connect(
        lambda _checked=False: _try(window, "Remove run", lambda: race.remove_run(race.selected))
    )
    fan = name_action(QAction(tr("lr &fan…"), window), "lr_fan")
    fan.setStatusTip(tr("The controls' optimizer at N log-spaced learning rates"))
    fan.triggered.connect(lambda _checked=False: ask_fan(window, race))
    tune = name_action(QAction(tr("&Tune lr…"), window), "tune_lr")
    tune.setStatusTip(tr("Each optimizer of the race at its best lr from a log grid"))
    tune.triggered.connect(lambda _checked=False: _open_tune(window, race))
    race.actions = {"add": add, "remove": remove, "fan": fan, "tune": tune}
    run_menu = menu(window, "&Run")
    run_menu.addSeparator()
    for action in (add, remove, fan, tune):
        run_menu.addAction(action)
    run_menu.addAction(noise_fan_action(window))
    summary_dock = _install_summary(window, race)
    view_menu = menu(window, "&View")
    view_menu.addAction(name_action(dock.toggleViewAction(), "show_runs"))
    view_menu.addAction(name_action(summary_dock.toggleViewAction(), "show_race_summary"))
    window.aboutToClose.connect(lambda: race.tune_dialog and race.tune_dialog.close())
    _show(panel, race)
    return race
