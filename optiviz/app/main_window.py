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
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QMessageBox, QWidget

from optiviz.app.actions import ShortcutGuard, WindowActions, build_actions, set_play_look
from optiviz.app.controls import ControlsPanel
from optiviz.app.settings import Settings
from optiviz.app.status_bar import RunStatusBar, run_state_text
from optiviz.app.worker_client import WorkerClient
from optiviz.engine.errors import ConfigError
from optiviz.engine.problems.library import TUTORIAL_X, TUTORIAL_Y
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.worker.session import (
    PAUSE,
    PLAY,
    STEP,
    cmd_epochs,
    cmd_reset,
    cmd_set,
    cmd_speed,
)
from optiviz.engine.worker.session_state import SessionState
from optiviz.plots import PanesWidget

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


def window_title(state: SessionState, title: str = "") -> str:
    """``optiviz — SGD on the tutorial's linear fit`` (or a scenario's own title)."""
    if title:
        return f"optiviz — {title}"
    config = state.runs[0].config
    problem = state.problem
    if problem.dataset is not None:
        data = problem.dataset
        tutorial = (data.x, data.y) == (TUTORIAL_X, TUTORIAL_Y)
        what = "the tutorial's linear fit" if tutorial else "a linear fit of your data"
    else:
        what = problem.title
    names = list(dict.fromkeys(r.config.optimizer for r in state.runs))
    who = config.optimizer if len(names) == 1 else " vs ".join(names)
    return f"optiviz — {who} on {what}"


def theme_palette(theme: str) -> QPalette:
    """The widgets' palette for a theme (the panes paint their own backgrounds)."""
    if theme != "dark":
        return QApplication.style().standardPalette()
    palette = QPalette()
    roles = QPalette.ColorRole
    colours = {
        roles.Window: "#1f2228",
        roles.WindowText: "#d8dce3",
        roles.Base: "#16181d",
        roles.AlternateBase: "#23262d",
        roles.Text: "#d8dce3",
        roles.Button: "#2a2e36",
        roles.ButtonText: "#d8dce3",
        roles.BrightText: "#ffffff",
        roles.Highlight: "#2f7fd0",
        roles.HighlightedText: "#ffffff",
        roles.ToolTipBase: "#2a2e36",
        roles.ToolTipText: "#d8dce3",
        roles.PlaceholderText: "#7d8590",
        roles.Link: "#6cb6ff",
        roles.Mid: "#3a3f48",
        roles.Dark: "#121418",
        roles.Light: "#3a3f48",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(disabled, role, QColor("#6b717c"))
    return palette


class MainWindow(QMainWindow):
    """The simulator's window; ``client`` owns the worker, ``panes`` draw its mirror."""

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
        title: str = "",
        labels: list[str] | None = None,
        settings: Settings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings or Settings()
        self.client = client or WorkerClient()
        self.client.setParent(self)
        self._scenario_title = title
        self._labels = list(labels or [])
        self._closing = False
        self._shown_state: SessionState | None = None
        self._announced: set[tuple[int, int]] = set()
        self._diverged_box: QMessageBox | None = None
        self._shown_playing: bool | None = None
        self.frames_drawn = 0  # frame-timer ticks that fed new data to the panes
        self.panes_epoch: int | None = None  # a scrubbed epoch the panes show; None: latest
        self.ticks = 0
        self.edited_run = 0  # the run the controls show and edit (a race's selected run)
        self.restores_session = configs is None  # no runs given: the last session comes back
        self.setObjectName("optiviz_main_window")
        self.setWindowIcon(app_icon())

        if configs is None:
            last = self.settings.last_config()
            configs = [last] if last is not None else None
        if configs:
            self.client.send(cmd_reset(list(configs)))
        self.theme = theme if theme in ("dark", "light") else self.settings.theme()

        self.controls = ControlsPanel()
        try:
            self.controls.set_config((configs or [self.client.state.runs[0].config])[0])
        except ConfigError:
            pass
        self.panes = PanesWidget(theme=self.theme)
        self.setCentralWidget(self.panes)
        self.dock = QDockWidget("Controls", self)
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
        self._guard = ShortcutGuard(self)

        if speed == "remembered":
            speed = self.settings.speed(DEFAULT_SPEED)
        self.set_speed(speed)  # type: ignore[arg-type]
        self.set_theme(self.theme)

        self.controls.resetRequested.connect(self._on_reset_requested)
        self.controls.hyperChanged.connect(self._on_hyper_changed)
        self.controls.epochsChanged.connect(lambda epochs: self.client.send(cmd_epochs(epochs)))
        self.controls.speedChanged.connect(self._on_speed_changed)
        self.panes.startMoved.connect(self.controls.set_start)
        self.client.commandRefused.connect(self._on_refused)
        self.client.workerRestarted.connect(self.status.flash)
        if self.client.exit_note:
            self.status.flash(self.client.exit_note)

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

    # -- the public verbs (actions, tests and later features call these) ----------------------
    def play(self) -> None:
        self.aboutToAdvance.emit()
        state = self.client.state
        if all(r.status in ("finished", "diverged") for r in state.runs):
            self.status.flash("the run is over: press R to reset, or raise the epochs")
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
        """Start again from epoch 0 with the settings shown in the controls."""
        self._send_reset(self.controls.config())

    def set_theme(self, theme: str) -> None:
        self.theme = "light" if theme == "light" else "dark"
        self.panes.set_theme(self.theme)
        self.setPalette(theme_palette(self.theme))
        with QSignalBlocker(self.action_set.light_theme):
            self.action_set.light_theme.setChecked(self.theme == "light")
        self.settings.set_theme(self.theme)

    def set_scenario_title(self, title: str) -> None:
        """Name the window after a scenario ("" names it after its runs)."""
        self._scenario_title = title
        self.setWindowTitle(window_title(self.client.state, title))

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
        """Epochs per second (None: as fast as possible), shown in the controls and sent."""
        combo = self.controls.speed_combo
        index = 0 if speed is None else combo.findData(float(speed))
        if index < 0:
            combo.addItem(f"{float(speed):g} epochs/s", float(speed))
            index = combo.count() - 1
        with QSignalBlocker(combo):
            combo.setCurrentIndex(index)
        self._on_speed_changed(speed)

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
            self.panes.refresh(self.panes_epoch)
            self.frames_drawn += 1
        if changed:
            self._check_divergence(state)
        self._sync_play_look()
        self.status.show_state(state, self.client.playing, self.edited_run)
        if not self.client.ready:
            self.status.state_label.setText("starting…")
        self.frameDone.emit()

    def _show_state(self, state: SessionState) -> None:
        """A new session (reset, new problem or runs): rebuild the panes' items."""
        if self._labels and len(self._labels) == len(state.runs):
            for run, label in zip(state.runs, self._labels, strict=True):
                if label:
                    run.label = label
        self._shown_state = state
        self.stateShowing.emit(state)
        self.panes.set_session(state)
        self.frames_drawn += 1
        self.setWindowTitle(window_title(state, self._scenario_title))
        if self._diverged_box is not None and state.max_epoch == 0:
            self._diverged_box.close()
        self.status.show_state(state, self.client.playing, self.edited_run)

    def _sync_play_look(self) -> None:
        playing = self.client.playing
        if playing != self._shown_playing:
            self._shown_playing = playing
            set_play_look(self, self.action_set.play, playing)

    def _check_divergence(self, state: SessionState) -> None:
        for run in state.runs:
            key = (state.generation, run.id)
            if run.status != "diverged" or key in self._announced:
                continue
            self._announced.add(key)
            text = run_state_text(run, False)
            who = f"Run {run.id + 1} ({run.label})" if len(state.runs) > 1 else run.label
            message = (
                f"{who} {text}. The panes keep its last finite values. "
                "Lower the learning rate and press Reset (R)."
            )
            self.status.flash(f"{who} {text}")
            self._show_message("Diverged", message)

    def _show_message(self, title: str, text: str) -> None:
        """A non-modal message: the window stays usable behind it."""
        if self._diverged_box is None:
            box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok)
            box.setParent(self, box.windowFlags())
            box.setWindowModality(Qt.WindowModality.NonModal)
            self._diverged_box = box
        self._diverged_box.setWindowTitle(title)
        self._diverged_box.setText(text)
        self._diverged_box.show()

    # -- controls -> worker --------------------------------------------------------------------
    def _configs_with(self, edited: RunConfig) -> list[RunConfig]:
        """The session's configs with the edited run replaced; the others follow its changes
        of problem, start, epochs, data and expression (and keep what it left alone)."""
        runs = self.client.state.runs
        index = min(max(self.edited_run, 0), len(runs) - 1)
        before = runs[index].config
        shared = {
            name: getattr(edited, name)
            for name in ("problem", "start", "epochs", "dataset", "expression")
            if getattr(edited, name) != getattr(before, name)
        }
        configs = [r.config.copy(**shared) for r in runs]
        configs[index] = edited
        return configs

    def _send_reset(self, first: RunConfig) -> None:
        self.client.send(cmd_reset(self._configs_with(first)))
        self.settings.set_last_config(first)
        self._sync_play_look()

    def _on_reset_requested(self, config: RunConfig) -> None:
        self._labels = []  # a scenario's labels described its own runs
        self._send_reset(config)

    def _on_hyper_changed(self, key: str, value: object) -> None:
        target = None if len(self.client.state.runs) == 1 else self.edited_run
        self.client.send(cmd_set(target, key, value))

    def _on_speed_changed(self, speed: float | None) -> None:
        self.client.send(cmd_speed(speed))
        self.settings.set_speed(speed)

    def _on_refused(self, message: str, field: str) -> None:
        self.status.flash(f"refused {message}")  # the message starts with the field

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
            self.settings.set_last_config(self.controls.config())
            self.settings.sync()
            if self._diverged_box is not None:
                self._diverged_box.close()
            self._guard.remove()
            self.client.close()
            self.closed.emit()
        super().closeEvent(event)
