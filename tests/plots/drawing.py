"""Drawing a plot offscreen and reading its pixels back."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor, QImage

from optiviz.plots.theme import Theme

SIZE = (400, 400)


def plot_widget(qtbot, theme: Theme) -> pg.PlotWidget:
    widget = pg.PlotWidget(background=theme.background)
    qtbot.addWidget(widget)
    widget.resize(*SIZE)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def pixels(widget) -> np.ndarray:
    """The widget as drawn, ``(h, w, 3)`` RGB uint8."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    h, w, stride = image.height(), image.width(), image.bytesPerLine()
    data = np.frombuffer(image.constBits(), dtype=np.uint8, count=h * stride)
    return data.reshape(h, stride)[:, : w * 3].reshape(h, w, 3).copy()


def near(rgb: np.ndarray, color, tolerance: int = 12) -> np.ndarray:
    """Where ``rgb`` is within ``tolerance`` of ``color`` (a name or an RGB triple)."""
    if isinstance(color, str):
        c = QColor(color)
        color = (c.red(), c.green(), c.blue())
    target = np.asarray(color, dtype=np.int16)
    return np.abs(rgb.astype(np.int16) - target).max(axis=-1) <= tolerance


def at(widget: pg.PlotWidget, x: float, y: float) -> tuple[int, int]:
    """The (row, column) of data point ``x, y`` in the widget's grab."""
    plot = widget.getPlotItem()
    scene_point = plot.getViewBox().mapViewToScene(pg.Point(x, y))
    view_point = widget.mapFromScene(scene_point)
    return int(view_point.y()), int(view_point.x())


def scene_items(widget: pg.PlotWidget) -> int:
    return len(widget.scene().items())
