"""Start-up: what the first frame does not need is made when first needed, and the
application-wide event filters do not watch the window being built (each event they see is
a Python call). Timing is benchmarks/startup.py's job; these tests fail if the work is
done eagerly again."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from optiviz.app import main_window
from optiviz.app.actions import ShortcutGuard
from optiviz.app.main_window import MainWindow
from optiviz.app.settings import Settings
from optiviz.app.worker_client import WorkerClient
from optiviz.engine.runs.config import RunConfig
from optiviz.plots import PanesWidget
from optiviz.plots.theme import run_color
from tests.app.test_panes import SIZE, count_color, pixels, session


class CountingGuard(ShortcutGuard):
    """Counts the events the guard sees."""

    seen = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        CountingGuard.seen += 1
        return super().eventFilter(watched, event)


def test_the_shortcut_guard_is_installed_once_the_window_is_built(monkeypatch, qtbot):
    monkeypatch.setattr(main_window, "ShortcutGuard", CountingGuard)
    CountingGuard.seen = 0
    window = MainWindow(WorkerClient(inline=True), speed=None, settings=Settings(persistent=False))
    window.timer.stop()
    qtbot.addWidget(window)
    assert isinstance(window._guard, CountingGuard)
    assert CountingGuard.seen < 100, CountingGuard.seen  # building sends thousands
    window.close()


STEP_LR = RunConfig(scheduler="StepLR", sched={"step_size": 50, "gamma": 0.5})


def shown_panes(qtbot, scale: float = 1.0) -> PanesWidget:
    widget = PanesWidget()
    qtbot.addWidget(widget)
    widget.resize(*SIZE)
    widget.set_scale(scale)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_the_lr_and_network_panes_wait_until_needed(qtbot):
    widget = shown_panes(qtbot)
    made: list = []
    widget.on_each_pane(made.append)
    widget.set_session(session(RunConfig()))
    assert widget._lr_pane is None and widget._network_pane is None  # not made
    assert widget.panes == (widget.loss_pane, widget.fit_pane, widget.surface_pane)
    assert made == list(widget.panes)
    widget.set_session(session(STEP_LR))
    lr_pane = widget._lr_pane
    assert lr_pane is not None and lr_pane.isVisible()  # made once shown, on the session
    assert made[-1] is lr_pane and lr_pane in widget.panes
    assert lr_pane.parent() is widget
    assert count_color(pixels(lr_pane), run_color(0)) > 150
    np.testing.assert_allclose(10 ** lr_pane.curves[0].getData()[1][[0, 60]], [1e-2, 5e-3])
    assert widget._network_pane is None


def test_an_lr_pane_made_at_a_scale_looks_as_one_scaled_after(qtbot):
    later = shown_panes(qtbot, scale=1.6)
    later.set_session(session(STEP_LR))
    first = shown_panes(qtbot)
    first.set_session(session(STEP_LR))
    first.set_scale(1.6)
    for widget in (later, first):
        widget.refresh()
        QApplication.processEvents()
    axis = [w.lr_pane.plot_item.getAxis("left") for w in (later, first)]
    assert axis[0].style["tickFont"].pointSizeF() == axis[1].style["tickFont"].pointSizeF()
    assert axis[0].style["tickFont"].pointSizeF() > QApplication.font().pointSizeF()
    widths = [w.lr_pane.curves[0].opts["pen"].widthF() for w in (later, first)]
    assert widths[0] == widths[1]
    np.testing.assert_array_equal(pixels(later.lr_pane), pixels(first.lr_pane))
