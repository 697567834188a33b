"""A non-modal dialog with the lines of the learner's traceback, in a fixed-width font."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


class TracebackDialog(QDialog):
    """One line of what went wrong, then the traceback; the window keeps running behind it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("optimizerTraceback")
        self.setModal(False)
        self.resize(640, 320)
        layout = QVBoxLayout(self)
        self.head = QLabel()
        self.head.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(self.head)
        layout.addWidget(self.text)
        layout.addWidget(buttons)

    def show_error(self, title: str, head: str, details: str) -> None:
        self.setWindowTitle(title)
        self.head.setText(head)
        self.text.setPlainText(details)
        self.show()
        self.raise_()
