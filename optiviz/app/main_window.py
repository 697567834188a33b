"""The main window: controls on the left, the four panes in the middle, the run below.

A frame timer at the display's refresh rate pulls the worker's updates
(:meth:`WorkerClient.poll`) and, when something changed, lets the panes feed their plot items.
A frame that comes late is dropped, never queued: Qt timers do not pile up, and each frame
draws whatever is newest. Controls talk to the worker with commands only; the window never
steps a run itself.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QColor, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QWidget

from optiviz.app.actions import ShortcutGuard, WindowActions, build_actions, set_play_look
from optiviz.app.controls import ControlsPanel
from optiviz.app.controls.binding import bind_controls
from optiviz.app.model import AppModel
from optiviz.app.model.projection import project_entries
from optiviz.app.settings import Settings
from optiviz.app.status_bar import RunStatusBar, run_state_text
from optiviz.app.worker_client import WorkerClient
from optiviz.engine.errors import ConfigError
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.worker.session import PAUSE, PLAY, STEP
from optiviz.engine.worker.session_state import SessionState
from optiviz.plots import PanesWidget
from optiviz.plots.i18n import fill, tr
from optiviz.plots.theme import get_theme

#: Where the icon and screenshots live: the repository's ``assets`` folder next to the package.
ASSETS = Path(__file__).resolve().parents[2] / "assets"
#: Frame rates the timer accepts from the screen (a screen may report 0 or 240 Hz).
MIN_FPS, MAX_FPS = 30.0, 144.0
DEFAULT_SPEED = 100.0


def app_icon() -> QIcon:
    """The application icon (empty if the assets folder is not installed)."""
    for name in ("optiviz.png", "optiviz.svg"):
        path = ASSETS / name
        if path.exists():
            return QIcon(str(path))
    return QIcon()


def theme_palette(theme: str) -> QPalette:
    """The widgets' palette for a theme (the panes paint their own backgrounds)."""
    colours = get_theme(theme)
    if not colours.widgets:
        return QApplication.style().standardPalette()
    palette = QPalette()
    roles = QPalette.ColorRole
    for role, colour in colours.widgets:
        palette.setColor(getattr(roles, role), QColor(colour))
    if colours.disabled_text is not None:
        disabled = QPalette.ColorGroup.Disabled
        for role in (roles.WindowText, roles.Text, roles.ButtonText):
            palette.setColor(disabled, role, QColor(colours.disabled_text))
    return palette


class MainWindow(QMainWindow):
    """The simulator's window: a view of :attr:`model`; ``client`` owns the worker, ``panes``
    draw its mirror."""

    closed = Signal()  # once, when the window closes and the worker has ended
    aboutToClose = Signal()  # before shutdown: features stop their own work (recordings, dialogs)
    frameDone = Signal()  # after each frame; overlays (the teaching mode) sync here
    aboutToAdvance = Signal()  # Play or Step is about to send its command
    stateShowing = Signal(object)  # a new SessionState, before the panes build its items

    def __init__(
        self,
        client: WorkerClient | None = None,
        configs: list[RunConfig] | None = None,
        *,
        theme: str | None = None,
        speed: float | str | None = "remembered",
        settings: Settings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings or Settings()
        self.client = client or WorkerClient(configs)
        self.client.setParent(self)
        self._closing = False
        self._shown_state: SessionState | None = None
        self._announced: set[tuple[int, int]] = set()
        self._shown_playing: bool | None = None
        self.frames_drawn = 0  # frame-timer ticks that fed new data to the panes
        self.panes_epoch: int | None = None  # a scrubbed epoch the panes show; None: latest
        self.ticks = 0
        self.restores_session = configs is None  # no runs given: the last session comes back
        self._app_palette = QApplication.palette()  # given back when the window closes
        self.setObjectName("optiviz_main_window")
        self.setWindowIcon(app_icon())

        if speed == "remembered":
            speed = self.settings.speed(DEFAULT_SPEED)
        chosen_theme = theme if theme in ("dark", "light") else self.settings.theme()
        try:
            self.model = AppModel(self.client, configs, theme=chosen_theme, speed=None)
        except ConfigError as err:
            self.model = AppModel(self.client, None, theme=chosen_theme, speed=None)
            self.client.last_error = (str(err), "")
        self.model.setParent(self)
        self.model.reset(if_changed=True)  # a client spawned on other runs takes the model's

        self.controls = ControlsPanel()
        self.controls.set_config(self.model.edited_config)
        self.panes = PanesWidget(theme=self.theme)
        self.setCentralWidget(self.panes)
        self.dock = QDockWidget(tr("Controls"), self)
        self.dock.setObjectName("controls_dock")
        self.dock.setWidget(self.controls)
        self.dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock)
        self.status = RunStatusBar(self)
        self.setStatusBar(self.status)
        self.action_set: WindowActions = build_actions(self)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.dock.toggleViewAction())
        self.dock.toggleViewAction().setObjectName("show_controls")
        self.dock.addActions(self.action_set.all())  # the keys work in a floating dock too

        bind_controls(self.model, self.controls, self.status.flash)
        self.model.runsChanged.connect(self._on_runs_changed)
        # a network's data pane shows the edited run's predictions
        self.model.editedChanged.connect(lambda: self.panes.set_data_run(self.model.edited))
        self.model.fileChanged.connect(self._show_title)
        self.model.viewChanged.connect(self._on_view_changed)
        self.model.speedChanged.connect(self.settings.set_speed)
        self.model.notice.connect(self.status.flash)
        self.panes.startMoved.connect(self.controls.set_start)
        self.client.commandRefused.connect(self._on_refused)
        self.client.workerRestarted.connect(self.status.flash)
        if self.client.exit_note:
            self.status.flash(self.client.exit_note)
        if self.client.last_error:
            self.status.flash(fill(tr("refused %1"), self.client.last_error[0]))

        self.model.set_speed(speed)  # type: ignore[arg-type]
        self._on_view_changed()
        self._restore_geometry()
        self._show_state(self.client.state)
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(int(1000.0 / self.frame_rate()))  # 16 ms at 60 Hz: never late
        self.timer.timeout.connect(self.frame)
        self.timer.start()
        from optiviz.app.teaching.install import install_teaching

        self.teaching = install_teaching(self)
        from optiviz.app.race import install_race
        from optiviz.app.scenarios import install_scenarios

        self.race = install_race(self)
        self.scenario_files = install_scenarios(self)
        from optiviz.app.explore import install_explore

        self.explore = install_explore(self)
        from optiviz.app.recording import install_recording

        self.recording = install_recording(self)
        from optiviz.app.optimizer_file import install_optimizer_file

        self.optimizer_files = install_optimizer_file(self)
        from optiviz.app.help import install_help

        self.help = install_help(self)
        from optiviz.app.predict import install_predict

        self.predict = install_predict(self)
        from optiviz.app.presenter import install_presenter

        self.presenter = install_presenter(self)
        from optiviz.app.language_menu import install_language_menu

        self.language_menu = install_language_menu(self)
        from optiviz.app.network_guard import install_network_guard

        self.network_guard = install_network_guard(self)
        from optiviz.app.line_view import install_line_view

        self.line_view = install_line_view(self)
        # Last: a filter on the application is a Python call for each of the thousands of
        # events that building the window sends; none is a key (see optiviz/app/wheel_policy.py).
        self._guard = ShortcutGuard(self)

    # -- what the model holds ------------------------------------------------------------------
    @property
    def theme(self) -> str:
        return self.model.theme

    @property
    def edited_run(self) -> int:
        """The run the controls show and edit (a race's selected run)."""
        return self.model.edited

    # -- the public verbs (actions, tests and later features call these) ----------------------
    def play(self) -> None:
        self.aboutToAdvance.emit()
        state = self.client.state
        if all(r.status in ("finished", "diverged") for r in state.runs):
            self.status.flash(tr("the run is over: press R to reset, or raise the epochs"))
            return
        self.client.send(PLAY)
        self._sync_play_look()

    def pause(self) -> None:
        self.client.send(PAUSE)
        self._sync_play_look()

    def toggle_play(self) -> None:
        if self.client.playing:
            self.pause()
        else:
            self.play()

    def step(self) -> None:
        """Exactly one epoch of every run, then paused."""
        self.aboutToAdvance.emit()
        self.client.send(STEP)
        self._sync_play_look()

    def reset(self) -> None:
        """Start every run again from epoch 0 with the settings the model holds."""
        self.model.reset()
        self._sync_play_look()

    def set_theme(self, theme: str) -> None:
        self.model.set_theme(theme)

    def toggle_theme(self) -> None:
        self.set_theme("dark" if self.theme == "light" else "light")

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()
        with QSignalBlocker(self.action_set.full_screen):
            self.action_set.full_screen.setChecked(self.isFullScreen())

    def set_speed(self, speed: float | None) -> None:
        """Epochs per second (None: as fast as possible)."""
        self.model.set_speed(speed)

    def frame_rate(self) -> float:
        screen = self.screen() or QGuiApplication.primaryScreen()
        rate = screen.refreshRate() if screen is not None else 60.0
        return min(MAX_FPS, max(MIN_FPS, rate or 60.0))

    # -- the frame -----------------------------------------------------------------------------
    def frame(self) -> None:
        """One frame: pull updates, feed the panes if anything changed, show the status."""
        if self._closing:
            return
        self.ticks += 1
        changed = self.client.poll()
        state = self.client.state
        if state is not self._shown_state:
            self._show_state(state)
        elif changed:
            project_entries(self.model.entries, state)  # labels follow the configs run
            self.panes.refresh(self.panes_epoch)
            self.frames_drawn += 1
        if changed:
            self._check_divergence(state)
        self._sync_play_look()
        self.status.show_state(state, self.client.playing, self.edited_run)
        if not self.client.ready:
            self.status.state_label.setText(tr("starting…"))
        self.frameDone.emit()

    def _show_state(self, state: SessionState) -> None:
        """A new session (reset, new problem or runs): rebuild the panes' items."""
        project_entries(self.model.entries, state)
        self._shown_state = state
        self.stateShowing.emit(state)
        self.panes.set_session(state)
        self.frames_drawn += 1
        self._show_title()
        self.status.show_state(state, self.client.playing, self.edited_run)

    def _show_title(self) -> None:
        self.setWindowTitle(self.model.window_title())
        self.setWindowModified(self.model.modified and self.model.path is not None)

    def _on_runs_changed(self) -> None:
        """Labels, visibility or colours changed: the legend and paths follow at once."""
        state = self.client.state
        if project_entries(self.model.entries, state) and self.panes.session is state:
            self.panes.set_session(state)  # the loss legend lists the shown runs only
            self.panes.refresh(self.panes_epoch)
        self._show_title()

    def _on_view_changed(self) -> None:
        theme = self.model.theme
        self.panes.set_shown(self.model.view.panes)
        for name, action in self.action_set.panes.items():
            with QSignalBlocker(action):
                action.setChecked(name in self.model.view.panes)
        self.panes.set_theme(theme)
        # The application's palette, not the window's: dialogs are windows of their own, and a
        # parent's palette does not reach them.
        QApplication.setPalette(theme_palette(theme))
        with QSignalBlocker(self.action_set.light_theme):
            self.action_set.light_theme.setChecked(theme == "light")
        self.settings.set_theme(theme)

    def _sync_play_look(self) -> None:
        playing = self.client.playing
        if playing != self._shown_playing:
            self._shown_playing = playing
            set_play_look(self, self.action_set.play, playing)

    def _check_divergence(self, state: SessionState) -> None:
        """Say once, in the status bar, that a shown run diverged; never a modal dialog."""
        for run in state.runs:
            key = (state.generation, run.id)
            if run.status != "diverged" or key in self._announced:
                continue
            self._announced.add(key)
            if not run.visible:
                continue
            text = run_state_text(run, False)
            who = f"run {run.id + 1} ({run.label})" if len(state.runs) > 1 else run.label
            self.status.flash(fill(tr("%1 %2: lower its lr and press R"), who, text))

    def _on_refused(self, message: str, field: str) -> None:
        self.status.flash(fill(tr("refused %1"), message))  # the message starts with the field

    # -- geometry and shutdown -----------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = self.settings.geometry()
        if geometry is not None and self.restoreGeometry(geometry):
            state = self.settings.window_state()
            if state is not None:
                self.restoreState(state)
            return
        screen = self.screen() or QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen is not None else None
        width, height = 1280, 800
        if available is not None:
            width = min(width, int(available.width() * 0.92))
            height = min(height, int(available.height() * 0.92))
        self.resize(width, height)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closing:
            self._closing = True
            self.aboutToClose.emit()
            self.timer.stop()
            self.settings.set_geometry(self.saveGeometry())
            self.settings.set_window_state(self.saveState())
            self.settings.set_theme(self.theme)
            self.settings.sync()
            QApplication.setPalette(self._app_palette)
            self._guard.remove()
            self.client.close()
            self.closed.emit()
        super().closeEvent(event)
