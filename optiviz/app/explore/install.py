"""Puts the explore features into a main window: File → Load/Save data, Tools → LR range test,
View → 3-D view, the scaling and formula rows of the controls and the gestures on the data."""

from __future__ import annotations

from optiviz.app.actions import make_action, menu
from optiviz.app.explore.controller import ExploreController
from optiviz.app.host import WindowHost
from optiviz.plots.i18n import tr


def install_explore(window: WindowHost) -> ExploreController:
    """Add the explore features to ``window`` (a MainWindow); returns ``window.explore``."""
    explore = ExploreController(window)
    window.explore = explore
    load = make_action(
        window,
        tr("&Load data (CSV)…"),
        explore.ask_load,
        shortcut="Ctrl+L",
        tip=tr("Fit the line to your own points: a CSV of x,y rows, with or without a header"),
        key_in_status=True,
        name="load_data",
    )
    save = make_action(
        window,
        tr("Save &data (CSV)…"),
        explore.ask_save,
        tip=tr("Write the points as an x,y CSV file"),
        name="save_data",
    )
    lr_find = make_action(
        window,
        tr("&LR range test…"),
        explore.open_lr_find,
        shortcut="Ctrl+Shift+L",
        tip=tr(
            "Sweep the lr on a fresh copy of this setup and suggest one (the run is not touched)"
        ),
        key_in_status=True,
        name="lr_find",
    )
    view3d = make_action(
        window,
        tr("&3-D view"),
        shortcut="Ctrl+3",
        tip=tr("The loss surface in 3-D with every run's path on it"),
        checkable=True,
        key_in_status=True,
        name="view_3d",
    )
    model = window.model
    view3d.toggled.connect(lambda on: model.set_three_d(explore.set_view3d(on) and on))
    model.viewChanged.connect(
        lambda: (
            view3d.setChecked(model.view.three_d)
            if view3d.isChecked() != model.view.three_d and view3d.isEnabled()
            else None
        )
    )
    explore.actions = {"load": load, "save": save, "lr_find": lr_find, "view3d": view3d}
    if explore.gl_reason:
        explore._disable_view3d(explore.gl_reason, announce=False)  # said in the tooltip

    file_menu = menu(window, "&File")
    quit_action = window.action_set.quit
    before = quit_action if quit_action in file_menu.actions() else None
    file_menu.insertAction(before, load)
    file_menu.insertAction(before, save)
    if before is not None:
        file_menu.insertSeparator(before)
    tools_menu = menu(window, "&Tools")
    tools_menu.addAction(lr_find)
    view_menu = menu(window, "&View")
    view_menu.addSeparator()
    view_menu.addAction(view3d)

    every = list(explore.actions.values())
    window.addActions(every)
    dock = window.dock
    if dock is not None:
        dock.addActions(every)  # the keys work in a floating dock too
    return explore
