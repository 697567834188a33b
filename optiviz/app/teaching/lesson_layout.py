"""The lesson layout: the code, the phase's numbers and the panes side by side.

View → Lesson layout (F9) swaps the window's arrangement: the step-by-step panel on the left
(the controls a tab behind it), the panes in the middle and the "Tutorial output" panel on the
right (under the panes in a window narrower than :data:`WIDE_LESSON`), the timeline under
them. ``QMainWindow.saveState`` keeps both arrangements: the normal one is saved on entering
and restored on leaving, and a lesson arrangement the user changed is restored the next time.
Whether the lesson layout is on, and both arrangements, are kept in the settings, so the
window opens as it was left.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QDockWidget

from optiviz.app.actions import make_action
from optiviz.app.host import WindowHost
from optiviz.app.names import name_action
from optiviz.app.teaching.tutorial_output import TutorialOutput

if TYPE_CHECKING:
    from optiviz.app.teaching.controller import TeachingController

ON_KEY = "lesson/on"
LESSON_STATE_KEY = "lesson/state"
NORMAL_STATE_KEY = "lesson/normal_state"
#: The output panel's width: "Epoch 1000, Loss 39.538235" and a margin.
OUTPUT_WIDTH = 230
#: Narrower windows put the output under the panes, where it takes this height.
WIDE_LESSON = 1200
OUTPUT_HEIGHT = 100
#: The step-by-step panel never takes more than this share of the window's width.
MAX_CODE_SHARE = 0.45


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate's context for a bare tr()


def _state(value: object) -> QByteArray | None:
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


class LessonLayout(QObject):
    """The lesson arrangement of one window, its action and its tutorial output panel."""

    def __init__(self, window: WindowHost, controller: TeachingController) -> None:
        super().__init__(controller)
        self.window = window
        self.controller = controller
        self.output = TutorialOutput()
        dock = QDockWidget(tr("Tutorial output"), window)  # type: ignore[arg-type]
        dock.setObjectName("tutorial_output_dock")
        dock.setWidget(self.output)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        dock.hide()
        self.output_dock = dock
        self.active = False
        self._restoring = False  # opening in the lesson layout: the normal state is saved
        self.action = make_action(
            window,  # type: ignore[arg-type]
            tr("&Lesson layout"),
            shortcut="F9",
            tip=tr("The code, the phase's numbers and the panes side by side"),
            checkable=True,
            key_in_status=True,
            name="lesson_layout",
        )
        self.action.toggled.connect(self.set_active)
        window.view_menu.addAction(self.action)
        window.view_menu.addAction(name_action(dock.toggleViewAction(), "show_tutorial_output"))
        window.addActions([self.action])
        window.frameDone.connect(self.sync)
        window.aboutToClose.connect(self._remember)

    def restore(self) -> None:
        """Open in the lesson layout if the window was left in it."""
        if str(self.window.settings.value(ON_KEY, "false")).lower() in ("true", "1"):
            self._restoring = True
            try:
                self.action.setChecked(True)
            finally:
                self._restoring = False

    def set_active(self, on: bool) -> None:
        """Switch to the lesson arrangement (``on``) or back to the normal one."""
        if on == self.active:
            return
        window, settings = self.window, self.window.settings
        if on:
            if not self._restoring:
                settings.set_value(NORMAL_STATE_KEY, window.saveState())  # type: ignore[attr-defined]
            saved = _state(settings.value(LESSON_STATE_KEY))
            if saved is None or not window.restoreState(saved):  # type: ignore[attr-defined]
                self._arrange()
            self.controller.code_dock.show()
            self.controller.code_dock.raise_()
        else:
            settings.set_value(LESSON_STATE_KEY, window.saveState())  # type: ignore[attr-defined]
            normal = _state(settings.value(NORMAL_STATE_KEY))
            if normal is not None:
                window.restoreState(normal)  # type: ignore[attr-defined]
        self.active = on
        self.controller.panel.whole_code = on
        settings.set_value(ON_KEY, "true" if on else "false")
        if self.action.isChecked() != on:
            self.action.setChecked(on)
        self.controller.panel.fit_numbers()
        self.sync()

    def _arrange(self) -> None:
        """The default lesson arrangement."""
        window = self.window
        code = self.controller.code_dock
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        for dock in (code, self.output_dock):
            dock.setFloating(False)
            window.removeDockWidget(dock)  # type: ignore[attr-defined]
        window.addDockWidget(left, code)
        for dock in self._side_docks():  # the controls, the runs...: tabs behind the code
            window.removeDockWidget(dock)  # type: ignore[attr-defined]
            window.addDockWidget(left, dock)
            window.tabifyDockWidget(code, dock)  # type: ignore[attr-defined]
            dock.show()
        width = window.width()  # type: ignore[attr-defined]
        wide = width >= WIDE_LESSON
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        window.addDockWidget(right if wide else bottom, self.output_dock)
        for dock in (code, self.output_dock, self.controller.timeline_dock):
            dock.show()
        code.raise_()
        wanted = min(self.controller.panel.wanted_width(), int(width * MAX_CODE_SHARE))
        if wide:
            window.resizeDocks(
                [code, self.output_dock], [wanted, OUTPUT_WIDTH], Qt.Orientation.Horizontal
            )
        else:
            window.resizeDocks([code], [wanted], Qt.Orientation.Horizontal)
            window.resizeDocks([self.output_dock], [OUTPUT_HEIGHT], Qt.Orientation.Vertical)

    def _side_docks(self) -> list[QDockWidget]:
        """The other docks shown at the sides (never floating or bottom ones)."""
        window = self.window
        own = (self.controller.code_dock, self.output_dock, self.controller.timeline_dock)
        sides = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea)
        return [
            dock
            for dock in window.findChildren(QDockWidget)  # type: ignore[attr-defined]
            if dock not in own
            and not dock.isHidden()
            and not dock.isFloating()
            and window.dockWidgetArea(dock) in sides  # type: ignore[attr-defined]
        ]

    def _remember(self) -> None:
        if self.active:
            state = self.window.saveState()  # type: ignore[attr-defined]
            self.window.settings.set_value(LESSON_STATE_KEY, state)

    def sync(self) -> None:
        """Bring the tutorial output up to the shown run (only while its panel is shown)."""
        if self.output_dock.isHidden():
            return
        state = self.controller.client.state
        try:
            run = self.controller.selected_run()
        except (IndexError, KeyError):
            run = None
        self.output.show_run(run, state.generation)
