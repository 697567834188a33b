"""The main window with an inline worker: actions, keys, status, edits, divergence, settings."""

from __future__ import annotations

import math
import os
import random

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from optiviz.app.main_window import MainWindow
from optiviz.app.settings import Settings
from optiviz.app.worker_client import WorkerClient
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run
from optiviz.engine.worker.session import cmd_set


def epoch(window: MainWindow) -> int:
    return window.client.state.max_epoch


def frames(window: MainWindow, n: int) -> None:
    for _ in range(n):
        window.frame()


def press(qtbot, window: MainWindow, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key click where the focus is (the window itself if nothing inside has it)."""
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, key, modifier)


def replay(config: RunConfig, lrs: np.ndarray) -> Run:
    """A plain engine run with the lr of every epoch as the mirror recorded it."""
    run = Run(config.copy(lr=float(lrs[0])) if len(lrs) else config)
    for lr in lrs:
        if run.lr != lr:
            run.set_hyper("lr", float(lr))
        run.step()
    return run


def assert_mirror_equals(state_run, run: Run) -> None:
    np.testing.assert_array_equal(state_run.history.loss, run.history.loss)
    np.testing.assert_array_equal(state_run.history.params, run.history.params)
    np.testing.assert_array_equal(state_run.history.lr, run.history.lr)


# -- the window itself ---------------------------------------------------------------------------
def test_title_icon_docks_menus_and_toolbar(make_window):
    window = make_window()
    assert window.windowTitle() == "optiviz — SGD on the tutorial's linear fit"
    assert not window.windowIcon().isNull()
    assert window.centralWidget() is window.panes
    assert window.dock.widget() is window.controls
    assert window.dockWidgetArea(window.dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions()}
    assert set(menus) >= {"File", "Run", "View"}
    run_keys = {a.text().replace("&", ""): a.shortcut().toString() for a in menus["Run"].actions()}
    assert run_keys.items() >= {"Play": "Space", "Step": "Right", "Reset": "R"}.items()
    assert "Ctrl+Q" in [a.shortcut().toString() for a in menus["File"].actions()]
    view_keys = [a.shortcut().toString() for a in menus["View"].actions()]
    assert "F11" in view_keys
    toolbar = [a.text().replace("&", "") for a in window.toolbar.actions()]
    assert toolbar[:3] == ["Play", "Step", "Reset"]


FOCUS = [
    "window",
    "epochs spin box",
    "lr spin box",
    "start spin box",
    "lr slider",
    "optimizer combo",
    "defaults button",
]


def focus_widget(window: MainWindow, focus: str):
    controls = window.controls
    return {
        "window": None,
        "epochs spin box": controls.epochs_spin,
        "lr spin box": controls.lr.spin,
        "start spin box": controls.start_spins[0],
        "lr slider": controls.lr.slider,
        "optimizer combo": controls.optimizer_combo,
        "defaults button": controls.defaults_button,
    }[focus]


def widget_value(widget) -> object:
    if widget is None:
        return None
    for getter in ("text", "value", "currentIndex"):
        if hasattr(widget, getter):
            return getattr(widget, getter)()
    return None


@pytest.mark.parametrize("focus", FOCUS)
def test_space_right_and_r_work_wherever_the_focus_is(qtbot, make_window, focus):
    window = make_window()
    widget = focus_widget(window, focus)
    if widget is not None:
        widget.setFocus()
        qtbot.waitUntil(widget.hasFocus)
        if hasattr(widget, "lineEdit") and widget.lineEdit() is not None:
            widget.lineEdit().end(False)  # Right steps once the cursor cannot move further
    before = widget_value(widget)
    config_before = window.controls.config()
    press(qtbot, window, Qt.Key.Key_Right)
    assert epoch(window) == 1
    press(qtbot, window, Qt.Key.Key_Right)
    assert epoch(window) == 2 and not window.client.playing

    press(qtbot, window, Qt.Key.Key_Space)
    assert window.client.playing
    frames(window, 3)
    moved = epoch(window)
    assert moved > 2
    press(qtbot, window, Qt.Key.Key_Space)
    assert not window.client.playing
    paused_at = epoch(window)
    frames(window, 3)
    assert epoch(window) == paused_at

    generation = window.client.state.generation
    press(qtbot, window, Qt.Key.Key_R)
    assert epoch(window) == 0
    assert window.client.state.generation == generation + 1
    assert widget_value(widget) == before  # the keys did not edit the focused widget
    assert window.controls.config() == config_before
    if widget is not None:
        assert widget.hasFocus()


def test_right_in_the_middle_of_a_number_moves_the_cursor(qtbot, make_window):
    window = make_window()
    spin = window.controls.start_spins[0]
    spin.setFocus()
    qtbot.waitUntil(lambda: spin.hasFocus())
    spin.lineEdit().setCursorPosition(0)
    press(qtbot, window, Qt.Key.Key_Right)
    assert epoch(window) == 0
    assert spin.lineEdit().cursorPosition() == 1


def test_a_text_field_keeps_space_and_r(qtbot, make_window):
    window = make_window()
    edit = QLineEdit(window.controls)
    edit.show()
    edit.setFocus()
    qtbot.waitUntil(lambda: edit.hasFocus())
    press(qtbot, window, Qt.Key.Key_Space)
    press(qtbot, window, Qt.Key.Key_R)
    assert edit.text() == " r"
    assert not window.client.playing and epoch(window) == 0


def test_buttons_and_actions_drive_the_run(make_window):
    window = make_window()
    actions = window.action_set
    actions.step.trigger()
    assert epoch(window) == 1
    actions.play.trigger()
    assert window.client.playing and actions.play.text() == "&Pause"
    frames(window, 2)
    actions.play.trigger()
    assert not window.client.playing and actions.play.text() == "&Play"
    actions.reset.trigger()
    assert epoch(window) == 0
    actions.light_theme.trigger()
    assert window.panes.theme.name == "light" and window.theme == "light"
    actions.light_theme.trigger()
    assert window.panes.theme.name == "dark"


def test_ctrl_q_closes_the_window_and_ends_the_worker(qtbot, make_window):
    window = make_window()
    window.play()
    frames(window, 2)
    window.controls.epochs_spin.setFocus()
    press(qtbot, window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()
    assert window.client.closed


def test_f11_toggles_full_screen(qtbot, make_window):
    window = make_window()
    press(qtbot, window, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen)
    assert window.action_set.full_screen.isChecked()
    press(qtbot, window, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not window.isFullScreen())


# -- what the status bar says --------------------------------------------------------------------
def test_status_bar_follows_the_run(make_window):
    window = make_window()
    window.frame()
    assert "ready" in window.status.text() and "epoch 0/1,000" in window.status.text()
    for _ in range(3):
        window.step()
    window.frame()
    run = window.client.state.runs[0]
    text = window.status.text()
    assert "paused" in text and "epoch 3/1,000" in text
    assert f"loss {run.history.loss[-1]:.4g}" in text
    w, b = run.history.params[-1]
    assert f"w {w:.4g}, b {b:.4g}" in text
    slope, intercept = (
        run.config.dataset.raw_coefficients(w, b)
        if run.config.dataset
        else (
            w * 0.1,
            b,
        )
    )
    assert f"slope {slope:.4g}, intercept {intercept:.4g}" in text
    assert "lr 0.01" in text
    window.play()
    window.frame()
    assert "running" in window.status.text()
    window.pause()
    target = epoch(window) + 10
    window.controls.epochs_spin.setValue(target)
    window.play()
    while window.client.playing:
        window.frame()
    assert epoch(window) == target
    assert "finished" in window.status.text()
    assert f"epoch {target:,}/{target:,}" in window.status.text()


# -- edits ---------------------------------------------------------------------------------------
def test_lr_edit_while_running_applies_from_the_next_epoch_without_reset(make_window):
    window = make_window()
    window.play()
    frames(window, 3)
    assert window.client.playing
    generation = window.client.state.generation
    edited_at = epoch(window)
    assert edited_at > 0
    window.controls.lr.spin.setValue(0.02)
    frames(window, 3)
    window.pause()
    state = window.client.state
    lr = state.runs[0].history.lr
    assert epoch(window) > edited_at
    assert state.generation == generation  # no reset
    assert set(lr[:edited_at]) == {0.01} and set(lr[edited_at:]) == {0.02}
    expected = Run(RunConfig())
    expected.run(edited_at)
    expected.set_hyper("lr", 0.02)
    expected.run(epoch(window) - edited_at)
    assert_mirror_equals(state.runs[0], expected)


def test_choosing_another_optimizer_resets(make_window):
    window = make_window()
    for _ in range(5):
        window.step()
    generation = window.client.state.generation
    combo = window.controls.optimizer_combo
    combo.setCurrentIndex(combo.findData("Adam"))
    state = window.client.state
    assert state.generation == generation + 1 and state.max_epoch == 0
    assert state.runs[0].config.optimizer == "Adam"
    window.frame()
    assert window.windowTitle().startswith("optiviz — Adam")
    window.step()
    assert_mirror_equals(window.client.state.runs[0], Run(state.runs[0].config).run(1))


def test_dragging_the_start_restarts_from_there(make_window):
    window = make_window()
    window.step()
    window.panes.startMoved.emit(2.0, 3.0)
    state = window.client.state
    assert state.max_epoch == 0
    assert tuple(state.runs[0].history.start) == (2.0, 3.0)
    assert window.controls.config().start == (2.0, 3.0)


def test_divergence_is_shown_and_reset_recovers(make_window):
    window = make_window(RunConfig(optimizer="SGD", lr=1.0, epochs=1000))
    window.play()
    while window.client.playing:
        window.frame()
    run = window.client.state.runs[0]
    assert run.status == "diverged"
    text = window.status.text()
    assert f"diverged at epoch {run.diverged_at}" in text and run.reason in text
    assert np.isfinite(run.history.loss).all() and np.isfinite(run.history.params).all()
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    row = window.race.panel.list.item(0).text()  # the run says it, never a dialog
    assert f"diverged at epoch {run.diverged_at}" in row
    window.play()  # over: nothing happens
    assert not window.client.playing

    window.controls.lr.spin.setValue(0.01)  # a refused lr would show; this one is fine
    window.reset()
    window.frame()
    assert epoch(window) == 0 and "ready" in window.status.text()
    assert "diverged" not in window.race.panel.list.item(0).text()
    window.play()
    frames(window, 2)
    assert window.client.state.runs[0].status == "running"


def test_a_refused_command_is_shown_in_the_status_bar(make_window):
    window = make_window()
    window.client.send(cmd_set(None, "lr", -1.0))  # past the model's own check
    assert "refused" in window.status.text() and "--lr" in window.status.text()
    assert window.client.state.runs[0].config.lr == 0.01


def test_rapid_random_actions_end_consistent(make_window):
    window = make_window(RunConfig(epochs=400))
    rng = random.Random(1234)
    optimizers = ["SGD", "Adam", "RMSprop"]
    combo = window.controls.optimizer_combo
    for _ in range(200):
        choice = rng.choice(["play", "pause", "step", "reset", "lr", "optimizer", "frame"])
        if choice == "play":
            window.toggle_play()
        elif choice == "pause":
            window.pause()
        elif choice == "step":
            window.step()
        elif choice == "reset":
            window.reset()
        elif choice == "lr":
            window.controls.lr.spin.setValue(rng.choice([0.003, 0.01, 0.03, 0.05]))
        elif choice == "optimizer":
            combo.setCurrentIndex(combo.findData(rng.choice(optimizers)))
        window.frame()
    window.pause()
    window.frame()
    state = window.client.state
    run_state = state.runs[0]
    assert not window.client.playing and not state.playing
    assert run_state.config.optimizer == window.controls.config().optimizer
    assert math.isclose(run_state.config.lr, window.controls.config().lr)
    assert f"epoch {run_state.epoch:,}/" in window.status.text()
    first = run_state.config.copy(lr=float(run_state.history.lr[0]) if run_state.epoch else 0.01)
    assert_mirror_equals(run_state, replay(first, run_state.history.lr))


def test_closing_while_running(make_window):
    window = make_window()
    window.play()
    frames(window, 3)
    window.close()
    assert window.client.closed and not window.isVisible()
    window.frame()  # a late frame after closing does nothing


# -- settings ------------------------------------------------------------------------------------
def test_theme_geometry_and_last_config_are_restored(qtbot, make_window):
    settings = Settings(persistent=False)
    first = make_window(settings=settings)
    first.resize(720, 560)
    first.set_theme("light")
    combo = first.controls.optimizer_combo
    combo.setCurrentIndex(combo.findData("Adam"))
    first.controls.lr.spin.setValue(0.05)
    first.close()

    second = make_window(settings=settings)
    assert second.theme == "light" and second.panes.theme.name == "light"
    assert (second.width(), second.height()) == (720, 560)
    config = second.client.state.runs[0].config
    assert (config.optimizer, config.lr) == ("Adam", 0.05)
    assert second.controls.config().optimizer == "Adam"


def test_settings_reach_the_disk_only_without_the_no_settings_flag(
    make_window, monkeypatch, tmp_path
):
    from PySide6.QtCore import QSettings, QStandardPaths

    def files() -> list[str]:
        return sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())

    def open_and_close() -> None:
        window = make_window(RunConfig(), settings=Settings())  # Settings() reads the flag
        window.set_theme("light")
        window.close()

    formats = (QSettings.Format.NativeFormat, QSettings.Format.IniFormat)
    for form in formats:
        QSettings.setPath(form, QSettings.Scope.UserScope, str(tmp_path))
    try:
        assert os.environ["OPTIVIZ_NO_SETTINGS"] == "1"  # tests/conftest.py
        open_and_close()
        assert files() == []
        monkeypatch.delenv("OPTIVIZ_NO_SETTINGS")
        assert Settings().theme() == "dark"
        open_and_close()
        assert files() != []
        assert Settings().persistent and Settings().theme() == "light"
    finally:
        user = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.GenericConfigLocation
        )
        for form in formats:
            QSettings.setPath(form, QSettings.Scope.UserScope, user)


def test_a_diverging_run_in_a_race_opens_no_dialog(make_window):
    window = make_window([RunConfig(lr=0.01, epochs=200), RunConfig(lr=1.0, epochs=200)])
    window.play()
    while window.client.playing:
        window.frame()
    assert [r.status for r in window.client.state.runs] == ["finished", "diverged"]
    assert QApplication.activeModalWidget() is None
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    assert "diverged" in window.race.panel.list.item(1).text()
    assert "diverged" not in window.race.panel.list.item(0).text()


# -- scenario files ------------------------------------------------------------------------------
def test_a_scenario_file_sets_up_the_window(qtbot):
    from pathlib import Path

    from optiviz.app.launch import _load_scenario, open_window
    from optiviz.engine.formats.scenario import load_scenario

    path = Path(__file__).resolve().parents[2] / "assets" / "scenarios" / "schedulers_compared.toml"
    scenario = load_scenario(path)
    args, error = _load_scenario(str(path))
    assert error == ""
    client = WorkerClient(args["configs"], inline=True)
    window, error = open_window(client, str(path), settings=Settings(persistent=False))
    assert error == ""
    window.timer.stop()
    qtbot.addWidget(window)
    window.frame()
    state = window.client.state
    labels = [spec.label for spec in scenario.runs]
    assert [run.label for run in state.runs] == labels
    assert window.windowTitle().startswith("optiviz — Learning-rate schedulers compared")
    assert window.controls.speed() == 40.0
    assert window.controls.config() == window.model.configs()[0]  # the form shows run 1
    assert window.controls.scheduler_combo.currentData() == scenario.runs[0].scheduler
    window.step()
    assert [run.epoch for run in window.client.state.runs] == [1] * len(labels)


def test_a_bad_scenario_file_gives_one_line_and_the_default_setup(tmp_path):
    from optiviz.app.launch import _load_scenario

    bad = tmp_path / "bad.toml"
    bad.write_text('[[runs]]\noptimizer = "Nope"\nlr = 0.1\n')
    args, error = _load_scenario(str(bad))
    assert args == {} and "\n" not in error and "Nope" in error
    args, error = _load_scenario(str(tmp_path / "missing.toml"))
    assert args == {} and "does not exist" in error


def test_dialogs_follow_the_dark_theme(make_window, qtbot):
    from PySide6.QtGui import QPalette

    from optiviz.app.race.fan_dialog import LrFanDialog

    window = make_window()
    window.set_theme("dark")
    dialog = LrFanDialog("SGD", 0.01, window)  # a window of its own: no palette from its parent
    qtbot.addWidget(dialog)
    background = dialog.palette().color(QPalette.ColorRole.Window)
    assert background.lightness() < 80
    window.set_theme("light")
    light = LrFanDialog("SGD", 0.01, window)
    qtbot.addWidget(light)
    assert light.palette().color(QPalette.ColorRole.Window).lightness() > 180
    window.close()  # the application's own palette comes back
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() > 180
