"""The lesson layout: code, numbers and panes side by side, readable at 1280x720, remembered;
and its "Tutorial output" panel, which prints the lines ``optiviz run`` prints."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from optiviz.app.settings import Settings
from optiviz.cli import run_command
from optiviz.engine.runs.config import RunConfig

LEFT = Qt.DockWidgetArea.LeftDockWidgetArea
RIGHT = Qt.DockWidgetArea.RightDockWidgetArea
#: Each pane keeps at least this many pixels each way at 1280x720.
MIN_PANE = 250


def _settle(qtbot) -> None:
    for _ in range(3):
        QApplication.processEvents()
    qtbot.wait(20)


def _docks(window):
    return window.teaching.code_dock, window.teaching.lesson.output_dock


def test_the_action_switches_to_the_lesson_and_back(make_window, qtbot) -> None:
    window = make_window(RunConfig(), size=(1280, 720))
    action = window.findChild(QAction, "lesson_layout")
    assert action is window.teaching.lesson.action
    assert action.shortcut().toString() == "F9" and action in window.view_menu.actions()
    code, output = _docks(window)
    assert code.isHidden() and output.isHidden() and not window.dock.isHidden()
    action.trigger()
    _settle(qtbot)
    assert action.isChecked() and code.isVisible() and output.isVisible()
    assert window.dockWidgetArea(code) == LEFT and window.dockWidgetArea(output) == RIGHT
    assert window.dock in window.tabifiedDockWidgets(code)  # the controls: a tab behind
    assert code.x() < window.panes.x() < output.x()  # side by side
    assert window.teaching.panel.whole_code
    action.trigger()
    _settle(qtbot)
    assert not action.isChecked() and code.isHidden() and output.isHidden()
    assert window.dock.isVisible() and window.dock not in window.tabifiedDockWidgets(code)
    assert not window.teaching.panel.whole_code


def test_the_layout_and_its_arrangement_are_remembered(make_window, qtbot) -> None:
    settings = Settings(persistent=False)
    window = make_window(RunConfig(), settings=settings, size=(1280, 720))
    window.teaching.lesson.action.trigger()
    _settle(qtbot)
    window.teaching.lesson.output_dock.hide()  # the user's own lesson arrangement
    window.teaching.lesson.action.trigger()  # back to normal, and into the lesson again
    window.teaching.lesson.action.trigger()
    _settle(qtbot)
    code, output = _docks(window)
    assert code.isVisible() and output.isHidden()
    output.show()
    window.close()
    again = make_window(RunConfig(), settings=settings, size=(1280, 720))
    _settle(qtbot)
    code, output = _docks(again)
    assert again.teaching.lesson.action.isChecked() and again.teaching.lesson.active
    assert code.isVisible() and output.isVisible()
    again.teaching.lesson.action.trigger()  # the normal arrangement saved before the lesson
    _settle(qtbot)
    assert code.isHidden() and output.isHidden() and again.dock.isVisible()


def _assert_readable(window) -> None:
    panel = window.teaching.panel
    for view in (panel.code_view, panel.numbers):
        assert not view.verticalScrollBar().isVisible(), (panel.record, view)
        assert not view.horizontalScrollBar().isVisible(), (panel.record, view)
    assert panel.code_view.isVisible() and panel.numbers.isVisible()
    for pane in (window.panes.loss_pane, window.panes.fit_pane, window.panes.surface_pane):
        assert pane.isVisible() and pane.height() >= MIN_PANE and pane.width() >= MIN_PANE


@pytest.mark.parametrize(
    "config", [RunConfig(zero_grad=False, lr=1e-3), RunConfig(optimizer="Adam", lr=0.1)]
)
def test_code_and_numbers_need_no_scrolling_at_1280x720(make_window, qtbot, config) -> None:
    window = make_window(config, size=(1280, 720))
    window.teaching.lesson.action.trigger()
    _settle(qtbot)
    assert window.size().toTuple() == (1280, 720)
    for _ in range(12):  # two epochs, every phase
        window.teaching.step_phase()
        window.frame()
        _settle(qtbot)
        _assert_readable(window)
    assert window.teaching.panel.record is not None  # the last phase's numbers are shown


def _run_lines(flags: list[str], capsys) -> list[str]:
    assert run_command.main(flags) == 0
    return [line for line in capsys.readouterr().out.splitlines() if line.startswith("Epoch")]


def test_the_tutorial_output_prints_what_optiviz_run_prints(make_window, qtbot, capsys) -> None:
    window = make_window(RunConfig(), size=(1280, 720))
    lesson = window.teaching.lesson
    lesson.action.trigger()
    for _ in range(250):
        window.step()
        if window.client.state.max_epoch in (60, 180):
            window.frame()  # lines arrive as the run goes
    window.frame()
    expected = _run_lines(["--epochs", "250"], capsys)
    assert len(expected) == 2 and expected[0] == "Epoch 100, Loss 39.538235"
    assert lesson.output.lines == expected
    assert lesson.output.text.toPlainText().splitlines() == expected
    lesson.output.every.setValue(25)
    assert lesson.output.lines == _run_lines(["--epochs", "250", "--print-every", "25"], capsys)
    window.reset()
    window.frame()
    assert lesson.output.lines == [] and lesson.output.text.toPlainText() == ""


def test_the_tutorial_output_of_mini_batches_without_zero_grad(make_window, capsys) -> None:
    config = RunConfig(batch_size=4, zero_grad=False, lr=1e-4, epochs=40)
    window = make_window(config, size=(1280, 720))
    lesson = window.teaching.lesson
    lesson.action.trigger()
    lesson.output.every.setValue(5)
    for _ in range(200):  # a step is one batch: 3 an epoch
        if window.client.state.runs[0].history.epochs_done >= 40:
            break
        window.step()
        window.frame()
    flags = ["--batch-size", "4", "--no-zero-grad", "--lr", "1e-4", "--epochs", "40"]
    expected = _run_lines([*flags, "--print-every", "5"], capsys)
    assert len(expected) == 8 and lesson.output.lines == expected


def test_a_scrubbed_epoch_without_zero_grad_shows_both_gradients(make_window) -> None:
    from optiviz.engine.runs.run import Run

    window = make_window(RunConfig(zero_grad=False, lr=1e-4), size=(1280, 720))
    for _ in range(8):
        window.step()
    window.frame()
    run = window.client.state.runs[0]
    rows = dict(window.teaching.epoch_rows(run, 5))
    expected = Run(RunConfig(zero_grad=False, lr=1e-4)).run(5).history
    own, grad = expected.full_grad[4], expected.grad[4]
    assert rows["this step's gradient"] == f"(w={own[0]:.6g}, b={own[1]:.6g})"
    assert rows["params.grad (accumulated)"] == f"(w={grad[0]:.6g}, b={grad[1]:.6g})"
    assert abs(grad[0]) > 4 * abs(own[0])  # grown over five steps
    assert "this step's gradient" not in dict(window.teaching.epoch_rows(run, 0))


def test_the_surface_arrows_name_the_accumulated_gradient() -> None:
    from optiviz.engine.runs.run import Run
    from optiviz.engine.worker.session_state import SessionState
    from optiviz.plots.gradient_arrows import arrow_names

    [forgot] = SessionState.from_runs([Run(RunConfig(zero_grad=False))]).runs
    [noisy] = SessionState.from_runs([Run(RunConfig(problem="rosenbrock", grad_noise=0.5))]).runs
    assert arrow_names(forgot) == ("accumulated .grad", "own gradient")
    assert arrow_names(noisy) == ("noisy gradient", "true gradient")
