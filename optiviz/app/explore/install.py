"""Puts the explore features into a main window: File → Load/Save data, Tools → LR range test,
View → 3-D view, the scaling and formula rows of the controls and the gestures on the data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from optiviz.app.explore.controller import ExploreController
from optiviz.app.teaching.install import _menu


def _action(
    parent: QObject, text: str, shortcut: str, slot: Callable[[], object], tip: str
) -> QAction:
    action = QAction(text, parent)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        tip = f"{tip} ({QKeySequence(shortcut).toString()})"
    action.setToolTip(tip)
    action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    return action


def install_explore(window: Any) -> ExploreController:
    """Add the explore features to ``window`` (a MainWindow); returns ``window.explore``."""
    explore = ExploreController(window)
    window.explore = explore
    load = _action(
        window,
        "&Load data (CSV)…",
        "Ctrl+L",
        explore.ask_load,
        "Fit the line to your own points: a CSV of x,y rows, with or without a header",
    )
    save = _action(
        window, "Save &data (CSV)…", "", explore.ask_save, "Write the points as an x,y CSV file"
    )
    lr_find = _action(
        window,
        "&LR range test…",
        "Ctrl+Shift+L",
        explore.open_lr_find,
        "Sweep the lr on a fresh copy of this setup and suggest one (the run is not touched)",
    )
    view3d = QAction("&3-D view", window)
    view3d.setCheckable(True)
    view3d.setShortcut(QKeySequence("Ctrl+3"))
    view3d.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    tip = "The loss surface in 3-D with every run's path on it (Ctrl+3)"
    view3d.setToolTip(tip)
    view3d.setStatusTip(tip)
    view3d.toggled.connect(explore.set_view3d)
    explore.actions = {"load": load, "save": save, "lr_find": lr_find, "view3d": view3d}
    if explore.gl_reason:
        explore._disable_view3d(explore.gl_reason, announce=False)  # said in the tooltip

    file_menu = _menu(window, "&File")
    quit_action = getattr(getattr(window, "action_set", None), "quit", None)
    before = quit_action if quit_action in file_menu.actions() else None
    file_menu.insertAction(before, load)
    file_menu.insertAction(before, save)
    if before is not None:
        file_menu.insertSeparator(before)
    tools_menu = _menu(window, "&Tools")
    tools_menu.addAction(lr_find)
    view_menu = _menu(window, "&View")
    view_menu.addSeparator()
    view_menu.addAction(view3d)

    every = list(explore.actions.values())
    window.addActions(every)
    dock = getattr(window, "dock", None)
    if dock is not None:
        dock.addActions(every)  # the keys work in a floating dock too
    return explore
