"""File → Record animation…: where to write, how many epochs, how many frames, how big.

Every field is checked as it is edited, with the recorder's own rules
(:meth:`optiviz.recorder.RecordOptions.checked`), so the dialog refuses exactly what
``optiviz record`` refuses, with the same words; Record stays disabled until all is well.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from optiviz.app.controls.field_errors import ErrorFrame, ErrorLabel
from optiviz.engine.errors import ConfigError
from optiviz.engine.runs.config import MAX_EPOCHS
from optiviz.plots.i18n import QT_TR_NOOP, fill, tr

#: The size presets offered; the last entry lets the user type any WIDTHxHEIGHT.
SIZES: tuple[tuple[int, int], ...] = ((1280, 720), (1920, 1080), (854, 480), (640, 360))
CUSTOM = QT_TR_NOOP("custom…")
#: The default epochs per frame keep a clip at about this many frames (plus the start).
TARGET_FRAMES = 300
DEFAULT_FPS = 30.0
FILTERS = QT_TR_NOOP("MP4 video (*.mp4);;GIF animation (*.gif);;PNG frames in a folder (*)")
#: The recorder's field names (``ConfigError.field``) -> this dialog's fields.
FIELD_OF = {
    "-o": "output",
    "format": "output",
    "--fps": "fps",
    "--size": "size",
    "--epochs-per-frame": "epochs_per_frame",
}


def default_epochs_per_frame(epochs: int, target: int = TARGET_FRAMES) -> int:
    """The smallest step that keeps ``epochs`` to at most ``target`` frames after the start."""
    return max(1, math.ceil(max(1, epochs) / target))


def size_text(size: tuple[int, int]) -> str:
    return f"{size[0]}x{size[1]}"


def _clock(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d} min"


class RecordDialog(QDialog):
    """Asks for a recording's settings; :meth:`options` and :meth:`epochs` once accepted."""

    def __init__(
        self,
        epochs: int,
        out: str,
        theme: str = "dark",
        size: tuple[int, int] = SIZES[0],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Record animation"))
        self.theme = theme
        self.problems: dict[str, str] = {}  # field -> reason, while refused
        self._build()
        self.out_edit.setText(out)
        self.epochs_spin.setValue(max(1, int(epochs)))
        self.step_spin.setValue(default_epochs_per_frame(int(epochs)))
        self.fps_spin.setValue(DEFAULT_FPS)
        self.set_size(size)
        for signal in (
            self.out_edit.textChanged,
            self.epochs_spin.valueChanged,
            self.step_spin.valueChanged,
            self.fps_spin.valueChanged,
            self.size_combo.currentIndexChanged,
            self.size_edit.textChanged,
        ):
            signal.connect(self.check)
        self.check()

    # -- building -----------------------------------------------------------------------------
    def _build(self) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.out_edit = QLineEdit()
        self.out_edit.setMinimumWidth(320)
        self.browse_button = QPushButton(tr("Browse…"))
        self.browse_button.clicked.connect(self.browse)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.out_edit, 1)
        line.addWidget(self.browse_button)
        self.out_frame = ErrorFrame(row)
        self.out_frame.set_tooltip(
            tr(
                "Where to write: FILE.mp4 (H.264 video), FILE.gif (an animation that loops), "
                "or a folder ending in / for numbered PNG frames (frame_00000.png...)."
            )
        )
        form.addRow(tr("Output"), self.out_frame)

        self.epochs_spin = QSpinBox()
        self.epochs_spin.setRange(1, MAX_EPOCHS)
        self.epochs_spin.setGroupSeparatorShown(True)
        self.epochs_frame = ErrorFrame(self.epochs_spin)
        self.epochs_frame.set_tooltip(
            tr(
                "Record from the start (epoch 0) to this epoch. The recording steps fresh runs "
                "with the window's settings; the window's own run is left as it is."
            )
        )
        form.addRow(tr("Epochs"), self.epochs_frame)

        self.step_spin = QSpinBox()
        self.step_spin.setRange(1, MAX_EPOCHS)
        self.step_spin.setGroupSeparatorShown(True)
        self.step_frame = ErrorFrame(self.step_spin)
        self.step_frame.set_tooltip(
            fill(
                tr(
                    "Epochs between two frames: frame k shows epoch k × this. "
                    "The default keeps the clip to about %1 frames."
                ),
                TARGET_FRAMES,
            )
        )
        form.addRow(tr("Epochs per frame"), self.step_frame)

        self.fps_spin = QDoubleSpinBox()
        self.fps_spin.setRange(1.0, 120.0)
        self.fps_spin.setDecimals(2)
        self.fps_spin.setSuffix(tr(" frames/s"))
        self.fps_frame = ErrorFrame(self.fps_spin)
        self.fps_frame.set_tooltip(
            tr("Frames per second when the clip plays (a GIF plays at most 50).")
        )
        form.addRow(tr("Frame rate"), self.fps_frame)

        self.size_combo = QComboBox()
        for size in SIZES:
            self.size_combo.addItem(size_text(size))
        self.size_combo.addItem(tr(CUSTOM))
        self.size_edit = QLineEdit()
        self.size_edit.setPlaceholderText(tr("WIDTHxHEIGHT"))
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.size_combo)
        line.addWidget(self.size_edit, 1)
        self.size_frame = ErrorFrame(row)
        self.size_frame.set_tooltip(
            tr(
                "The frame size in pixels. Choose custom… to type any WIDTHxHEIGHT "
                "from 320x180 to 3840x3840; an MP4 needs even sides."
            )
        )
        self.size_combo.currentIndexChanged.connect(self._on_size_choice)
        form.addRow(tr("Size"), self.size_frame)

        self.summary = QLabel()
        self.summary.setObjectName("record_summary")
        self.summary.setWordWrap(True)
        self.errors = ErrorLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.record_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.record_button.setText(tr("Record"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.summary)
        column.addWidget(self.errors)
        column.addStretch(1)
        column.addWidget(self.buttons)

    def _frames(self) -> dict[str, ErrorFrame]:
        return {
            "output": self.out_frame,
            "epochs": self.epochs_frame,
            "epochs_per_frame": self.step_frame,
            "fps": self.fps_frame,
            "size": self.size_frame,
        }

    # -- the size field -----------------------------------------------------------------------
    def preset(self) -> tuple[int, int] | None:
        """The chosen preset size, or None for custom…."""
        index = self.size_combo.currentIndex()
        return SIZES[index] if 0 <= index < len(SIZES) else None

    def set_size(self, size: tuple[int, int]) -> None:
        size = (int(size[0]), int(size[1]))
        index = SIZES.index(size) if size in SIZES else len(SIZES)
        with QSignalBlocker(self.size_combo):
            self.size_combo.setCurrentIndex(index)
        self.size_edit.setText(size_text(size))
        self.size_edit.setEnabled(index == len(SIZES))

    def _on_size_choice(self, _index: int) -> None:
        preset = self.preset()
        self.size_edit.setEnabled(preset is None)
        if preset is not None:
            self.size_edit.setText(size_text(preset))
        else:
            self.size_edit.setFocus()
            self.size_edit.selectAll()

    # -- reading and checking -----------------------------------------------------------------
    def epochs(self) -> int:
        return self.epochs_spin.value()

    def frame_count(self) -> int:
        return self.epochs() // self.step_spin.value() + 1

    def options(self) -> Any:
        """The checked :class:`~optiviz.recorder.RecordOptions` (raises ConfigError if refused)."""
        from optiviz.recorder.options import RecordOptions, parse_size

        return RecordOptions(
            out=self.out_edit.text().strip(),
            fps=self.fps_spin.value(),
            epochs_per_frame=self.step_spin.value(),
            size=parse_size(self.size_edit.text()),
            theme=self.theme,
        ).checked()

    def check(self) -> bool:
        """Check every field, mark the refused one, update the summary; True if all is well."""
        self.problems = {}
        note = ""
        try:
            options = self.options()
        except ConfigError as err:
            self.problems[FIELD_OF.get(err.field, "output")] = err.message
        else:
            note = options.frame_size()[1]
        for name, frame in self._frames().items():
            frame.set_error(self.problems.get(name))
        self.errors.clear_messages()
        for name, message in self.problems.items():
            self.errors.set_message(name.replace("_", " "), message)
        self.record_button.setEnabled(not self.problems)
        frames = self.frame_count()
        seconds = frames / self.fps_spin.value()
        text = (
            f"{frames:,} frames (epochs 0 to {self.epochs():,} every "
            f"{self.step_spin.value():,}), {_clock(seconds)} at {self.fps_spin.value():g} "
            "frames/s"
        )
        self.summary.setText(text + (f"\n{note}" if note else ""))
        return not self.problems

    def accept(self) -> None:
        if self.check():
            super().accept()

    # -- browsing -----------------------------------------------------------------------------
    def browse(self) -> None:
        current = self.out_edit.text().strip()
        start = current or str(Path.home() / "optiviz.mp4")
        filters = tr(FILTERS)
        path, chosen = QFileDialog.getSaveFileName(self, tr("Record to"), start, filters)
        if not path:
            return
        # the filter by its place (MP4, GIF, PNG), not its words, which are translated
        kind = filters.split(";;").index(chosen) if chosen in filters.split(";;") else 0
        if kind == 2:
            if not path.endswith("/"):
                path = str(Path(path).with_suffix("")) + "/"
        elif Path(path).suffix.lower() not in (".mp4", ".gif"):
            path += ".gif" if kind == 1 else ".mp4"
        self.out_edit.setText(path)
        self.out_edit.setFocus(Qt.FocusReason.OtherFocusReason)
