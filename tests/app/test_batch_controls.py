"""The Batches group of the controls: its fields, what an edit restarts, what is refused."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from optiviz.app.controls.controls_panel import ControlsPanel
from optiviz.app.names import is_control
from optiviz.app.wheel_policy import install_wheel_policy
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run
from tests.app.test_wheel_policy import wheel

NAMES = {
    "batch_size": "Batch size",
    "shuffle": "Shuffle the data each epoch",
    "seed": "Random seed",
    "grad_noise": "Added gradient noise sigma",
    "clip": "Clip gradients",
    "clip_threshold": "Clipping threshold",
}


@pytest.fixture
def panel(qtbot) -> ControlsPanel:
    install_wheel_policy()
    panel = ControlsPanel()
    qtbot.addWidget(panel)
    panel.show()
    return panel


def test_every_field_has_a_name_an_accessible_name_and_a_tooltip(panel: ControlsPanel) -> None:
    panel.set_config(RunConfig(problem="rastrigin"))  # the noise field is shown
    from PySide6.QtWidgets import QWidget

    for name, accessible in NAMES.items():
        widget = panel.findChild(QWidget, name)
        assert widget is not None, name
        assert widget.accessibleName() == accessible
        assert is_control(widget)
        assert len(widget.toolTip()) > 40, name


def test_batch_size_spans_the_data_and_full_batch(panel: ControlsPanel) -> None:
    spin = panel.batches.batch_spin
    assert spin.text() == "full batch" and spin.isEnabled()
    spin.stepBy(1)
    assert panel.config().batch_size == 1
    spin.stepBy(100)
    assert spin.value() == 11 and panel.config().batch_size == 11  # the tutorial's points
    spin.stepBy(-20)
    assert spin.value() == 1
    spin.stepBy(-1)  # below 1 point: the whole data
    assert spin.text() == "full batch" and panel.config().batch_size is None
    assert "11 points" in spin.toolTip()


def test_a_problem_without_data_offers_added_noise_instead(panel: ControlsPanel) -> None:
    panel.batches.batch_spin.setValue(4)
    combo = panel.problem_combo
    combo.setCurrentIndex(combo.findData("rosenbrock"))
    config = panel.config()
    assert (config.problem, config.batch_size) == ("rosenbrock", None)
    batches = panel.batches
    assert not batches.batch_spin.isEnabled() and batches.batch_spin.text() == "full batch"
    assert "no data to split into batches" in batches.batch_spin.toolTip()
    assert batches.noise_spin.isVisibleTo(panel) and not batches.shuffle_box.isVisibleTo(panel)
    assert "Added gradient noise, not a batch" in batches.noise_spin.toolTip()
    batches.noise_spin.setValue(0.25)
    assert panel.config().grad_noise == 0.25


@pytest.mark.parametrize(
    ("widget", "value", "fid", "says"),
    [
        ("batch_spin", 20, "batch_size", "the data have 11 points"),
        ("batch_spin", 0, "batch_size", "at least 1 point"),
        ("seed_spin", -3, "seed", "whole number from 0"),
    ],
)
def test_a_refused_value_is_shown_at_its_field(
    panel: ControlsPanel, widget: str, value: int, fid: str, says: str
) -> None:
    before = panel.config()
    getattr(panel.batches, widget).setValue(value)
    assert says in panel.field_errors()[fid]
    assert panel.batches.frames()[fid].error() == panel.field_errors()[fid]
    assert says in panel.batches.errors.text()
    assert panel.config() == before


def test_clipping_by_norm_or_value_and_a_refused_threshold(panel: ControlsPanel) -> None:
    batches = panel.batches
    assert not batches.clip_spin.isEnabled()
    batches.clip_combo.setCurrentIndex(batches.clip_combo.findData("clip_grad_norm"))
    assert (panel.config().clip_grad_norm, panel.config().clip_grad_value) == (1.0, None)
    batches.clip_spin.setValue(0.5)
    batches.clip_combo.setCurrentIndex(batches.clip_combo.findData("clip_grad_value"))
    assert (panel.config().clip_grad_norm, panel.config().clip_grad_value) == (None, 0.5)
    batches.clip_spin.setValue(-1.0)
    assert "above 0" in panel.field_errors()["clip"]
    assert panel.config().clip_grad_value == 0.5
    batches.clip_combo.setCurrentIndex(0)
    assert panel.config().clip_grad_value is None and "clip" not in panel.field_errors()


def test_the_wheel_changes_a_field_only_when_focused(qtbot, panel: ControlsPanel) -> None:
    for spin in (panel.batches.batch_spin, panel.batches.seed_spin):
        before = spin.value()
        wheel(spin, clicks=1)
        assert spin.value() == before
    seed = panel.batches.seed_spin
    seed.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None and seed.hasFocus())
    wheel(seed, clicks=1)
    assert seed.value() == 1


def test_a_batch_size_restarts_the_run_and_plays_in_batches(make_window) -> None:
    window = make_window(RunConfig())
    for _ in range(3):
        window.step()
    generation = window.client.state.generation
    window.controls.batches.batch_spin.setValue(4)
    state = window.client.state
    assert state.generation == generation + 1 and state.max_epoch == 0
    assert state.runs[0].config.batch_size == 4
    assert window.model.edited_config.batch_size == 4
    for _ in range(7):
        window.step()
    window.frame()
    run = window.client.state.runs[0]
    expected = Run(RunConfig(batch_size=4))
    for _ in range(7):
        expected.step()
    assert run.history.steps_per_epoch == 3  # 11 points: 4 + 4 + 3
    np.testing.assert_array_equal(run.history.loss, expected.history.loss)
    np.testing.assert_array_equal(run.history.params, expected.history.params)
    assert len(run.history.epoch_loss) == 2
    np.testing.assert_allclose(run.history.epoch_loss, expected.history.epoch_loss)
    assert run.batch is not None and len(run.batch) == 4
    assert "bs=4" in window.model.labels()[0]


def test_the_report_gives_each_runs_batches(make_window) -> None:
    from optiviz.app.report import window_report

    window = make_window([RunConfig(batch_size=4, seed=3, clip_grad_norm=1.0), RunConfig()])
    window.step()
    window.frame()
    report = window_report(window)
    first, second = (run["batches"] for run in report["runs"])
    assert first == {
        "batch_size": 4,
        "shuffle": True,
        "seed": 3,
        "grad_noise": 0.0,
        "clip_grad_norm": 1.0,
        "clip_grad_value": None,
        "steps_per_epoch": 3,
    }
    assert (second["batch_size"], second["steps_per_epoch"]) == (None, 1)
    assert report["controls"]["batch_size"] == 4 and report["controls"]["clip"] == "by norm"


def test_a_files_seed_above_the_spin_box_survives_other_edits(panel: ControlsPanel) -> None:
    big = 2**40 + 7  # torch takes 64-bit seeds; the spin box shows up to 2**31-1
    panel.set_config(RunConfig(batch_size=4, seed=big))
    panel.lr.spin.setValue(0.02)
    assert panel.config().seed == big and panel.config().lr == 0.02
    panel.batches.seed_spin.setValue(5)
    assert panel.config().seed == 5
