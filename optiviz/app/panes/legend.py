"""Legends that stay inside their pane: a smaller font, then two columns, then shorter labels.

A legend is anchored in a corner of its view and never scales with it, so in a small pane (a
recording's 640x360 frame, a race of five runs) long entries such as "SGD lr=1 momentum=0.9 —
diverged at epoch 29" ran past the pane's edge. :func:`fit_legend` sets every entry's text
and then shrinks the legend until it fits in the room it is given.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF

#: Font sizes tried, largest first (points).
FONT_SIZES = (9.0, 8.0, 7.0)
#: The legend may cover at most this share of the view's height (two columns are tried first).
MAX_HEIGHT = 0.7
ELLIPSIS = "…"


def legend_size(legend: pg.LegendItem) -> tuple[float, float]:
    """The legend's size in pixels once its layout has settled."""
    layout = legend.layout
    layout.invalidate()
    layout.activate()
    legend.updateSize()
    return legend.width(), legend.height()


def set_entries(legend: pg.LegendItem, texts: Sequence[str], size: float, color) -> None:
    for (_sample, label), text in zip(legend.items, texts, strict=False):
        label.setText(text, size=f"{size:g}pt", color=color)


def elide(text: str, keep: str, width: float, size: float) -> str:
    """``text`` shortened with an ellipsis to ``width`` pixels; its ending ``keep`` (a run's
    fate) stays whole."""
    font = QFont()
    font.setPointSizeF(size)
    metrics = QFontMetricsF(font)
    if metrics.horizontalAdvance(text) <= width:
        return text
    head = text[: len(text) - len(keep)] if keep and text.endswith(keep) else text
    tail = text[len(head) :]
    room = max(width - metrics.horizontalAdvance(tail), metrics.horizontalAdvance("SGD…"))
    return metrics.elidedText(head, Qt.TextElideMode.ElideRight, room) + tail


def fit_legend(
    legend: pg.LegendItem,
    texts: Sequence[str],
    room: tuple[float, float],
    color,
    endings: Sequence[str] = (),
    columns: int = 1,
) -> None:
    """Show ``texts`` in ``legend``, which must fit in ``room`` (width, height in pixels).

    The font shrinks from 9 to 7 points; a legend still too tall takes a second column if it is
    narrow enough; one still too wide has its entries shortened, keeping their ``endings``.
    ``columns`` is the legend's usual column count (one entry per row unless told).
    """
    width, height = room
    if not legend.items or width <= 0 or height <= 0:
        return
    if legend.columnCount != columns:
        legend.setColumnCount(columns)
    size = FONT_SIZES[0]
    for size in FONT_SIZES:
        set_entries(legend, texts, size, color)
        w, h = legend_size(legend)
        if w <= width and h <= height * MAX_HEIGHT:
            return
    if columns == 1 and len(texts) >= 3 and h > height * MAX_HEIGHT:
        legend.setColumnCount(2)
        if legend_size(legend)[0] <= width:
            return
        legend.setColumnCount(1)
        w, h = legend_size(legend)
    if w <= width:
        return
    # Still too wide at the smallest font: shorten every entry to what is left for its text.
    widest = max(label.itemRect().width() for _sample, label in legend.items)
    text_room = max(widest - (w - width), 20.0)
    padded = list(endings) + [""] * (len(texts) - len(endings))
    short = [elide(t, e, text_room, size) for t, e in zip(texts, padded, strict=True)]
    set_entries(legend, short, size, color)
    legend_size(legend)
