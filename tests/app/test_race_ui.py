"""Races in the window (inline worker): adding, removing, hiding, selecting and fanning runs."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QMessageBox

from optiviz.app.main_window import MainWindow
from optiviz.engine.errors import ConfigError
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run
from optiviz.plots.theme import run_color

ROSENBROCK = RunConfig(problem="rosenbrock", optimizer="SGD", lr=1e-4, hyper={"momentum": 0.9})
ADAM = ROSENBROCK.copy(optimizer="Adam", lr=0.05, hyper={})
RMSPROP = ROSENBROCK.copy(optimizer="RMSprop", lr=0.01, hyper={})


@pytest.fixture
def window_options() -> dict:
    return {"budget": 1.0, "size": (1280, 800)}


def pixels(widget) -> np.ndarray:
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    h, w, stride = image.height(), image.width(), image.bytesPerLine()
    data = np.frombuffer(image.constBits(), dtype=np.uint8, count=h * stride)
    return data.reshape(h, stride)[:, : w * 3].reshape(h, w, 3).copy()


def count_color(rgb: np.ndarray, color: str, tolerance: int = 14) -> int:
    c = QColor(color)
    target = np.array([c.red(), c.green(), c.blue()], dtype=np.int16)
    return int((np.abs(rgb.astype(np.int16) - target).max(axis=2) <= tolerance).sum())


def run_to_end(window: MainWindow, limit: int = 500) -> None:
    window.frame()
    window.play()
    for _ in range(limit):
        window.frame()
        if not window.client.playing:
            break
    window.frame()
    assert all(r.status in ("finished", "diverged") for r in window.client.state.runs)


def surface_counts(window: MainWindow) -> list[int]:
    rgb = pixels(window.panes.surface_pane)
    return [count_color(rgb, run_color(i)) for i in range(len(window.client.state.runs))]


def test_add_hide_and_remove_runs_show_on_the_surface(make_window):
    window = make_window(ROSENBROCK.copy(epochs=60))
    race = window.race
    race.add_current()  # a copy of run 1, now the edited run
    window.model.edit(ADAM.copy(epochs=60))  # as the controls send it
    assert window.controls.optimizer_combo.currentData() == "Adam"
    window.race.actions["add"].trigger()
    window.model.edit(RMSPROP.copy(epochs=60))
    assert [r.config.optimizer for r in window.client.state.runs] == ["SGD", "Adam", "RMSprop"]
    assert race.selected == 2 and window.edited_run == 2
    assert race.panel.list.count() == 3
    run_to_end(window)
    assert all(n > 40 for n in surface_counts(window)), surface_counts(window)

    race.panel.list.item(1).setCheckState(Qt.CheckState.Unchecked)  # the row's box
    assert window.client.state.runs[1].visible is False
    counts = surface_counts(window)
    assert counts[1] < 10 and counts[0] > 40 and counts[2] > 40, counts
    legend = [label.text for _sample, label in window.panes.loss_pane.legend.items]
    assert len(legend) == 2 and "Adam" not in " ".join(legend)
    race.set_visible(1, True)
    assert surface_counts(window)[1] > 40
    assert len(window.panes.loss_pane.legend.items) == 3

    before = {r.config.optimizer: r.history.params.copy() for r in window.client.state.runs}
    race.panel.list.setCurrentRow(0)
    race.panel.remove_button.click()  # removes the selected run: SGD; the others go on
    window.frame()
    state = window.client.state
    assert [r.config.optimizer for r in state.runs] == ["Adam", "RMSprop"]
    assert state.max_epoch == 60  # nothing restarted
    for run in state.runs:
        assert np.array_equal(run.history.params, before[run.config.optimizer])
    legend = [label.text for _sample, label in window.panes.loss_pane.legend.items]
    assert len(legend) == 2 and all(legend)  # no empty legend entry
    counts = surface_counts(window)
    assert counts[0] > 40 and counts[1] > 40
    assert count_color(pixels(window.panes.surface_pane), run_color(2)) < 10


def test_the_last_run_cannot_be_removed(make_window, monkeypatch):
    window = make_window()
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    window.race.actions["remove"].trigger()
    assert len(window.client.state.runs) == 1
    assert shown and "at least one run" in shown[0]
    assert not window.race.panel.remove_button.isEnabled()


def test_a_race_keeps_labels_and_visibility_across_a_reset(make_window):
    window = make_window(ROSENBROCK.copy(epochs=30))
    race = window.race
    race.add_runs([ADAM.copy(epochs=30)])
    race.set_label(1, "my Adam")
    race.set_visible(0, False)
    window.frame()
    window.reset()
    window.frame()
    runs = window.client.state.runs
    assert [r.label for r in runs] == ["SGD lr=0.0001 momentum=0.9", "my Adam"]
    assert [r.visible for r in runs] == [False, True]
    assert race.panel.list.item(1).text() == "2  my Adam"
    assert race.panel.list.item(0).checkState() == Qt.CheckState.Unchecked


def test_lr_fan_adds_log_spaced_runs(make_window):
    window = make_window(RunConfig(epochs=50))
    window.race.add_fan(5, 1e-3, 1e-1)
    lrs = [r.config.lr for r in window.client.state.runs]
    assert len(lrs) == 6 and lrs[0] == 1e-2
    np.testing.assert_allclose(lrs[1:], [1e-3, 10**-2.5, 1e-2, 10**-1.5, 1e-1], rtol=1e-12)
    assert {r.config.optimizer for r in window.client.state.runs} == {"SGD"}
    window.race.add_fan(3, 0.01, 0.3, replace=True)
    assert [r.config.lr for r in window.client.state.runs] == pytest.approx(
        [0.01, 0.01 * 30**0.5, 0.3]
    )
    with pytest.raises(ConfigError, match="hi"):
        window.race.add_fan(3, 0.5, 0.1)


def test_lr_fan_dialog(make_window, qtbot, monkeypatch):
    from optiviz.app.race import install as race_install
    from optiviz.app.race.fan_dialog import LrFanDialog

    window = make_window(RunConfig(epochs=50))

    def accept(dialog: LrFanDialog) -> int:
        assert dialog.lo_spin.value() == pytest.approx(1e-3)  # the lr / 10 to the lr * 10
        dialog.n_spin.setValue(4)
        dialog.replace_box.setChecked(True)
        return LrFanDialog.DialogCode.Accepted

    monkeypatch.setattr(LrFanDialog, "exec", accept)
    assert race_install.ask_fan(window, window.race)
    lrs = [r.config.lr for r in window.client.state.runs]
    np.testing.assert_allclose(lrs, np.logspace(-3, -1, 4), rtol=1e-12)


def test_every_run_of_a_race_equals_the_same_run_alone(make_window):
    base = RunConfig(epochs=150)
    others = [
        base.copy(optimizer="Adam", lr=0.3),
        base.copy(lr=0.05, hyper={"momentum": 0.9}, scheduler="StepLR", sched={"step_size": 40}),
    ]
    window = make_window(base)
    window.race.add_runs(others)
    run_to_end(window)
    for run_state, config in zip(window.client.state.runs, [base, *others], strict=True):
        alone = Run(config).run()
        assert run_state.config == alone.config
        for column in ("loss", "params", "grad", "lr"):
            np.testing.assert_array_equal(
                getattr(run_state.history, column), getattr(alone.history, column)
            )


def test_edits_apply_to_the_selected_run_only(make_window):
    window = make_window(RunConfig(epochs=100))
    race = window.race
    race.add_runs([RunConfig(optimizer="Adam", lr=0.3, epochs=100)])
    race.panel.list.setCurrentRow(0)
    assert window.controls.config().optimizer == "SGD"
    race.panel.list.setCurrentRow(1)  # the controls now show and edit run 2
    assert window.controls.config().optimizer == "Adam"
    window.step()
    window.controls.lr.spin.setValue(0.1)  # from the next epoch, run 2 only
    window.step()
    runs = window.client.state.runs
    assert runs[0].config.lr == 0.01 and list(runs[0].history.lr) == [0.01, 0.01]
    assert runs[1].config.lr == 0.1 and list(runs[1].history.lr) == [0.3, 0.1]

    combo = window.controls.optimizer_combo
    combo.setCurrentIndex(combo.findData("RMSprop"))  # replaces run 2 and restarts the race
    window.frame()
    runs = window.client.state.runs
    assert [r.config.optimizer for r in runs] == ["SGD", "RMSprop"]
    assert runs[0].config == RunConfig(epochs=100).copy(start=runs[0].config.start)
    assert window.client.state.max_epoch == 0 and race.selected == 1
    window.controls.epochs_spin.setValue(40)  # epochs are the race's: every run follows
    assert [r.config.epochs for r in window.client.state.runs] == [40, 40]


def test_a_race_on_mixed_problems_is_refused(make_window):
    window = make_window()
    with pytest.raises(ConfigError, match=r"runs\[2\].*one problem"):
        window.race.set_runs([RunConfig(), ROSENBROCK])
    with pytest.raises(ConfigError, match="another problem"):
        window.race.add_runs([ROSENBROCK])
    assert [r.config for r in window.client.state.runs] == [RunConfig()]


def test_the_status_bar_shows_the_selected_run(make_window):
    window = make_window(RunConfig(epochs=20))
    window.race.add_runs([RunConfig(optimizer="Adam", lr=0.3, epochs=20)])
    window.race.select(0)
    window.frame()
    assert "numbers of run 1" in window.status.epoch_label.text()
    window.race.select(1)
    window.frame()
    assert "numbers of run 2" in window.status.epoch_label.text()
    assert window.status.lr_label.text() == "lr 0.3"
