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
    QStyle,
    QTextBrowser,
    QTextEdit,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from optiviz.app.names import name_widget
from optiviz.app.teaching.engine_text import translate_engine
from optiviz.app.teaching.network_text import (
    layer_table_html,
    network_phase_text,
    network_rows,
)
from optiviz.app.teaching.phase_text import LoopCode, next_phase, phase_rows
from optiviz.engine.explain.teaching import PhaseRecord
from optiviz.plots.i18n import fill, tr

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


def _epochs_text(first: int, last: int) -> str:
    """``epochs 121–800`` or ``epoch 800``."""
    if first >= last:
        return fill(tr("epoch %1"), f"{last:,}")
    return fill(tr("epochs %1–%2"), f"{first:,}", f"{last:,}")


def discard_text(target: int, latest: int) -> str:
    """What going back to ``target`` (of ``latest`` epochs) throws away, in one line."""
    later = _epochs_text(target + 1, latest)
    if target + 1 >= latest:
        return fill(tr("went back to epoch %1: %2 was discarded"), f"{target:,}", later)
    return fill(tr("went back to epoch %1: %2 were discarded"), f"{target:,}", later)


class CodePanel(QWidget):
    """Shows :class:`LoopCode` with one phase's lines highlighted and its :func:`phase_rows`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.vector_bar = QToolBar()
        self.vector_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.vector_bar.addWidget(QLabel(tr("Vectors: ")))
        self.run_combo = QComboBox()
        self.run_combo.setToolTip(tr("The run whose phases and vectors are shown."))
        self.run_combo.setVisible(False)
        name_widget(self.run_combo, "code_run", tr("Run shown step by step"), control=True)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.notice = QLabel()  # what going back to a scrubbed epoch discarded
        self.notice.setWordWrap(True)
        self.notice.setVisible(False)
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
        layout.addWidget(self.notice)
        layout.addWidget(split, 1)
        self.code: LoopCode | None = None
        self.record: PhaseRecord | None = None
        self.rows: list[tuple[str, str]] = []
        self.highlighted: tuple[int, ...] = ()
        self._names: tuple[str, str] = ("w", "b")
        self._has_data = True
        #: The lesson layout: every line of the code shows, the numbers get the rest.
        self.whole_code = False
        self.show_record(None)

    # -- content -------------------------------------------------------------------------------
    def set_code(self, code: LoopCode, names: tuple[str, str], has_data: bool) -> None:
        """A new loop (new run or settings): nothing highlighted until the next phase."""
        self.code = code
        self._names = names
        self._has_data = has_data
        self.code_view.setPlainText("\n".join(code.lines))
        self.show_record(None)

    def show_record(
        self, record: PhaseRecord | None, epoch: int = 0, *, finished: bool = False
    ) -> None:
        """Highlight ``record``'s lines and show its numbers; None: between epochs.
        ``finished``: the run has done all its epochs, so no phase comes next."""
        self.record = record
        upcoming = next_phase(record, self._has_data)
        over = tr(" The run is finished: raise the epochs or press Reset (R) to train again.")
        clip = "clip, " if self.code is not None and "clip" in self.code.phase_lines else ""
        if record is None:
            self.rows = []
            self.highlighted = ()
            if finished:
                self.heading.setText(fill(tr("<b>Epoch %1 done.</b>%2"), epoch, over))
            else:
                self.heading.setText(
                    fill(
                        tr("<b>Epoch %1 done.</b> Next phase: <b>%2</b> of epoch %3."),
                        epoch,
                        upcoming,
                        epoch + 1,
                    )
                )
            self.numbers.setHtml(
                fill(
                    tr(
                        "<p>Step phase (Shift+→) runs the training loop one line at a time: "
                        "forward, loss, zero_grad, backward, %1step. Step (→) does a whole "
                        "epoch.</p>"
                    ),
                    clip,
                )
            )
        else:
            network = record.layers is not None
            self.rows = network_rows(record) if network else phase_rows(record, self._names)
            self.highlighted = self.code.lines_of(record.code) if self.code is not None else ()
            if record.phase == "diverged":
                heading = fill(tr("<b>Epoch %1: the run diverged.</b>"), record.epoch)
            elif record.phase == "step" and finished:
                heading = fill(tr("<b>Epoch %1: step</b> done.%2"), record.epoch, over)
            elif record.phase == "step":
                heading = fill(
                    tr("<b>Epoch %1: step</b> done. Next phase: <b>forward</b> of epoch %2."),
                    record.epoch,
                    record.epoch + 1,
                )
            else:
                where = fill(tr("Epoch %1"), record.epoch)
                if record.step:
                    where = fill(tr("Epoch %1, step %2"), record.epoch, record.step)
                heading = fill(
                    tr("<b>%1: %2</b> done. Next phase: <b>%3</b>."), where, record.phase, upcoming
                )
            self.heading.setText(heading)
            self.numbers.setHtml(self._html(record))
        self._paint_highlight()
        self.fit_numbers()

    def show_epoch(self, epoch: int, latest: int, rows: list[tuple[str, str]]) -> None:
        """The numbers of a scrubbed ``epoch`` (of ``latest`` recorded), nothing highlighted."""
        self.record = None
        self.rows = list(rows)
        self.highlighted = ()
        later = _epochs_text(epoch + 1, latest)
        self.heading.setText(
            fill(
                tr("<b>Epoch %1</b> of %2, from the timeline."),
                format(epoch, ","),
                format(latest, ","),
            )
        )
        self.numbers.setHtml(
            self._table()
            + fill(
                tr(
                    "<p>Play, Step or Step phase continue the run from epoch %1; %2 will be "
                    "discarded. Latest (on the timeline) shows the last epoch again.</p>"
                ),
                f"{epoch:,}",
                later,
            )
        )
        self._paint_highlight()

    def show_notice(self, text: str) -> None:
        """A standing note above the code ("" hides it)."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def _table(self) -> str:
        return (
            "<table>"
            + "".join(
                f"<tr><td style='padding-right:8px'><b>{html.escape(name)}</b></td>"
                f"<td><code>{html.escape(value)}</code></td></tr>"
                for name, value in self.rows
            )
            + "</table>"
        )

    def wanted_width(self) -> int:
        """The panel's width at which the code's longest line fits without scrolling."""
        view = self.code_view
        lines = self.code.lines if self.code is not None else ("x" * 60,)
        longest = max(view.fontMetrics().horizontalAdvance(line) for line in lines)
        margin = 2 * int(view.document().documentMargin()) + 2 * view.frameWidth()
        bar = view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, view)
        left, _, right, _ = self.layout().getContentsMargins()
        return longest + margin + bar + left + right + 8

    def code_height(self) -> int:
        """The code view's height at which every line shows without scrolling."""
        view = self.code_view
        count = len(self.code.lines) if self.code is not None else 1
        margin = 2 * int(view.document().documentMargin()) + 2 * view.frameWidth()
        return count * view.fontMetrics().lineSpacing() + margin + 4

    def fit_numbers(self) -> None:
        """Give the numbers and the explanation the height they need, if the code keeps six
        lines; the code view scrolls to its highlighted line instead. With ``whole_code`` the
        code keeps all its lines if it can, and the numbers take the rest."""
        total = sum(self.splitter.sizes())
        if total <= 0:
            return
        if self.whole_code:
            code = min(self.code_height(), total - 3 * self.numbers.fontMetrics().lineSpacing())
            self.splitter.setSizes([code, total - code])
            return
        document = self.numbers.document().clone()
        document.setTextWidth(max(50, self.numbers.viewport().width()))
        need = int(document.size().height()) + 2 * self.numbers.frameWidth() + 4
        code_min = 6 * self.code_view.fontMetrics().lineSpacing() + 12
        need = min(need, total - code_min)
        if need > self.splitter.sizes()[1]:
            self.splitter.setSizes([total - need, need])
            if self.highlighted:
                self.code_view.ensureCursorVisible()

    def _html(self, record: PhaseRecord) -> str:
        if record.layers is not None:  # a network: its layers' norms, then what the phase did
            table = layer_table_html(record, HIGHLIGHT, HIGHLIGHT_TEXT)
            text = translate_engine(network_phase_text(record))
            return f"{self._table()}{table}<p>{html.escape(text)}</p>"
        return f"{self._table()}<p>{html.escape(translate_engine(record.explanation))}</p>"

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
