"""The caption over the panes while presenting: each shown run's step, loss and lr, large.

The text of each entry is the recorder's (:func:`optiviz.recorder.caption.entry_text`), so a
live lesson and its recording read the same.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from optiviz.engine.worker.session_state import SessionState
from optiviz.plots.theme import color_of

#: The caption's size at presenter scale 1 (points); it grows with the scale.
CAPTION_POINTS = 12.0
#: Past this many shown runs the caption names the first ones and counts the rest.
MAX_LINES = 4
#: The caption yields the window's width down to this (pixels), eliding its lines.
MIN_WIDTH = 120
DOT = "●"
#: Lines too long for the window shrink to this share of the scale's size before they are cut.
LEAST_SHARE = 0.75


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate's context for a bare tr()


def caption_lines(session: SessionState) -> list[tuple[str, str]]:
    """(colour, text) of each shown run, as the recorder's caption words it."""
    # not at module level: the window starts without loading the recorder
    from optiviz.recorder.caption import entry_text

    epochs = max((run.config.epochs for run in session.runs), default=0)
    return [
        (color_of(run), entry_text(session, run, epochs)) for run in session.runs if run.visible
    ]


class StepCaption(QLabel):
    """One line per shown run, each with a dot in the run's colour. Lines too long for the
    window shrink a little, then lose their middle: the caption never widens the window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("presenter_caption")
        self.setAccessibleName(tr("Caption of the current step"))
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.lines: list[tuple[str, str]] = []
        self._points = CAPTION_POINTS
        self.set_scale(1.0)

    def set_scale(self, scale: float) -> None:
        self._points = CAPTION_POINTS * scale
        self._render()

    def show_session(self, session: SessionState) -> None:
        """Show ``session``'s runs now; nothing is redrawn when no text changed."""
        lines = caption_lines(session)
        if lines != self.lines:
            self.lines = lines
            self._render()

    def sizeHint(self) -> QSize:
        """As wide as it is given (its lines are elided to fit), as high as its lines."""
        return QSize(MIN_WIDTH, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(MIN_WIDTH, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._render()

    def _render(self) -> None:
        """Lay the lines out at the scale's size, smaller (to :data:`LEAST_SHARE` of it) when
        the longest does not fit, and then cut in the middle: the loss at the end stays."""
        lines = self.lines
        shown = lines[:MAX_LINES] if len(lines) > MAX_LINES + 1 else lines
        font = QFont(self.font())
        points = self._points
        while True:
            font.setPointSizeF(points)
            metrics = QFontMetricsF(font)
            room = self.width() - metrics.horizontalAdvance(DOT + " ") - 2 * self.margin() - 4
            widest = max((metrics.horizontalAdvance(text) for _c, text in shown), default=0.0)
            if widest <= room or points <= self._points * LEAST_SHARE:
                break
            points = max(self._points * LEAST_SHARE, points * 0.92)
        if font != self.font():
            self.setFont(font)
        rows = [
            f"<span style='color:{color}'>{DOT}</span>&nbsp;"
            + html.escape(metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, room))
            for color, text in shown
        ]
        if len(shown) < len(lines):
            more = tr("+ {n} more runs").format(n=len(lines) - len(shown))
            rows.append(html.escape(more))
        self.setText("<br>".join(rows))
