"""The "Runs" list: one row per run with its colour, label and a box to show or hide it."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from optiviz.app.names import name_widget
from optiviz.plots.i18n import fill, tr
from optiviz.plots.theme import run_color

SWATCH = 14


def swatch(color: str, size: int = SWATCH) -> QIcon:
    """A small filled square of ``color`` with a dark rim."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setPen(QColor("#000000"))
    painter.setBrush(QColor(color))
    painter.drawRoundedRect(0, 0, size - 1, size - 1, 3, 3)
    painter.end()
    return QIcon(pixmap)


class RunsPanel(QWidget):
    """The list and its buttons; it only shows what it is given and reports clicks.

    Signals:
        runSelected(int), visibilityToggled(int, bool), addClicked(), removeClicked(int),
        fanClicked()
    """

    runSelected = Signal(int)
    visibilityToggled = Signal(int, bool)
    addClicked = Signal()
    removeClicked = Signal(int)
    fanClicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        name_widget(self.list, "runs", tr("Runs"), control=True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setIconSize(QSize(SWATCH, SWATCH))
        self.list.setUniformItemSizes(True)
        self.list.currentRowChanged.connect(self._on_row)
        self.list.itemChanged.connect(self._on_item_changed)
        self.add_button = QPushButton(tr("Add run"))
        self.add_button.setToolTip(
            tr("Add the settings shown in the controls as another run; the race starts again")
        )
        self.remove_button = QPushButton(tr("Remove"))
        self.remove_button.setToolTip(tr("Remove the selected run; the race starts again"))
        self.fan_button = QPushButton(tr("lr fan…"))
        self.fan_button.setToolTip(
            tr("The controls' optimizer at several log-spaced learning rates")
        )
        self.add_button.clicked.connect(self.addClicked)
        self.remove_button.clicked.connect(lambda: self.removeClicked.emit(self.list.currentRow()))
        self.fan_button.clicked.connect(self.fanClicked)
        name_widget(self.add_button, "runs.add", tr("Add run"))
        name_widget(self.remove_button, "runs.remove", tr("Remove run"))
        name_widget(self.fan_button, "runs.fan", tr("lr fan"))
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.add_button, self.remove_button, self.fan_button):
            buttons.addWidget(button)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        column.setSpacing(4)
        column.addWidget(self.list, 1)
        column.addLayout(buttons)

    def sizeHint(self) -> QSize:
        return QSize(320, 170)

    def show_runs(
        self,
        labels: list[str],
        visible: list[bool],
        selected: int,
        tooltips: list[str],
        colors: list[str] | None = None,
    ) -> None:
        """Rebuild the rows without emitting anything; ``colors`` "" takes the palette's."""
        colors = colors or [""] * len(labels)
        with QSignalBlocker(self.list):
            if self.list.count() != len(labels):
                self.list.clear()
                for _ in labels:
                    QListWidgetItem(self.list)
            for i, (label, shown, tip) in enumerate(zip(labels, visible, tooltips, strict=True)):
                item = self.list.item(i)
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsUserCheckable
                )
                item.setIcon(swatch(colors[i] or run_color(i)))
                item.setText(f"{i + 1}  {label}")
                item.setToolTip(fill(tr("%1\nthe box shows or hides the run in every pane"), tip))
                item.setCheckState(Qt.CheckState.Checked if shown else Qt.CheckState.Unchecked)
            self.list.setCurrentRow(selected)
        self.remove_button.setEnabled(len(labels) > 1)

    def _on_row(self, row: int) -> None:
        if row >= 0:
            self.runSelected.emit(row)

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        row = self.list.row(item)
        self.visibilityToggled.emit(row, item.checkState() == Qt.CheckState.Checked)
