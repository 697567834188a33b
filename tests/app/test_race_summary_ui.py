"""The race summary dock and Run → Tune lr… in the window (inline worker)."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget

from optiviz.app.names import plain_text
from optiviz.app.race import summary as summary_module
from optiviz.app.race.tune import open_tune
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run
from optiviz.engine.runs.summary import minimum_loss, reached_at
from tests.engine.plain_loops import plain_linear_fit

SGD = RunConfig(optimizer="SGD", lr=0.01, epochs=1000)
ADAM = SGD.copy(optimizer="Adam", lr=0.5)
WILD = SGD.copy(lr=1.5)  # diverges at epoch 22
SLOW_LBFGS = RunConfig(
    optimizer="LBFGS",
    lr=0.1,
    hyper={"max_iter": 1000, "tolerance_grad": 0.0, "tolerance_change": 0.0},
)


@pytest.fixture
def window_options() -> dict:
    return {"budget": 1.0, "size": (1280, 800)}


def run_to_end(window, limit: int = 500) -> None:
    window.frame()
    window.play()
    for _ in range(limit):
        window.frame()
        if not window.client.playing:
            break
    window.frame()
    assert all(r.status in ("finished", "diverged") for r in window.client.state.runs)


def test_summary_table_shows_each_runs_row_and_sorts(make_window, qtbot, monkeypatch):
    window = make_window([SGD, ADAM, WILD])
    dock = window.findChild(QDockWidget, "race_summary_dock")
    assert dock is not None and not dock.isVisible()
    show = next(a for a in window.view_menu.actions() if a.objectName() == "show_race_summary")
    assert plain_text(show.text()) == "Race summary"
    show.trigger()
    assert dock.isVisible()
    monkeypatch.setattr(summary_module, "REFRESH", 0.0)  # every frame refreshes it
    panel = window.race.summary.panel
    window.frame()
    assert [r[0] for r in panel.cell_texts()] == window.model.labels()
    run_to_end(window)  # the frames fill the table: nothing else refreshes it here
    assert panel.table.objectName() == "race_summary"
    assert panel.table.accessibleName() == "Race summary"
    rows = panel.cell_texts()
    labels = window.model.labels()
    headless = [Run(c).run() for c in (SGD, ADAM, WILD)]
    minimum = minimum_loss(headless[0].problem)
    for row, label, run in zip(rows, labels, headless, strict=True):
        assert row[0] == label
        assert row[1] == f"{run.history.loss[-1]:.6g}"
        reached = reached_at(run.history.loss, minimum)
        assert row[2] == ("—" if reached is None else f"epoch {reached}")
        assert row[3] == ("—" if run.diverged_at is None else f"epoch {run.diverged_at}")
        assert row[4].endswith(" ms") and float(row[4][:-3]) > 0
    assert rows[0][2].startswith("epoch") and rows[1][2].startswith("epoch")  # both get there
    assert rows[2][3] == "epoch 22" and rows[2][2] == "—"
    wild, _, _ = plain_linear_fit("SGD", {"lr": 1.5}, 30)
    assert rows[2][1] == f"{wild[20]:.6g}"  # the last finite loss, epoch 21
    assert "minimum" in panel.note.text()
    # sorted by final loss: the diverged run's huge last loss goes last
    panel.table.sortItems(1, Qt.SortOrder.AscendingOrder)
    losses = [float(r[1]) for r in panel.cell_texts()]
    assert losses == sorted(losses) and panel.cell_texts()[-1][0] == labels[2]
    panel.table.sortItems(3, Qt.SortOrder.DescendingOrder)  # "—" is the largest key
    assert panel.cell_texts()[-1][3] == "epoch 22"


def test_tune_lr_finds_the_best_of_each_optimizer_and_apply_edits_the_model(make_window, qtbot):
    grid = [1e-3, 1e-2, 0.1, 1.5]
    sgd, adam = SGD.copy(epochs=150), ADAM.copy(epochs=150, lr=0.001)
    window = make_window([sgd, adam])
    action = window.race.actions["tune"]
    assert action.objectName() == "tune_lr"
    dialog = open_tune(window, window.race, lrs=grid)
    assert dialog.objectName() == "tune_lr_dialog" and not dialog.apply_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=20_000)
    expected = []
    for name in ("SGD", "Adam"):
        finals = []
        for lr in grid:
            losses, _, _ = plain_linear_fit(name, {"lr": lr}, 150)
            finals.append(float(losses[-1]) if np.isfinite(losses).all() else math.nan)
        best = min((f, lr) for f, lr in zip(finals, grid, strict=True) if math.isfinite(f))[1]
        expected.append((finals, best))
    assert dialog.best_lrs() == [expected[0][1], expected[1][1]]
    assert expected[0][1] != expected[1][1]
    for curve, (finals, _) in zip(dialog.curves, expected, strict=True):
        xs, ys = curve.getData()  # log10 of the lrs, the losses (log10 on a log axis)
        assert np.allclose(10**xs, grid)
        shown = 10**ys if dialog.plot.getPlotItem().ctrl.logYCheck.isChecked() else ys
        np.testing.assert_allclose(shown, finals, rtol=1e-6)  # NaN where it diverged
    marks = [m.getData() for m in dialog.best_marks]
    assert [10 ** float(x[0]) for x, _ in marks] == pytest.approx([e[1] for e in expected])
    assert "best lr" in dialog.summary.text()
    assert dialog.apply_button.isEnabled()
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert [c.lr for c in window.model.configs()] == [expected[0][1], expected[1][1]]
    window.frame()
    assert [r.config.lr for r in window.client.state.runs] == [e[1] for e in expected]
    assert window.client.state.max_epoch == 0  # the race starts again at the tuned lrs


def test_apply_is_refused_when_the_runs_changed_since_tuning(make_window, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    window = make_window([SGD.copy(epochs=20), ADAM.copy(epochs=20)])
    dialog = open_tune(window, window.race, lrs=[0.01, 0.1])
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=10_000)
    window.race.remove_run(1)
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert warnings and "tune them again" in warnings[0]
    assert [c.lr for c in window.model.configs()] == [0.01]


def test_cancel_returns_at_once_and_the_tuning_stops(make_window, qtbot):
    window = make_window([SLOW_LBFGS])
    dialog = open_tune(window, window.race)
    qtbot.wait(400)  # inside a slow LBFGS step by now
    assert dialog.running and dialog.isVisible()
    start = time.perf_counter()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    took = time.perf_counter() - start
    assert took < 0.1, f"Cancel took {took * 1000:.0f} ms"
    assert not dialog.isVisible() and dialog.cancelled
    qtbot.waitUntil(lambda: dialog.job.done, timeout=1000)
    assert dialog.job.result is not None and dialog.job.result.stopped
    assert dialog.result is None and window.model.configs() == [SLOW_LBFGS]


def test_closing_the_window_stops_the_tuning(make_window, qtbot):
    window = make_window([SLOW_LBFGS])
    dialog = open_tune(window, window.race)
    qtbot.wait(200)
    window.close()
    qtbot.waitUntil(lambda: dialog.job.done, timeout=1000)
    assert dialog.job.result is not None and dialog.job.result.stopped
