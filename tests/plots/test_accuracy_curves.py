"""Accuracy curves on a right axis: 0-100 %, x linked to the loss plot, drawn per run."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from optiviz.plots.accuracy_curves import AccuracyCurves
from optiviz.plots.theme import DARK, run_color
from tests.plots.drawing import near, pixels, plot_widget, scene_items


def view_pixel(widget: pg.PlotWidget, view: pg.ViewBox, x: float, y: float) -> tuple[int, int]:
    point = widget.mapFromScene(view.mapViewToScene(pg.Point(x, y)))
    return int(point.y()), int(point.x())


def on_each_other(a: pg.ViewBox, b: pg.ViewBox) -> bool:
    ra, rb = a.sceneBoundingRect(), b.sceneBoundingRect()
    ends = (ra.left(), ra.top(), ra.right(), ra.bottom())
    return bool(np.allclose(ends, (rb.left(), rb.top(), rb.right(), rb.bottom()), atol=1.0))


def test_accuracy_is_drawn_on_a_right_axis_from_0_to_100_percent(qtbot) -> None:
    widget = plot_widget(qtbot, DARK)
    plot = widget.getPlotItem()
    plot.setLogMode(y=True)  # the loss's own axis, unaffected
    plot.plot([1, 2, 3, 4], [1.0, 0.1, 0.01, 0.001])
    curves = AccuracyCurves(plot, DARK, test_fraction=0.2)
    train = np.array([0.5, 0.7, 0.9, 0.95])
    test = np.array([0.5, 0.6, 0.8, 0.85])
    curves.set_run(0, run_color(1), train, test, label="Adam")
    plot.setXRange(1, 4, padding=0)
    image = pixels(widget)
    assert plot.getAxis("right").isVisible() and plot.getAxis("right").linkedView() is curves.view
    assert curves.view.viewRange()[1] == [0.0, 100.0]
    assert np.allclose(curves.view.viewRange()[0], plot.getViewBox().viewRange()[0])  # x linked
    assert on_each_other(curves.view, plot.getViewBox())
    drawn = near(image, run_color(1), 40)
    for x, y in ((2.5, 80.0), (2.5, 70.0)):  # halfway along train, then test
        r, c = view_pixel(widget, curves.view, x, y)
        assert drawn[r - 3 : r + 4, c - 3 : c + 4].any(), (x, y)
    r, c = view_pixel(widget, curves.view, 2.5, 30.0)
    assert not drawn[r - 3 : r + 4, c - 3 : c + 4].any()
    assert "held-out 20 %" in curves.curves[0][1].toolTip()
    assert curves.curves[0][1].toolTip().startswith("Adam: ")
    # a resized pane keeps the two views on each other; a new x range moves both
    widget.resize(500, 300)
    pixels(widget)
    assert on_each_other(curves.view, plot.getViewBox())
    plot.setXRange(0, 10, padding=0)
    assert np.allclose(curves.view.viewRange()[0], [0.0, 10.0])


def test_feeding_a_run_again_makes_no_new_items(qtbot) -> None:
    widget = plot_widget(qtbot, DARK)
    curves = AccuracyCurves(widget.getPlotItem(), DARK)
    curves.set_run(0, run_color(0), np.array([0.5]), np.array([0.4]))
    pixels(widget)
    before = scene_items(widget)
    for n in range(2, 6):
        curves.set_run(0, run_color(0), np.linspace(0.5, 1, n), np.linspace(0.4, 0.9, n))
    pixels(widget)
    assert scene_items(widget) == before
    assert np.allclose(curves.curves[0][0].getData()[1], np.linspace(50, 100, 5))
    legend = pg.LegendItem()
    curves.add_to_legend(legend)
    assert [label.text for _s, label in legend.items] == list(curves.legend_texts())
    curves.remove(0)
    assert scene_items(widget) == before - 2
