"""Curves stroked in device pixels with square caps, which Qt does many times faster.

Qt's raster engine rasterizes an antialiased line segment by segment (fast) only when there is
no scaling transform and the pen's cap is square or flat; otherwise it builds the outline of
the whole stroke and fills it. A plot's view scales, and pyqtgraph's pens have round caps: the
13 long segments of a diverged run's path, 4.5 px wide, took about 5 ms that way against
0.1 ms here. The pens are cosmetic (widths in pixels), so the picture is the same but for the
caps at the very ends of a curve.

Pen widths are logical pixels: drawn in device coordinates they are multiplied by the paint
device's pixel ratio, so a 2-pixel curve is 4 device pixels wide on a screen scaled by 2.
"""

from __future__ import annotations

import pyqtgraph as pg
from pyqtgraph.Qt import OpenGLHelpers
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPen


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
        path = painter.transform().map(self.getPath())
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
