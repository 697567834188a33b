"""Load optimizer from file: the learner's optimizer runs in the window, reloads when the file
changes, and its errors show the learner's own traceback lines while the window keeps going."""

from __future__ import annotations

import os
from pathlib import Path

from optiviz.app.main_window import MainWindow
from optiviz.engine.runs.config import RunConfig
from tests.engine.test_user_optimizer import MY_SGD, write

RAISES_IN_STEP = MY_SGD.replace(
    "velocity.mul_(",
    "if state.get('n'):\n                    raise ArithmeticError('too far')\n"
    "                state['n'] = 1\n                velocity.mul_(",
)


def run_to_end(window: MainWindow, limit: int = 400) -> None:
    window.frame()
    window.play()
    for _ in range(limit):
        window.frame()
        if not window.client.playing:
            break
    window.frame()


def test_a_loaded_file_runs_and_a_change_reloads_it(make_window, tmp_path: Path) -> None:
    window = make_window(RunConfig(epochs=30))
    files = window.optimizer_files
    action = window.findChild(type(window.action_set.play), "loadOptimizerFile")
    assert action is not None and action.text() == "Load optimizer from file…"
    path = write(tmp_path, MY_SGD)
    assert files.load(path)
    name = f"{path}:MySGD"
    assert window.model.edited_config.optimizer == name
    assert window.controls.optimizer_combo.currentData() == name
    assert path in files.watcher.files()
    run_to_end(window)
    (run,) = window.client.state.runs
    assert run.status == "finished" and run.config.optimizer == name

    write(tmp_path, RAISES_IN_STEP)  # the learner edits and saves
    os.utime(path, ns=(5, 5))
    asked: list[str] = []
    files.ask_reload = lambda changed: asked.append(changed) or True
    files._changed(path)
    assert asked == [path]
    run_to_end(window)
    (run,) = window.client.state.runs
    assert run.status == "diverged" and run.diverged_at == 2  # the new code ran
    dialog = files.dialog
    assert dialog.isVisible() and not dialog.isModal()
    assert dialog.head.text() == f"{name} raised an error in step(): ArithmeticError: too far"
    lines = dialog.text.toPlainText().splitlines()
    assert lines[0].startswith(f'  File "{os.path.realpath(path)}", line ')
    assert lines[-1] == "ArithmeticError: too far"
    assert all("optiviz" not in line for line in lines)
    window.model.edit(window.model.edited_config.copy(optimizer="SGD"))  # the window goes on
    run_to_end(window)
    assert window.client.state.runs[0].status == "finished"


def test_declining_the_reload_keeps_the_runs(make_window, tmp_path: Path) -> None:
    window = make_window(RunConfig(epochs=30))
    files = window.optimizer_files
    path = write(tmp_path, MY_SGD)
    files.load(path)
    run_to_end(window)
    files.ask_reload = lambda changed: False
    files._changed(path)
    window.frame()
    assert window.client.state.runs[0].epoch == 30


def test_an_error_at_import_shows_the_learners_lines(make_window, tmp_path: Path) -> None:
    window = make_window(RunConfig(epochs=30))
    files = window.optimizer_files
    path = write(tmp_path, "import torch\n\n\nvalue = torch.tensor(1) / undefined\n")
    assert not files.load(path)
    assert window.model.edited_config.optimizer == "SGD"  # nothing changed
    assert files.dialog.isVisible()
    assert (
        files.dialog.head.text()
        == "importing my_opt.py: NameError: name 'undefined' is not defined"
    )
    details = files.dialog.text.toPlainText()
    assert f'File "{os.path.realpath(path)}", line 4' in details
    files.dialog.close()


def test_opening_a_scenario_with_a_file_asks_first(make_window, tmp_path: Path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    window = make_window(RunConfig(epochs=30))
    write(tmp_path, MY_SGD)
    scenario = tmp_path / "mine.toml"
    scenario.write_text('[[runs]]\noptimizer = "my_opt.py:MySGD"\nlr = 0.01\n')
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked: list[str] = []

    def question(parent, title, text, *args):
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    assert "loading it runs its code" in window.scenario_files.open(scenario)
    assert window.model.edited_config.optimizer == "SGD"
    assert str(tmp_path / "my_opt.py") in asked[0]
    assert window.scenario_files.open(scenario) == ""
    assert window.model.edited_config.optimizer == f"{tmp_path / 'my_opt.py'}:MySGD"


def test_a_scenario_given_at_launch_is_left_to_the_window_to_ask(tmp_path: Path) -> None:
    from optiviz.app.launch import _load_scenario

    write(tmp_path, MY_SGD)
    scenario = tmp_path / "mine.toml"
    scenario.write_text('[[runs]]\noptimizer = "my_opt.py:MySGD"\nlr = 0.01\n')
    assert _load_scenario(str(scenario)) == ({}, "")  # nothing run, and no error yet
    scenario.write_text('[[runs]]\noptimizer = "Nope"\nlr = 0.01\n')
    assert "unknown optimizer" in _load_scenario(str(scenario))[1]


def test_saving_the_file_is_noticed_by_the_watcher(make_window, qtbot, tmp_path: Path) -> None:
    window = make_window(RunConfig(epochs=30))
    files = window.optimizer_files
    path = write(tmp_path, MY_SGD)
    files.load(path)
    asked: list[str] = []
    files.ask_reload = lambda changed: asked.append(changed) or False
    write(tmp_path, MY_SGD + "\n# edited\n")
    qtbot.waitUntil(lambda: asked == [path], timeout=5000)
    assert path in files.watcher.files()  # still watched for the next save
