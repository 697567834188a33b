"""Curves stroked in device pixels, which Qt does many times faster.

Qt's raster engine strokes a wide antialiased pen through a scaling transform (a plot's view)
slowly: 13 long segments of a diverged path, 4.5 px wide, take about 5 ms, and the tutorial's
1000-vertex path a millisecond. The same path mapped to pixels first and stroked with no
transform takes 0.1 ms. The pens are cosmetic (widths in pixels), so the picture is the same.
"""

from __future__ import annotations

import pyqtgraph as pg
from pyqtgraph.Qt import OpenGLHelpers
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter


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
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, bool(opts["antialias"]))
        for pen in (opts["shadowPen"], opts["pen"]):
            if pen is None or pen.style() == Qt.PenStyle.NoPen:
                continue
            painter.setPen(pen)
            painter.drawPath(path)
        painter.restore()


class DeviceDataItem(pg.PlotDataItem):
    """A :class:`pyqtgraph.PlotDataItem` (downsampling, clipping, log mode) that draws its line
    with a :class:`DeviceCurve`."""

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
