"""Stable object names and accessible names: what scripts find and screen readers say."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QListWidget,
    QMenu,
    QSlider,
    QWidget,
)

from optiviz.app.controls.field_editors import TupleEditor
from optiviz.app.names import action_name
from optiviz.engine.runs.config import RunConfig
from tests.app.test_controls import choose, red_pixels

ACTIONS = (
    "play",
    "step",
    "step_phase",
    "back",
    "reset",
    "open",
    "save",
    "save_as",
    "load_data",
    "save_data",
    "export",
    "show_code",
    "record",
    "lr_find",
    "add_run",
    "remove_run",
    "lr_fan",
    "quit",
    "theme",
    "full_screen",
    "view_3d",
    "show_controls",
    "show_runs",
    "show_step_by_step",
    "show_timeline",
    "vector_neg_grad",
    "vector_update",
    "vector_momentum",
    "vector_first_moment",
    "vector_step_size",
)
CONTROLS = (
    "problem",
    "optimizer",
    "lr",
    "lr.slider",
    "scheduler",
    "epochs",
    "speed",
    "start.0",
    "start.1",
    "runs",
    "scaling",
    "expression",
    "timeline",
)
INPUTS = (QAbstractSpinBox, QComboBox, QAbstractButton, QSlider, QLineEdit, QListWidget)


def test_every_action_is_found_by_its_name_and_says_what_it_does(make_window):
    window = make_window(RunConfig(epochs=50))
    spoken = {}
    for name in ACTIONS:
        action = window.findChild(QAction, name)
        assert action is not None, name
        spoken[name] = action_name(action)
        assert spoken[name] and "&" not in spoken[name], name
    assert spoken["play"] == "Play" and spoken["save_as"] == "Save scenario as…"
    assert spoken["lr_fan"] == "lr fan…" and spoken["export"] == "Export history…"
    window.action_set.play.trigger()  # the text changes to Pause; the name does not
    assert window.findChild(QAction, "play") is window.action_set.play


def _menu_actions(menu: QMenu) -> list[QAction]:
    found = []
    for action in menu.actions():
        if action.isSeparator():
            continue
        found.append(action)
        if action.menu() is not None:
            found += _menu_actions(action.menu())
    return found


def test_every_menu_and_toolbar_entry_has_a_name(make_window):
    window = make_window(RunConfig(epochs=50))
    entries = [a for top in window.menuBar().actions() for a in _menu_actions(top.menu())]
    entries += window.toolbar.actions() + window.teaching.panel.vector_bar.actions()
    unnamed = []
    for action in entries:
        if action.isSeparator() or action.text() == "":
            continue
        named = action.menu().objectName() if action.menu() is not None else action.objectName()
        if not named:
            unnamed.append(action_name(action))
    assert unnamed == []
    titles = {top.menu().objectName() for top in window.menuBar().actions()}
    assert {"file_menu", "run_menu", "view_menu", "tools_menu"} <= titles


def test_every_control_is_found_by_its_name_and_has_a_spoken_name(make_window):
    window = make_window(RunConfig(epochs=50))
    panel = window.controls
    expected = {
        "problem": panel.problem_combo,
        "optimizer": panel.optimizer_combo,
        "lr": panel.lr.spin,
        "lr.slider": panel.lr.slider,
        "scheduler": panel.scheduler_combo,
        "epochs": panel.epochs_spin,
        "speed": panel.speed_combo,
        "start.0": panel.start_spins[0],
        "start.1": panel.start_spins[1],
        "runs": window.race.panel.list,
    }
    for name in CONTROLS:
        widget = window.findChild(QWidget, name)
        assert widget is not None, name
        assert widget.accessibleName(), name
        if name in expected:
            assert widget is expected[name], name
    assert window.findChild(QWidget, "lr").accessibleName() == "Learning rate"


def test_every_input_in_the_docks_has_a_name_and_a_spoken_name(make_window):
    window = make_window(RunConfig(epochs=50))
    holders = [window.dock.widget(), window.race.dock.widget(), window.teaching.timeline]
    missing = []
    for holder in holders:
        for widget in holder.findChildren(QWidget):
            parent = widget.parentWidget()
            if not isinstance(widget, INPUTS) or isinstance(parent, (QAbstractSpinBox, QLineEdit)):
                continue  # a spin box's own editor, a line edit's clear button
            if not widget.objectName() or not widget.accessibleName():
                missing.append((type(widget).__name__, widget.objectName()))
    assert missing == []


def test_the_field_names_follow_the_optimizer_and_the_scheduler(make_window):
    window = make_window(RunConfig(epochs=50))
    panel = window.controls

    def find(name: str) -> QWidget | None:
        return window.findChild(QWidget, name)

    momentum = find("param.momentum")
    assert momentum is panel.hyper_form.editor("momentum").spin
    assert momentum.accessibleName() == "Optimizer momentum"
    assert momentum.accessibleDescription() == panel.hyper_form.editor("momentum").spec.help
    assert find("param.nesterov") is panel.hyper_form.editor("nesterov").check
    assert find("param.betas") is None

    choose(panel.optimizer_combo, "Adam")  # the form is rebuilt: so are the names, at once
    assert find("param.momentum") is None
    betas = find("param.betas")
    assert isinstance(betas, TupleEditor) and betas is panel.hyper_form.editor("betas")
    assert betas.accessibleName() == "Optimizer betas"
    assert find("param.betas.0") is betas.spins[0] and find("param.betas.1") is betas.spins[1]
    assert find("param.betas.1").accessibleName() == "Optimizer betas, item 2"
    assert find("param.amsgrad") is panel.hyper_form.editor("amsgrad").check

    assert find("sched.step_size") is None
    choose(panel.scheduler_combo, "StepLR")
    step_size = find("sched.step_size")
    assert step_size is panel.sched_form.editor("step_size").spin
    assert step_size.accessibleName() == "Scheduler step size"
    choose(panel.scheduler_combo, None)
    assert find("sched.step_size") is None


def test_a_named_row_of_spin_boxes_still_turns_red(make_window, qtbot):
    window = make_window(RunConfig(optimizer="Adam", epochs=50))
    betas = window.findChild(QWidget, "param.betas")
    assert red_pixels(betas) == 0
    betas.set_error("betas must be below 1")
    assert red_pixels(betas) > betas.height()
