"""Stable names for the window's widgets and actions: scripts find them, screen readers say them.

Every action and control gets an object name that does not change between versions (``lr``,
``param.momentum``, ``save_as``) and an accessible name that a person understands ("Learning
rate"). A widget that shows a control's value is also marked with :data:`CONTROL`, so that
the OPTIVIZ_REPORT file can list what each control shows without knowing the panel's layout.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

#: The dynamic property set on a widget that holds a control's value.
CONTROL = "optivizControl"

W = TypeVar("W", bound=QWidget)


def name_widget(widget: W, object_name: str, accessible: str, *, control: bool = False) -> W:
    """Give ``widget`` its object name and accessible name; ``control``: it holds a value."""
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible)
    if control:
        widget.setProperty(CONTROL, True)
    return widget


def is_control(widget: QWidget) -> bool:
    """Whether ``widget`` was named as the holder of a control's value."""
    return bool(widget.property(CONTROL))


def plain_text(text: str) -> str:
    """A menu text without its mnemonic marks: "Save scenario &as…" -> "Save scenario as…"."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def name_action(action: QAction, object_name: str) -> QAction:
    """Give ``action`` its object name.

    QAction has no accessible name of its own: menus and tool buttons read its text, so
    :func:`action_name` (the text without '&') is what assistive tools announce.
    """
    action.setObjectName(object_name)
    return action


def action_name(action: QAction) -> str:
    """What assistive tools say for ``action``: its text without mnemonic marks."""
    return plain_text(action.text())
