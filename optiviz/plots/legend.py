"""Legends that stay inside their pane: a smaller font, then two columns, then shorter labels.

A legend is anchored in a corner of its view and never scales with it, so in a small pane (a
recording's 640x360 frame, a race of five runs) long entries such as "SGD lr=1 momentum=0.9 —
diverged at epoch 29" ran past the pane's edge. :func:`fit_legend` sets every entry's text
and then shrinks the legend until it fits in the room it is given.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF

#: Font sizes tried, largest first (points).
FONT_SIZES = (9.0, 8.0, 7.0)
#: The legend may cover at most this share of the view's height (two columns are tried first).
MAX_HEIGHT = 0.7
#: Pixels around each entry's text (Qt's default of 4 makes a row of 9-point text 21 px high).
TEXT_MARGIN = 1.0
ELLIPSIS = "…"
#: The attribute holding a legend's text scale (presenter mode), set by its pane's theme.
TEXT_SCALE = "_optiviz_text_scale"


def set_text_scale(legend: pg.LegendItem, scale: float) -> None:
    """Draw ``legend``'s entries ``scale`` times larger from its next :func:`fit_legend`."""
    setattr(legend, TEXT_SCALE, float(scale))


def font_sizes(legend: pg.LegendItem) -> tuple[float, ...]:
    """The font sizes ``legend`` tries, largest first: :data:`FONT_SIZES` at its scale."""
    scale = getattr(legend, TEXT_SCALE, 1.0)
    return tuple(size * scale for size in FONT_SIZES)


class CompactSample(pg.ItemSample):
    """A legend entry's line sample in a row as high as a line of text, not 20 pixels: five
    runs then fit in a small pane's legend."""

    HEIGHT = 13.0

    def __init__(self, item) -> None:
        super().__init__(item)
        self.setFixedHeight(self.HEIGHT)

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, 20, self.HEIGHT)

    def paint(self, painter, *args) -> None:
        painter.translate(0, self.HEIGHT / 2 - 10)  # pyqtgraph draws it around y = 10..11
        super().paint(painter, *args)


def legend_size(legend: pg.LegendItem) -> tuple[float, float]:
    """The legend's size in pixels once its layout has settled."""
    layout = legend.layout
    layout.invalidate()
    legend.adjustSize()  # back to what the entries need: a wider legend stretches them
    layout.activate()
    legend.updateSize()
    return legend.width(), legend.height()


def set_entries(legend: pg.LegendItem, texts: Sequence[str], size: float, color) -> None:
    """Set the entries' texts as plain text: pyqtgraph's LabelItem renders HTML, and a run's
    label is whatever a scenario file says (``<img src=...>`` must not load anything)."""
    for (_sample, label), text in zip(legend.items, texts, strict=False):
        label.item.document().setDocumentMargin(TEXT_MARGIN)
        label.setText(html.escape(text), size=f"{size:g}pt", color=color)


def shorten(text: str, ending: str, short_ending: str, width: float, size: float) -> str:
    """``text`` cut to ``width`` pixels with an ellipsis before its ``ending`` (a run's fate),
    which becomes ``short_ending``, then nothing, when the run's name would be lost."""
    font = QFont()
    font.setPointSizeF(size)
    metrics = QFontMetricsF(font)
    if metrics.horizontalAdvance(text) <= width:
        return text
    head = text[: len(text) - len(ending)] if ending and text.endswith(ending) else text
    least = metrics.horizontalAdvance(head[:3] + ELLIPSIS)
    tails = (text[len(head) :], short_ending, "")
    tail = next((t for t in tails if width - metrics.horizontalAdvance(t) >= least), "")
    room = max(width - metrics.horizontalAdvance(tail), least)
    return metrics.elidedText(head, Qt.TextElideMode.ElideRight, room) + tail


def fit_legend(
    legend: pg.LegendItem,
    texts: Sequence[str],
    room: tuple[float, float],
    color,
    endings: Sequence[str] = (),
    short_endings: Sequence[str] = (),
    columns: int = 1,
    max_height: float = MAX_HEIGHT,
) -> None:
    """Show ``texts`` in ``legend``, which must fit in ``room`` (width, height in pixels).

    The font shrinks from 9 to 7 points (times the legend's scale), and at each size a legend
    too tall for one column of three entries or more tries two. If nothing fits at the smallest
    font, the entries are shortened with an ellipsis before their ``endings`` (a run's fate;
    ``short_endings`` when even that is too long). ``columns`` is the legend's usual column
    count; ``max_height`` the share of ``room``'s height the legend may take while the font
    still shrinks.
    """
    width, height = room
    if not legend.items or width <= 0 or height <= 0:
        return
    layouts = (columns, 2) if columns == 1 and len(texts) >= 3 else (columns,)
    sizes = font_sizes(legend)
    size = sizes[-1]
    for size in sizes:
        set_entries(legend, texts, size, color)
        for count in layouts:
            if legend.columnCount != count:
                legend.setColumnCount(count)
            w, h = legend_size(legend)
            if w <= width and h <= height * max_height:
                return
    # Nothing fits at the smallest font: two columns if one is too tall, and shorter entries.
    legend.setColumnCount(columns)
    w, h = legend_size(legend)
    count = 2 if columns == 1 and len(texts) >= 3 and h > height else columns
    widest = max(label.itemRect().width() for _sample, label in legend.items)
    text_room = width / count - (w - widest)
    endings = list(endings) + [""] * (len(texts) - len(endings))
    short_endings = list(short_endings) + [""] * (len(texts) - len(short_endings))
    legend.setColumnCount(count)
    for _attempt in range(4):
        short = [
            shorten(t, e, s, text_room, size)
            for t, e, s in zip(texts, endings, short_endings, strict=True)
        ]
        set_entries(legend, short, size, color)
        w, _h = legend_size(legend)
        if w <= width:
            return
        text_room -= (w - width) / count + 1.0
