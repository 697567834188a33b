"""Curves cut down to their pixels and stroked as lines: fewer segments, the same picture."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen

from optiviz.plots.curves import DeviceCurve
from optiviz.plots.decimate import Segments, peak_decimate, pixel_decimate
from optiviz.plots.theme import get_theme
from tests.plots.drawing import near, pixels, plot_widget


def spiral(n: int) -> tuple[np.ndarray, np.ndarray]:
    """A path that converges, as an optimizer's does: most of its points in a few pixels."""
    t = np.linspace(0, 12, n)
    radius = np.exp(-t / 2)
    return radius * np.cos(4 * t), radius * np.sin(4 * t)


def test_segments_leave_out_nan_ends_and_breaks() -> None:
    x = np.array([0.0, 1.0, np.nan, 3.0, 4.0, 5.0])
    y = np.zeros(6)
    segments = Segments()
    segments.set([(x, y, None)])
    assert segments.count == 3  # 0-1, 3-4, 4-5: both segments touching the NaN are gone
    segments.set([(x, y, np.array([1, 1, 1, 0, 1, 1]))])
    assert segments.count == 2  # and 3-4 is a break
    segments.set([(x[:1], y[:1], None), (np.arange(3.0), np.ones(3), None)])
    assert segments.count == 2


def test_pixel_decimation_keeps_one_point_per_pixel_run() -> None:
    x, y = spiral(20_000)
    px, py = 200 + 150 * x, 200 + 150 * y
    dx, dy, _ = pixel_decimate(px, py, None)
    assert len(dx) < len(px) / 4
    assert (dx[0], dy[0], dx[-1], dy[-1]) == (px[0], py[0], px[-1], py[-1])
    cells = set(zip(np.floor(px).astype(int), np.floor(py).astype(int), strict=True))
    kept = set(zip(np.floor(dx).astype(int), np.floor(dy).astype(int), strict=True))
    assert kept == cells  # every pixel the path visits keeps a point


def test_peak_decimation_keeps_a_spike() -> None:
    x = np.linspace(0, 100, 10_000)
    y = np.zeros_like(x)
    y[5_000] = 50.0
    dx, dy = peak_decimate(x, y, 0, 100)
    assert len(dx) <= 2 * 101 + 2
    assert dy.max() == 50.0


def test_a_converged_path_draws_as_the_whole_path_would(qtbot) -> None:
    theme = get_theme("dark")
    widget = plot_widget(qtbot, theme)
    x, y = spiral(20_000)
    color = "#ff5533"
    curve = DeviceCurve(x, y, pen=pg.mkPen(color, width=2.5), antialias=True)
    widget.addItem(curve)
    widget.setRange(xRange=(-1.1, 1.1), yRange=(-1.1, 1.1), padding=0)
    drawn = near(pixels(widget), color, 40)
    # every point kept: a ``connect`` array makes the curve map its whole path
    widget.removeItem(curve)
    whole = DeviceCurve(
        x, y, pen=pg.mkPen(color, width=2.5), antialias=True, connect=np.ones(len(x), dtype=int)
    )
    widget.addItem(whole)
    reference = near(pixels(widget), color, 40)
    assert reference.sum() > 2_000
    assert (drawn != reference).sum() < 0.01 * reference.sum()


def test_a_translucent_pen_has_no_dark_joins() -> None:
    """Separate segments would blend twice where they meet; a translucent pen strokes a path."""
    image = QImage(100, 40, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    segments = Segments()
    x = np.array([10.0, 50.0, 90.0])
    segments.set([(x, np.array([20.0, 20.0, 20.0]), None)])
    painter = QPainter(image)
    pen = QPen(QColor(0, 0, 0, 100))
    pen.setWidthF(4)
    pen.setCapStyle(Qt.PenCapStyle.SquareCap)
    painter.setPen(pen)
    segments.draw(painter)
    painter.end()
    join, middle = QColor(image.pixel(50, 20)), QColor(image.pixel(30, 20))
    assert middle.red() < 255
    assert abs(join.red() - middle.red()) <= 2
