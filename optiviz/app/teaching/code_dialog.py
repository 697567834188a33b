""" "Show as PyTorch code": the run as a plain script, to read, copy or save."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from optiviz.app.teaching.code_panel import monospace
from optiviz.engine.formats.files import write_text_atomic
from optiviz.plots.i18n import fill, tr


class CodeDialog(QDialog):
    """A read-only monospace view of ``script`` with Copy and Save as .py."""

    def __init__(self, script: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("PyTorch code"))
        self.script = script
        self.note = QLabel(
            fill(
                tr("%1. It imports torch alone and prints the same Epoch lines as optiviz run."),
                title,
            )
        )
        self.note.setTextFormat(Qt.TextFormat.PlainText)  # the title holds the run's label
        self.note.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setFont(monospace())
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setPlainText(script)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(tr("Copy"))
        self.save_button = QPushButton(tr("Save as .py…"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self.copy)
        self.save_button.clicked.connect(self._ask_save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        width = self.text.fontMetrics().horizontalAdvance("x" * 96)
        self.resize(width + 60, 620)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.script)

    def save(self, path: str | os.PathLike) -> Path | None:
        """Write the script to ``path``; a failure is shown in a message box (None)."""
        target = Path(path)
        if target.suffix != ".py":
            target = target.with_name(target.name + ".py")
        try:
            return write_text_atomic(target, self.script)
        except OSError as err:
            QMessageBox.warning(
                self,
                tr("Save as .py"),
                fill(tr("Could not write %1: %2"), target, err.strerror or err),
            )
            return None

    def _ask_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Save as .py"), "optiviz_run.py", tr("Python script (*.py)")
        )
        if path:
            self.save(path)
