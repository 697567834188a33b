"""Cancel or Close during a slow LR range test returns at once: the sweep is told to stop.

The slow case is LBFGS with 1000 iterations a step and no tolerance to end them early: one of
its steps takes seconds, a whole sweep minutes.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt

from optiviz.engine.runs.config import RunConfig

SLOW_LBFGS = RunConfig(
    optimizer="LBFGS",
    lr=0.1,
    hyper={"max_iter": 1000, "tolerance_grad": 0.0, "tolerance_change": 0.0},
)
LIMIT = 0.1  # seconds


def open_sweeping(make_window, qtbot):
    window = make_window(SLOW_LBFGS)
    dialog = window.explore.open_lr_find()
    qtbot.wait(400)  # the sweep is inside an LBFGS step by now
    assert dialog.running and dialog.isVisible()
    return window, dialog


def test_cancel_returns_within_100_ms_and_the_sweep_ends(make_window, qtbot):
    window, dialog = open_sweeping(make_window, qtbot)
    start = time.perf_counter()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    took = time.perf_counter() - start
    assert took < LIMIT, f"Cancel took {took * 1000:.0f} ms"
    assert not dialog.isVisible() and dialog.cancelled
    qtbot.waitUntil(lambda: dialog.sweep.done, timeout=1000)
    assert dialog.sweep.result is not None and dialog.sweep.result.stopped
    assert dialog.result is None  # nothing shown, nothing to apply
    assert window.controls.config() == SLOW_LBFGS


def test_closing_the_dialog_returns_within_100_ms(make_window, qtbot):
    _, dialog = open_sweeping(make_window, qtbot)
    start = time.perf_counter()
    dialog.close()
    took = time.perf_counter() - start
    assert took < LIMIT, f"closing took {took * 1000:.0f} ms"
    qtbot.waitUntil(lambda: dialog.sweep.done, timeout=1000)
    assert dialog.cancelled and dialog.sweep.result.stopped


def test_closing_the_window_stops_the_sweep_within_100_ms(make_window, qtbot):
    window, dialog = open_sweeping(make_window, qtbot)
    start = time.perf_counter()
    window.close()
    took = time.perf_counter() - start
    assert took < LIMIT, f"closing the window took {took * 1000:.0f} ms"
    qtbot.waitUntil(lambda: dialog.sweep.done, timeout=1000)
    assert dialog.cancelled and dialog.sweep.result.stopped
