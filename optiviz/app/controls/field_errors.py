"""How a refused value is shown: a red border round the field and the reason in red text."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

ERROR_COLOR = "#e5484d"


class ErrorFrame(QFrame):
    """A thin frame round one field that turns red, with the reason in its tooltip."""

    def __init__(self, inner: QWidget | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorFrame")
        self.setProperty("errorFrame", True)  # the style's selector: the frame may be renamed
        self._tooltip = ""
        self._error: str | None = None
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(1, 1, 1, 1)
        self._layout.setSpacing(4)
        self._paint(False)
        if inner is not None:
            self._layout.addWidget(inner)

    def set_tooltip(self, text: str) -> None:
        """The field's normal tooltip, shown on the frame and every child."""
        self._tooltip = text
        self._apply_tooltip()

    def error(self) -> str | None:
        return self._error

    def set_error(self, message: str | None) -> None:
        if message == self._error:
            return
        self._error = message
        self._paint(message is not None)
        self._apply_tooltip()

    def _paint(self, red: bool) -> None:
        color = ERROR_COLOR if red else "transparent"
        self.setStyleSheet(
            f'QFrame[errorFrame="true"] {{ border: 1px solid {color}; border-radius: 3px; }}'
        )

    def _apply_tooltip(self) -> None:
        text = self._tooltip
        if self._error:
            text = f"{text}\n\nRefused: {self._error}" if text else f"Refused: {self._error}"
        self.setToolTip(text)
        for child in self.findChildren(QWidget):
            child.setToolTip(text)


class ErrorLabel(QLabel):
    """Small red text under a form, hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet(f"color: {ERROR_COLOR}; font-size: 8.5pt;")
        self.setVisible(False)
        self._messages: dict[str, str] = {}

    def set_message(self, key: str, message: str | None) -> None:
        if message is None:
            self._messages.pop(key, None)
        else:
            self._messages[key] = message
        self.setText("\n".join(f"{k}: {m}" for k, m in self._messages.items()))
        self.setVisible(bool(self._messages))

    def clear_messages(self) -> None:
        self._messages.clear()
        self.setText("")
        self.setVisible(False)
