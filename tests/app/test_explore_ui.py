"""Explore in the window: your data (CSV, mouse edits, scaling), a typed f(x, y), the lr test."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage

from optiviz.app.explore import controller as explore_controller
from optiviz.app.main_window import MainWindow
from optiviz.engine.problems.data_io import load_csv
from optiviz.engine.problems.expression import expression_problem
from optiviz.engine.problems.library import TUTORIAL_X, TUTORIAL_Y, Dataset
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.lr_find import lr_find
from optiviz.engine.runs.run import Run
from optiviz.engine.worker.session import PLAY, STEP

POINTS = ((1.0, 3.0), (2.0, 5.5), (4.0, 8.0), (5.0, 11.5), (7.0, 14.0))


@pytest.fixture
def window_options() -> dict:
    return {"size": (1280, 800)}


@pytest.fixture
def warnings(monkeypatch) -> list[str]:
    """The texts of the message boxes the window would show."""
    shown: list[str] = []
    monkeypatch.setattr(
        explore_controller.QMessageBox, "warning", lambda _parent, _title, text: shown.append(text)
    )
    return shown


def steps(window: MainWindow, n: int) -> None:
    for _ in range(n):
        window.client.send(STEP)
    window.frame()


def assert_mirror_equals(window: MainWindow, config: RunConfig, epochs: int) -> None:
    run = Run(config)
    for _ in range(epochs):
        run.step()
    mirrored = window.client.state.runs[0].history
    np.testing.assert_array_equal(mirrored.loss, run.history.loss)
    np.testing.assert_array_equal(mirrored.params, run.history.params)


def write_csv(tmp_path, text: str, name: str = "points.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def choose_file(monkeypatch, path) -> None:
    dialog = explore_controller.QFileDialog
    monkeypatch.setattr(dialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(dialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


def surface_pixels(window: MainWindow) -> np.ndarray:
    image = window.panes.surface_pane.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    raw = np.frombuffer(image.constBits(), np.uint8)
    return raw.reshape(image.height(), image.bytesPerLine() // 4, 4).astype(int)


def view_pos(window: MainWindow, x: float, y: float):
    """Where data point (x, y) is on the fit pane's viewport."""
    fit = window.panes.fit_pane
    scene = fit.plot_item.getViewBox().mapViewToScene(QPointF(x, y))
    return fit.mapFromScene(scene)


# -- CSV files -----------------------------------------------------------------------------------
def test_load_data_restarts_on_it_bit_for_bit(make_window, monkeypatch, tmp_path, warnings):
    window = make_window()
    steps(window, 5)
    path = write_csv(tmp_path, "x,y\n" + "".join(f"{x},{y}\n" for x, y in POINTS))
    choose_file(monkeypatch, path)
    window.explore.actions["load"].trigger()
    window.frame()
    data = Dataset(tuple(p[0] for p in POINTS), tuple(p[1] for p in POINTS), "tutorial")
    state = window.client.state
    assert not warnings
    assert state.problem.dataset == data and state.max_epoch == 0
    assert window.controls.config().dataset == data
    assert "loaded 5 points from points.csv" in window.status.text()
    assert window.explore.actions["load"].shortcut().toString() == "Ctrl+L"
    steps(window, 25)
    assert_mirror_equals(window, RunConfig(dataset=data), 25)
    scatter_x, scatter_y = window.panes.fit_pane.scatter.getData()
    np.testing.assert_array_equal(scatter_x, data.x)
    np.testing.assert_array_equal(scatter_y, data.y)
    saved = tmp_path / "saved.csv"
    choose_file(monkeypatch, saved)
    window.explore.actions["save"].trigger()
    assert load_csv(saved) == data


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x,y\n1,2\n3,abc\n", "row 3: 'abc' is not a number"),
        ("1,2\nnan,4\n5,6\n", "row 2: 'nan' is not a finite number"),
        ("1,2\n3,4,5\n", "row 2: expected 2 values (x, y), got 3"),
        ("x,y\n1,2\n", "has 1 point(s); at least 2 are needed"),
        ("", "is empty"),
    ],
    ids=["non-numeric", "nan", "ragged", "one-point", "empty"],
)
def test_a_malformed_csv_keeps_the_data_and_names_the_row(
    make_window, monkeypatch, tmp_path, warnings, text, expected
):
    window = make_window()
    steps(window, 3)
    before = window.client.state
    path = write_csv(tmp_path, text, "bad.csv")
    choose_file(monkeypatch, path)
    window.explore.actions["load"].trigger()
    window.frame()
    assert len(warnings) == 1 and expected in warnings[0] and "bad.csv" in warnings[0]
    assert expected in window.status.text()
    assert window.client.state is before and before.max_epoch == 3
    assert before.problem.dataset == Dataset()
    assert window.controls.config().dataset in (None, Dataset())


# -- points on the data pane ---------------------------------------------------------------------
def test_add_drag_and_remove_points_with_the_mouse(make_window, qtbot):
    window = make_window()
    fit = window.panes.fit_pane
    viewport = fit.viewport()
    n = len(TUTORIAL_X)
    before = surface_pixels(window)

    at = view_pos(window, 25.0, 30.0)  # empty space: two quick clicks add a point there
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=at)
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=at)
    window.frame()
    data = window.client.state.problem.dataset
    assert len(data.x) == n + 1 and data.x[:n] == TUTORIAL_X
    assert data.x[-1] == pytest.approx(25.0, abs=0.3) and data.y[-1] == pytest.approx(30.0, abs=1)
    added = surface_pixels(window)
    assert np.abs(added - before).sum() > 0  # the surface re-contoured

    ctrl_at = view_pos(window, 0.0, 70.0)
    qtbot.mouseClick(
        viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, ctrl_at
    )
    window.frame()
    assert len(window.client.state.problem.dataset.x) == n + 2

    data = window.client.state.problem.dataset
    start = view_pos(window, data.x[3], data.y[3])  # (28, 81.9) dragged down by 30
    end = view_pos(window, data.x[3], data.y[3] - 30.0)
    previews = window.explore.previews
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for i in range(1, 9):
        qtbot.mouseMove(viewport, pos=start + (end - start) * (i / 8))
        qtbot.wait(40)  # the throttle re-contours at most 30 times a second
    assert window.explore.previews > previews
    assert window.client.state.max_epoch == 0 and window.client.state.problem.dataset == data
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    window.frame()
    moved = window.client.state.problem.dataset
    assert moved.x[3] == pytest.approx(28.0, abs=0.3)
    assert moved.y[3] == pytest.approx(51.9, abs=1.0)
    assert moved.x[:3] == data.x[:3] and moved.y[4:] == data.y[4:]
    dragged = surface_pixels(window)
    assert np.abs(dragged - added).sum() > 0

    qtbot.mouseClick(viewport, Qt.MouseButton.RightButton, pos=view_pos(window, 14.0, 55.9))
    window.frame()
    removed = window.client.state.problem.dataset
    assert len(removed.x) == n + 1 and 14.0 not in removed.x
    assert np.abs(surface_pixels(window) - dragged).sum() > 0

    # Select a point with a click, then Delete removes it.
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=view_pos(window, 15.0, 58.2))
    assert window.explore.editor.selected == removed.x.index(15.0)
    qtbot.keyClick(fit, Qt.Key.Key_Delete)
    window.frame()
    assert 15.0 not in window.client.state.problem.dataset.x
    steps(window, 10)
    assert_mirror_equals(window, RunConfig(dataset=window.client.state.problem.dataset), 10)


def test_never_fewer_than_two_points(make_window, qtbot, monkeypatch, tmp_path, warnings):
    window = make_window()
    choose_file(monkeypatch, write_csv(tmp_path, "0,1\n10,3\n"))
    window.explore.actions["load"].trigger()
    window.frame()
    state = window.client.state
    assert len(state.problem.dataset.x) == 2
    error = window.explore.remove_point(0)
    window.frame()
    assert "at least 2 points" in error and "at least 2 points" in window.status.text()
    assert window.client.state is state


def test_the_data_pane_explains_its_gestures(make_window):
    window = make_window()
    tip = window.panes.fit_pane.toolTip()
    assert "double-click" in tip and "drag" in tip and "right-click" in tip and "Delete" in tip
    window.explore.apply_formula("x**2 + y**2")
    window.frame()
    assert window.panes.fit_pane.toolTip() == ""  # no data to edit


# -- scaling ---------------------------------------------------------------------------------------
def test_scaling_restarts_and_the_line_stays_in_raw_units(make_window):
    window = make_window()
    fields = window.explore.fields
    assert fields.scaling_combo.currentData() == "tutorial"
    assert fields.form.isRowVisible(fields.scaling_frame)
    steps(window, 4)
    fields.scaling_combo.setCurrentIndex(fields.scaling_combo.findData("standardize"))
    window.frame()
    state = window.client.state
    assert state.max_epoch == 0 and state.problem.dataset.scaling == "standardize"
    assert window.controls.config().dataset == Dataset(scaling="standardize")
    window.client.send(PLAY)
    while window.client.state.runs[0].status != "finished":
        window.frame()
    config = RunConfig(dataset=Dataset(scaling="standardize"))
    assert_mirror_equals(window, config, 1000)
    w, b = window.client.state.runs[0].history.params[-1]
    slope, intercept = Dataset(scaling="standardize").raw_coefficients(float(w), float(b))
    exact_slope, exact_intercept = np.polyfit(TUTORIAL_X, TUTORIAL_Y, 1)
    assert slope == pytest.approx(exact_slope, rel=1e-4)
    assert intercept == pytest.approx(exact_intercept, rel=1e-4)
    assert f"slope {slope:.4g}" in window.status.text()
    xs, ys = window.panes.fit_pane.lines[0].getData()  # the drawn line is y = slope*x + intercept
    np.testing.assert_allclose(ys, slope * xs + intercept, rtol=1e-6, atol=1e-6)
    fields.scaling_combo.setCurrentIndex(fields.scaling_combo.findData("none"))
    window.frame()
    assert window.client.state.problem.dataset == Dataset(scaling="none")


# -- a typed f(x, y) -----------------------------------------------------------------------------
def test_a_typed_formula_becomes_the_problem(make_window, qtbot):
    window = make_window()
    fields = window.explore.fields
    assert not fields.form.isRowVisible(fields.formula_frame)
    before = surface_pixels(window)
    combo = window.controls.problem_combo
    combo.setCurrentIndex(combo.findData("expression"))
    window.frame()
    assert fields.form.isRowVisible(fields.formula_frame)
    assert not fields.form.isRowVisible(fields.scaling_frame)
    edit = fields.formula_edit
    edit.clear()
    qtbot.keyClicks(edit, "(x - 1)**2 + 10*(y + 0.5)**2")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    window.frame()
    state = window.client.state
    assert (
        state.problem.name == "expression"
        and state.problem.formula == "(x - 1)**2 + 10*(y + 0.5)**2"
    )
    grid = window.panes.surface_pane.grid
    aa, bb = np.meshgrid(grid.a, grid.b)
    expected = expression_problem("(x - 1)**2 + 10*(y + 0.5)**2").grid(aa, bb)
    np.testing.assert_allclose(grid.z, expected, rtol=1e-12)
    assert np.abs(surface_pixels(window) - before).sum() > 0
    steps(window, 20)
    config = RunConfig(problem="expression", expression="(x - 1)**2 + 10*(y + 0.5)**2")
    assert_mirror_equals(window, config, 20)


def test_a_refused_formula_shows_the_column_and_keeps_the_problem(make_window, qtbot):
    window = make_window(RunConfig(problem="expression", expression="x**2 + y**2"))
    steps(window, 3)
    state = window.client.state
    fields = window.explore.fields
    assert fields.formula_edit.text() == "x**2 + y**2"
    edit = fields.formula_edit
    edit.clear()
    qtbot.keyClicks(edit, "x**2 + y^2")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    window.frame()
    error = fields.formula_frame.error()
    assert error is not None and "column 9" in error
    assert "column 9" in fields.formula_errors.text() and fields.formula_errors.isVisibleTo(window)
    assert (
        "red" in fields.formula_frame.styleSheet() or "#e5484d" in fields.formula_frame.styleSheet()
    )
    assert window.client.state is state and state.problem.formula == "x**2 + y**2"
    assert window.controls.config().expression == "x**2 + y**2"
    qtbot.keyClicks(edit, "x")  # typing again clears the complaint
    assert fields.formula_frame.error() is None


# -- the lr range test ---------------------------------------------------------------------------
def wait_for(qtbot, dialog) -> None:
    qtbot.waitUntil(lambda: not dialog.running and not dialog._timer.isActive(), timeout=20000)


def test_lr_range_test_plots_suggests_and_applies(make_window, qtbot):
    window = make_window()
    steps(window, 5)
    config = window.controls.config()
    window.explore.actions["lr_find"].trigger()
    dialog = window.explore.lr_dialog
    assert dialog is not None and dialog.isVisible()
    wait_for(qtbot, dialog)
    expected = lr_find(config)
    result = dialog.result
    assert result.suggestion == expected.suggestion and result.lr == expected.lr
    assert result.loss == expected.loss and result.stopped_early == expected.stopped_early
    xs, ys = dialog.curve.xData, dialog.curve.yData
    np.testing.assert_array_equal(xs, expected.lr)
    np.testing.assert_array_equal(ys, expected.smoothed)
    assert dialog.plot.getPlotItem().getAxis("bottom").logMode
    suggested = float(f"{expected.suggestion:.3g}")  # 3 significant digits, shown and applied
    assert dialog.suggestion == suggested
    assert dialog.marker.isVisible() and dialog.marker.value() == math.log10(suggested)
    assert f"Suggested lr: {suggested:g} " in dialog.summary.text()
    assert dialog.apply_button.text() == f"Apply suggested lr ({suggested:g})"
    if expected.stopped_early:
        assert "Stopped early" in dialog.summary.text() and expected.reason in dialog.summary.text()
    image = dialog.plot.grab().toImage()
    marker = QColor("#ffb400")
    found = any(
        image.pixelColor(x, y) == marker
        for x in range(0, image.width(), 1)
        for y in range(0, image.height(), 8)
    )
    assert found  # the suggestion's line is drawn
    assert window.client.state.max_epoch == 5  # the run was not touched
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert window.controls.config().lr == suggested
    assert window.controls.lr.value() == suggested
    mantissa = window.controls.lr.spin.text().lower().split("e")[0]
    assert len(mantissa.replace(".", "").replace("-", "").strip("0")) <= 3  # as typed: 0.0394
    steps(window, 3)
    history = window.client.state.runs[0].history
    assert list(history.lr) == [0.01] * 5 + [suggested] * 3
    run = Run(RunConfig())
    for epoch in range(8):
        if epoch == 5:
            run.set_hyper("lr", suggested)
        run.step()
    np.testing.assert_array_equal(history.loss, run.history.loss)
    np.testing.assert_array_equal(history.params, run.history.params)


def test_the_suggestion_is_rounded_to_three_significant_digits():
    from optiviz.app.explore.lr_dialog import round_significant

    assert round_significant(0.0394420605943) == 0.0394
    assert round_significant(1.23456e-5) == 1.23e-5
    assert round_significant(2.0) == 2.0 and round_significant(0.0) == 0.0


def test_cancel_leaves_everything_as_it_was(make_window, qtbot):
    window = make_window(RunConfig(optimizer="Adam", lr=0.05))
    steps(window, 4)
    config, state = window.controls.config(), window.client.state
    dialog = window.explore.open_lr_find()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and not dialog.running  # the thread was joined
    qtbot.wait(60)
    window.frame()
    assert dialog.result is None and dialog.cancelled
    assert window.controls.config() == config and window.client.state is state
    assert state.max_epoch == 4 and list(state.runs[0].history.lr) == [0.05] * 4
