"""The race summary table: one row per run, sortable by any column.

It only shows the rows it is given (:class:`~optiviz.engine.runs.summary.RunSummary`); numeric
cells carry their number as the sort key, so "final loss" sorts 9.8 before 10, and a missing
value ("—") sorts last.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from optiviz.app.names import name_widget
from optiviz.app.race.runs_panel import swatch
from optiviz.engine.runs.summary import COLUMNS, RunSummary, row_texts
from optiviz.plots.i18n import QT_TR_NOOP, tr

#: Sorts after every number: a run that never got there, or never diverged.
MISSING = math.inf
TIPS = (
    QT_TR_NOOP("The run's name in the legend"),
    QT_TR_NOOP("The loss of the run's last epoch so far"),
    QT_TR_NOOP("The first epoch whose loss is within the tolerance of the problem's minimum"),
    QT_TR_NOOP("The epoch at which the run diverged"),
    QT_TR_NOOP("Time the worker spent stepping this run's epochs"),
)
#: The headers of the engine's COLUMNS (the CLI prints them lower-case, in English).
HEADERS = {
    "run": QT_TR_NOOP("Run"),
    "final loss": QT_TR_NOOP("Final loss"),
    "reached": QT_TR_NOOP("Reached"),
    "diverged": QT_TR_NOOP("Diverged"),
    "wall time": QT_TR_NOOP("Wall time"),
}


class SortItem(QTableWidgetItem):
    """A cell that sorts by its number, not its text."""

    def __init__(self, text: str, key: float) -> None:
        super().__init__(text)
        self.key = key

    def __lt__(self, other: QTableWidgetItem) -> bool:
        if isinstance(other, SortItem):
            return self.key < other.key
        return super().__lt__(other)


def _key(value: float | int | None) -> float:
    return MISSING if value is None or not math.isfinite(value) else float(value)


class SummaryPanel(QWidget):
    """The table and a line saying what "reached" means."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(COLUMNS))
        name_widget(self.table, "race_summary", tr("Race summary"))
        self.table.setHorizontalHeaderLabels([tr(HEADERS.get(c, c.capitalize())) for c in COLUMNS])
        for column, tip in enumerate(TIPS):
            header = self.table.horizontalHeaderItem(column)
            if header is not None:
                header.setToolTip(tr(tip))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)  # the race's order at first
        self.table.setSortingEnabled(True)
        self.note = QLabel("")
        name_widget(self.note, "race_summary.note", tr("What reached means"))
        self.note.setWordWrap(True)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(self.table, 1)
        column.addWidget(self.note)
        self._shown: list[tuple[str, ...]] = []

    def sizeHint(self) -> QSize:
        return QSize(520, 180)

    def show_rows(self, rows: Sequence[RunSummary], colors: Sequence[str], note: str) -> None:
        """Show ``rows`` (in the race's order; the user's sort applies on top)."""
        self.note.setText(note)
        texts = [(*row_texts(r), colors[i]) for i, r in enumerate(rows)]
        if texts == self._shown:
            return
        self._shown = texts
        table = self.table
        table.setSortingEnabled(False)  # rows are filled in place; sort once they are complete
        table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            cells = row_texts(row)
            name = SortItem(cells[0], float(i))
            name.setIcon(swatch(colors[i]))
            values = (
                SortItem(cells[1], _key(row.final_loss)),
                SortItem(cells[2], _key(row.reached_at)),
                SortItem(cells[3], _key(row.diverged_at)),
                SortItem(cells[4], row.wall_time),
            )
            table.setItem(i, 0, name)
            for column, item in enumerate(values, start=1):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(i, column, item)
        table.setSortingEnabled(True)

    def cell_texts(self) -> list[list[str]]:
        """What the table shows, row by row in its current order."""
        table = self.table
        return [
            [(table.item(r, c).text() if table.item(r, c) else "") for c in range(len(COLUMNS))]
            for r in range(table.rowCount())
        ]
