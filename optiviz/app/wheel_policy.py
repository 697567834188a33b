"""The mouse wheel changes a field only when the field has keyboard focus.

Without this, scrolling the Controls panel changes whatever spin box, combo box or slider
passes under the pointer (and a changed optimizer resets the race). One event filter on the
application covers every field, present and future: a wheel event over an unfocused field is
handed to the enclosing scroll area, which scrolls (with none, it is left to the parent). Fields
get ``Qt.FocusPolicy.StrongFocus`` when they are polished, so a wheel turn never gives them
focus either; a click or Tab does.

The launcher installs it once the window is built, before it is shown: a filter on the
application is a Python call for every event of every object, and building the window sends
thousands (with the window's shortcut guard, about 70 ms of CPU at start-up). The fields that
exist by then get the policy when it is installed; those made later, when they are polished.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QScrollBar,
    QWidget,
)

#: The widgets whose value a wheel turn would change.
FIELDS = (QAbstractSpinBox, QComboBox, QAbstractSlider)
_WHEEL = QEvent.Type.Wheel
_POLISH = QEvent.Type.Polish


def is_field(obj: QObject) -> bool:
    """A spin box, combo box or slider (a scroll bar is not a field: it scrolls)."""
    return isinstance(obj, FIELDS) and not isinstance(obj, QScrollBar)


def _focused(widget: QWidget) -> bool:
    """The field, or its line edit or popup, has keyboard focus."""
    focus = QApplication.focusWidget()
    return focus is not None and (focus is widget or widget.isAncestorOf(focus))


def _scroll_area(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent


def _pass_to_scroll_area(field: QWidget, event: QWheelEvent) -> bool:
    """Send ``event`` to the viewport of the scroll area around ``field``; False: none."""
    area = _scroll_area(field)
    if area is None:
        return False
    viewport = area.viewport()
    position = viewport.mapFromGlobal(event.globalPosition())
    moved = QWheelEvent(
        position,
        event.globalPosition(),
        event.pixelDelta(),
        event.angleDelta(),
        event.buttons(),
        event.modifiers(),
        event.phase(),
        event.inverted(),
        event.source(),
    )
    QApplication.sendEvent(viewport, moved)
    return True


class WheelPolicy(QObject):
    """The application's event filter; see :func:`install_wheel_policy`."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == _WHEEL:
            if is_field(watched) and not _focused(watched):
                if _pass_to_scroll_area(watched, event):
                    event.accept()
                else:
                    event.ignore()  # not handled here: Qt offers it to the parent
                return True
        elif kind == _POLISH and is_field(watched):
            strong_focus(watched)
        return False


def strong_focus(field: QWidget) -> None:
    """Take the wheel out of ``field``'s focus policy (a field that takes no focus keeps it)."""
    if field.focusPolicy() == Qt.FocusPolicy.WheelFocus:
        field.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


def install_wheel_policy(app: QApplication | None = None) -> WheelPolicy:
    """Install the policy on ``app`` (default: the running application), once."""
    app = app or QApplication.instance()
    existing = getattr(app, "_optiviz_wheel_policy", None)
    if existing is not None:
        return existing
    policy = WheelPolicy(app)
    app.installEventFilter(policy)
    for widget in app.allWidgets():  # made (and maybe polished) before the filter was there
        if is_field(widget):
            strong_focus(widget)
    app._optiviz_wheel_policy = policy  # kept alive with the application
    return policy
