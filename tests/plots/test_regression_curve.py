"""The regression picture: the fitted curve in its colour, test points hollow."""

from __future__ import annotations

import numpy as np

from optiviz.plots.regression_curve import RegressionCurve
from optiviz.plots.theme import DARK, run_color
from tests.plots.drawing import at, near, pixels, plot_widget, scene_items


def test_curve_follows_the_predictions_and_test_points_are_hollow(qtbot) -> None:
    widget = plot_widget(qtbot, DARK)
    plot = widget.getPlotItem()
    picture = RegressionCurve(plot, DARK)
    picture.set_points(np.array([[-2.0]]), np.array([1.0]), np.array([[2.0]]), np.array([1.0]))
    xs = np.linspace(-3, 3, 200)
    picture.update(xs, np.sin(xs))
    plot.setRange(xRange=(-3, 3), yRange=(-1.5, 1.5), padding=0)
    image = pixels(widget)
    curve = near(image, run_color(0), 40)
    for x in (-2.5, 0.0, 1.0):
        r, c = at(widget, x, np.sin(x))
        assert curve[r - 2 : r + 3, c - 2 : c + 3].any(), x
    r, c = at(widget, 0.0, 1.0)
    assert not curve[r - 3 : r + 4, c - 3 : c + 4].any()
    r, c = at(widget, -2.0, 1.0)
    assert near(image[r - 1 : r + 2, c - 1 : c + 2], DARK.foreground, 20).all()  # filled
    r, c = at(widget, 2.0, 1.0)
    assert near(image[r, c], DARK.background, 6)  # hollow
    assert near(image[r - 5 : r + 6, c - 5 : c + 6], DARK.foreground, 40).sum() >= 8
    before = scene_items(widget)
    picture.update(xs, np.cos(xs))
    pixels(widget)
    assert scene_items(widget) == before
    assert np.allclose(picture.curve.getData()[1], np.cos(xs))
