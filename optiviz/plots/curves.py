"""Curves stroked in device pixels with square caps, which Qt does many times faster.

Qt's raster engine rasterizes an antialiased line segment by segment (fast) only when there is
no scaling transform and the pen's cap is square or flat; otherwise it builds the outline of
the whole stroke and fills it. A plot's view scales, and pyqtgraph's pens have round caps: the
13 long segments of a diverged run's path, 4.5 px wide, took about 5 ms that way against
0.1 ms here. The pens are cosmetic (widths in pixels), so the picture is the same but for the
caps at the very ends of a curve. The curve is also cut down to the pixels it covers
(:mod:`optiviz.plots.decimate`): a converged path of 1,000 points took 1.8 ms of a 5 ms frame.

Pen widths are logical pixels: drawn in device coordinates they are multiplied by the paint
device's pixel ratio, so a 2-pixel curve is 4 device pixels wide on a screen scaled by 2.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import OpenGLHelpers
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen

from optiviz.plots.decimate import EDGE, peak_decimate, pixel_decimate, to_device


def device_ratio(painter: QPainter) -> float:
    """Device pixels per logical pixel of what ``painter`` paints on (2 on a screen scaled by
    2; 1 for a recorder's plain image)."""
    device = painter.device()
    return float(device.devicePixelRatioF()) if device is not None else 1.0


class DeviceCurve(pg.PlotCurveItem):
    """A :class:`pyqtgraph.PlotCurveItem` whose outline (pen and shadow pen) is stroked in
    device coordinates; fills, step mode and OpenGL are left to pyqtgraph."""

    def paint(self, painter: QPainter, option, widget) -> None:
        opts = self.opts
        if (
            opts["fillLevel"] is not None
            or opts["stepMode"]
            or opts["compositionMode"] is not None
            or self.xData is None
            or len(self.xData) == 0
            or not painter.transform().isAffine()
            or not all(pen is None or pen.isCosmetic() for pen in (opts["pen"], opts["shadowPen"]))
            or isinstance(widget, OpenGLHelpers.GraphicsViewGLWidget)
        ):
            super().paint(painter, option, widget)
            return
        path = self.device_path(painter)
        ratio = device_ratio(painter)
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, bool(opts["antialias"]))
        for pen in (opts["shadowPen"], opts["pen"]):
            if pen is None or pen.style() == Qt.PenStyle.NoPen:
                continue
            pen = QPen(pen)
            pen.setWidthF(max(pen.widthF(), 1.0) * ratio)
            pen.setCapStyle(Qt.PenCapStyle.SquareCap)
            painter.setPen(pen)
            painter.drawPath(path)
        painter.restore()

    def device_path(self, painter: QPainter) -> QPainterPath:
        """The curve in device pixels, cut down to the pixels it covers (see
        :mod:`optiviz.plots.decimate`); a curve with gaps other than NaNs (pyqtgraph's "pairs"
        or an array) is mapped whole.

        It stays one path: as separate lines (what :class:`~optiviz.plots.run_lines.RunLines`
        draws for many runs, four times faster) the square ends of a smooth curve's short
        segments make it look bolder, and flat ends leave seams.
        """
        transform = painter.transform()
        connect = self.opts["connect"]
        if not isinstance(connect, str) or connect not in ("all", "finite"):
            return transform.map(self.getPath())
        x, y = to_device(transform, self.xData, self.yData)
        if len(x) > 2 and transform.m21() == 0 and transform.m11() > 0 and is_sorted(x):
            view = self.viewRect()
            if view is None:
                left, right = -EDGE, float(painter.device().width()) + EDGE
            else:
                span = transform.mapRect(view)
                left, right = span.left() - EDGE, span.right() + EDGE
            x, y = peak_decimate(x, y, left, right)
        x, y, _ = pixel_decimate(x, y, None)
        return pg.arrayToQPath(x, y, connect=connect)


def is_sorted(x: np.ndarray) -> bool:
    """Whether ``x`` never falls (NaNs make it unsorted)."""
    return bool(np.all(x[1:] >= x[:-1]))


class DeviceDataItem(pg.PlotDataItem):
    """A :class:`pyqtgraph.PlotDataItem` (downsampling, clipping, log mode) that draws its line
    with a :class:`DeviceCurve`."""

    #: Made by pyqtgraph's ``__init__``, then replaced by a :class:`DeviceCurve` in ours.
    curve: pg.PlotCurveItem

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        plain = self.curve
        self.curve = DeviceCurve()
        self.curve.setParentItem(self)
        self.curve.sigClicked.connect(self.sigClicked)
        plain.setParentItem(None)
        if plain.scene() is not None:
            plain.scene().removeItem(plain)
        self.updateItems(styleUpdate=True)
