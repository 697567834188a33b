"""File → Record animation… (Ctrl+Shift+R): the window's setup recorded to a file.

The recording steps fresh runs of the window's race (its configs, labels and theme) from epoch
0, drawn by an offscreen copy of the panes; the window's own runs and panes are not touched.
A progress dialog with Cancel shows while the frames are drawn between the window's events.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QPointF, Qt, QUrl
from PySide6.QtGui import QAction, QColor, QDesktopServices, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QDialog, QMessageBox, QProgressDialog, QPushButton

from optiviz.app.actions import make_action, menu
from optiviz.app.host import WindowHost
from optiviz.engine.errors import ConfigError
from optiviz.engine.runs.config import RunConfig
from optiviz.plots.i18n import QT_TR_NOOP, fill, tr

if TYPE_CHECKING:  # the dialog and the job load when a recording is asked for
    from optiviz.app.recording.job import RecordingJob
    from optiviz.app.recording.record_dialog import RecordDialog

TITLE = QT_TR_NOOP("Record animation")
SHORTCUT = "Ctrl+Shift+R"
OUT_KEY = "recording/out"
SIZE_KEY = "recording/size"
#: How long the "written to" message and its Open folder button stay, in milliseconds.
DONE_MS = 15000
WRITTEN = QT_TR_NOOP("recording written to")


def record_icon(size: int = 32) -> QIcon:
    """A red dot, the usual sign for recording (Qt's standard icons have none)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor("#7a1f1f"))
    painter.setBrush(QColor("#e5484d"))
    painter.drawEllipse(QPointF(size / 2, size / 2), size * 0.34, size * 0.34)
    painter.end()
    return QIcon(pixmap)


def _clock(seconds: float) -> str:
    minutes, rest = divmod(max(0, round(seconds)), 60)
    return f"{minutes}:{rest:02d}"


class RecordingController(QObject):
    """The Record action of ``window`` (a MainWindow): its dialog, its job and its messages."""

    def __init__(self, window: WindowHost) -> None:
        super().__init__(window)
        self.window = window
        self.action: QAction | None = None
        self.dialog: RecordDialog | None = None
        self.job: RecordingJob | None = None
        self.progress: QProgressDialog | None = None
        self.open_folder: QPushButton | None = None
        self.last_path: Path | None = None
        window.aboutToClose.connect(self.cancel)  # a recording never outlives the window

    # -- what is recorded ---------------------------------------------------------------------
    def configs(self) -> list[RunConfig]:
        return self.window.model.configs()

    def labels(self) -> list[str]:
        return self.window.model.labels()

    def epochs(self) -> int:
        return max(config.epochs for config in self.configs())

    # -- the dialog ---------------------------------------------------------------------------
    def make_dialog(self) -> RecordDialog:
        from optiviz.app.recording.record_dialog import SIZES, RecordDialog, size_text

        settings = self.window.settings
        out = str(settings.value(OUT_KEY, "") or Path.home() / "optiviz.mp4")
        size = SIZES[0]
        try:
            from optiviz.recorder.options import parse_size

            size = parse_size(str(settings.value(SIZE_KEY, "") or size_text(size)))
        except ConfigError:
            pass
        dialog = RecordDialog(self.epochs(), out, self.window.theme, size, self.window)
        self.dialog = dialog
        return dialog

    def ask(self) -> bool:
        """Show the dialog and start recording what it asks for; True if started."""
        if self.busy:
            if self.progress is not None:
                self.progress.raise_()
            return False
        from optiviz.app.recording.record_dialog import FIELD_OF, size_text

        dialog = self.make_dialog()
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        try:
            options = dialog.options()
        except ConfigError as err:  # e.g. the folder went away while the dialog was open
            field = FIELD_OF.get(err.field, "output").replace("_", " ")
            self._refuse(f"{field}: {err.message}")
            return False
        settings = self.window.settings
        settings.set_value(OUT_KEY, str(options.out) + ("/" if options.kind == "png" else ""))
        settings.set_value(SIZE_KEY, size_text(options.size))
        return self.start(options, dialog.epochs())

    # -- recording ----------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.job is not None and self.job.state in ("ready", "running")

    def start(self, options: Any, epochs: int | None = None, *, slice_ms: float | None = None):
        """Record the window's runs from epoch 0 to ``epochs`` (default: theirs) with
        ``options`` (a RecordOptions). False, with the reason shown, if refused."""
        from optiviz.app.recording.job import RecordingJob, one_line
        from optiviz.recorder import Recorder

        if self.busy:
            return False
        configs = self.configs()
        if epochs is not None:
            configs = [config.copy(epochs=int(epochs)) for config in configs]
        try:
            entries = self.window.model.entries
            recorder = Recorder(
                configs,
                options,
                labels=self.labels(),
                colors=[e.color for e in entries],
                visible=[e.visible for e in entries],
            )
        except (ConfigError, OSError) as err:
            self._refuse(one_line(err))
            return False
        job = (
            RecordingJob(recorder, self)
            if slice_ms is None
            else RecordingJob(recorder, self, slice_ms)
        )
        self.job = job
        self._show_progress(job)
        job.progressed.connect(self._on_progress)
        job.finished.connect(self._on_finished)
        job.failed.connect(self._on_failed)
        job.cancelled.connect(self._on_cancelled)
        if self.action is not None:
            self.action.setEnabled(False)
        job.start()
        return True

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _show_progress(self, job: RecordingJob) -> None:
        total = job.recorder.total
        progress = QProgressDialog(
            f"Drawing frame 0 of {total:,}…", "Cancel", 0, total, self.window
        )
        progress.setWindowTitle(tr(TITLE))
        progress.setObjectName("record_progress")
        progress.setWindowModality(Qt.WindowModality.NonModal)  # the window stays usable
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setMinimumWidth(380)
        progress.canceled.connect(job.cancel)
        progress.setValue(0)
        progress.show()
        self.progress = progress

    def progress_text(self) -> str:
        job = self.job
        step = job.last if job is not None else None
        if step is None:
            return ""
        if step.stage != "drawing":
            return f"{step.stage[:1].upper()}{step.stage[1:]}…"
        text = f"Frame {step.frames:,} of {step.total:,} (epoch {step.epoch:,})"
        rate, eta = job.rate(), job.eta()
        if rate > 0:
            text += f"\n{rate:.1f} frames/s"
            if eta is not None:
                text += f", about {_clock(eta)} left"
        return text

    def _on_progress(self, step: Any) -> None:
        progress = self.progress
        if progress is None:
            return
        progress.setValue(step.frames)
        progress.setLabelText(self.progress_text())
        if step.stage != "drawing" and progress.maximum() != 0:
            progress.setRange(0, 0)  # encoding: busy, no fraction to show

    def _close_progress(self) -> None:
        progress, self.progress = self.progress, None
        if progress is not None:
            progress.canceled.disconnect()
            progress.close()
            progress.deleteLater()
        if self.action is not None:
            self.action.setEnabled(True)

    def _on_finished(self, path: Path) -> None:
        self._close_progress()
        self.last_path = path
        job = self.job
        frames = job.recorder.total if job is not None else 0
        width, height = job.recorder.size if job is not None else (0, 0)
        self.window.status.showMessage(
            fill(
                tr("%1 %2 (%3 frames, %4x%5)"),
                tr(WRITTEN),
                path,
                format(frames, ","),
                width,
                height,
            ),
            DONE_MS,
        )
        self._offer_folder(path)

    def _on_failed(self, message: str) -> None:
        self._close_progress()
        self._refuse(f"{message}; nothing was written")

    def _on_cancelled(self) -> None:
        self._close_progress()
        self.window.status.showMessage(tr("recording cancelled; nothing was written"), DONE_MS)

    def _refuse(self, message: str) -> None:
        self.window.status.showMessage(fill(tr("recording refused: %1"), message), DONE_MS)
        QMessageBox.warning(self.window, tr(TITLE), message)

    # -- after success ------------------------------------------------------------------------
    def folder(self) -> Path | None:
        path = self.last_path
        if path is None:
            return None
        return path if path.is_dir() else path.parent

    def _offer_folder(self, path: Path) -> None:
        status = self.window.status
        if self.open_folder is None:
            button = QPushButton(tr("Open folder"))
            button.setFlat(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(self.show_folder)
            status.addWidget(button)
            status.messageChanged.connect(
                lambda text: button.setVisible(text.startswith(tr(WRITTEN)))
            )
            self.open_folder = button
        self.open_folder.setToolTip(str(self.folder()))
        self.open_folder.setVisible(True)

    def show_folder(self) -> None:
        folder = self.folder()
        if folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def _place_in_file_menu(window: WindowHost, action: QAction) -> None:
    """Just above Quit, after the other file actions."""
    file_menu = menu(window, "&File")
    actions = file_menu.actions()
    quit_action = window.action_set.quit
    if quit_action not in actions:
        file_menu.addAction(action)
        return
    index = actions.index(quit_action)
    before = actions[index - 1] if index > 0 and actions[index - 1].isSeparator() else quit_action
    file_menu.insertAction(before, action)
    if before is quit_action:
        file_menu.insertSeparator(quit_action)
    above = file_menu.actions()[file_menu.actions().index(action) - 1] if index > 0 else None
    if above is not None and not above.isSeparator():
        file_menu.insertSeparator(action)


def install_recording(window: WindowHost) -> RecordingController:
    """Add File → Record animation… to ``window`` (a MainWindow); returns ``window.recording``."""
    controller = RecordingController(window)
    window.recording = controller
    action = make_action(
        window,
        tr("Record a&nimation…"),
        controller.ask,
        shortcut=SHORTCUT,
        tip=tr("Record the runs from epoch 0 to an MP4, a GIF or PNG frames"),
        icon=record_icon(),
        name="record",
    )
    action.setIconText(tr("Record"))
    controller.action = action
    _place_in_file_menu(window, action)
    toolbar = window.toolbar
    if toolbar is not None:
        toolbar.addSeparator()
        toolbar.addAction(action)
    window.addActions([action])
    dock = window.dock
    if dock is not None:
        dock.addActions([action])  # the key works in a floating dock too
    return controller
