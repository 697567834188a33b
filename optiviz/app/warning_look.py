"""A label's warning look (red, bold) switched on and off without a style sheet.

Clearing a style sheet (``setStyleSheet("")``) leaves the label with the application's
default palette rather than the one its window inherits, so in the dark theme the text came
back near-black. A palette role and a font flag are undone cleanly: an empty palette and the
parent's font inherit again.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QWidget

WARN_COLOR = "#ff5c5c"


def set_warning_look(widget: QWidget, warn: bool) -> None:
    """Red bold text while ``warn``; otherwise the colours and font the widget inherits."""
    if warn:
        palette = QPalette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(WARN_COLOR))
        palette.setColor(QPalette.ColorRole.Text, QColor(WARN_COLOR))
        widget.setPalette(palette)
        font = QFont()
        font.setBold(True)
        widget.setFont(font)
    else:
        widget.setPalette(QPalette())
        widget.setFont(QFont())
