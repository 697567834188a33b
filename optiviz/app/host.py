"""What a feature (race, explore, scenarios, recording, teaching) may use of the main window.

Features are installed into the window and reach it only through this interface: the model
for state, the worker client's mirror for what runs, the panes to draw on, the status bar to
speak, the settings, and the window's lifecycle signals. They never reach into another
feature's widgets; what they share lives in :class:`~optiviz.app.model.AppModel`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import Qt, SignalInstance
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QDockWidget, QMenu, QToolBar

    from optiviz.app.actions import WindowActions
    from optiviz.app.controls import ControlsPanel
    from optiviz.app.model import AppModel
    from optiviz.app.settings import Settings
    from optiviz.app.status_bar import RunStatusBar
    from optiviz.app.worker_client import WorkerClient
    from optiviz.plots import PanesWidget


class WindowHost(Protocol):
    """The main window as its features see it (``MainWindow`` implements it)."""

    model: AppModel
    client: WorkerClient
    panes: PanesWidget
    status: RunStatusBar
    settings: Settings
    controls: ControlsPanel
    dock: QDockWidget
    view_menu: QMenu
    toolbar: QToolBar
    action_set: WindowActions
    panes_epoch: int | None
    restores_session: bool  # opened without runs: the last session comes back

    aboutToClose: SignalInstance
    closed: SignalInstance
    frameDone: SignalInstance
    aboutToAdvance: SignalInstance
    stateShowing: SignalInstance

    @property
    def theme(self) -> str: ...

    @property
    def edited_run(self) -> int: ...

    def frame(self) -> None: ...

    def play(self) -> None: ...

    def pause(self) -> None: ...

    def step(self) -> None: ...

    def reset(self) -> None: ...

    def addDockWidget(self, *args: object) -> None: ...

    def resizeDocks(
        self, docks: list[QDockWidget], sizes: list[int], orientation: Qt.Orientation
    ) -> None: ...

    def addActions(self, actions: list[QAction]) -> None: ...
