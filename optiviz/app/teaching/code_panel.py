"""The code panel: the training loop with the line being executed, and that phase's numbers."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTextBrowser,
    QTextEdit,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from optiviz.app.names import name_widget
from optiviz.app.teaching.phase_text import LoopCode, next_phase, phase_rows
from optiviz.engine.explain.teaching import PhaseRecord

#: Background of the lines the current phase executes.
HIGHLIGHT = "#3d5a1e"
HIGHLIGHT_TEXT = "#f4ffe0"


def monospace() -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setStyleHint(QFont.StyleHint.Monospace)
    return font


def small_monospace() -> QFont:
    """One point smaller: the loop's longest line fits a 400 px column."""
    font = monospace()
    if font.pointSizeF() > 8:
        font.setPointSizeF(font.pointSizeF() - 1)
    return font


class CodePanel(QWidget):
    """Shows :class:`LoopCode` with one phase's lines highlighted and its :func:`phase_rows`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.vector_bar = QToolBar()
        self.vector_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.vector_bar.addWidget(QLabel("Vectors: "))
        self.run_combo = QComboBox()
        self.run_combo.setToolTip("The run whose phases and vectors are shown.")
        self.run_combo.setVisible(False)
        name_widget(self.run_combo, "code_run", "Run shown step by step", control=True)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.code_view = QPlainTextEdit()
        self.code_view.setReadOnly(True)
        self.code_view.setFont(small_monospace())
        self.code_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.code_view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.numbers = QTextBrowser()
        self.numbers.setOpenLinks(False)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.code_view)
        split.addWidget(self.numbers)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        self.splitter = split
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.toolbar, 1)
        top.addWidget(self.run_combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 4)
        layout.setSpacing(3)
        layout.addLayout(top)
        layout.addWidget(self.vector_bar)
        layout.addWidget(self.heading)
        layout.addWidget(split, 1)
        self.code: LoopCode | None = None
        self.record: PhaseRecord | None = None
        self.rows: list[tuple[str, str]] = []
        self.highlighted: tuple[int, ...] = ()
        self._names: tuple[str, str] = ("w", "b")
        self._has_data = True
        self.show_record(None)

    # -- content -------------------------------------------------------------------------------
    def set_code(self, code: LoopCode, names: tuple[str, str], has_data: bool) -> None:
        """A new loop (new run or settings): nothing highlighted until the next phase."""
        self.code = code
        self._names = names
        self._has_data = has_data
        self.code_view.setPlainText("\n".join(code.lines))
        self.show_record(None)

    def show_record(self, record: PhaseRecord | None, epoch: int = 0) -> None:
        """Highlight ``record``'s lines and show its numbers; None: between epochs."""
        self.record = record
        upcoming = next_phase(record, self._has_data)
        if record is None:
            self.rows = []
            self.highlighted = ()
            self.heading.setText(
                f"<b>Epoch {epoch} done.</b> Next phase: <b>{upcoming}</b> of epoch {epoch + 1}."
            )
            self.numbers.setHtml(
                "<p>Step phase (Shift+→) runs the training loop one line at a time: "
                "forward, loss, zero_grad, backward, step. Step (→) does a whole epoch.</p>"
            )
        else:
            self.rows = phase_rows(record, self._names)
            self.highlighted = self.code.lines_of(record.code) if self.code is not None else ()
            if record.phase == "diverged":
                heading = f"<b>Epoch {record.epoch}: the run diverged.</b>"
            elif record.phase == "step":
                heading = (
                    f"<b>Epoch {record.epoch}: step</b> done. Next phase: <b>forward</b> of "
                    f"epoch {record.epoch + 1}."
                )
            else:
                heading = (
                    f"<b>Epoch {record.epoch}: {record.phase}</b> done. Next phase: "
                    f"<b>{upcoming}</b>."
                )
            self.heading.setText(heading)
            self.numbers.setHtml(self._html(record))
        self._paint_highlight()

    def _html(self, record: PhaseRecord) -> str:
        cells = "".join(
            f"<tr><td style='padding-right:8px'><b>{html.escape(name)}</b></td>"
            f"<td><code>{html.escape(value)}</code></td></tr>"
            for name, value in self.rows
        )
        return f"<table>{cells}</table><p>{html.escape(record.explanation)}</p>"

    def _paint_highlight(self) -> None:
        selections = []
        document = self.code_view.document()
        for index in self.highlighted:
            block = document.findBlockByNumber(index)
            if not block.isValid():
                continue
            selection = QTextEdit.ExtraSelection()
            selection.format.setBackground(QColor(HIGHLIGHT))
            selection.format.setForeground(QColor(HIGHLIGHT_TEXT))
            selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            selection.cursor = QTextCursor(block)
            selections.append(selection)
        self.code_view.setExtraSelections(selections)
        if self.highlighted:
            block = document.findBlockByNumber(self.highlighted[0])
            self.code_view.setTextCursor(QTextCursor(block))
            self.code_view.ensureCursorVisible()

    def highlighted_text(self) -> list[str]:
        """The highlighted lines, stripped (what a reader sees marked)."""
        if self.code is None:
            return []
        return [self.code.lines[i].strip() for i in self.highlighted]
