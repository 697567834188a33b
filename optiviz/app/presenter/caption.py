"""The caption over the panes while presenting: each shown run's step, loss and lr, large.

The text of each entry is the recorder's (:func:`optiviz.recorder.caption.entry_text`), so a
live lesson and its recording read the same.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from optiviz.engine.worker.session_state import SessionState
from optiviz.plots.theme import color_of

#: The caption's size at presenter scale 1 (points); it grows with the scale.
CAPTION_POINTS = 12.0
#: Past this many shown runs the caption names the first ones and counts the rest.
MAX_LINES = 4


def tr(text: str) -> str:
    return QCoreApplication.translate("Presenter", text)


def caption_lines(session: SessionState) -> list[tuple[str, str]]:
    """(colour, text) of each shown run, as the recorder's caption words it."""
    # not at module level: the window starts without loading the recorder
    from optiviz.recorder.caption import entry_text

    epochs = max((run.config.epochs for run in session.runs), default=0)
    return [
        (color_of(run), entry_text(session, run, epochs)) for run in session.runs if run.visible
    ]


class StepCaption(QLabel):
    """One line per shown run, each with a dot in the run's colour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("presenter_caption")
        self.setAccessibleName(tr("Caption of the current step"))
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.lines: list[tuple[str, str]] = []
        self.set_scale(1.0)

    def set_scale(self, scale: float) -> None:
        font = QFont(self.font())
        font.setPointSizeF(CAPTION_POINTS * scale)
        self.setFont(font)

    def show_session(self, session: SessionState) -> None:
        """Show ``session``'s runs now; nothing is redrawn when no text changed."""
        lines = caption_lines(session)
        if lines == self.lines:
            return
        self.lines = lines
        shown = lines[:MAX_LINES] if len(lines) > MAX_LINES + 1 else lines
        rows = [
            f"<span style='color:{color}'>●</span>&nbsp;{html.escape(text)}"
            for color, text in shown
        ]
        if len(shown) < len(lines):
            more = tr("+ {n} more runs").format(n=len(lines) - len(shown))
            rows.append(html.escape(more))
        self.setText("<br>".join(rows))
