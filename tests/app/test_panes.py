"""The panes, judged by the pixels they draw offscreen at 1280x720."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage

from optiviz.app.panes import PanesWidget
from optiviz.app.panes.fit_pane import DistanceCache, nearest_distance
from optiviz.app.panes.geometry import PathCache, clip_line, decimate_path
from optiviz.app.theme import get_theme, run_color
from optiviz.engine.config import RunConfig
from optiviz.engine.history import History
from optiviz.engine.problems import make_problem
from optiviz.engine.run import Run
from optiviz.engine.session_state import RunState, SessionState

SIZE = (1280, 720)


def pixels(widget) -> np.ndarray:
    """The widget as drawn, ``(h, w, 3)`` RGB uint8."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    h, w, stride = image.height(), image.width(), image.bytesPerLine()
    data = np.frombuffer(image.constBits(), dtype=np.uint8, count=h * stride)
    return data.reshape(h, stride)[:, : w * 3].reshape(h, w, 3).copy()


def count_color(rgb: np.ndarray, color: str, tolerance: int = 14) -> int:
    c = QColor(color)
    target = np.array([c.red(), c.green(), c.blue()], dtype=np.int16)
    return int((np.abs(rgb.astype(np.int16) - target).max(axis=2) <= tolerance).sum())


def distinct_colors(rgb: np.ndarray) -> int:
    flat = rgb.reshape(-1, 3).astype(np.int32)
    return len(np.unique(flat[:, 0] << 16 | flat[:, 1] << 8 | flat[:, 2]))


def session(*configs: RunConfig, epochs: int = 200) -> SessionState:
    return SessionState.from_runs([Run(c).run(epochs) for c in configs])


@pytest.fixture
def panes(qtbot):
    def make(state: SessionState, theme: str = "dark", epoch: int | None = None) -> PanesWidget:
        widget = PanesWidget(theme=theme)
        qtbot.addWidget(widget)
        widget.resize(*SIZE)
        widget.show()
        qtbot.waitExposed(widget)
        widget.set_session(state)
        widget.refresh(epoch)
        return widget

    return make


def test_tutorial_run_draws_every_pane(panes) -> None:
    widget = panes(session(RunConfig()))
    color = run_color(0)
    surface = pixels(widget.surface_pane)
    assert distinct_colors(surface) > 500  # a colour map, not a blank pane
    assert count_color(surface, color) > 300  # the trajectory and the current point
    assert count_color(pixels(widget.loss_pane), color) > 150  # the loss curve
    assert count_color(pixels(widget.fit_pane), color) > 150  # the fitted line
    assert not widget.lr_pane.isVisible()
    # without a learning-rate pane the surface takes the whole left column
    assert widget.surface_pane.height() > 0.9 * widget.height()


def test_nothing_drawn_before_the_first_epoch_is_fine(panes) -> None:
    widget = panes(session(RunConfig(), epochs=0))
    assert distinct_colors(pixels(widget.surface_pane)) > 500


def test_scrubbing_moves_the_point_and_the_line(panes) -> None:
    widget = panes(session(RunConfig(optimizer="Adam", lr=0.5)))
    surface_late = pixels(widget.surface_pane)
    fit_late = pixels(widget.fit_pane)
    loss_late = pixels(widget.loss_pane)
    widget.refresh(epoch=3)
    surface_early = pixels(widget.surface_pane)
    assert (surface_early != surface_late).any(axis=2).sum() > 200
    assert (pixels(widget.fit_pane) != fit_late).any(axis=2).sum() > 100
    assert widget.loss_pane.marker.isVisible() and widget.loss_pane.marker.value() == 3
    assert (pixels(widget.loss_pane) != loss_late).any()
    widget.refresh()  # back to the live epoch
    assert not widget.loss_pane.marker.isVisible()
    np.testing.assert_array_equal(pixels(widget.surface_pane), surface_late)


def test_lr_pane_only_with_a_scheduler(panes) -> None:
    plain = panes(session(RunConfig()))
    assert not plain.lr_pane.isVisible()
    scheduled = panes(session(RunConfig(scheduler="StepLR", sched={"step_size": 50, "gamma": 0.5})))
    assert scheduled.lr_pane.isVisible()
    assert scheduled.lr_pane.width() > 400 and scheduled.lr_pane.height() > 250
    assert count_color(pixels(scheduled.lr_pane), run_color(0)) > 150
    lr = 10 ** scheduled.lr_pane.curves[0].getData()[1]  # a log axis: data in decades
    np.testing.assert_allclose(lr[[0, 60, 120]], [1e-2, 5e-3, 2.5e-3])


def test_two_runs_show_both_colours_and_a_legend(panes) -> None:
    widget = panes(session(RunConfig(), RunConfig(optimizer="Adam", lr=0.5)))
    for pane in (widget.surface_pane, widget.loss_pane, widget.fit_pane):
        rgb = pixels(pane)
        assert count_color(rgb, run_color(0)) > 100
        assert count_color(rgb, run_color(1)) > 100
    labels = [label.text for _sample, label in widget.loss_pane.legend.items]
    assert labels == ["SGD lr=0.01", "Adam lr=0.5"]


def test_diverged_run_keeps_the_surface_and_finite_views(panes) -> None:
    state = session(RunConfig(lr=1.0), RunConfig())
    assert state.runs[0].status == "diverged"
    widget = panes(state)
    assert distinct_colors(pixels(widget.surface_pane)) > 500
    (a0, a1), (b0, b1) = state.problem.domain
    (x0, x1), (y0, y1) = widget.surface_pane.plot_item.getViewBox().viewRange()
    assert (x0, x1) == pytest.approx((a0, a1)) and (y0, y1) == pytest.approx((b0, b1))
    for pane in widget.panes:
        assert np.isfinite(pane.plot_item.getViewBox().viewRange()).all()
    # the diverged run is shown by an arrow on the edge, in its colour
    assert widget.surface_pane.arrows[0].isVisible()
    assert count_color(pixels(widget.surface_pane), run_color(0)) > 100
    label = widget.loss_pane.legend.items[0][1].text
    assert "diverged at epoch" in label


def test_light_theme_has_a_light_background(panes) -> None:
    widget = panes(session(RunConfig()), theme="light")
    for pane in (widget.loss_pane, widget.fit_pane):
        corner = pixels(pane)[2:12, 2:12]
        assert corner.mean() > 230
    widget.set_theme("dark")
    assert pixels(widget.loss_pane)[2:12, 2:12].mean() < 40
    with pytest.raises(ValueError, match="theme"):
        get_theme("sepia")


def test_test_function_draws_position_and_distance(panes) -> None:
    state = session(RunConfig(problem="rosenbrock", optimizer="Adam", lr=0.05))
    widget = panes(state)
    surface = pixels(widget.surface_pane)
    assert distinct_colors(surface) > 500
    assert count_color(surface, run_color(0)) > 150
    assert count_color(pixels(widget.fit_pane), run_color(0)) > 300
    tracks = widget.fit_pane.tracks[0]
    assert len(tracks) == 3  # x, y and the distance to (1, 1)
    _, distance = tracks[2].getData()
    x, y = state.runs[0].history.params[-1]
    assert distance[-1] == pytest.approx(state.problem.nearest_minimum(x, y)[1])


def test_click_on_the_surface_moves_the_start(panes, qtbot) -> None:
    widget = panes(session(RunConfig(problem="himmelblau")))
    pane = widget.surface_pane
    vb = pane.plot_item.getViewBox()
    scene_point = vb.mapViewToScene(QPointF(2.0, -1.0))
    view_point = pane.mapFromScene(scene_point)
    with qtbot.waitSignal(widget.startMoved, timeout=2000) as blocker:
        qtbot.mouseClick(pane.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(view_point))
    x, y = blocker.args
    assert x == pytest.approx(2.0, abs=0.1) and y == pytest.approx(-1.0, abs=0.1)
    assert pane.target.pos().x() == pytest.approx(x)


def test_refresh_feeds_only_what_changed(panes, monkeypatch) -> None:
    runs = [Run(RunConfig()).run(50)]
    state = SessionState.from_runs(runs)
    widget = panes(state)
    calls = []
    original = widget.loss_pane.update_data
    monkeypatch.setattr(
        widget.loss_pane, "update_data", lambda *a: (calls.append(a[2]), original(*a))
    )
    widget.refresh()
    assert calls == []
    runs[0].run(10)
    widget.refresh()
    assert calls == [{0}]
    x, _ = widget.loss_pane.curves[0].getData()
    assert len(x) == 60


def test_long_history_is_decimated_on_the_surface(panes) -> None:
    problem = make_problem("quadratic")
    history = History(problem.start)
    n = 120_000
    t = np.linspace(0.0, 1.0, n)
    params = np.stack([-2.5 * (1 - t) + 0.2 * np.sin(400 * t), 1.5 * (1 - t)], axis=1)
    for i in range(n):
        history.append(1.0 / (i + 1), params[i], (0.0, 0.0), 0.1, {})
    state = SessionState(problem, [RunState(0, RunConfig(problem="quadratic"), history)])
    widget = panes(state)
    x, y = widget.surface_pane.paths[0].getData()
    assert len(x) <= 4002
    assert (x[-1], y[-1]) == pytest.approx(tuple(params[-1]))
    assert count_color(pixels(widget.surface_pane), run_color(0)) > 300


# -- the drawing helpers --------------------------------------------------------------------------
def test_decimate_path_keeps_ends_and_bounds_size() -> None:
    points = np.cumsum(np.random.default_rng(0).normal(size=(50_000, 2)), axis=0)
    kept = decimate_path(points, (1.0, 1.0), max_vertices=1000)
    assert len(kept) <= 1002
    np.testing.assert_array_equal(kept[0], points[0])
    np.testing.assert_array_equal(kept[-1], points[-1])
    short = points[:10]
    assert decimate_path(short, (1.0, 1.0)) is short


def test_path_cache_grows_and_notices_a_rewrite() -> None:
    box = ((-1.0, 1.0), (-1.0, 1.0))
    start = np.array([0.0, 0.0])
    params = np.array([[0.5, 0.0], [5.0, 0.0], [0.5, 0.5]])
    cache = PathCache(box, (2.0, 2.0))
    cache.update(start, params[:2])
    cache.update(start, params)
    np.testing.assert_allclose(cache.path(3), [[0, 0], [0.5, 0], [1.0, 0], [0.5, 0.5]])
    np.testing.assert_allclose(cache.path(1), [[0, 0], [0.5, 0]])
    rewritten = np.array([[0.5, 0.0], [-0.5, 0.0], [-0.5, -0.5]])
    cache.update(start, rewritten)
    np.testing.assert_allclose(cache.path(3), np.vstack([start, rewritten]))
    np.testing.assert_allclose(cache._length[:4], [0, 0.25, 0.75, 1.0])


def test_distance_cache_matches_a_full_computation() -> None:
    minima = make_problem("himmelblau").minima
    points = np.random.default_rng(1).uniform(-5, 5, size=(300, 2))
    cache = DistanceCache()
    cache(points[:100], minima)
    np.testing.assert_allclose(cache(points, minima), nearest_distance(points, minima))
    changed = points.copy()
    changed[50:] += 1.0
    np.testing.assert_allclose(cache(changed, minima), nearest_distance(changed, minima))


def test_clip_line_stays_in_the_box() -> None:
    xs, ys = clip_line(1e30, 5.0, (0.0, 10.0), (-100.0, 100.0))
    assert np.all(np.isfinite(xs)) and np.all(np.abs(ys) <= 100.0)
    xs, ys = clip_line(2.0, 1.0, (0.0, 10.0), (-100.0, 100.0))
    np.testing.assert_allclose(ys, 2.0 * xs + 1.0)
    np.testing.assert_allclose(xs, [0.0, 10.0])


def test_dropping_the_target_emits_a_start_inside_the_domain(panes, qtbot) -> None:
    state = session(RunConfig(problem="rosenbrock"), epochs=5)
    widget = panes(state)
    target = widget.surface_pane.target
    target.setPos(0.5, 99.0)  # dragged past the top edge
    with qtbot.waitSignal(widget.startMoved, timeout=2000) as blocker:
        target.sigPositionChangeFinished.emit(target)
    (_, _), (_, b1) = state.problem.domain
    assert blocker.args == [pytest.approx(0.5), pytest.approx(b1)]


def test_a_new_session_rebuilds_the_panes(panes) -> None:
    widget = panes(session(RunConfig(), RunConfig(optimizer="Adam", lr=0.5)))
    linear_surface = pixels(widget.surface_pane)
    widget.set_session(session(RunConfig(problem="himmelblau", optimizer="Adam", lr=0.1)))
    assert set(widget.surface_pane.paths) == {0}
    assert widget.fit_pane.lines == {} and set(widget.fit_pane.tracks) == {0}
    assert len(widget.loss_pane.legend.items) == 1
    surface = pixels(widget.surface_pane)
    assert (surface != linear_surface).any(axis=2).mean() > 0.5
    assert count_color(surface, run_color(1)) < 20
    assert len(widget.surface_pane.minima.data) == 4  # Himmelblau's four minima


def test_hidden_runs_are_not_drawn(panes) -> None:
    state = session(RunConfig(), RunConfig(optimizer="Adam", lr=0.5))
    state.runs[1].visible = False
    widget = panes(state)
    for pane in (widget.surface_pane, widget.loss_pane, widget.fit_pane):
        assert count_color(pixels(pane), run_color(1)) < 20
    state.runs[1].visible = True
    widget.refresh()
    assert count_color(pixels(widget.loss_pane), run_color(1)) > 100
