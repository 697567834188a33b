"""The fit pane: the starting line in view, and a CSV's column names on its axes."""

from __future__ import annotations

from optiviz.engine.problems.data_io import load_csv
from optiviz.engine.problems.library import TUTORIAL_X, TUTORIAL_Y
from optiviz.engine.runs.config import RunConfig
from optiviz.plots.theme import run_color
from tests.app.test_panes import count_color, panes, pixels, session  # noqa: F401


def test_the_line_at_epoch_zero_is_inside_the_data_pane(panes) -> None:  # noqa: F811
    widget = panes(session(RunConfig(), epochs=0))
    pane = widget.fit_pane
    (_x0, _x1), (y0, y1) = pane.plot_item.getViewBox().viewRange()
    # w=1, b=0 on the tutorial's x scaled by 0.1: y = 0.1·x, from -0.4 to 2.8
    assert y0 <= 0.1 * min(TUTORIAL_X) and 0.1 * max(TUTORIAL_X) <= y1
    assert y1 >= max(TUTORIAL_Y)  # and the points are still all in view
    xs, _ys = pane.lines[0].getData()
    assert xs[0] <= min(TUTORIAL_X) and xs[-1] >= max(TUTORIAL_X)  # not cut to the edge
    assert count_color(pixels(pane), run_color(0)) > 150
    pane.grab().save("/tmp/ov/plots/fit_epoch0.png")


def test_csv_column_names_label_the_fit_panes_axes(panes, tmp_path) -> None:  # noqa: F811
    path = tmp_path / "study.csv"
    path.write_text("hours,score\n1,4\n2,6\n3,9\n")
    dataset = load_csv(path)
    assert (dataset.x_name, dataset.y_name) == ("hours", "score")
    widget = panes(session(RunConfig(dataset=dataset), epochs=5))
    plot = widget.fit_pane.plot_item
    assert plot.getAxis("bottom").labelText == "hours (raw units)"
    assert plot.getAxis("left").labelText == "score"
    assert "score = w·hours + b" in plot.titleLabel.text
