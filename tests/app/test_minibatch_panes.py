"""The panes of mini-batch runs: each batch's loss and each epoch's, in epochs on one axis."""

from __future__ import annotations

import numpy as np
import pytest

from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run
from optiviz.engine.worker.session_state import SessionState
from optiviz.plots import PanesWidget
from optiviz.plots.loss_pane import BATCH_TITLE, TITLE
from tests.app.test_panes import SIZE

#: The tutorial's 11 points in batches of 4: three steps an epoch.
BATCH = 4
STEPS = 3


def minibatch(epochs: int = 20, **kw) -> Run:
    kw.setdefault("lr", 0.01)
    return Run(RunConfig(batch_size=BATCH, epochs=epochs, **kw)).run()


@pytest.fixture
def panes(qtbot):
    def make(state: SessionState, epoch: int | None = None) -> PanesWidget:
        widget = PanesWidget()
        qtbot.addWidget(widget)
        widget.resize(*SIZE)
        widget.show()
        qtbot.waitExposed(widget)
        widget.set_session(state)
        widget.refresh(epoch)
        return widget

    return make


def test_loss_pane_draws_each_batch_thin_and_each_epoch_bold(panes):
    run = minibatch(epochs=20)
    history = run.history
    assert history.steps_per_epoch == STEPS
    widget = panes(SessionState.from_runs([run]))
    pane = widget.loss_pane
    steps, epochs = pane.step_curves[0], pane.curves[0]
    assert len(steps.xData) == STEPS * len(epochs.xData) == len(history)
    assert steps.xData[-1] == history.epochs_done == 20
    assert np.array_equal(steps.xData, history.epochs)
    assert np.array_equal(steps.yData, history.loss)
    assert np.array_equal(epochs.xData, np.arange(1, 21))
    assert np.array_equal(epochs.yData, history.epoch_loss)
    assert np.allclose(epochs.yData, history.loss.reshape(20, STEPS).mean(axis=1))
    assert steps.opts["pen"].widthF() < epochs.opts["pen"].widthF()
    assert steps.opts["pen"].color().alpha() < 255 == epochs.opts["pen"].color().alpha()
    assert pane.legend is not None and len(pane.legend.items) == 1  # the run, named once
    assert pane.legend.items[0][0].item is epochs
    assert pane._title == BATCH_TITLE and "Bold" in pane.toolTip()


def test_the_dot_and_the_marker_sit_at_the_step_in_epochs(panes):
    run = minibatch(epochs=10)
    widget = panes(SessionState.from_runs([run]), epoch=7)
    pane = widget.loss_pane
    x, y = pane.dots[0].xData, pane.dots[0].yData
    assert x[0] == pytest.approx(7 / STEPS) and y[0] == run.history.loss[6]
    assert pane.marker.value() == pytest.approx(7 / STEPS)
    widget.refresh(None)
    assert pane.dots[0].xData[0] == 10 and not pane.marker.isVisible()


def test_lr_pane_of_a_scheduled_minibatch_run_is_in_epochs(panes):
    run = minibatch(epochs=12, scheduler="StepLR", sched={"step_size": 4})
    widget = panes(SessionState.from_runs([run]))
    curve = widget.lr_pane.curves[0]
    assert np.array_equal(curve.xData, run.history.epochs)
    assert np.array_equal(curve.yData, run.history.lr)
    assert not widget.lr_pane.step_curves  # one lr a step: one curve
    # the schedule steps after each epoch's last batch: every step of an epoch shares its lr
    assert np.all(run.history.lr.reshape(12, STEPS).std(axis=1) == 0)


def test_full_batch_loss_pane_is_unchanged(panes):
    run = Run(RunConfig(lr=0.01, epochs=30)).run()
    widget = panes(SessionState.from_runs([run]))
    pane = widget.loss_pane
    assert not pane.step_curves and pane._title == TITLE
    assert np.array_equal(pane.curves[0].xData, np.arange(1, 31))
    assert np.array_equal(pane.curves[0].yData, run.history.loss)
    assert pane.curves[0].opts["pen"].widthF() == 2
