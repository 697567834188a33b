"""View → Presenter mode (F5): the window made to be read from the back of a room.

While presenting, the panes draw their fonts, lines and markers at the model's
``presenter_scale`` (100-300 %), a caption over them names each run's step, loss and lr in
large type (it stands in for the status bar, which is hidden meanwhile), the window's own
widgets take a larger font and the docks step aside so the panes fill the screen (View still
reopens any of them). The run toolbar stays: Play, Step and
Reset are what a lesson needs, and they keep their keys. A double-click on a pane shows it
alone, in or out of presenter mode; Esc or another double-click brings the grid back.

The state lives in the model (``presenter``, ``presenter_scale``); this controller renders it.
The scale is remembered between sessions, presenter mode itself is not: a window opens at
the desk.
"""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QCoreApplication, QObject, QSignalBlocker, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QToolBar

from optiviz.app.actions import make_action
from optiviz.app.host import WindowHost
from optiviz.app.model.app_model import DEFAULT_PRESENTER_SCALE
from optiviz.app.presenter.caption import StepCaption
from optiviz.app.presenter.scale_control import ScaleControl
from optiviz.plots.base import Pane

SCALE_KEY = "presenter/scale"
#: The window's own widgets (menus, toolbar, status bar) grow at most this much: past it the
#: toolbar and the status bar would crowd the panes, which carry the lesson.
MAX_CHROME = 1.5


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate's context for a bare tr()


def remembered_scale(value: object) -> float:
    """The scale kept in the settings (a string in some back ends), or the default."""
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return DEFAULT_PRESENTER_SCALE


class PresenterController(QObject):
    """Presenter mode's actions, its bar (caption and scale) and what it changes meanwhile."""

    def __init__(self, window: WindowHost) -> None:
        super().__init__(cast(QObject, window))
        self.window = window
        self.model = window.model
        self._main = cast(QMainWindow, window)
        self._desk_font: QFont | None = None  # the application's font before presenting
        self._hidden_docks: list[QDockWidget] = []
        self.action = make_action(
            self._main,
            tr("&Presenter mode"),
            self.toggle,
            shortcut="F5",
            tip=tr("Large fonts, thick lines and a caption, for a projector"),
            checkable=True,
            name="presenter_mode",
        )
        self.restore_action = make_action(
            self._main,
            tr("Show &all panes"),
            lambda: window.panes.maximise(None),
            shortcut="Esc",
            tip=tr("Back to every pane after one was shown alone (double-click)"),
            name="restore_panes",
        )
        self.restore_action.setEnabled(False)  # Esc stays free for the widgets until then
        window.view_menu.addSeparator()
        window.view_menu.addAction(self.action)
        window.view_menu.addAction(self.restore_action)
        window.addActions([self.action, self.restore_action])
        if window.dock is not None:
            window.dock.addActions([self.action])  # F5 in a floating dock too

        self.caption = StepCaption()
        self.scale_control = ScaleControl()
        self.bar = QToolBar(tr("Presenter"), self._main)
        self.bar.setObjectName("presenter_bar")
        self.bar.setMovable(False)
        self.bar.addWidget(self.caption)
        self.bar.addWidget(self.scale_control)
        self._main.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        self._main.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.bar)
        self.bar.hide()

        self.model.set_presenter_scale(remembered_scale(window.settings.value(SCALE_KEY)))
        self.scale_control.set_scale(self.model.presenter_scale)
        self.scale_control.scaleChanged.connect(self.model.set_presenter_scale)
        self.model.presenterChanged.connect(self._apply)
        window.panes.maximisedChanged.connect(self._on_maximised)
        window.frameDone.connect(self._frame)
        window.aboutToClose.connect(lambda: self.model.set_presenter(False))

    def toggle(self) -> None:
        self.model.set_presenter(not self.model.presenter)

    # -- rendering the model -------------------------------------------------------------------
    def _apply(self) -> None:
        on, scale = self.model.presenter, self.model.presenter_scale
        with QSignalBlocker(self.action):
            self.action.setChecked(on)
        self.scale_control.set_scale(scale)
        self.window.settings.set_value(SCALE_KEY, scale)
        if on:
            self._present(scale)
        else:
            self._back_to_desk()

    def _present(self, scale: float) -> None:
        if self._desk_font is None:
            self._desk_font = QFont(QApplication.font())
            self._hidden_docks = [
                dock for dock in self._main.findChildren(QDockWidget) if dock.isVisible()
            ]
            for dock in self._hidden_docks:
                dock.hide()
            self.window.status.hide()  # the caption says what it says, in larger type
        # the panes first: they scale from the sizes they have at the desk
        self.window.panes.set_scale(scale)
        font = QFont(self._desk_font)
        font.setPointSizeF(self._desk_font.pointSizeF() * min(scale, MAX_CHROME))
        QApplication.setFont(font)
        self.caption.set_scale(scale)
        self.caption.show_session(self.window.client.state)
        self.bar.show()

    def _back_to_desk(self) -> None:
        self.bar.hide()
        self.window.panes.set_scale(1.0)
        if self._desk_font is not None:
            QApplication.setFont(self._desk_font)
            self._desk_font = None
            for dock in self._hidden_docks:
                dock.show()
            self._hidden_docks = []
            self.window.status.show()

    def _frame(self) -> None:
        if self.model.presenter:
            self.caption.show_session(self.window.client.state)

    def _on_maximised(self, pane: Pane | None) -> None:
        self.restore_action.setEnabled(pane is not None)


def install_presenter(window: WindowHost) -> PresenterController:
    """Add presenter mode to ``window`` (a MainWindow); returns ``window.presenter``."""
    controller = PresenterController(window)
    window.presenter = controller  # type: ignore[attr-defined]
    return controller
