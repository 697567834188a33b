"""The panes, judged by the pixels they draw offscreen at 1280x720."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from optiviz.engine.problems.library import make_problem
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.history import History
from optiviz.engine.runs.run import Run
from optiviz.engine.worker.session_state import RunState, SessionState
from optiviz.plots import PanesWidget
from optiviz.plots.fit_pane import DistanceCache, nearest_distance
from optiviz.plots.geometry import PathCache, clip_line, clip_polyline, decimate_path
from optiviz.plots.ranges import epoch_span, nice_ceil, nice_floor, settle, snap_log
from optiviz.plots.theme import get_theme, run_color

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
    dot = 10 ** scheduled.lr_pane.dots[0].getData()[1]  # the current epoch's dot sits on it
    np.testing.assert_allclose(dot, [lr[-1]])


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


# -- cheap, truthful drawing ----------------------------------------------------------------------
def axis_labels(pane, name: str = "left") -> list[str]:
    """The tick labels ``pane``'s axis draws (its own drawing specs, as painted)."""
    axis = pane.plot_item.getAxis(name)
    image = QImage(10, 10, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [text for _rect, _flags, text in specs[2] if text]


def test_a_loss_within_one_decade_still_has_labelled_ticks(panes) -> None:
    state = session(RunConfig(lr=1e-4), epochs=300)
    loss = state.runs[0].history.loss
    assert 2000 < loss[-1] < loss[0] < 3000  # one decade: pyqtgraph would label nothing
    widget = panes(state)
    labels = axis_labels(widget.loss_pane)
    values = [float(text) for text in labels]
    assert len(values) >= 3
    (_, _), (y0, y1) = widget.loss_pane.plot_item.getViewBox().viewRange()
    assert all(10**y0 <= v <= 10**y1 for v in values)
    assert min(values) <= loss[-1] and max(values) >= loss[0]  # the ticks frame the curve


def test_a_log_axis_zoomed_in_far_keeps_labels(panes) -> None:
    widget = panes(session(RunConfig()))
    vb = widget.loss_pane.plot_item.getViewBox()
    vb.setRange(yRange=(np.log10(20.0), np.log10(24.0)), padding=0)
    labels = axis_labels(widget.loss_pane)
    assert len(labels) >= 2
    assert all(20.0 <= float(text) <= 24.0 for text in labels)


def test_an_empty_loss_pane_shows_the_planned_epochs_and_the_start_loss(panes) -> None:
    state = session(RunConfig(epochs=1000), epochs=0)
    widget = panes(state)
    (x0, x1), (y0, y1) = widget.loss_pane.plot_item.getViewBox().viewRange()
    assert x0 <= 0 and 1000 <= x1 < 1100
    start_loss = state.problem.value(*state.problem.start)
    assert y0 < np.log10(start_loss) < y1 and y1 - y0 < 1.5  # decades, around the start loss
    assert len(axis_labels(widget.loss_pane)) >= 2
    assert "1000" in axis_labels(widget.loss_pane, "bottom")


def test_the_loss_view_moves_in_steps_not_every_frame(panes) -> None:
    run = Run(RunConfig(epochs=1000)).run(50)
    widget = panes(SessionState.from_runs([run]))
    vb = widget.loss_pane.plot_item.getViewBox()
    ranges = []
    for _ in range(30):
        run.run(10)
        widget.refresh()
        ranges.append(tuple(map(tuple, vb.viewRange())))
    assert len(set(ranges)) <= 4  # the loss falls over a decade: a few steps, not 30
    assert {r[0] for r in ranges} == {ranges[0][0]}  # the epochs: planned from the start
    loss = run.history.loss
    (_, _), (y0, y1) = ranges[-1]
    assert y0 < np.log10(loss.min()) and np.log10(loss.max()) < y1


def test_a_light_grid_is_drawn_behind_the_curves(panes) -> None:
    from optiviz.plots.grid import blend

    for theme in ("dark", "light"):
        widget = panes(session(RunConfig()), theme=theme)
        t = get_theme(theme)
        major = blend(t.background, t.foreground, t.grid_alpha).name()
        for pane in (widget.loss_pane, widget.fit_pane):
            assert count_color(pixels(pane), major, tolerance=3) > 300


def test_long_legends_stay_inside_the_pane(panes, qtbot) -> None:
    configs = [
        RunConfig(lr=1.0),
        RunConfig(),
        RunConfig(optimizer="Adam", lr=0.5),
        RunConfig(lr=0.05, hyper={"momentum": 0.9, "nesterov": True}),
        RunConfig(optimizer="RMSprop", lr=0.01),
    ]
    state = session(*configs)
    for size in ((1280, 720), (1200, 400), (640, 360)):
        widget = panes(state)
        widget.resize(*size)
        qtbot.waitUntil(lambda w=widget, s=size: (w.width(), w.height()) == s)
        widget.refresh()
        pane = widget.loss_pane
        view = pane.plot_item.getViewBox().sceneBoundingRect()
        legend = pane.legend.sceneBoundingRect()
        assert view.contains(legend), (size, view, legend)
        assert legend.height() < 0.85 * view.height()  # the curves still show below it
        texts = [label.text for _sample, label in pane.legend.items]
        assert len(texts) == 5 and texts[0].endswith("diverged at epoch 29")
        legend_pixels = pixels(pane)[
            int(legend.top()) : int(legend.bottom()), int(legend.left()) : int(legend.right())
        ]
        for run_id in range(5):  # every entry's sample line, in its run's colour
            assert count_color(legend_pixels, run_color(run_id)) > 10


def test_a_diverged_path_is_clipped_to_the_view(panes) -> None:
    state = session(RunConfig(lr=1.0), RunConfig())
    widget = panes(state)
    pane = widget.surface_pane
    (a0, a1), (b0, b1) = state.problem.domain
    x, y = pane.paths[0].getData()
    assert len(x) > 10
    assert np.all((a0 <= x) & (x <= a1)) and np.all((b0 <= y) & (y <= b1))
    # the segments drawn are the real ones: each piece lies on its segment's line
    raw = state.runs[0].history.trajectory()
    first_out = int(np.argmax((raw[:, 0] < a0) | (raw[:, 0] > a1) | (raw[:, 1] < b0)))
    (px, py), (qx, qy) = raw[first_out - 1], raw[first_out]
    cross = (qx - px) * (y[1] - py) - (qy - py) * (x[1] - px)
    assert abs(cross) < 1e-6 * np.hypot(qx - px, qy - py) * (b1 - b0)
    # the edge arrow, in the run's colour, points where the run went
    arrow = pane.arrows[0]
    assert arrow.isVisible()
    vb = pane.plot_item.getViewBox()
    tip = pane.mapFromScene(vb.mapViewToScene(arrow.pos()))
    rgb = pixels(pane)
    around = rgb[max(tip.y() - 25, 0) : tip.y() + 25, max(tip.x() - 25, 0) : tip.x() + 25]
    assert count_color(around, run_color(0)) > 60


def test_clip_polyline_keeps_the_inside_parts_exactly() -> None:
    box = ((0.0, 10.0), (0.0, 10.0))
    inside = np.array([[1.0, 1.0], [5.0, 5.0], [2.0, 8.0]])
    points, connect = clip_polyline(inside, box)
    assert points is inside and connect is None
    zigzag = np.array([[1.0, 1.0], [5.0, 5.0], [20.0, 5.0], [5.0, 8.0], [-5.0, -5.0], [3.0, 3.0]])
    points, connect = clip_polyline(zigzag, box)
    np.testing.assert_allclose(
        points, [[1, 1], [5, 5], [10, 5], [10, 7], [5, 8], [0, 8 - 5 * 13 / 10], [0, 0], [3, 3]]
    )
    np.testing.assert_array_equal(connect, [1, 1, 0, 1, 1, 0, 1, 0])
    # a run bouncing between +-1e18 along y = 0.7x: float64 alone would miss the view by far
    huge = np.array([[1.0, 1.0], [-1e18, -0.7e18], [2e18, 1.4e18], [np.inf, 0.0]])
    points, connect = clip_polyline(huge, box)
    np.testing.assert_allclose(points, [[1, 1], [0, 0.3], [0, 0], [10, 7]], atol=1e-9)
    np.testing.assert_array_equal(connect, [1, 0, 1, 0])


def test_nice_ranges_snap_and_hold() -> None:
    assert [nice_ceil(v) for v in (0.003, 7.0, 10.0, 1001.0)] == [0.005, 10.0, 10.0, 2000.0]
    assert [nice_floor(v) for v in (0.003, 7.0, 10.0, 1999.0)] == [0.002, 5.0, 10.0, 1000.0]
    lo, hi = snap_log(np.log10(2091.0), np.log10(2806.0))
    assert (10**lo, 10**hi) == pytest.approx((2000.0, 5000.0))
    assert settle((3.0, 3.7), 3.32, 3.45, log=True) == (3.0, 3.7)  # still fits: kept
    assert settle((3.0, 3.7), 2.9, 3.45, log=True) != (3.0, 3.7)  # the data left: moved
    assert epoch_span(1000, 10) == (0.0, 1000.0) and epoch_span(1000, 1500) == (0.0, 2000.0)
