"""A race past a dozen runs: every pane draws its runs as a few batched items, the same
picture the per-run items draw (pixels, data and item counts)."""

from __future__ import annotations

import numpy as np
import pytest

from optiviz.engine.runs.config import RunConfig
from optiviz.plots import epoch_pane, fit_pane, surface_pane
from optiviz.plots.run_dots import MANY_RUNS
from optiviz.plots.theme import run_color
from tests.app.test_panes import count_color, panes, pixels, session  # noqa: F401


def lr_fan(count: int) -> list[RunConfig]:
    return [RunConfig(lr=float(lr)) for lr in np.geomspace(1e-3, 0.1, count)]


def plot_items(pane) -> int:
    return len(pane.plot_item.items)


def test_items_do_not_grow_with_the_runs_past_a_dozen(panes) -> None:  # noqa: F811
    few, many = (
        panes(session(*lr_fan(MANY_RUNS + 1), epochs=5)),
        panes(session(*lr_fan(50), epochs=5)),
    )
    more = 50 - (MANY_RUNS + 1)
    assert plot_items(few.fit_pane) == plot_items(many.fit_pane)
    # the loss pane keeps a triangle a run for where it leaves the top, the surface an arrow
    # for where it leaves the view: hidden, and fed only while they show
    assert plot_items(many.loss_pane) - plot_items(few.loss_pane) == more
    assert plot_items(many.surface_pane) - plot_items(few.surface_pane) == more
    loss = many.loss_pane
    assert not loss.dots and set(loss.line_batch.keys()) == set(range(50))
    assert not many.fit_pane.lines and many.fit_pane.batched == set(range(50))
    assert not many.surface_pane.paths and set(many.surface_pane.path_batch.keys()) == set(
        range(50)
    )


def test_batched_curves_and_dots_hold_each_runs_numbers(panes) -> None:  # noqa: F811
    state = session(*lr_fan(20), epochs=30)
    widget = panes(state)
    loss = widget.loss_pane
    for run in state.runs:
        x, y = loss.line_batch.data(run.id)
        np.testing.assert_array_equal(x, np.arange(1, 31))
        np.testing.assert_allclose(10**y, run.history.loss)  # a log axis: decades
    dots_x, dots_y = loss.dot_batch.getData()
    np.testing.assert_array_equal(dots_x, np.full(20, 30.0))
    np.testing.assert_allclose(10**dots_y, [run.history.loss[-1] for run in state.runs])
    points = widget.surface_pane.point_batch.getData()
    ends = np.array([run.history.params_at(30) for run in state.runs])
    np.testing.assert_allclose(np.column_stack(points), ends)
    widget.refresh(epoch=10)  # scrubbed: the dots and points go back with the marker
    np.testing.assert_array_equal(loss.dot_batch.getData()[0], np.full(20, 10.0))
    points = np.column_stack(widget.surface_pane.point_batch.getData())
    np.testing.assert_allclose(points, [run.history.params_at(10) for run in state.runs])


def test_every_run_of_a_race_is_drawn_in_its_colour(panes) -> None:  # noqa: F811
    state = session(*lr_fan(20), epochs=20)  # before the fast runs' lines meet
    widget = panes(state)
    for pane in (widget.loss_pane, widget.fit_pane, widget.surface_pane):
        rgb = pixels(pane)
        drawn = [count_color(rgb, run_color(i), tolerance=6) > 10 for i in range(20)]
        assert sum(drawn) >= 17, (pane, drawn)  # a few may hide under the others


@pytest.mark.parametrize("name", ["loss_pane", "fit_pane", "surface_pane"])
def test_batched_drawing_looks_like_an_item_per_run(
    panes,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    name: str,
) -> None:
    state = session(*lr_fan(MANY_RUNS + 2), epochs=100)
    together = panes(state)
    batched = pixels(getattr(together, name))
    for module in (epoch_pane, fit_pane, surface_pane):
        monkeypatch.setattr(module, "MANY_RUNS", 1000)
    single = panes(state)
    assert not single.loss_pane.dot_batch.isVisible() and single.loss_pane.dots
    apart = pixels(getattr(single, name))
    assert batched.shape == apart.shape
    differ = (np.abs(batched.astype(int) - apart.astype(int)).max(axis=2) > 40).mean()
    assert differ < 0.01, differ  # the dots' order and the curves' very ends may differ
    assert (batched != apart).any() or name == "fit_pane"  # the batched items were drawn


def test_a_hidden_run_leaves_the_batch_and_the_legend(panes) -> None:  # noqa: F811
    state = session(*lr_fan(20), epochs=30)
    state.runs[3].visible = False
    widget = panes(state)
    loss = widget.loss_pane
    assert not loss.line_batch.is_shown(3) and loss.line_batch.is_shown(4)
    assert len(loss.dot_batch.getData()[0]) == 19
    assert not widget.fit_pane.line_batch.is_shown(3)
    assert len(widget.surface_pane.point_batch.getData()[0]) == 19
    assert loss.legend_texts[-1] == "+ 15 more runs"


def test_a_new_theme_repaints_the_batched_outlines(panes) -> None:  # noqa: F811
    state = session(*[RunConfig(lr=lr, batch_size=4) for lr in np.geomspace(1e-3, 0.05, 14)])
    widget = panes(state, theme="dark")
    loss = widget.loss_pane
    dark = loss.theme.background
    assert any(s is not None and s.color().name() == dark for s in _shadows(loss))
    widget.set_theme("light")
    light = loss.theme.background
    assert light != dark
    assert all(s.color().name() == light for s in _shadows(loss) if s is not None)


def _shadows(pane) -> list:
    return [pane.line_batch._lines[key].shadow for key in pane.line_batch.keys()]
