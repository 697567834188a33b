"""The caption bar under the panes: each run's name, learning rate, epoch and loss.

The bar is drawn below the panes rather than over them, so it never hides a curve or the
trajectory; a race gets one entry per run, in the run's colour, in up to two columns.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPen

from optiviz.engine.worker.session_state import RunState, SessionState
from optiviz.plots.i18n import fill, tr
from optiviz.plots.theme import Theme, color_of

SEPARATOR = "  ·  "


@dataclass(frozen=True)
class CaptionEntry:
    color: str
    text: str


def caption_font(size: tuple[int, int]) -> QFont:
    """A font that scales with the frame: 16 px at 1280x720, never under 11 px."""
    width, height = size
    pixels = round(16 * min(width / 1280, height / 720))
    font = QFont()
    font.setPixelSize(max(11, min(pixels, 32)))
    return font


def caption_columns(runs: int, width: int) -> int:
    return 2 if runs > 2 and width >= 640 else 1


def caption_height(runs: int, size: tuple[int, int]) -> int:
    """The bar's height in pixels for ``runs`` entries at frame ``size``."""
    rows = math.ceil(runs / caption_columns(runs, size[0]))
    line = QFontMetrics(caption_font(size)).height()
    return rows * round(line * 1.35) + round(line * 0.6)


def _number(value: float) -> str:
    return f"{value:.6g}" if math.isfinite(value) else str(value)


def start_loss(session: SessionState, run: RunState) -> float:
    """The loss at the start point (what epoch 1 will print), from the problem's own loss."""
    theta = torch.as_tensor(run.history.start, dtype=torch.float32)
    with torch.no_grad():
        return float(session.problem.loss(theta))


def entry_text(session: SessionState, run: RunState, epochs: int) -> str:
    """``SGD lr=0.01  ·  epoch 120 / 1000  ·  loss 39.5`` or its diverged form.

    A mini-batch run reads ``epoch 12 / 100, step 36`` and shows its last epoch's loss (the
    mean of its batch losses); a run with added gradient noise says so, with its σ.
    """
    history = run.history
    n = len(history)
    batched = run.config.batch_size is not None
    parts = [run.label]
    lr = float(history.lr[n - 1]) if n else float(run.config.lr)
    if run.config.scheduler or f"{run.config.lr:g}" not in run.label:
        parts.append(f"lr {lr:.4g}")  # torch's name: the same in every language
    loss = float(history.loss[n - 1]) if n else start_loss(session, run)
    if batched:
        done = history.epochs_done
        loss = float(history.epoch_loss[done - 1]) if done else start_loss(session, run)
    if run.status == "diverged":
        at = run.diverged_at if run.diverged_at is not None else n + 1
        epoch = (at - 1) // history.steps_per_epoch + 1
        if batched:
            parts.append(fill(tr("diverged at step %1 (epoch %2)"), at, epoch))
        else:
            parts.append(fill(tr("diverged at epoch %1"), at))
        if n:
            parts.append(fill(tr("loss %1"), f"{loss:.3g}"))
    else:
        total = run.config.epochs
        ending = tr(" (finished)") if run.status == "finished" and total < epochs else ""
        done = history.epochs_done
        if batched:
            where = fill(tr("epoch %1 / %2, step %3"), done, total, n)
        else:
            where = fill(tr("epoch %1 / %2"), n, total)
        parts.append(f"{where}{ending}")
        parts.append(fill(tr("loss %1"), _number(loss)))
    if run.config.grad_noise > 0:
        parts.append(fill(tr("added gradient noise σ=%1"), f"{run.config.grad_noise:g}"))
    return SEPARATOR.join(p for p in parts if p)


def caption_entries(session: SessionState, epochs: int) -> list[CaptionEntry]:
    return [
        CaptionEntry(color_of(run), entry_text(session, run, epochs))
        for run in session.runs
        if run.visible
    ]


def paint_caption(image: QImage, rect: QRect, entries: list[CaptionEntry], theme: Theme) -> None:
    """Draw the bar into ``rect`` of ``image``."""
    size = (image.width(), image.height())
    font = caption_font(size)
    metrics = QFontMetrics(font)
    line = metrics.height()
    row_height = round(line * 1.35)
    columns = caption_columns(len(entries), rect.width())
    pad = max(6, line // 2)
    column_width = (rect.width() - 2 * pad) // columns
    dot = max(6, round(line * 0.55))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        # only inside the bar: the panes above it are kept between frames, not repainted
        painter.setClipRect(rect)
        painter.fillRect(rect, QColor(theme.background))
        rule = QColor(theme.muted)
        rule.setAlpha(90)
        painter.setPen(QPen(rule, 1))
        top = rect.top() + 0.5  # the middle of the bar's first row of pixels
        painter.drawLine(QPointF(rect.left() + pad, top), QPointF(rect.right() - pad, top))
        painter.setFont(font)
        top = rect.top() + round(line * 0.3)
        for i, entry in enumerate(entries):
            row, column = divmod(i, columns)
            x = rect.left() + pad + column * column_width
            y = top + row * row_height
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(entry.color))
            painter.drawEllipse(QRectF(x, y + (row_height - dot) / 2, dot, dot))
            text_x = x + dot + pad // 2 + 2
            width = column_width - (text_x - x) - pad
            text = metrics.elidedText(entry.text, Qt.TextElideMode.ElideRight, width)
            painter.setPen(QColor(theme.foreground))
            painter.drawText(
                QRect(text_x, y, width, row_height),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
    finally:
        painter.end()
