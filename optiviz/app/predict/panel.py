"""The predict panel: the steps ahead, the guesses with their coordinates and, once revealed,
their distance and rank; Reveal and Done. It renders a :class:`PredictModel` and sends edits
to it."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from optiviz.app.names import name_widget
from optiviz.app.predict.model import MAX_STEPS, PLACING, REVEALED, PredictModel
from optiviz.app.predict.texts import number, prompt, tr

LABEL, X, Y, DISTANCE, RANK = range(5)


class PredictPanel(QWidget):
    """Emits ``revealAsked`` and ``doneAsked``; edits go straight to ``model``."""

    revealAsked = Signal()
    doneAsked = Signal()

    def __init__(self, model: PredictModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.param_names = ("w", "b")
        self.prompt = name_widget(QLabel(), "predict_prompt", tr("What to predict"))
        self.prompt.setWordWrap(True)
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # A dock does not ask a wrapped label for its height: room for four lines, always.
        self.prompt.setMinimumHeight(4 * self.prompt.fontMetrics().lineSpacing() + 4)
        self.steps = name_widget(QSpinBox(), "predict_steps", tr("Steps ahead"), control=True)
        self.steps.setRange(1, MAX_STEPS)
        self.steps.setValue(model.steps)
        self.steps.setToolTip(tr("How many steps the run makes before it is revealed"))
        self.steps.valueChanged.connect(self._steps_edited)
        self.table = name_widget(QTableWidget(0, 5), "predict_guesses", tr("Guesses"))
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setToolTip(tr("Double-click a name to rename the guess"))
        self.table.itemChanged.connect(self._renamed)
        self.reveal = name_widget(QPushButton(tr("&Reveal")), "predict_reveal_button", tr("Reveal"))
        self.reveal.setToolTip(tr("Play exactly the steps ahead and score every guess"))
        self.reveal.clicked.connect(self.revealAsked)
        self.remove = name_widget(
            QPushButton(tr("Remove guess")), "predict_remove", tr("Remove guess")
        )
        self.remove.clicked.connect(self._remove_selected)
        self.done = name_widget(QPushButton(tr("Done")), "predict_done", tr("Done"))
        self.done.setToolTip(tr("Put the guesses away; clicks move the start again"))
        self.done.clicked.connect(self.doneAsked)

        form = QFormLayout()
        form.addRow(tr("Steps ahead:"), self.steps)
        buttons = QHBoxLayout()
        for button in (self.reveal, self.remove, self.done):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        model.changed.connect(self.render)
        self.render()

    def set_param_names(self, names: tuple[str, str]) -> None:
        self.param_names = names
        self.render()

    def render(self) -> None:
        model = self.model
        placing = model.phase == PLACING
        self.prompt.setText(prompt(model))
        with QSignalBlocker(self.steps):
            self.steps.setValue(model.steps)
        self.steps.setEnabled(placing)
        self.reveal.setEnabled(placing)
        self.remove.setEnabled(placing and bool(model.guesses))
        a, b = self.param_names
        self.table.setHorizontalHeaderLabels([tr("Guess"), a, b, tr("Distance"), tr("Rank")])
        scores = model.scores if model.phase == REVEALED else []
        with QSignalBlocker(self.table):
            self.table.setRowCount(len(model.guesses))
            for row, guess in enumerate(model.guesses):
                result = scores[row] if row < len(scores) else None
                cells = [
                    guess.label,
                    number(guess.x),
                    number(guess.y),
                    "" if result is None else number(result.distance),
                    "" if result is None else str(result.rank),
                ]
                for column, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
                    if column == LABEL and placing:
                        flags |= Qt.ItemFlag.ItemIsEditable
                    item.setFlags(flags)
                    self.table.setItem(row, column, item)

    def select_row(self, row: int) -> None:
        if 0 <= row < self.table.rowCount():
            self.table.selectRow(row)
        else:
            self.table.clearSelection()

    def selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _steps_edited(self, value: int) -> None:
        self.model.set_steps(value)

    def _renamed(self, item: QTableWidgetItem) -> None:
        if item.column() == LABEL and not self.model.rename(item.row(), item.text()):
            self.render()  # an empty name: the old one comes back

    def _remove_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.model.remove(row)
