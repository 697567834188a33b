"""Scenario files in the window (inline worker): open, save, recent, examples, last session."""

from __future__ import annotations

import shutil
import tomllib

import numpy as np
import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from optiviz.app.launch import open_window
from optiviz.app.main_window import MainWindow
from optiviz.app.scenarios import memory
from optiviz.app.scenarios.install import EXAMPLES
from optiviz.app.settings import Settings
from optiviz.app.worker_client import WorkerClient
from optiviz.engine.formats.scenario import load_scenario
from optiviz.engine.problems.library import Dataset
from optiviz.engine.runs.config import RunConfig

SCENARIOS = sorted(EXAMPLES.glob("*.toml"))


@pytest.fixture
def window_options() -> dict:
    return {"budget": 1.0}


@pytest.fixture
def warnings(monkeypatch) -> list[str]:
    """The texts of the warning dialogs that would have been shown."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    return shown


def configs_of(window: MainWindow) -> list[RunConfig]:
    window.frame()
    return [run.config for run in window.client.state.runs]


def test_the_examples_are_all_in_the_file_menu(make_window):
    window = make_window()
    menu = window.scenario_files.examples_menu
    titles = [action.text() for action in menu.actions()]
    expected = [tomllib.loads(p.read_text())["title"] for p in SCENARIOS]
    assert titles == expected and len(titles) >= 6
    keys = {a.text(): a.shortcut().toString() for a in window.scenario_files.actions.values()}
    assert keys["&Open scenario…"] == "Ctrl+O" and keys["&Save scenario"] == "Ctrl+S"


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_example_opens_in_the_window(make_window, path, warnings):
    window = make_window()
    assert window.scenario_files.open(path) == ""
    scenario = load_scenario(path)
    assert configs_of(window) == scenario.configs()
    runs = window.client.state.runs
    for run, spec in zip(runs, scenario.runs, strict=True):
        assert run.label == (spec.label or run.label) and run.visible == spec.visible
    assert window.windowTitle() == f"optiviz — {scenario.title}"
    assert window.theme == scenario.view.theme
    assert window.controls.speed() == scenario.speed
    checked = {n for n, a in window.teaching.actions.vectors.items() if a.isChecked()}
    assert checked == set(scenario.view.vectors)
    assert window.teaching.vectors.enabled == set(scenario.view.vectors)
    window.step()
    assert [run.epoch for run in window.client.state.runs] == [1] * len(runs)
    assert not warnings


def test_save_then_reopen_round_trips(make_window, tmp_path):
    window = make_window()
    files = window.scenario_files
    assert files.open(EXAMPLES / "rosenbrock_momentum_adam_rmsprop.toml") == ""
    window.race.set_visible(1, False)
    window.race.set_label(2, "RMSprop, renamed")
    window.controls.lr.spin.setValue(0.02)  # the selected run (1): SGD's lr
    window.set_theme("light")
    window.teaching.actions.vectors["update"].setChecked(False)
    target = tmp_path / "mine.toml"
    assert files.save(target)
    saved = configs_of(window)
    assert saved[0].lr == 0.02

    other = make_window()
    assert other.scenario_files.open(target) == ""
    assert configs_of(other) == saved
    runs = other.client.state.runs
    assert [r.visible for r in runs] == [True, False, True]
    assert [r.label for r in runs] == ["SGD + momentum 0.9", "Adam", "RMSprop, renamed"]
    scenario = load_scenario(target)
    assert scenario.title == "Rosenbrock's valley: SGD with momentum, Adam and RMSprop"
    assert scenario.view.theme == "light" and scenario.epochs == 3000
    assert scenario.view.vectors == ("neg_grad", "momentum", "first_moment")
    assert other.theme == "light"
    assert other.scenario_files.path == target  # Ctrl+S writes it again
    assert not list(tmp_path.glob("*.tmp*"))  # written atomically, nothing left over


def test_save_asks_for_a_file_the_first_time(make_window, tmp_path, monkeypatch):
    window = make_window([RunConfig(optimizer="Adam", lr=0.2, epochs=30)])
    target = tmp_path / "first"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(target), ""))
    window.scenario_files.actions["save"].trigger()
    written = target.with_suffix(".toml")
    assert load_scenario(written).configs() == configs_of(window)
    assert memory.recent_files(window.settings)[0] == str(written.resolve())


def test_a_malformed_file_keeps_the_setup_and_names_the_key(make_window, tmp_path, warnings):
    window = make_window([RunConfig(optimizer="Adam", lr=0.2, epochs=30)])
    window.race.add_runs([RunConfig(lr=0.05, epochs=30)])
    window.step()
    before = configs_of(window)
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[[runs]]\noptimizer = "SGD"\nlr = 0.1\n\n[[runs]]\noptimizer = "SGD"\nlr = "fast"\n'
    )
    assert not window.scenario_files.open_file(bad)
    assert len(warnings) == 1 and "\n" not in warnings[0]
    assert warnings[0].startswith("cannot open bad.toml: runs[2].lr: expected a number")
    broken = tmp_path / "broken.toml"
    broken.write_text("[problem\nname = 1\n")
    assert not window.scenario_files.open_file(broken)
    assert "not valid TOML" in warnings[1] and "line 1" in warnings[1]
    assert configs_of(window) == before and window.client.state.max_epoch == 1
    assert window.scenario_files.path is None
    assert memory.recent_files(window.settings) == []


def test_recent_files_newest_first_and_at_most_eight(make_window, tmp_path, warnings):
    window = make_window()
    paths = []
    for i in range(10):
        path = tmp_path / f"s{i}.toml"
        shutil.copy(EXAMPLES / "lr_too_large.toml", path)
        paths.append(path)
        assert window.scenario_files.open(path) == ""
    menu = window.scenario_files.recent_menu
    names = [a.text() for a in menu.actions()]
    assert names == [f"&{i} s{9 - i + 1}.toml" for i in range(1, 9)]
    paths[9].unlink()
    menu.actions()[0].trigger()  # a file that is gone: a message, and it leaves the list
    assert "does not exist" in warnings[0]
    assert menu.actions()[0].text() == "&1 s8.toml"
    menu.actions()[1].trigger()
    assert memory.recent_files(window.settings)[0] == str(paths[7].resolve())


def test_optiviz_file_toml_opens_the_scenario(qtbot, tmp_path):
    path = tmp_path / "race.toml"
    shutil.copy(EXAMPLES / "lbfgs_vs_sgd.toml", path)
    window, error = open_window(WorkerClient(inline=True), str(path))
    window.timer.stop()
    qtbot.addWidget(window)
    assert error == ""
    assert configs_of(window) == load_scenario(path).configs()
    assert window.scenario_files.path == path
    assert window.teaching.actions.vectors["update"].isChecked()
    assert [r.label for r in window.client.state.runs] == [
        "L-BFGS (strong Wolfe)",
        "SGD + momentum",
    ]
    window.close()

    bad = tmp_path / "bad.toml"
    bad.write_text('[view]\ntheme = "sepia"\n[[runs]]\nlr = 0.1\n')
    window, error = open_window(WorkerClient(inline=True), str(bad))
    window.timer.stop()
    qtbot.addWidget(window)
    assert error.startswith("cannot open") and "view.theme" in error
    window.close()


def test_the_last_session_comes_back(make_window):
    settings = Settings(persistent=False)
    window = make_window(settings=settings)
    race = window.race
    race.set_runs([RunConfig(epochs=80), RunConfig(optimizer="Adam", lr=0.3, epochs=80)])
    race.set_label(1, "fast Adam")
    race.set_visible(0, False)
    expected = configs_of(window)
    window.close()

    again = make_window(settings=settings)
    assert configs_of(again) == expected
    assert [r.label for r in again.client.state.runs] == ["SGD lr=0.01", "fast Adam"]
    assert [r.visible for r in again.client.state.runs] == [False, True]

    given = make_window([RunConfig(lr=0.2)], settings=settings)  # runs given: no restore
    assert configs_of(given) == [RunConfig(lr=0.2)]


def test_a_corrupt_last_session_is_ignored_with_a_note(make_window):
    settings = Settings(persistent=False)
    memory.set_last_session(settings, '[[runs]]\noptimizer = "SGD"\nlr = -1\n')
    window = make_window(settings=settings)
    assert len(window.client.state.runs) == 1
    assert "last session was not restored" in window.status.currentMessage()
    assert "runs[1].lr" in window.status.currentMessage()
    memory.set_last_session(settings, "\x00 not toml [[")
    window = make_window(settings=settings)
    assert "last session was not restored" in window.status.currentMessage()


def test_runs_on_different_scalings_open_with_a_note(make_window, warnings):
    window = make_window()
    path = EXAMPLES / "unscaled_vs_scaled.toml"
    assert window.scenario_files.open(path) == ""
    assert "different scalings" in window.status.currentMessage()
    configs = configs_of(window)
    assert configs == load_scenario(path).configs()
    surface = window.panes.surface_pane
    assert sorted(surface.paths) == [0, 1]  # run 3 is on another surface: not drawn on this one
    for _ in range(20):
        window.step()
    window.frame()
    run = window.client.state.runs[2]
    w, b = run.history.params_at(len(run.history))
    slope, intercept = Dataset(scaling="tutorial").raw_coefficients(float(w), float(b))
    xs, ys = window.panes.fit_pane.lines[2].getData()
    np.testing.assert_allclose(ys, slope * xs + intercept, rtol=1e-9)
    assert slope == pytest.approx(0.1 * float(w))  # in raw units, from its own scaling
    window.race.add_current()  # another run on the selected run's (run 1's) data is fine
    assert len(window.client.state.runs) == 4 and not warnings


def test_opening_a_scenario_at_start_up_sends_its_runs_once(qtbot, monkeypatch):
    from optiviz.engine.worker.commands import Reset

    path = EXAMPLES / "rosenbrock_momentum_adam_rmsprop.toml"
    client = WorkerClient(load_scenario(path).configs(), inline=True)
    sent: list[object] = []
    send = client.send
    monkeypatch.setattr(client, "send", lambda command: (sent.append(command), send(command)))
    window, error = open_window(client, str(path), settings=Settings(persistent=False))
    window.timer.stop()
    qtbot.addWidget(window)
    assert error == ""
    assert [c for c in sent if isinstance(c, Reset)] == []  # the worker started on them
    window.scenario_files.open(path)  # opened again, untouched: nothing to restart
    assert [c for c in sent if isinstance(c, Reset)] == []
    window.step()
    window.scenario_files.open(path)  # after a step it starts again
    assert len([c for c in sent if isinstance(c, Reset)]) == 1


def test_opening_an_example_over_unsaved_runs_asks_first(make_window):
    window = make_window()
    files = window.scenario_files
    window.race.add_runs([RunConfig(lr=0.3)])  # a race the user made: unsaved
    before = window.model.configs()
    asked: list[str] = []

    def answer(button):
        return lambda title, text: (asked.append(title), button)[1]

    files.confirm = answer(QMessageBox.StandardButton.Cancel)
    assert not files.open_file(EXAMPLES / "lbfgs_vs_sgd.toml")
    assert asked == ["Discard the current runs?"] and window.model.configs() == before
    files.confirm = answer(QMessageBox.StandardButton.Discard)
    assert files.open_file(EXAMPLES / "lbfgs_vs_sgd.toml")
    assert window.model.configs() == load_scenario(EXAMPLES / "lbfgs_vs_sgd.toml").configs()
    assert len(asked) == 2
    assert files.open_file(EXAMPLES / "tutorial_sgd.toml")  # an untouched example: no question
    assert len(asked) == 2
