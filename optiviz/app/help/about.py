"""Help → About optiviz: the versions of optiviz, torch, Qt and PySide6."""

from __future__ import annotations

import platform

import PySide6
import torch
from PySide6.QtCore import QCoreApplication, Qt, qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from optiviz import __version__


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate's context for a bare tr()


def versions() -> dict[str, str]:
    return {
        "optiviz": __version__,
        "torch": torch.__version__,
        "Qt": qVersion(),
        "PySide6": PySide6.__version__,
        "Python": platform.python_version(),
    }


def about_html() -> str:
    rows = "".join(f"<tr><td>{k}</td><td><b>{v}</b></td></tr>" for k, v in versions().items())
    intro = tr(
        "A simulator of PyTorch optimizers: real torch.optim steps on problems with two "
        "parameters, drawn as they happen."
    )
    return f"<h3>optiviz {__version__}</h3><p>{intro}</p><table>{rows}</table>"


def show_about(parent: QWidget) -> QMessageBox:
    """The About box, opened without blocking (it closes with its parent)."""
    box = QMessageBox(parent)
    box.setObjectName("about_dialog")
    box.setWindowTitle(tr("About optiviz"))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(about_html())
    box.setIconPixmap(parent.windowIcon().pixmap(64, 64))
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    box.open()
    return box
