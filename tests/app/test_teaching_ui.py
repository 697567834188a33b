"""The teaching mode in the window (inline worker): phases, vectors, timeline, code, export."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import numpy as np
import pytest
import torch
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage
from PySide6.QtWidgets import QFileDialog, QMessageBox

from optiviz.app.main_window import MainWindow
from optiviz.app.settings import Settings
from optiviz.app.teaching.vector_overlay import STYLE
from optiviz.app.worker_client import WorkerClient
from optiviz.engine.formats.export import write_history
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run
from optiviz.engine.worker.commands import ShowVectors
from tests.app.drive import phase, steps
from tests.engine.plain_loops import X, Y, loss_fn, model


@pytest.fixture
def window_options() -> dict:
    return {"configs": [RunConfig()], "size": (1280, 720), "first_frame": True}


def pixels(widget) -> np.ndarray:
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    h, w, stride = image.height(), image.width(), image.bytesPerLine()
    data = np.frombuffer(image.constBits(), dtype=np.uint8, count=h * stride)
    return data.reshape(h, stride)[:, : w * 3].reshape(h, w, 3).copy()


def count_color(rgb: np.ndarray, color: str, tolerance: int = 12) -> int:
    c = QColor(color)
    target = np.array([c.red(), c.green(), c.blue()], dtype=np.int16)
    return int((np.abs(rgb.astype(np.int16) - target).max(axis=2) <= tolerance).sum())


def as_array(t: torch.Tensor) -> np.ndarray:
    return t.detach().numpy().astype(np.float64).reshape(-1)


# -- 1. phases -------------------------------------------------------------------------------
def test_phases_show_a_hand_run_torch_loops_numbers_and_lines(make_window):
    window = make_window()
    panel = window.teaching.panel
    x, y = 0.1 * torch.tensor(X), torch.tensor(Y)
    params = torch.tensor([1.0, 0.0], requires_grad=True)
    optimizer = torch.optim.SGD([params], lr=1e-2)
    for epoch in (1, 2, 3):
        grad_before = None if params.grad is None else as_array(params.grad)
        before = as_array(params)
        y_p = model(x, *params)
        loss = loss_fn(y_p, y)

        record = phase(window)
        assert (record.epoch, record.phase) == (epoch, "forward")
        np.testing.assert_array_equal(record.predictions, as_array(y_p))
        assert panel.highlighted_text() == ["y_p = model(x, *params)"]
        assert "next phase: loss" in window.teaching.phase_label.text()

        record = phase(window)
        assert record.phase == "loss"
        assert record.loss == loss.item()
        assert ("loss", f"{loss.item():.6g}") in panel.rows
        assert panel.highlighted_text() == ["loss = loss_fn(y_p, y)"]

        optimizer.zero_grad()
        record = phase(window)
        assert record.phase == "zero_grad" and record.grad is None and params.grad is None
        if grad_before is None:
            assert record.grad_before is None
        else:
            np.testing.assert_array_equal(record.grad_before, grad_before)
        after = dict(panel.rows)["params.grad after"]
        assert after.startswith("None") and "torch sets it to None" in after
        assert panel.highlighted_text() == ["optimizer.zero_grad()"]

        loss.backward()
        record = phase(window)
        assert record.phase == "backward"
        np.testing.assert_array_equal(record.grad, as_array(params.grad))
        g = as_array(params.grad)
        assert dict(panel.rows)["params.grad"] == f"(∂loss/∂w={g[0]:.6g}, ∂loss/∂b={g[1]:.6g})"
        assert panel.highlighted_text() == ["loss.backward()"]
        assert "next phase: step" in window.teaching.phase_label.text()

        optimizer.step()
        record = phase(window)
        assert record.phase == "step" and record.lr == 1e-2
        np.testing.assert_array_equal(record.params, as_array(params))
        np.testing.assert_array_equal(record.update, as_array(params) - before)
        assert ("lr", "0.01") in panel.rows
        assert panel.highlighted_text() == ["optimizer.step()"]
        assert window.teaching.phase_label.text() == ""  # the epoch is complete
        assert window.client.state.max_epoch == epoch


def test_phase_and_epoch_stepping_mix_and_match_an_uninterrupted_run(make_window):
    config = RunConfig(optimizer="Adam", lr=0.1, epochs=20)
    window = make_window(config)
    assert phase(window).phase == "forward"
    assert phase(window).phase == "loss"
    assert "next phase: zero_grad" in window.teaching.phase_label.text()
    window.step()  # finishes epoch 1, begun phase by phase
    window.frame()
    assert window.client.state.max_epoch == 1
    assert window.teaching.panel.record is None and window.teaching.phase_label.text() == ""
    assert "<b>forward</b> of epoch 2" in window.teaching.panel.heading.text()
    steps(window, 2)
    for name in ("forward", "loss", "zero_grad", "backward", "step", "forward"):
        assert phase(window).phase == name
    steps(window, 3)
    engine = Run(config).run(7)
    mirror = window.client.state.runs[0].history
    np.testing.assert_array_equal(mirror.loss, engine.history.loss)
    np.testing.assert_array_equal(mirror.params, engine.history.params)


# -- 2. vectors ------------------------------------------------------------------------------
def test_vectors_match_optimizer_state_and_are_drawn(make_window, monkeypatch):
    config = RunConfig(optimizer="Adam", lr=0.5)
    window = make_window(config)
    sent = []
    send = window.client.send
    monkeypatch.setattr(window.client, "send", lambda c: (sent.append(c), send(c)))
    surface = window.panes.surface_pane
    steps(window, 4)
    color = STYLE["neg_grad"].color
    assert count_color(pixels(surface), color) == 0
    assert not any(isinstance(c, ShowVectors) for c in sent)  # every toggle is off

    actions = window.teaching.actions.vectors
    for name in ("neg_grad", "update", "first_moment", "step_size"):
        actions[name].setChecked(True)
    assert sent.count(ShowVectors(True)) == 1
    steps(window, 1)
    engine = Run(config).run(5)
    state = engine.optimizer.state[engine.leaf]
    drawn = window.teaching.vectors.drawn
    assert set(drawn) == {"neg_grad", "update", "first_moment", "step_size"}
    np.testing.assert_array_equal(drawn["first_moment"].components, -as_array(state["exp_avg"]))
    np.testing.assert_array_equal(drawn["neg_grad"].components, -as_array(engine.leaf.grad))
    np.testing.assert_array_equal(
        drawn["update"].components, engine.history.params_at(5) - engine.history.params_at(4)
    )
    v_hat = as_array(state["exp_avg_sq"]) / (1 - 0.999**5)
    np.testing.assert_allclose(drawn["step_size"].components, 0.5 / (np.sqrt(v_hat) + 1e-8))
    # The arrow on the plot is the vector, scaled: its line ends at origin + scale * vector.
    arrow = window.teaching.vectors.arrows["neg_grad"]
    xs, ys = arrow.line.getData()
    scale = window.teaching.vectors.scales["neg_grad"]
    tip = drawn["neg_grad"].origin + scale * drawn["neg_grad"].components
    np.testing.assert_allclose([xs[1], ys[1]], tip)
    assert arrow.line.isVisible() and arrow.head.isVisible()
    assert count_color(pixels(surface), color) > 20

    for action in actions.values():
        action.setChecked(False)
    assert sent[-1] == ShowVectors(False)
    window.frame()
    assert count_color(pixels(surface), color) == 0


# -- 3. timeline -----------------------------------------------------------------------------
def test_scrub_then_play_resumes_exactly(make_window):
    config = RunConfig(
        optimizer="SGD",
        lr=0.02,
        hyper={"momentum": 0.9},
        scheduler="StepLR",
        sched={"step_size": 3, "gamma": 0.5},
        epochs=25,
    )
    window = make_window(config)
    steps(window, 12)
    timeline = window.teaching.timeline
    assert (timeline.maximum, timeline.value) == (12, 12)
    timeline.slider.setValue(5)
    history = window.client.state.runs[0].history
    point = window.panes.surface_pane.points[0].getData()
    np.testing.assert_array_equal([point[0][0], point[1][0]], history.params_at(5))
    assert window.panes_epoch == 5 and timeline.spin.value() == 5
    assert window.client.state.max_epoch == 12  # scrubbing alone asks nothing of the worker
    window.step()  # from epoch 5: the worker seeks back, then steps epoch 6
    window.frame()
    assert window.client.state.max_epoch == 6 and window.panes_epoch is None
    timeline.spin.setValue(3)
    assert window.panes_epoch == 3
    window.play()
    for _ in range(400):
        window.frame()
        if window.client.state.runs[0].status == "finished":
            break
    assert window.panes_epoch is None
    assert timeline.value == timeline.maximum == 25
    engine = Run(config).run()
    mirror = window.client.state.runs[0].history
    np.testing.assert_array_equal(mirror.loss, engine.history.loss)
    np.testing.assert_array_equal(mirror.params, engine.history.params)
    np.testing.assert_array_equal(mirror.lr, engine.history.lr)


def test_left_steps_back_one_epoch_while_paused_and_step_continues_there(make_window, qtbot):
    window = make_window()
    steps(window, 4)
    window.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Left)
    slider = window.controls.lr.slider  # a slider would take Left for itself
    slider.setFocus()
    before = slider.value()
    qtbot.keyClick(slider, Qt.Key.Key_Left)
    assert slider.value() == before and window.controls.config().lr == 0.01
    assert window.teaching.scrub == 2 and window.teaching.timeline.value == 2
    history = window.client.state.runs[0].history
    point = window.panes.surface_pane.points[0].getData()
    np.testing.assert_array_equal([point[0][0], point[1][0]], history.params_at(2))
    steps(window, 1)  # Step from epoch 2: epoch 3 again, recomputed by the worker
    assert window.client.state.max_epoch == 3 and window.teaching.scrub is None
    np.testing.assert_array_equal(history.params, Run(RunConfig()).run(3).history.params)
    window.play()
    window.teaching.back()
    assert window.teaching.scrub is None  # playing: the timeline follows the run
    window.pause()


# -- 4. code ---------------------------------------------------------------------------------
def test_code_dialog_runs_and_prints_the_engines_epoch_lines(make_window, tmp_path, monkeypatch):
    config = RunConfig(optimizer="RMSprop", lr=0.05, epochs=300)
    window = make_window(config)
    window.teaching.actions.show_code.trigger()
    dialog = window.teaching.code_dialog
    text = dialog.text.toPlainText()
    out = subprocess.run(
        [sys.executable, "-c", text], capture_output=True, text=True, timeout=120, check=True
    )
    engine = Run(config).run()
    expected = ["Epoch %d, Loss %f" % (e, engine.history.loss[e - 1]) for e in range(100, 301, 100)]
    assert [line for line in out.stdout.splitlines() if line.startswith("Epoch")] == expected
    dialog.copy()
    assert QGuiApplication.clipboard().text() == text
    saved = dialog.save(tmp_path / "loop")
    assert saved == tmp_path / "loop.py" and saved.read_text(encoding="utf-8") == text
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    assert dialog.save(tmp_path / "missing" / "loop.py") is None
    assert len(warnings) == 1 and "missing" in warnings[0]
    assert not list(tmp_path.glob(".*part"))
    dialog.close()


# -- 5. export -------------------------------------------------------------------------------
def test_export_writes_the_same_files_as_optiviz_run(make_window, tmp_path):
    config = RunConfig(optimizer="Adam", lr=0.1)
    window = make_window(config)
    steps(window, 7)
    engine = Run(config).run(7)
    for suffix in (".csv", ".json"):
        mine = window.teaching.export_history(tmp_path / f"window{suffix}")
        theirs = write_history(engine, tmp_path / f"engine{suffix}")
        assert mine.read_bytes() == theirs.read_bytes()
    with open(tmp_path / "window.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [float(r["loss"]) for r in rows] == engine.history.loss.tolist()
    data = json.loads((tmp_path / "window.json").read_text(encoding="utf-8"))
    assert [e["params"] for e in data["epochs"]] == engine.history.params.tolist()
    assert data["epochs"][-1]["state"]["exp_avg"] == engine.history.state["exp_avg"][-1].tolist()


def test_export_action_asks_for_a_file_and_adds_the_chosen_suffix(
    make_window, tmp_path, monkeypatch
):
    window = make_window()
    steps(window, 3)
    chosen = (str(tmp_path / "history"), "JSON (*.json)")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: chosen)
    window.teaching.actions.export_history.trigger()
    data = json.loads((tmp_path / "history.json").read_text(encoding="utf-8"))
    assert [e["loss"] for e in data["epochs"]] == Run(RunConfig()).run(3).history.loss.tolist()
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    chosen = (str(tmp_path / "nowhere" / "history.csv"), "CSV (*.csv)")
    window.teaching.actions.export_history.trigger()
    assert len(warnings) == 1 and "nowhere" in warnings[0]


# -- 6. stability ----------------------------------------------------------------------------
def test_stability_guide_words_the_limit_and_warns(make_window):
    window = make_window()
    label = window.teaching.stability_label
    assert label.isVisible() and not label.warning
    assert "κ = 8.59" in label.text() and "lr < 0.388" in label.text()
    assert all(line.isVisible() for line in window.teaching.eigen_axes.lines)
    texts = [item.toPlainText() for item in window.teaching.eigen_axes.labels]
    assert texts == ["λ₁ = 0.599", "λ₂ = 5.15"]
    window.controls.lr.spin.setValue(0.5)
    assert label.warning and "⚠ lr 0.5" in label.text()
    assert window.controls.lr.spin.value() == 0.5
    window.controls.lr.spin.setValue(0.3)
    assert not label.warning


def test_stability_guide_is_hidden_for_a_non_quadratic_loss(make_window):
    window = make_window(RunConfig(problem="rosenbrock", lr=1e-3))
    assert not window.teaching.stability_label.isVisible()
    assert not any(line.isVisible() for line in window.teaching.eigen_axes.lines)


# -- races -----------------------------------------------------------------------------------
def test_a_race_shows_and_exports_the_chosen_run(qtbot, tmp_path):
    configs = [RunConfig(epochs=50), RunConfig(optimizer="Adam", lr=0.2, epochs=50)]
    window = MainWindow(
        WorkerClient(configs, inline=True), configs, speed=None, settings=Settings(persistent=False)
    )
    window.timer.stop()
    qtbot.addWidget(window)
    window.show()
    window.frame()
    teaching = window.teaching
    combo = teaching.panel.run_combo
    assert combo.count() == 2 and not combo.isHidden()
    for _ in range(5):
        phase(window)
    combo.setCurrentIndex(1)
    adam = Run(configs[1]).run(1)
    assert teaching.panel.record.phase == "step"
    np.testing.assert_array_equal(teaching.panel.record.params, adam.history.params[0])
    steps(window, 3)
    path = teaching.export_history(tmp_path / "race.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["optimizer"] == "Adam"
    assert [e["loss"] for e in data["epochs"]] == Run(configs[1]).run(4).history.loss.tolist()
