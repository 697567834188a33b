"""The window's actions (menus, toolbar, shortcuts) and the filter that keeps the keys reliable.

Space (Play/Pause), Right (Step) and R (Reset) are single keys, and widgets with focus usually
claim them first: spin boxes take Space and arrows, buttons take Space, sliders take arrows.
:class:`ShortcutGuard` watches the ``ShortcutOverride`` events of the window's widgets and
hands these keys to the shortcuts instead, except where the key edits text: in a text field
(a line edit, an editable combo box) they type as usual, and in a spin box Right still moves
the cursor until it reaches the end of the number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QStyle,
    QTextEdit,
    QToolBar,
    QWidget,
)

#: The single keys the guard hands to the window's shortcuts.
GUARDED_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Right, Qt.Key.Key_R)


@dataclass
class WindowActions:
    play: QAction
    step: QAction
    reset: QAction
    quit: QAction
    light_theme: QAction
    full_screen: QAction

    def all(self) -> list[QAction]:
        return [self.play, self.step, self.reset, self.quit, self.light_theme, self.full_screen]


def _action(
    window: QMainWindow,
    text: str,
    shortcut: QKeySequence | str,
    slot: Callable[[], object],
    tip: str,
    icon: QStyle.StandardPixmap | None = None,
) -> QAction:
    action = QAction(text, window)
    action.setShortcut(QKeySequence(shortcut))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.setToolTip(f"{tip} ({QKeySequence(shortcut).toString()})")
    action.setStatusTip(tip)
    if icon is not None:
        action.setIcon(window.style().standardIcon(icon))
    action.triggered.connect(lambda _checked=False: slot())
    return action


def build_actions(window) -> WindowActions:
    """Create the actions of ``window`` (a MainWindow), its menus and its toolbar."""
    pixmaps = QStyle.StandardPixmap
    actions = WindowActions(
        play=_action(
            window, "&Play", "Space", window.toggle_play, "Play or pause", pixmaps.SP_MediaPlay
        ),
        step=_action(
            window,
            "&Step",
            "Right",
            window.step,
            "One epoch, then pause",
            pixmaps.SP_MediaSeekForward,
        ),
        reset=_action(
            window,
            "&Reset",
            "R",
            window.reset,
            "Start again from epoch 0",
            pixmaps.SP_BrowserReload,
        ),
        quit=_action(window, "&Quit", "Ctrl+Q", window.close, "Quit optiviz"),
        light_theme=_action(
            window, "&Light theme", "Ctrl+T", window.toggle_theme, "Switch dark and light theme"
        ),
        full_screen=_action(
            window, "&Full screen", "F11", window.toggle_full_screen, "Full screen on or off"
        ),
    )
    actions.quit.setMenuRole(QAction.MenuRole.QuitRole)
    actions.light_theme.setCheckable(True)
    actions.full_screen.setCheckable(True)

    menus = window.menuBar()
    file_menu = menus.addMenu("&File")
    file_menu.addAction(actions.quit)
    run_menu = menus.addMenu("&Run")
    for action in (actions.play, actions.step, actions.reset):
        run_menu.addAction(action)
    view_menu = menus.addMenu("&View")
    view_menu.addAction(actions.light_theme)
    view_menu.addAction(actions.full_screen)
    window.view_menu = view_menu

    toolbar = QToolBar("Run", window)
    toolbar.setObjectName("run_toolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for action in (actions.play, actions.step, actions.reset):
        toolbar.addAction(action)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
    window.toolbar = toolbar
    window.addActions(actions.all())  # shortcuts work while the menu bar is hidden (full screen)
    return actions


def set_play_look(window: QMainWindow, action: QAction, playing: bool) -> None:
    """Show Pause while playing and Play otherwise."""
    pixmaps = QStyle.StandardPixmap
    action.setText("&Pause" if playing else "&Play")
    action.setIcon(
        window.style().standardIcon(pixmaps.SP_MediaPause if playing else pixmaps.SP_MediaPlay)
    )


def _is_text_field(widget: QWidget) -> bool:
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        return not widget.isReadOnly()
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    if isinstance(widget, QLineEdit):  # a spin box's editor is handled on its own
        return not isinstance(widget.parentWidget(), QAbstractSpinBox)
    return False


def _spin_box(widget: QWidget) -> QAbstractSpinBox | None:
    if isinstance(widget, QAbstractSpinBox):
        return widget
    parent = widget.parentWidget()
    if isinstance(widget, QLineEdit) and isinstance(parent, QAbstractSpinBox):
        return parent
    return None


def window_takes_key(widget: QWidget, key: int) -> bool:
    """Whether the window's shortcut gets ``key`` while ``widget`` has the focus."""
    if _is_text_field(widget):
        return False
    spin = _spin_box(widget)
    if spin is not None and key == Qt.Key.Key_Right:
        editor = spin.lineEdit()
        return editor.cursorPosition() >= len(editor.text())
    return True


class ShortcutGuard(QObject):
    """Hands Space, Right and R to the window's shortcuts from widgets that would eat them."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        QApplication.instance().installEventFilter(self)

    def _inside(self, widget: QWidget) -> bool:
        while widget is not None:
            if widget is self._window:
                return True
            widget = widget.parentWidget()
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(watched, QWidget):
            return False
        key_event: QKeyEvent = event  # type: ignore[assignment]
        modifiers = key_event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key_event.key() not in GUARDED_KEYS or modifiers != Qt.KeyboardModifier.NoModifier:
            return False
        if not self._inside(watched) or not window_takes_key(watched, key_event.key()):
            return False
        event.ignore()  # not overridden: the shortcut map goes on to the window's shortcut
        return True

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
