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
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QIcon, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QStyle,
    QTextEdit,
    QToolBar,
    QWidget,
)

from optiviz.app.names import name_action
from optiviz.plots.i18n import QT_TR_NOOP, fill, tr

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
    panes: dict[str, QAction] = field(default_factory=dict)  # View → Panes, one per pane

    def all(self) -> list[QAction]:
        return [self.play, self.step, self.reset, self.quit, self.light_theme, self.full_screen]


def make_action(
    window: QWidget,
    text: str,
    slot: Callable[[], object] | None = None,
    *,
    shortcut: QKeySequence | QKeySequence.StandardKey | str = "",
    tip: str = "",
    icon: QIcon | QStyle.StandardPixmap | None = None,
    checkable: bool = False,
    key_in_tooltip: bool = True,
    key_in_status: bool = False,
    name: str = "",
) -> QAction:
    """An action of ``window`` whose shortcut works anywhere in the window.

    ``slot`` is called with no arguments when the action is triggered. The tooltip (and, with
    ``key_in_status``, the status tip) ends with the shortcut, like "Play or pause (Space)".
    ``name`` is the action's stable object name (see :mod:`optiviz.app.names`).
    """
    action = QAction(text, window)
    if name:
        name_action(action, name)
    keys = QKeySequence(shortcut)
    if not keys.isEmpty():
        action.setShortcut(keys)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    with_key = f"{tip} ({keys.toString()})" if not keys.isEmpty() else tip
    action.setToolTip(with_key if key_in_tooltip else tip)
    action.setStatusTip(with_key if key_in_status else tip)
    if isinstance(icon, QStyle.StandardPixmap):
        icon = window.style().standardIcon(icon)
    if icon is not None:
        action.setIcon(icon)
    action.setCheckable(checkable)
    if slot is not None:
        action.triggered.connect(lambda _checked=False: slot())
    return action


#: The window's top-level menus, left to right; others go after them.
MENU_ORDER = ("File", "Run", "View", "Tools")
#: The titles :func:`menu` is called with, marked for translation (shown translated).
MENU_TITLES = (
    QT_TR_NOOP("&File"),
    QT_TR_NOOP("&Run"),
    QT_TR_NOOP("&View"),
    QT_TR_NOOP("&Tools"),
    QT_TR_NOOP("&Help"),
)


def _menu_object_name(name: str) -> str:
    return f"{name.lower().replace(' ', '_')}_menu"


def menu(window: QMainWindow, title: str) -> QMenu:
    """The window's top-level menu ``title`` ("&Run" finds "Run"), made in its place if missing.

    ``title`` is the English title: menus are found by their object name (``run_menu``), so
    they are found in any language, and shown with the translated title."""
    name = title.replace("&", "")
    object_name = _menu_object_name(name)
    order = [_menu_object_name(n) for n in MENU_ORDER]
    bar = window.menuBar()
    rank = order.index(object_name) if object_name in order else len(order)
    before = None
    for action in bar.actions():
        found = action.menu()
        if found is None:
            continue
        other = found.objectName()
        if other == object_name:
            return found
        if before is None and other in order and order.index(other) > rank:
            before = action
    made = QMenu(tr(title), bar)
    made.setObjectName(object_name)
    bar.insertMenu(before, made)
    return made


def build_actions(window) -> WindowActions:
    """Create the actions of ``window`` (a MainWindow), its menus and its toolbar."""
    pixmaps = QStyle.StandardPixmap
    actions = WindowActions(
        play=make_action(
            window,
            tr("&Play"),
            window.toggle_play,
            shortcut="Space",
            tip=tr("Play or pause"),
            icon=pixmaps.SP_MediaPlay,
            name="play",
        ),
        step=make_action(
            window,
            tr("&Step"),
            window.step,
            shortcut="Right",
            tip=tr("One epoch, then pause"),
            icon=pixmaps.SP_MediaSeekForward,
            name="step",
        ),
        reset=make_action(
            window,
            tr("&Reset"),
            window.reset,
            shortcut="R",
            tip=tr("Start again from epoch 0"),
            icon=pixmaps.SP_BrowserReload,
            name="reset",
        ),
        quit=make_action(
            window,
            tr("&Quit"),
            window.close,
            shortcut="Ctrl+Q",
            tip=tr("Quit optiviz"),
            name="quit",
        ),
        light_theme=make_action(
            window,
            tr("&Light theme"),
            window.toggle_theme,
            shortcut="Ctrl+T",
            tip=tr("Switch dark and light theme"),
            checkable=True,
            name="theme",
        ),
        full_screen=make_action(
            window,
            tr("&Full screen"),
            window.toggle_full_screen,
            shortcut="F11",
            tip=tr("Full screen on or off"),
            checkable=True,
            name="full_screen",
        ),
    )
    actions.quit.setMenuRole(QAction.MenuRole.QuitRole)

    menu(window, "&File").addAction(actions.quit)
    run_menu = menu(window, "&Run")
    for action in (actions.play, actions.step, actions.reset):
        run_menu.addAction(action)
    view_menu = menu(window, "&View")
    view_menu.addAction(actions.light_theme)
    view_menu.addAction(actions.full_screen)
    panes_menu = view_menu.addMenu(tr("&Panes"))
    panes_menu.setObjectName("panes_menu")
    for name, text in PANE_TITLES.items():
        action = panes_menu.addAction(tr(text))
        action.setCheckable(True)
        action.setChecked(True)
        pane = tr(text).replace("&", "").lower()
        action.setStatusTip(fill(tr("Show or hide the %1 pane"), pane))
        name_action(action, f"pane_{name}")
        action.toggled.connect(lambda _on, w=window: w.model.set_panes(_checked_panes(w)))
        actions.panes[name] = action
    window.view_menu = view_menu

    toolbar = QToolBar(tr("Run"), window)
    toolbar.setObjectName("run_toolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for action in (actions.play, actions.step, actions.reset):
        toolbar.addAction(action)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
    window.toolbar = toolbar
    window.addActions(actions.all())  # shortcuts work while the menu bar is hidden (full screen)
    return actions


#: View → Panes: the scenario's ``[view] panes`` names and their menu texts.
PANE_TITLES = {
    "surface": QT_TR_NOOP("&Loss surface"),
    "loss": QT_TR_NOOP("Loss per &epoch"),
    "fit": QT_TR_NOOP("&Data and fit (or the parameters)"),
    "lr": QT_TR_NOOP("Learning &rate (with a scheduler)"),
}


def _checked_panes(window: Any) -> list[str]:
    return [name for name, action in window.action_set.panes.items() if action.isChecked()]


def set_play_look(window: QMainWindow, action: QAction, playing: bool) -> None:
    """Show Pause while playing and Play otherwise."""
    pixmaps = QStyle.StandardPixmap
    action.setText(tr("&Pause") if playing else tr("&Play"))
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
