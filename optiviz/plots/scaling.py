"""Sizes at a scale: every line, marker and font of a pane drawn ``factor`` times larger.

Presenter mode must read from the back of a room. The panes set their pens and sizes in many
places (building, feeding a mini-batch run, the theme); rather than teach each of them a
scale, :func:`rescale_pane` walks a pane's scene after they did and multiplies what it finds.
Each item remembers the size it was given (its *base*) and the size this module set: a size
that differs from the one set was given afresh by the pane and becomes the new base, so
calling it again (every refresh, a new scale, back to 1) never compounds.
"""

from __future__ import annotations

import math
from typing import Any

import pyqtgraph as pg
from PySide6.QtGui import QFont, QFontMetricsF, QPen

#: The attribute holding an item's ``{what: (base, set)}`` sizes.
MEMO = "_optiviz_scale_memo"
#: A font's size when it has none in points (a pixel-sized font).
FALLBACK_POINTS = 9.0
#: Sizes only this module sets: their values at scale 1, kept on the item.
FIRST = "_optiviz_scale_first"


def scaled_size(item: object, key: str, current: float, factor: float) -> float:
    """``item``'s size ``key`` at ``factor``, given its ``current`` value (see the module)."""
    memo: dict[str, tuple[float, float]] | None = getattr(item, MEMO, None)
    if memo is None:
        memo = {}
        setattr(item, MEMO, memo)
    base, applied = memo.get(key, (current, current))
    if not math.isclose(current, applied, rel_tol=1e-6, abs_tol=1e-9):
        base = current  # given afresh since we last set it
    wanted = base * factor
    memo[key] = (base, wanted)
    return wanted


def first_value(item: object, key: str, current: int) -> int:
    """``item``'s ``key`` as it was before it was first scaled."""
    first: dict[str, int] | None = getattr(item, FIRST, None)
    if first is None:
        first = {}
        setattr(item, FIRST, first)
    return first.setdefault(key, int(current))


def scaled_pen(item: object, key: str, pen: Any, factor: float) -> QPen | None:
    """A copy of ``pen`` as wide as the scale says, or None when nothing changes."""
    if pen is None or isinstance(pen, (str, tuple, list)):
        pen = pg.mkPen(pen) if pen is not None else None
    if not isinstance(pen, QPen) or pen.style() == pen.style().NoPen:
        return None
    width = pen.widthF() or 1.0  # 0 is pyqtgraph's cosmetic one pixel
    wanted = scaled_size(item, key, width, factor)
    if math.isclose(wanted, pen.widthF()):
        return None
    copy = QPen(pen)
    copy.setWidthF(wanted)
    return copy


def _data_item(item: pg.PlotDataItem, factor: float) -> None:
    opts = item.opts
    for key, setter in (
        ("pen", item.setPen),
        ("shadowPen", item.setShadowPen),
        ("symbolPen", item.setSymbolPen),
    ):
        pen = scaled_pen(item, key, opts.get(key), factor)
        if pen is not None:
            setter(pen)
    size = opts.get("symbolSize")
    if opts.get("symbol") is not None and isinstance(size, (int, float)):
        wanted = scaled_size(item, "symbolSize", float(size), factor)
        if not math.isclose(wanted, size):
            item.setSymbolSize(wanted)


def _curve(item: pg.PlotCurveItem, factor: float) -> None:
    for key, setter in (("pen", item.setPen), ("shadowPen", item.setShadowPen)):
        pen = scaled_pen(item, key, item.opts.get(key), factor)
        if pen is not None:
            setter(pen)


def _scatter(item: pg.ScatterPlotItem, factor: float) -> None:
    pen = scaled_pen(item, "pen", item.opts.get("pen"), factor)
    if pen is not None:
        item.setPen(pen)
    size = float(item.opts.get("size", 7))
    wanted = scaled_size(item, "size", size, factor)
    if not math.isclose(wanted, size):
        item.setSize(wanted)


def _font(item: object, key: str, font: QFont, factor: float) -> QFont:
    current = font.pointSizeF() if font.pointSizeF() > 0 else FALLBACK_POINTS
    scaled = QFont(font)
    scaled.setPointSizeF(scaled_size(item, key, current, factor))
    return scaled


def _axis(axis: pg.AxisItem, factor: float) -> None:
    tick = axis.style.get("tickFont") or QFont(axis.font())
    axis.setTickFont(_font(axis, "tickFont", tick, factor))
    if axis.label is not None:
        axis.label.setFont(_font(axis, "labelFont", axis.label.font(), factor))
    along = 0 if axis.orientation in ("left", "right") else 1
    length = first_value(axis, "tickLength", axis.style["tickLength"])
    offset = first_value(axis, "tickTextOffset", axis.style["tickTextOffset"][along])
    if along == 1:  # the tick labels' height, known before they are first painted
        axis.textHeight = QFontMetricsF(axis.style["tickFont"]).height()
    axis.setStyle(tickLength=round(length * factor), tickTextOffset=round(offset * factor))
    pen = scaled_pen(axis, "pen", axis.pen(), factor)
    if pen is not None:
        axis.setPen(pen)
    axis.resizeEvent()  # the label moves out by the larger ticks


def _line(item: pg.InfiniteLine, factor: float) -> None:
    pen = scaled_pen(item, "pen", item.pen, factor)
    if pen is not None:
        item.setPen(pen)


def _arrow(item: pg.ArrowItem, factor: float) -> None:
    head = float(item.opts.get("headLen", 20))
    wanted = scaled_size(item, "headLen", head, factor)
    if not math.isclose(wanted, head):
        item.setStyle(headLen=wanted)


def _target(item: pg.TargetItem, factor: float) -> None:
    size = float(item.scale)  # pyqtgraph's name for the target's size in pixels
    wanted = scaled_size(item, "size", size, factor)
    if not math.isclose(wanted, size):
        item.prepareGeometryChange()
        item.scale = wanted
        item._shape = None  # drawn from the size: made again at the next paint
        item.update()
    pen = scaled_pen(item, "pen", item.pen, factor)
    if pen is not None:
        item.setPen(pen)


def _text(item: pg.TextItem, factor: float) -> None:
    item.setFont(_font(item, "font", item.textItem.font(), factor))


def rescale_items(items: list, factor: float) -> None:
    """Draw ``items`` (a scene's) at ``factor`` times their own sizes."""
    for item in items:
        if factor == 1.0 and not hasattr(item, MEMO):
            continue  # never scaled: left exactly as the pane made it
        parent = item.parentItem()
        if isinstance(item, pg.PlotDataItem):
            _data_item(item, factor)
        elif isinstance(item, pg.PlotCurveItem | pg.ScatterPlotItem) and isinstance(
            parent, pg.PlotDataItem
        ):
            continue  # drawn by its PlotDataItem, scaled there
        elif isinstance(item, pg.PlotCurveItem):
            _curve(item, factor)
        elif isinstance(item, pg.ScatterPlotItem):
            _scatter(item, factor)
        elif isinstance(item, pg.AxisItem):
            _axis(item, factor)
        elif isinstance(item, pg.InfiniteLine):
            _line(item, factor)
        elif isinstance(item, pg.ArrowItem):
            _arrow(item, factor)
        elif isinstance(item, pg.TargetItem):
            _target(item, factor)
        elif isinstance(item, pg.TextItem):
            _text(item, factor)


def rescale_pane(pane: pg.PlotWidget, factor: float) -> None:
    """Every line, marker and axis font of ``pane`` at ``factor`` times its own size."""
    scene = pane.scene()
    if scene is not None:
        rescale_items(list(scene.items()), factor)
