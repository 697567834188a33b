"""Predict, then reveal: guesses on the surface, scored once the run has made exactly N steps."""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import QApplication

from optiviz.app.main_window import MainWindow
from optiviz.app.predict.controller import reveal_plan
from optiviz.app.predict.model import OFF, PLACING, REVEALED, REVEALING, PredictModel, next_label
from optiviz.app.predict.scoring import score
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run
from optiviz.plots.guesses import GUESS_COLOR
from tests.app.drive import steps


@pytest.fixture
def window_options() -> dict:
    return {"size": (1280, 800)}


def view_pos(window: MainWindow, x: float, y: float) -> QPoint:
    """Where the surface pane's viewport shows the point (x, y) of the parameters."""
    pane = window.panes.surface_pane
    scene = pane.plot_item.getViewBox().mapViewToScene(QPointF(x, y))
    return pane.mapFromScene(scene)


def click(window: MainWindow, qtbot, x: float, y: float, button=Qt.MouseButton.LeftButton):
    qtbot.mouseClick(window.panes.surface_pane.viewport(), button, pos=view_pos(window, x, y))


def reveal(window: MainWindow, qtbot) -> None:
    """Reveal and draw frames until the prediction is scored."""
    model = window.predict.model

    def scored() -> bool:
        window.frame()
        return model.phase == REVEALED

    window.predict.reveal()
    qtbot.waitUntil(scored, timeout=10_000)


def engine_point(config: RunConfig, steps_done: int) -> tuple[float, float]:
    """Where the engine's own run is after ``steps_done`` steps, stepped headless."""
    run = Run(config)
    for _ in range(steps_done):
        run.step()
    x, y = run.history.params_at(steps_done)
    return float(x), float(y)


# -- the model, without a window -----------------------------------------------------------------
def test_labels_go_on_after_z_and_skip_the_taken_ones() -> None:
    assert next_label(set()) == "A"
    assert next_label({"A", "B", "D"}) == "C"
    taken = {chr(ord("A") + i) for i in range(26)}
    assert next_label(taken) == "AA"
    assert next_label(taken | {"AA"}) == "AB"


def test_scores_rank_by_distance_and_ties_share_a_rank() -> None:
    guesses = [("A", 3.0, 4.0), ("B", 0.0, 1.0), ("C", 0.0, -1.0), ("D", math.nan, 0.0)]
    scores = score(guesses, (0.0, 0.0))
    assert [s.distance for s in scores] == [5.0, 1.0, 1.0, math.inf]
    assert [s.rank for s in scores] == [3, 1, 1, 4]


def test_the_model_takes_edits_only_while_placing(qapp) -> None:
    model = PredictModel()
    assert model.add(1.0, 2.0) is None  # not predicting
    model.begin(0, (1.0, 0.0), 5, "SGD")
    assert model.set_steps(25) and model.target_step == 30
    assert not model.set_steps(0)
    assert model.add(1.0, 2.0) == 0 and model.add(3.0, 4.0, " Ana ") == 1
    assert model.add(math.inf, 0.0) is None
    assert [g.label for g in model.guesses] == ["A", "Ana"]
    assert model.add(5.0, 6.0) == 2 and model.guesses[2].label == "B"
    assert model.move(0, 2.0, 2.0) and model.guesses[0].x == 2.0
    assert model.rename(2, "Bo") and not model.rename(2, "  ")
    assert model.remove(1) and [g.label for g in model.guesses] == ["A", "Bo"]
    assert model.start_reveal() and model.phase == REVEALING
    assert not model.set_steps(3) and model.add(0.0, 0.0) is None and not model.remove(0)
    model.finish((2.0, 5.0), 25)
    assert model.phase == REVEALED and model.winners() == ["A"]
    assert [(s.label, s.distance, s.rank) for s in model.scores] == [
        ("A", 3.0, 1),
        ("Bo", pytest.approx(math.hypot(3.0, 1.0)), 2),
    ]
    model.end()
    assert model.phase == OFF and model.guesses == []


def test_a_reveal_plan_sends_exactly_n_steps() -> None:
    for n in (1, 7, 60, 61, 1000, 9999):
        plan = reveal_plan(n)
        assert sum(plan) == n and len(plan) == min(n, 60) and min(plan) >= 1


# -- the controller against the engine -----------------------------------------------------------
def test_reveal_scores_against_the_engine_stepped_n_steps(make_window, qtbot) -> None:
    config = RunConfig()
    window = make_window(config)
    steps(window, 7)
    predict = window.predict
    predict.start()
    window.frame()
    model = predict.model
    assert model.phase == PLACING and model.origin_step == 7
    assert model.origin == pytest.approx(engine_point(config, 7), abs=0)
    model.set_steps(12)
    guesses = [(10.0, 20.0), (14.0, 12.0), (-2.0, 5.0)]
    for x, y in guesses:
        model.add(x, y)
    reveal(window, qtbot)

    reached = engine_point(config, 19)
    assert model.reached == reached  # bit for bit: the worker steps the same Run
    assert model.steps_done == 12
    distances = [math.hypot(x - reached[0], y - reached[1]) for x, y in guesses]
    assert [s.distance for s in model.scores] == pytest.approx(distances, rel=1e-12)
    order = sorted(range(3), key=lambda i: distances[i])
    assert [model.scores[i].rank for i in order] == [1, 2, 3]
    assert model.winners() == ["ABC"[order[0]]]


def test_reveal_steps_exactly_n_batches_of_every_run_in_a_race(make_window, qtbot) -> None:
    configs = [
        RunConfig(batch_size=3, seed=4),
        RunConfig(optimizer="Adam", lr=0.5, batch_size=3, seed=4),
    ]
    window = make_window(configs)
    steps(window, 3)
    before = [len(run.history) for run in window.client.state.runs]
    assert before == [3, 3]
    predict = window.predict
    window.findChild(QAction, "predict_reveal").trigger()
    predict.panel.steps.setValue(17)  # typed in the panel's spin box
    assert predict.model.steps == 17
    predict.model.add(5.0, 5.0)
    qtbot.mouseClick(predict.panel.reveal, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (window.frame(), predict.model.phase == REVEALED)[1], timeout=10_000)
    after = [len(run.history) for run in window.client.state.runs]
    assert after == [3 + 17, 3 + 17]  # a step is a batch: 17 batches, not 17 epochs
    assert predict.sent == 17
    for _ in range(5):  # nothing more arrives: no step was sent beyond the 17
        window.frame()
    assert [len(run.history) for run in window.client.state.runs] == after
    assert predict.model.reached == engine_point(configs[0], 20)
    assert "run 1" in predict.panel.prompt.text()  # a race says which run was guessed


def test_a_run_that_ends_before_n_steps_is_scored_where_it_stopped(make_window, qtbot) -> None:
    config = RunConfig(epochs=12)
    window = make_window(config)
    steps(window, 5)
    window.predict.start()
    window.predict.model.set_steps(10)
    window.predict.model.add(0.0, 0.0)
    reveal(window, qtbot)
    model = window.predict.model
    assert model.steps_done == 7 and model.reached == engine_point(config, 12)
    assert "stopped before 10 steps" in window.predict.panel.prompt.text()


# -- the window: clicks, locks, labels -----------------------------------------------------------
def test_clicks_place_guesses_and_never_move_the_start(make_window, qtbot) -> None:
    window = make_window(RunConfig())
    window.frame()
    moved: list[tuple[float, float]] = []
    window.panes.startMoved.connect(lambda x, y: moved.append((x, y)))
    start = window.model.edited_config.start
    spins = window.controls.start_spins
    shown = [spin.value() for spin in spins]
    target = window.panes.surface_pane.target.pos()
    target_at = (target.x(), target.y())
    predict = window.predict
    predict.start()
    window.frame()

    click(window, qtbot, 10.0, 20.0)
    click(window, qtbot, 20.0, 30.0)
    model = predict.model
    assert [g.label for g in model.guesses] == ["A", "B"]
    assert model.guesses[0].x == pytest.approx(10.0, abs=0.2)
    assert model.guesses[0].y == pytest.approx(20.0, abs=0.2)
    assert model.guesses[1].x == pytest.approx(20.0, abs=0.2)
    assert moved == [] and window.model.edited_config.start == start
    target = window.panes.surface_pane.target.pos()
    assert (target.x(), target.y()) == target_at and [s.value() for s in spins] == shown
    table = predict.panel.table
    assert table.rowCount() == 2 and table.item(1, 0).text() == "B"
    assert float(table.item(1, 2).text()) == pytest.approx(30.0, abs=0.2)

    # Drag B, then remove A with a right-click: the start stays where it was.
    viewport = window.panes.surface_pane.viewport()
    begin, end = (
        view_pos(window, model.guesses[1].x, model.guesses[1].y),
        view_pos(window, 5.0, 25.0),
    )
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=begin)
    for i in range(1, 6):
        qtbot.mouseMove(viewport, pos=begin + (end - begin) * (i / 5))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    assert model.guesses[1].x == pytest.approx(5.0, abs=0.3)
    assert model.guesses[1].y == pytest.approx(25.0, abs=0.3)
    click(window, qtbot, model.guesses[0].x, model.guesses[0].y, Qt.MouseButton.RightButton)
    assert [g.label for g in model.guesses] == ["B"]

    # Select B with a click, Delete removes it.
    click(window, qtbot, model.guesses[0].x, model.guesses[0].y)
    assert predict.layer.selected == 0 and len(model.guesses) == 1
    qtbot.keyClick(window.panes.surface_pane, Qt.Key.Key_Delete)
    assert model.guesses == []
    assert moved == [] and window.model.edited_config.start == start

    # Dragging the start target while guessing moves nothing either.
    at = window.panes.surface_pane.target.pos()
    begin, end = view_pos(window, at.x(), at.y()), view_pos(window, 15.0, 35.0)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=begin)
    for i in range(1, 6):
        qtbot.mouseMove(viewport, pos=begin + (end - begin) * (i / 5))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    qtbot.wait(QApplication.doubleClickInterval() + 100)  # a held single click lands by now
    target = window.panes.surface_pane.target.pos()
    assert (target.x(), target.y()) == target_at and moved == []

    predict.end()  # done: a click moves the start again (once no double-click can follow)
    click(window, qtbot, 10.0, 20.0)
    qtbot.waitUntil(lambda: bool(moved), timeout=3000)
    assert moved[-1] == pytest.approx((10.0, 20.0), abs=0.2)


def test_nothing_steps_while_guessing(make_window, qtbot) -> None:
    window = make_window(RunConfig())
    steps(window, 2)
    window.predict.start()
    for name in ("play", "step", "step_phase", "back"):
        action = window.findChild(QAction, name)
        assert not action.isEnabled(), name
        action.trigger()  # a disabled action does nothing, its shortcut neither
    qtbot.keyClick(window.panes.surface_pane, Qt.Key.Key_Right)
    window.frame()
    assert len(window.client.state.runs[0].history) == 2
    assert window.findChild(QAction, "predict_reveal_now").isEnabled()
    window.predict.model.add(1.0, 1.0)
    reveal(window, qtbot)
    assert window.findChild(QAction, "step").isEnabled()
    assert not window.findChild(QAction, "predict_reveal_now").isEnabled()


def test_a_playing_run_is_paused_where_it_is(make_window, qtbot) -> None:
    window = make_window(RunConfig())
    window.play()
    for _ in range(3):
        window.frame()
    window.findChild(QAction, "predict_reveal").trigger()
    window.frame()
    state = window.client.state
    model = window.predict.model
    assert not window.client.playing and model.phase == PLACING
    assert model.origin_step == len(state.runs[0].history) > 0
    for _ in range(3):
        window.frame()
    assert len(window.client.state.runs[0].history) == model.origin_step


def test_distance_labels_and_lines_after_the_reveal(make_window, qtbot, tmp_path) -> None:
    window = make_window(RunConfig())
    steps(window, 4)
    predict = window.predict
    predict.start()
    window.frame()
    surface = window.panes.surface_pane
    before = surface.grab().toImage()
    click(window, qtbot, 12.0, 25.0)
    click(window, qtbot, 22.0, 8.0)
    predict.panel.table.item(1, 0).setText("Mia")  # typed in the panel
    layer = predict.layer
    assert [label.toPlainText() for label in layer.labels] == ["A", "Mia"]
    reveal(window, qtbot)
    model = predict.model
    texts = [label.toPlainText() for label in layer.labels]
    for text, result in zip(texts, model.scores, strict=True):
        assert text == f"{result.label}  {result.distance:.4g}  #{result.rank}"
    table = predict.panel.table
    assert [table.item(r, 3).text() for r in range(2)] == [
        f"{s.distance:.4g}" for s in model.scores
    ]
    assert [table.item(r, 4).text() for r in range(2)] == [str(s.rank) for s in model.scores]
    closest = model.winners()[0]
    assert f"Closest: {closest}." in predict.panel.prompt.text()
    # one line from each guess to the point reached
    xs, ys = layer.lines.getData()
    reached = model.reached
    assert list(zip(xs[1::2], ys[1::2], strict=True)) == [reached, reached]
    assert list(zip(xs[0::2], ys[0::2], strict=True)) == [(g.x, g.y) for g in model.guesses]

    window.frame()
    after = surface.grab().toImage()
    path = Path(os.environ.get("OPTIVIZ_SHOTS", tmp_path)) / "predict_revealed.png"
    after.save(str(path))
    guess = QColor(GUESS_COLOR)

    def guess_pixels(image) -> int:
        rgb = image.convertToFormat(image.Format.Format_RGB32)
        data = np.frombuffer(rgb.constBits(), np.uint8).reshape(rgb.height(), -1, 4)
        target = np.array([guess.blue(), guess.green(), guess.red()])
        return int((np.abs(data[:, : rgb.width(), :3].astype(int) - target).max(axis=2) < 30).sum())

    assert guess_pixels(before) == 0
    assert guess_pixels(after) > 200  # the markers, labels and dashed lines are drawn

    predict.end()
    window.frame()
    lines = layer.lines.getData()[0]
    assert layer.labels == [] and (lines is None or len(lines) == 0)
    assert not predict.dock.isVisible()


def test_a_reset_ends_the_prediction(make_window, qtbot) -> None:
    window = make_window(RunConfig())
    steps(window, 2)
    window.predict.start()
    window.predict.model.add(1.0, 2.0)
    window.reset()
    window.frame()
    assert window.predict.model.phase == OFF
    assert window.findChild(QAction, "play").isEnabled()
    assert window.panes.surface_pane.start_editable


def test_a_worker_process_paused_mid_run_reveals_exactly_n_steps(qtbot) -> None:
    """With a real worker process the pause lands a few steps later than asked: the prediction
    starts where the run really stopped, and Reveal ends exactly N steps after it."""
    from optiviz.app.settings import Settings
    from optiviz.app.worker_client import WorkerClient

    config = RunConfig(epochs=100_000)
    window = MainWindow(
        WorkerClient([config]), [config], speed=2000.0, settings=Settings(persistent=False)
    )
    window.timer.stop()
    qtbot.addWidget(window)
    window.show()
    try:

        def until(condition) -> None:
            def check() -> bool:
                window.frame()
                return condition()

            qtbot.waitUntil(check, timeout=60_000)

        until(lambda: window.client.ready)
        window.play()
        until(lambda: len(window.client.state.runs[0].history) > 50)
        predict = window.predict
        predict.start()
        until(lambda: predict.model.phase == PLACING and not window.client.state.playing)
        for _ in range(20):  # rows still on their way land, and the origin follows them
            window.frame()
            qtbot.wait(10)
        origin = predict.model.origin_step
        assert origin == len(window.client.state.runs[0].history) > 50
        predict.model.set_steps(23)
        predict.model.add(10.0, 10.0)
        predict.reveal()
        until(lambda: predict.model.phase == REVEALED)
        for _ in range(20):
            window.frame()
            qtbot.wait(10)
        assert len(window.client.state.runs[0].history) == origin + 23
        assert predict.model.reached == engine_point(config, origin + 23)
    finally:
        window.close()


def test_a_scrubbed_timeline_predicts_from_the_step_shown(make_window, qtbot) -> None:
    config = RunConfig()
    window = make_window(config)
    steps(window, 12)
    timeline = window.teaching.timeline
    timeline.slider.setValue(5)
    assert window.panes_epoch == 5
    predict = window.predict
    predict.start()  # the step shown is where the guesses start: nothing after it stays
    window.frame()
    model = predict.model
    assert window.panes_epoch is None and len(window.client.state.runs[0].history) == 5
    assert model.origin_step == 5 and model.origin == engine_point(config, 5)

    model.add(3.0, 3.0)
    timeline.slider.setValue(2)  # looking back while guessing shows the past only
    window.frame()
    predict.reveal()  # refused: stepping would first go back to step 2
    window.frame()
    assert model.phase == PLACING and predict.sent == 0
    assert "Latest" in window.status.currentMessage()
    assert len(window.client.state.runs[0].history) == 5
    qtbot.mouseClick(timeline.latest_button, Qt.MouseButton.LeftButton)
    assert window.panes_epoch is None
    reveal(window, qtbot)
    assert model.reached == engine_point(config, 15) and model.steps_done == 10
