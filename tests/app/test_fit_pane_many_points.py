"""The fit pane draws at most MAX_DRAWN points of a big data set, always the same ones, and
says so; small data sets are drawn whole."""

from __future__ import annotations

import numpy as np

from optiviz.engine.problems.library import Dataset
from optiviz.engine.runs.config import RunConfig
from optiviz.plots.fit_pane import MAX_DRAWN, drawn_points
from optiviz.plots.theme import run_color
from tests.app.test_panes import count_color, panes, pixels, session  # noqa: F401

POINTS = 60_000


def big_dataset() -> Dataset:
    rng = np.random.default_rng(4)
    x = rng.uniform(0, 100, POINTS)
    return Dataset(x, 0.5 * x + 20 + rng.normal(0, 3, POINTS), "standardize")


def test_a_big_data_set_is_drawn_as_a_fixed_subset_with_its_extremes(panes) -> None:  # noqa: F811
    data = big_dataset()
    widget = panes(session(RunConfig(dataset=data), epochs=3))
    pane = widget.fit_pane
    drawn = pane.scatter.points()
    assert len(drawn) == MAX_DRAWN < POINTS
    xs = np.array([p.pos().x() for p in drawn])
    ys = np.array([p.pos().y() for p in drawn])
    x, y = data.arrays
    assert xs.min() == x.min() and xs.max() == x.max()
    assert ys.min() == y.min() and ys.max() == y.max()
    pairs = set(zip(x.tolist(), y.tolist(), strict=True))
    assert all((a, b) in pairs for a, b in zip(xs.tolist(), ys.tolist(), strict=True))
    assert f"{MAX_DRAWN:,} of {POINTS:,} drawn" in pane.plot_item.titleLabel.text
    assert f"{MAX_DRAWN:,} of the {POINTS:,} points are drawn" in pane.scatter.toolTip()
    assert count_color(pixels(pane), run_color(0)) > 150  # the fitted line is drawn over them
    again = drawn_points(Dataset(x.copy(), y.copy(), "standardize"))
    assert np.array_equal(again[0], xs) and np.array_equal(again[1], ys)


def test_a_small_data_set_is_drawn_whole(panes) -> None:  # noqa: F811
    widget = panes(session(RunConfig(), epochs=3))
    pane = widget.fit_pane
    assert len(pane.scatter.points()) == 11
    assert "drawn" not in pane.plot_item.titleLabel.text
    assert pane.scatter.toolTip() == ""
