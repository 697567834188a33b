"""The window on a network (problem mlp): its controls, the landscape plane as the surface,
the data pane, accuracy curves, the status bar, the plane's directions and a recording."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QAction

from optiviz.app.main_window import MainWindow
from optiviz.app.report import window_report
from optiviz.engine.networks.spec import NETWORK_PROBLEM, NetworkSpec
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.worker.commands import SetDirections
from optiviz.plots.decision_regions import region_colors, rgb
from optiviz.plots.landscape_grid import ALPHA_LABEL, BETA_LABEL
from optiviz.plots.theme import class_color
from optiviz.recorder import RecordOptions
from tests.app.test_panes import distinct_colors, pixels
from tests.video import read_video

NET = RunConfig(problem=NETWORK_PROBLEM, optimizer="Adam", lr=0.05, epochs=40)


@pytest.fixture
def window_options() -> dict:
    return {"configs": NET, "size": (1400, 900)}


def play_to_end(window: MainWindow, qtbot, timeout: float = 60_000) -> None:
    """Play until every run finished and the worker has sent the plane of their whole paths."""
    window.play()

    def done() -> bool:
        window.frame()
        state = window.client.state
        landscape = state.landscape
        return (
            all(run.status == "finished" for run in state.runs)
            and landscape is not None
            and all(run.data_view is not None for run in state.runs)
            and all(run.data_view.step == len(run.history) for run in state.runs)
            and window.panes.surface_pane.landscape is landscape
            # the plane of where the runs ended (it comes once the worker's budget allows)
            and landscape.steps == tuple(len(run.history) for run in state.runs)
        )

    qtbot.waitUntil(done, timeout=timeout)
    for _ in range(3):
        window.frame()


def view_pixel(pane, x: float, y: float) -> tuple[int, int]:
    """The widget pixel (column, row) of the point (x, y) of ``pane``'s view."""
    scene = pane.plot_item.getViewBox().mapViewToScene(QPointF(x, y))
    point = pane.mapFromScene(scene)
    return point.x(), point.y()


def test_choosing_mlp_builds_a_network_config_the_worker_runs(make_window, qtbot):
    window = make_window(RunConfig())
    controls = window.controls
    assert not controls.network_group.isVisibleTo(window)
    combo = controls.problem_combo
    index = combo.findData(NETWORK_PROBLEM)
    assert index >= 0 and "neural network" in combo.itemData(index, 3)  # Qt.ToolTipRole
    combo.setCurrentIndex(index)
    window.frame()
    config = window.model.edited_config
    assert config.problem == NETWORK_PROBLEM and config.network == NetworkSpec()
    assert controls.network_group.isVisibleTo(window)
    assert not controls.start_frame.isVisibleTo(window)  # the start is torch's initialisation
    assert window.client.state.problem.name == NETWORK_PROBLEM
    group = controls.network_group
    group.dataset_combo.setCurrentIndex(group.dataset_combo.findData("xor"))
    group.hidden_edit.setText("4")
    group.hidden_edit.editingFinished.emit()
    config = window.model.edited_config
    assert config.network.dataset == "xor" and config.network.hidden == (4,)
    assert "2-4-1" in controls.problem_note.text() and "xor" in window.windowTitle()
    for _ in range(3):
        window.step()
        window.frame()
    run = window.client.state.runs[0]
    assert run.config.network == config.network
    assert len(run.history) == 3 and run.metrics.shape == (3, 4)


def test_the_cnn_is_offered_for_the_digits_only(make_window):
    window = make_window()
    group = window.controls.network_group
    cnn = group.model_combo.model().item(group.model_combo.findData("cnn"))
    assert not cnn.isEnabled()
    group.dataset_combo.setCurrentIndex(group.dataset_combo.findData("digits"))
    assert cnn.isEnabled() and not group.samples_spin.isEnabled()
    assert window.model.edited_config.network.dataset == "digits"


def test_a_bad_hidden_list_is_refused_at_the_field_and_the_runs_kept(make_window):
    window = make_window()
    window.step()
    window.frame()
    state, config = window.client.state, window.model.edited_config
    group = window.controls.network_group
    group.hidden_edit.setText("8,,x")
    group.hidden_edit.editingFinished.emit()
    window.frame()
    errors = window.controls.field_errors()
    assert "layer widths" in errors["net:hidden"] and "8,,x" in errors["net:hidden"]
    assert group.hidden_frame.error() == errors["net:hidden"]
    assert window.model.edited_config == config
    assert window.client.state is state and len(state.runs[0].history) == 1
    group.hidden_edit.setText("3")  # fixed: accepted, the runs start again
    group.hidden_edit.editingFinished.emit()
    assert "net:hidden" not in window.controls.field_errors()
    assert window.model.edited_config.network.hidden == (3,)


def test_the_surface_is_the_landscape_plane(make_window, qtbot):
    window = make_window()
    play_to_end(window, qtbot)
    landscape = window.client.state.landscape
    pane = window.panes.surface_pane
    grid = pane.grid
    assert grid is not None
    np.testing.assert_array_equal(grid.z, landscape.loss.T.astype(np.float64))
    (a0, a1), (b0, b1) = pane.domain
    cell_a = (landscape.alpha[-1] - landscape.alpha[0]) / (len(landscape.alpha) - 1)
    assert a0 == pytest.approx(landscape.alpha[0] - cell_a / 2)
    assert a1 == pytest.approx(landscape.alpha[-1] + cell_a / 2)
    assert b0 < landscape.beta[0] < landscape.beta[-1] < b1
    plot = pane.plot_item
    assert plot.getAxis("bottom").labelText == ALPHA_LABEL
    assert plot.getAxis("left").labelText == BETA_LABEL
    assert landscape.kind == "pca" and landscape.explained is not None
    first = f"{100 * landscape.explained[0]:.0f} %"
    assert "pca plane" in pane._title and first in pane._title
    assert not pane.target.isVisible() and not pane.target.movable
    view = plot.getViewBox().sceneBoundingRect().toRect().adjusted(4, 4, -4, -4)
    drawn = pixels(pane)[view.top() : view.bottom(), view.left() : view.right()]
    assert distinct_colors(drawn) > 300  # a coloured loss, not an empty plane
    # the path ends at the run's coordinates on the plane
    run = window.client.state.runs[0]
    x, y = run.history.params[-1]
    assert a0 <= x <= a1 and b0 <= y <= b1  # a paused or finished run's plane holds its path
    assert pane.points[0].data["x"][0] == pytest.approx(x)
    assert pane.line.shown and len(pane.line.curve.xData) == len(landscape.line_t)


def test_the_data_pane_colours_the_regions_as_the_predictions_say(make_window, qtbot):
    window = make_window()
    play_to_end(window, qtbot)
    pane = window.panes.network_pane
    assert pane.isVisible() and not window.panes.fit_pane.isVisible()
    assert pane.view == "regions"
    view = window.client.state.runs[0].data_view
    p = view.probabilities
    (x0, x1), (y0, y1) = view.extent
    xs, ys = np.linspace(x0, x1, p.shape[0]), np.linspace(y0, y1, p.shape[1])
    background = rgb(window.panes.theme.background)
    palette = np.stack([rgb(class_color(0)), rgb(class_color(1))])
    shades = region_colors(np.array([[0.0, 1.0]]), palette, background)[0].astype(int)
    image = pixels(pane).astype(int)
    agree = checked = 0
    for i in range(3, p.shape[0] - 3, 7):
        for j in range(3, p.shape[1] - 3, 7):
            if 0.05 < p[i, j] < 0.95:
                continue  # near the boundary the picture blends the classes
            predicted = int(p[i, j] > 0.5)
            col, row = view_pixel(pane, xs[i], ys[j])
            colour = image[row, col]
            near = np.abs(colour - shades[predicted]).sum()
            far = np.abs(colour - shades[1 - predicted]).sum()
            checked += 1
            agree += near < far
    assert checked > 40
    assert agree >= 0.9 * checked  # the odd cell is covered by a data point
    assert {0, 1} <= {int(v > 0.5) for v in p.ravel()}  # both classes are on the picture


def test_the_loss_pane_adds_each_runs_accuracy(make_window, qtbot):
    window = make_window()
    play_to_end(window, qtbot)
    pane = window.panes.loss_pane
    run = window.client.state.runs[0]
    curves = pane.accuracy
    assert curves is not None and pane.plot_item.getAxis("right").isVisible()
    train, test = curves.curves[0]
    np.testing.assert_allclose(test.yData, 100 * run.metrics[:, 3])
    np.testing.assert_allclose(train.yData, 100 * run.metrics[:, 2])
    np.testing.assert_array_equal(test.xData, np.arange(1, len(run.metrics) + 1))
    assert test.isVisible() and test.yData[-1] > 80  # circles are learnt
    text = window.status.text()
    assert f"test accuracy {100 * run.metrics[-1, 3]:.1f} %" in text
    assert " a " not in text and "b " not in text.split("·")[-2]


def test_a_race_draws_every_run_on_one_plane(make_window, qtbot):
    race = [NET, NET.copy(optimizer="SGD", lr=0.5), NET.copy(seed=3)]
    window = make_window(race)
    play_to_end(window, qtbot)
    state = window.client.state
    pane = window.panes.surface_pane
    assert set(pane.paths) == {0, 1, 2}
    (a0, a1), (b0, b1) = pane.domain
    for run in state.runs:
        x, y = run.history.params[-1]
        if a0 <= x <= a1 and b0 <= y <= b1:
            assert pane.points[run.id].data["x"][0] == pytest.approx(x)
            assert pane.points[run.id].isVisible()
        else:  # off the plane's grid: an arrow on the edge points to it
            assert pane.arrows[run.id].isVisible()
    assert set(window.panes.loss_pane.accuracy.curves) == {0, 1, 2}
    window.model.select(1)
    window.frame()
    assert window.panes.network_feed._shown is state.runs[1].data_view


def test_switching_the_plane_sends_set_directions_and_retitles(make_window, qtbot, monkeypatch):
    window = make_window()
    play_to_end(window, qtbot)
    sent: list[object] = []
    send = window.client.send
    monkeypatch.setattr(window.client, "send", lambda c: (sent.append(c), send(c)))
    state = window.client.state
    combo = window.controls.network_group.plane_combo
    combo.setCurrentIndex(combo.findData("random"))
    assert SetDirections("random") in sent
    assert window.model.directions == "random"
    qtbot.waitUntil(
        lambda: (window.frame(), window.panes.surface_pane.landscape.kind == "random")[1],
        timeout=30_000,
    )
    assert window.client.state is state  # a view setting: the runs went on, not restarted
    assert "random plane (filter-normalised)" in window.panes.surface_pane._title


def test_recording_a_network_writes_a_decodable_video(make_window, qtbot, tmp_path):
    window = make_window()
    out = tmp_path / "net.mp4"
    options = RecordOptions(out=out, epochs_per_frame=8, size=(320, 180))
    assert window.recording.start(options, 40, slice_ms=0)
    qtbot.waitUntil(lambda: not window.recording.busy, timeout=120_000)
    video = read_video(out)
    assert video.size == (320, 180) and len(video.frames) == 6
    first, last = video.frames[0].astype(int), video.frames[-1].astype(int)
    assert np.abs(first - last).mean() > 1.0  # the plane, the regions and the curves moved


def test_two_parameter_features_are_off_for_a_network_and_say_why(make_window):
    window = make_window()
    window.step()
    window.frame()
    actions = {a.objectName(): a for a in window.findChildren(QAction)}
    action = actions["predict_reveal"]
    assert not action.isEnabled()
    assert "network" in action.toolTip() and "network" in action.statusTip()
    # step by step and the vectors work on a network (per layer, projected onto the plane)
    assert actions["step_phase"].isEnabled() and actions["vector_neg_grad"].isEnabled()
    actions["predict_reveal"].trigger()  # disabled: nothing happens, nothing breaks
    window.frame()
    assert len(window.client.state.runs[0].history) == 1
    assert not window.teaching.stability_label.isVisible()  # no κ of a Hessian of two numbers
    assert not window.panes.surface_pane.target.isVisible()
    combo = window.controls.problem_combo
    combo.setCurrentIndex(combo.findData("linear"))  # a 2-parameter problem: all back
    window.frame()
    assert window.client.state.problem.name == "linear"
    assert actions["predict_reveal"].isEnabled() and "network" not in action.toolTip()
    assert actions["step_phase"].isEnabled() and "phase" in actions["step_phase"].toolTip()
    assert window.panes.fit_pane.isVisible() and not window.panes.network_pane.isVisible()
    assert window.panes.surface_pane.target.isVisible()
    assert window.model.edited_config.network is None


def test_the_line_view_is_a_view_menu_entry(make_window, qtbot):
    window = make_window()
    play_to_end(window, qtbot)
    action = window.line_view
    assert action in window.view_menu.actions() and action.isChecked()
    inset = window.panes.surface_pane.line
    landscape = window.client.state.landscape
    assert inset.shown
    np.testing.assert_array_equal(inset.curve.yData, landscape.line_loss.astype(np.float64))
    at_start = int(np.argmin(np.abs(landscape.line_t)))
    assert landscape.line_t[at_start] == pytest.approx(0.0, abs=1e-9)
    assert inset.curve.yData[at_start] == pytest.approx(run_start_loss(window), rel=1e-4)
    x_range = inset.inset.getViewBox().viewRange()[0]
    assert x_range[0] <= landscape.line_t[0] and x_range[1] >= 1.0
    action.setChecked(False)
    assert not inset.shown
    action.setChecked(True)
    assert inset.shown


def run_start_loss(window: MainWindow) -> float:
    """The first run's loss before its first step (t = 0 on the line is its start)."""
    return float(window.client.state.runs[0].history.loss[0])


def test_the_report_names_the_network_its_plane_and_accuracy(make_window, qtbot):
    window = make_window()
    play_to_end(window, qtbot)
    report = window_report(window)
    state = window.client.state
    net = report["network"]
    assert net["architecture"] == "2-8-8-1 tanh" and net["dataset"] == "circles"
    assert net["landscape"]["kind"] == "pca" and net["directions"] == "pca"
    assert net["landscape"]["explained"] == pytest.approx(list(state.landscape.explained))
    assert net["accuracy"][0]["test"] == pytest.approx(state.runs[0].metrics[-1, 3])
    assert "fit" in report["panes"]  # the data pane, in the fit pane's place
    assert report["controls"]["network.hidden"] == "8,8"


def test_the_plane_axes_show_the_coordinates_unscaled(make_window, qtbot):
    window = make_window()
    # a view of a small range when the session is built: pyqtgraph would scale ticks by 1000
    window.panes.surface_pane.plot_item.getViewBox().setRange(xRange=(0, 0.2), yRange=(0, 0.2))
    window.reset()
    window.frame()
    play_to_end(window, qtbot)
    plot = window.panes.surface_pane.plot_item
    for name in ("bottom", "left"):
        axis = plot.getAxis(name)
        assert axis.autoSIPrefixScale == 1.0 and "x0" not in axis.labelString()
    (a0, a1), _ = window.panes.surface_pane.domain
    levels = plot.getAxis("bottom").tickValues(a0, a1, 400)
    ticks = [value for level in levels for value in level[1]]
    assert ticks and all(a0 <= t <= a1 for t in ticks)


def test_the_timeline_scrubs_a_network_and_resumes_exactly(make_window, qtbot):
    window = make_window(NET.copy(batch_size=40, epochs=12))
    play_to_end(window, qtbot)
    run = window.client.state.runs[0]
    full = run.history.loss.copy()
    steps_per_epoch = run.history.steps_per_epoch
    assert steps_per_epoch == 4  # 160 training points in batches of 40
    teaching = window.teaching
    teaching.scrub_to(20)  # step 20: epoch 5
    window.frame()
    pane = window.panes.surface_pane
    assert pane.points[0].data["x"][0] == pytest.approx(run.history.params[19, 0])
    assert "epoch 5/12 · step 4/4" in window.status.text()
    assert f"test accuracy {100 * run.metrics[4, 3]:.1f} %" in window.status.text()
    teaching.continue_from_scrub()  # the worker goes back to step 20 and replays from there
    play_to_end(window, qtbot)
    again = window.client.state.runs[0]
    np.testing.assert_array_equal(again.history.loss, full)


def test_an_lr_fan_races_the_network_on_one_plane(make_window, qtbot):
    window = make_window(NET.copy(epochs=10))
    window.model.add_fan(3, 0.001, 0.1, replace=True)
    window.frame()
    state = window.client.state
    assert [run.config.lr for run in state.runs] == pytest.approx([0.001, 0.01, 0.1])
    assert all(run.config.network == NetworkSpec() for run in state.runs)
    play_to_end(window, qtbot)
    state = window.client.state
    assert all(run.metrics.shape == (10, 4) for run in state.runs)
    assert set(window.panes.surface_pane.paths) == {0, 1, 2}


def test_a_scheduled_network_shows_its_lr_beside_the_data(make_window, qtbot):
    window = make_window(NET.copy(epochs=20, scheduler="StepLR", sched={"step_size": 10}))
    play_to_end(window, qtbot)
    panes = window.panes
    assert panes.lr_pane.isVisible() and panes.network_pane.isVisible()
    assert not panes.fit_pane.isVisible() and panes.surface_pane.isVisible()
    run = window.client.state.runs[0]
    np.testing.assert_allclose(run.history.lr[[0, 9, 10, 19]], [0.05, 0.05, 0.005, 0.005])
    assert "lr 0.005" in window.status.text()
