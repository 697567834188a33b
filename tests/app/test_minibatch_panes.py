"""The panes of mini-batch runs: each batch's loss and each epoch's, in epochs on one axis."""

from __future__ import annotations

import numpy as np
import pytest

from optiviz.engine.problems.library import Dataset
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run
from optiviz.engine.worker.session_state import SessionState
from optiviz.plots import PanesWidget
from optiviz.plots.loss_pane import BATCH_TITLE, TITLE
from optiviz.plots.theme import run_color
from tests.app.test_panes import SIZE, count_color, pixels

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
    assert epochs.opts["shadowPen"] is not None  # outlined over its batches' band
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
    assert pane.curves[0].opts["pen"].widthF() == 2 and pane.curves[0].opts["shadowPen"] is None


def numpy_angle(a: np.ndarray, b: np.ndarray) -> float:
    cosine = np.dot(a, b) / np.linalg.norm(a) / np.linalg.norm(b)
    return float(np.degrees(np.arccos(np.clip(cosine, -1.0, 1.0))))


def shown_angle(text: str) -> float:
    return float(text.rsplit(":", 1)[1].strip().removesuffix("°"))


@pytest.mark.parametrize("epoch", [None, 5])
def test_gradient_arrows_show_the_batch_and_the_full_data_gradient(panes, epoch):
    run = minibatch(epochs=10, lr=0.005)
    history = run.history
    widget = panes(SessionState.from_runs([run]), epoch=epoch)
    arrows = widget.surface_pane.gradients
    k = len(history) if epoch is None else epoch
    assert arrows.run_id == 0 and arrows.step == k
    assert history.full_grad is not None
    grad, full = history.grad[k - 1], history.full_grad[k - 1]
    text = arrows.angle_label.toPlainText()
    assert arrows.used.name.toPlainText() == "batch gradient"
    assert arrows.full.name.toPlainText() == "full-data gradient"
    assert "batch gradient and the full-data gradient" in arrows.angle_label.toolTip()
    assert shown_angle(text) == pytest.approx(numpy_angle(grad, full), abs=0.05)
    assert numpy_angle(grad, full) > 0.5  # a batch is not the whole data
    origin = history.params_at(k - 1)
    for arrow, vector in ((arrows.used, grad), (arrows.full, full)):
        xs, ys = arrow.line.xData, arrow.line.yData
        assert (xs[0], ys[0]) == pytest.approx(tuple(origin))
        drawn = np.array([xs[1] - xs[0], ys[1] - ys[0]])
        # minus the gradient: the way the step goes
        assert numpy_angle(drawn, -vector) == pytest.approx(0.0, abs=1e-3)
        assert arrow.line.isVisible()
    assert arrows.angle_label.isVisible() and "20%" in arrows.angle_label.toolTip()


def test_gradient_arrows_are_drawn_in_pixels(panes):
    run = minibatch(epochs=10, lr=0.005)
    widget = panes(SessionState.from_runs([run]))
    image = pixels(widget.surface_pane)
    assert count_color(image, "#00e5ff", tolerance=20) > 30
    full_batch = Run(RunConfig(lr=0.005, epochs=10)).run()
    widget.set_session(SessionState.from_runs([full_batch]))
    assert widget.surface_pane.gradients.run_id is None
    assert not widget.surface_pane.gradients.used.line.isVisible()
    assert count_color(pixels(widget.surface_pane), "#00e5ff", tolerance=20) < 5


def test_added_noise_is_labelled_noise_not_a_batch(panes):
    run = Run(
        RunConfig(problem="rosenbrock", optimizer="SGD", lr=1e-4, epochs=30, grad_noise=5.0)
    ).run()
    history = run.history
    widget = panes(SessionState.from_runs([run]))
    arrows = widget.surface_pane.gradients
    text = arrows.angle_label.toPlainText()
    names = (arrows.used.name.toPlainText(), arrows.full.name.toPlainText())
    assert names == ("noisy gradient", "true gradient")
    assert "batch" not in arrows.angle_label.toolTip() + text
    assert history.full_grad is not None
    expected = numpy_angle(history.grad[-1], history.full_grad[-1])
    assert shown_angle(text) == pytest.approx(expected, abs=0.05)


def ringed(widget: PanesWidget) -> set[tuple[float, float]]:
    item = widget.fit_pane.batch_points.item
    x, y = item.getData()
    return set(zip(x.tolist(), y.tolist(), strict=True))


def test_the_batch_points_are_ringed_in_the_run_colour(panes):
    run = Run(RunConfig(batch_size=BATCH, epochs=10)).run(3)
    run.step()  # the first batch of epoch 4
    state = SessionState.from_runs([run])
    assert state.runs[0].batch is not None and len(state.runs[0].batch) == BATCH
    widget = panes(state)
    data = state.problem.dataset
    assert data is not None
    x, y = np.asarray(data.x), np.asarray(data.y)
    expected = {(float(x[i]), float(y[i])) for i in state.runs[0].batch}
    assert ringed(widget) == expected and len(expected) == BATCH
    item = widget.fit_pane.batch_points.item
    assert item.opts["pen"].color().name() == run_color(0)
    # the next step's batch replaces it
    run.step()
    state.runs[0].batch = run.batch
    widget.refresh()
    assert ringed(widget) == {(float(x[i]), float(y[i])) for i in run.batch}
    # the last batch of an epoch: 11 points in 4s leave 3
    run.step()
    state.runs[0].batch = run.batch
    widget.refresh()
    assert len(ringed(widget)) == 3


def test_a_scrubbed_step_rings_nothing_and_full_batch_never(panes):
    run = minibatch(epochs=3)
    state = SessionState.from_runs([run])
    widget = panes(state, epoch=4)
    assert ringed(widget) == set()
    widget.refresh(len(run.history))
    assert len(ringed(widget)) == 3
    full = Run(RunConfig(epochs=5)).run()
    widget.set_session(SessionState.from_runs([full]))
    assert ringed(widget) == set()


def test_the_rings_are_drawn_in_pixels(panes):
    run = Run(RunConfig(batch_size=BATCH, epochs=10)).run(3)
    run.step()
    widget = panes(SessionState.from_runs([run]))
    image = pixels(widget.fit_pane)
    ring = count_color(image, run_color(0), tolerance=20)
    widget.fit_pane.batch_points.clear()
    widget.fit_pane.repaint()
    plain = count_color(pixels(widget.fit_pane), run_color(0), tolerance=20)
    assert ring > plain + 4 * 20  # four rings, each some 20 pixels and more


def test_a_race_rings_each_run_batch_nested(panes):
    runs = [Run(RunConfig(batch_size=BATCH, epochs=10, seed=s)).run(2) for s in (0, 5)]
    for run in runs:
        run.step()
    state = SessionState.from_runs(runs)
    widget = panes(state)
    points = widget.fit_pane.batch_points
    assert {i: v.tolist() for i, v in points.shown.items()} == {
        0: runs[0].batch.tolist(),
        1: runs[1].batch.tolist(),
    }
    sizes = points.item.data["size"]
    assert len(sizes) == 2 * BATCH and sorted(set(sizes.tolist())) == [16, 22]
    assert list(sizes) == sorted(sizes, reverse=True)  # wide rings under narrow ones


def test_a_diverged_minibatch_run_names_its_epoch_and_step(panes):
    run = Run(RunConfig(batch_size=BATCH, lr=0.5, epochs=200)).run()
    assert run.status == "diverged" and run.diverged_at is not None
    step = run.diverged_at
    widget = panes(SessionState.from_runs([run]))
    epoch = -(-step // STEPS)
    expected = f"SGD lr=0.5 bs=4 — diverged at epoch {epoch}, step {step}"
    assert widget.loss_pane.legend_texts == [expected]


def test_drawing_a_big_data_set_never_builds_its_python_tuples(panes):
    """A million points as a tuple of floats took 40 ms a frame: the panes read the arrays."""
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 10, 20_000)
    data = Dataset(x, 3 * x + rng.normal(0, 1, len(x)))
    run = Run(RunConfig(dataset=data, batch_size=64, epochs=2)).run(1)
    run.step()
    state = SessionState.from_runs([run])
    assert state.runs[0].batch is not None
    widget = panes(state)
    shown = state.problem.dataset
    assert shown is not None
    assert len(ringed(widget)) == 64
    for _ in range(3):
        run.step()
        state.runs[0].batch = run.batch
        widget.refresh()
    assert not isinstance(shown.__dict__.get("x"), tuple)
    assert not isinstance(shown.__dict__.get("y"), tuple)
