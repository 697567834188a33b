"""Many runs' lines as one plot item, decimated to the pixels they cover.

A pane with fifty runs spent most of a frame in fifty :class:`pyqtgraph.PlotDataItem` s: each
``setData`` recomputes bounds, downsampling and clipping (about 1 ms), and each item repaints
on its own. :class:`RunLines` keeps every run's arrays and strokes them in one ``paint``, in
device pixels (as :class:`~optiviz.plots.curves.DeviceCurve` does, square caps, cosmetic
pens), after cutting each line down to what its pixels can show:

- a line whose x grows (a curve over the epochs) is cut to the view's columns and keeps at
  most its lowest and highest point in each pixel column (peak decimation: a spike stays);
- every line (a path on the loss surface, and a curve after the above) drops points that
  fall in the same pixel as the point before them.

Outlines (shadow pens) are stroked first, all in one stroke, then the lines over them: a
line never hides under another run's outline.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QPainter, QPen, QTransform

from optiviz.plots.curves import device_ratio
from optiviz.plots.decimate import EDGE, Segments, peak_decimate, pixel_decimate, to_device
from optiviz.plots.line_layers import GrowingLayers, layer_key


@lru_cache(maxsize=512)
def line_pen(
    color: str, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine, alpha: int = 255
) -> QPen:
    """A run's pen, made once (fifty runs fed every frame made 3,000 pens a second)."""
    qcolor = pg.mkColor(color)
    qcolor.setAlpha(alpha)
    return pg.mkPen(qcolor, width=width, style=style)


@dataclass
class _Line:
    x: np.ndarray
    y: np.ndarray
    pen: QPen
    shadow: QPen | None  # stroked first, under the pen (an outline)
    visible: bool
    monotone: bool
    connect: np.ndarray | None


#: A line in device pixels: x, y and pyqtgraph's "point i joins point i + 1" (None: all do).
Part = tuple[np.ndarray, np.ndarray, np.ndarray | None]


@dataclass
class _Drawn:
    part: Part
    pen: QPen
    shadow: QPen | None


class RunLines(pg.GraphicsObject):
    """Lines keyed by run, stroked together; add it to a plot with ``ignoreBounds=True`` (it
    covers the view, whatever its data)."""

    def __init__(self, *, growing: bool = False) -> None:
        """``growing``: the lines are paths that mostly grow at their ends (the runs' paths on
        the loss surface), kept as layers that take only new points."""
        super().__init__()
        self._growing = growing
        self._lines: dict[int, _Line] = {}
        self._segments = Segments()
        self._device_pens: dict[tuple[int, float], tuple[QPen, QPen]] = {}
        #: What was stroked, kept to add only new points (see :mod:`optiviz.plots.line_layers`)
        self._layers: GrowingLayers | None = None
        self._stale = True  # the layers no longer match the lines
        self.setFlag(self.GraphicsItemFlag.ItemUsesExtendedStyleOption)

    # -- feeding -------------------------------------------------------------------------------
    def set_line(
        self,
        key: int,
        x: np.ndarray,
        y: np.ndarray,
        pen: QPen,
        *,
        shadow: QPen | None = None,
        visible: bool = True,
        monotone: bool = False,
        connect: np.ndarray | None = None,
    ) -> None:
        """Draw line ``key`` through ``x, y`` (data units; ``monotone``: x never falls)."""
        line = _Line(
            np.asarray(x, dtype=np.float64),
            np.asarray(y, dtype=np.float64),
            pen,
            shadow,
            visible,
            monotone,
            None if connect is None else np.asarray(connect, dtype=np.int32),
        )
        if self._growing and not self._extends(self._lines.get(key), line):
            self._stale = True
        self._lines[key] = line
        self.update()

    @staticmethod
    def _extends(old: _Line | None, new: _Line) -> bool:
        """Whether ``new`` is ``old`` with points added at the end, drawn the same way."""
        if old is None or new.monotone or old.monotone:
            return False
        n = len(old.x)
        if (
            len(new.x) < n
            or new.pen is not old.pen
            or new.shadow is not old.shadow
            or new.visible != old.visible
            or (new.connect is None) != (old.connect is None)
        ):
            return False
        if (
            old.connect is not None
            and new.connect is not None
            and not np.array_equal(new.connect[: n - 1], old.connect[: n - 1])
        ):
            return False
        # bytes, not np.array_equal: a NaN equals itself, and fifty runs compare every frame
        return new.x[:n].tobytes() == old.x.tobytes() and new.y[:n].tobytes() == old.y.tobytes()

    def set_visible(self, key: int, visible: bool) -> None:
        line = self._lines.get(key)
        if line is not None and line.visible != visible:
            line.visible = visible
            self._stale = True
            self.update()

    def set_pen(self, key: int, pen: QPen) -> None:
        line = self._lines.get(key)
        if line is not None:
            line.pen = pen
            self._stale = True
            self.update()

    def set_shadows(self, shadow: QPen) -> None:
        """A new outline for every line that has one (a new theme)."""
        for line in self._lines.values():
            if line.shadow is not None:
                line.shadow = shadow
        self._stale = True
        self.update()

    def remove(self, key: int) -> None:
        if self._lines.pop(key, None) is not None:
            self._stale = True
            self.update()

    def clear(self) -> None:
        self._lines.clear()
        self._stale = True
        self.update()

    def data(self, key: int) -> tuple[np.ndarray, np.ndarray]:
        """Line ``key``'s data as given (before decimation)."""
        line = self._lines[key]
        return line.x, line.y

    def is_shown(self, key: int) -> bool:
        line = self._lines.get(key)
        return line is not None and line.visible

    def keys(self) -> list[int]:
        return list(self._lines)

    def pen(self, key: int) -> QPen:
        return self._lines[key].pen

    # -- drawing -------------------------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        view = self.getViewBox()
        if view is None:
            return QRectF()
        rect = self.viewRect()
        return QRectF() if rect is None else QRectF(rect)

    def viewTransformChanged(self) -> None:
        super().viewTransformChanged()
        self.prepareGeometryChange()

    def lines(self, transform: QTransform, left: float, right: float) -> list[_Drawn]:
        """Each shown line in device pixels, decimated, with its pens."""
        out = []
        for line in self._lines.values():
            if not line.visible or len(line.x) == 0:
                continue
            x, y = to_device(transform, line.x, line.y)
            connect = line.connect
            if line.monotone and transform.m11() > 0 and transform.m21() == 0:
                x, y = peak_decimate(x, y, left - EDGE, right + EDGE)
                connect = None
            x, y, connect = pixel_decimate(x, y, connect)
            out.append(_Drawn((x, y, connect), line.pen, line.shadow))
        return out

    def paint(self, painter: QPainter, option, widget=None) -> None:
        transform = painter.transform()
        if not transform.isAffine() or not self._lines:
            return
        device = transform.mapRect(self.boundingRect())
        ratio = device_ratio(painter)
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        rect = device.toAlignedRect()
        if self._layered(painter) and not rect.isEmpty():
            self._paint_layers(painter, transform, rect, ratio)
        else:
            self._layers = None
            self._stroke_all(painter, self.lines(transform, device.left(), device.right()), ratio)
        painter.restore()

    def _layered(self, painter: QPainter) -> bool:
        """Whether to keep layers: paths only (a curve over the epochs is decimated by its
        columns, which a tail cannot be), on a device without a scale hidden from the
        painter's transform (a high-DPI screen), so an image pixel is a device pixel."""
        if not self._growing or any(line.monotone for line in self._lines.values()):
            return False
        # called with the world transform reset: what is left is the device's own
        device = painter.deviceTransform()
        return (device.m11(), device.m12(), device.m21(), device.m22()) == (1.0, 0.0, 0.0, 1.0)

    def _paint_layers(
        self, painter: QPainter, transform: QTransform, rect: QRect, ratio: float
    ) -> None:
        key = layer_key(transform, rect)
        layers = self._layers
        if layers is None or layers.key != key or self._stale:
            layers = self._layers = GrowingLayers.blank(key)
            drawn = self.lines(transform, rect.left(), rect.right())
            self._stroke_into(layers, drawn, ratio)
            layers.drawn = {k: len(line.x) for k, line in self._lines.items() if line.visible}
            self._stale = False
        else:
            tails = []
            for k, line in self._lines.items():
                done = layers.drawn.get(k, 0)
                if line.visible and len(line.x) > done:
                    tails.append(self._tail(transform, line, max(done - 1, 0)))
                    layers.drawn[k] = len(line.x)
            if tails:
                self._stroke_into(layers, tails, ratio)
        layers.show(painter)

    def _tail(self, transform: QTransform, line: _Line, start: int) -> _Drawn:
        """``line`` from point ``start`` on, in device pixels, decimated."""
        x, y = to_device(transform, line.x[start:], line.y[start:])
        connect = None if line.connect is None else line.connect[start:]
        x, y, connect = pixel_decimate(x, y, connect)
        return _Drawn((x, y, connect), line.pen, line.shadow)

    def _stroke_into(self, layers: GrowingLayers, drawn: list[_Drawn], ratio: float) -> None:
        outlines = layers.painter(layers.outlines)
        lines = layers.painter(layers.lines)
        self._stroke_all(outlines, drawn, ratio, lines)
        outlines.end()
        lines.end()

    def _stroke_all(
        self,
        painter: QPainter,
        drawn: list[_Drawn],
        ratio: float,
        line_painter: QPainter | None = None,
    ) -> None:
        """Stroke ``drawn``: the outlines first, all lines' under one pen in one stroke (fifty
        strokes of the widest pen were half of a surface's paint), then each line over them,
        with ``line_painter`` if given."""
        shadows: dict[int, tuple[QPen, list[Part]]] = {}
        for line in drawn:
            if line.shadow is not None:
                shadows.setdefault(id(line.shadow), (line.shadow, []))[1].append(line.part)
        segments = self._segments
        for shadow, parts in shadows.values():
            segments.set(parts)
            self._stroke(painter, segments, shadow, ratio)
        for line in drawn:
            segments.set([line.part])
            self._stroke(line_painter or painter, segments, line.pen, ratio)

    def _stroke(self, painter: QPainter, segments: Segments, pen: QPen, ratio: float) -> None:
        if pen.style() == Qt.PenStyle.NoPen:
            return
        painter.setPen(self._device_pen(pen, ratio))
        segments.draw(painter)

    def _device_pen(self, pen: QPen, ratio: float) -> QPen:
        """``pen`` for device pixels: scaled by ``ratio``, square caps, cosmetic (made once a
        pen: 150 strokes a frame made as many pens)."""
        made = self._device_pens.get((id(pen), ratio))
        if made is not None and made[0] is pen:
            return made[1]
        device_pen = QPen(pen)
        device_pen.setWidthF(max(pen.widthF(), 1.0) * ratio)
        device_pen.setCapStyle(Qt.PenCapStyle.SquareCap)
        device_pen.setCosmetic(True)
        if len(self._device_pens) > 512:
            self._device_pens.clear()
        self._device_pens[(id(pen), ratio)] = (pen, device_pen)  # the pen kept: its id stays
        return device_pen
