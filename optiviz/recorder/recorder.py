"""Recording: fresh runs stepped in this process, drawn by the window's own panes, offscreen.

:class:`Recorder` is what the window's Record action drives: :meth:`Recorder.frames` does one
frame per ``next()``, so a QTimer can call it in small slices and keep the window responsive,
and :meth:`Recorder.cancel` deletes the partial file. :func:`record` runs it to the end for
the command line.

The panes are a :class:`~optiviz.plots.PanesWidget` at the exact frame size. A widget that
was never shown does not lay out its plots (pyqtgraph #1997: they pile up in a corner), so
the widget is shown with ``WA_DontShowOnScreen``: Qt lays it out and paints it, but no window
appears. Frames are painted with ``QWidget.render`` into an image of exactly that size, which
also keeps a high-DPI screen from doubling it.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QRect, Qt, qInstallMessageHandler
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from optiviz.engine.errors import ConfigError
from optiviz.engine.networks.spec import NETWORK_PROBLEM
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.factory import make_run
from optiviz.engine.worker.session_state import SessionState, sync_status
from optiviz.plots import PanesWidget
from optiviz.plots.pane_layers import PanesLayers
from optiviz.plots.theme import get_theme
from optiviz.recorder.caption import caption_entries, caption_height, paint_caption
from optiviz.recorder.frames import advance, frame_count, frame_epoch
from optiviz.recorder.options import RecordOptions
from optiviz.recorder.pipeline import DEPTH, EncoderThread
from optiviz.recorder.stepper import AheadStepper, can_step_ahead
from optiviz.recorder.writers import Writer, open_writer

#: Frames are painted in the raster painter's native format: lines and text are many times
#: slower to draw into an RGBA8888 image (a frame of the panes took twice as long).
DRAW_FORMAT = QImage.Format.Format_ARGB32_Premultiplied
#: 32 bits a pixel in R, G, B, A byte order, read by ffmpeg and numpy as they are; a painted
#: frame is converted to it once (0.4 ms at 1200x400) for PNG frames and :meth:`render`.
IMAGE_FORMAT = QImage.Format.Format_RGBA8888_Premultiplied
#: :data:`DRAW_FORMAT`'s bytes as ffmpeg names them: an MP4 or GIF takes the painted frames as
#: they are (frames are opaque, so premultiplied is plain).
NATIVE_LAYOUT = "bgra" if sys.byteorder == "little" else "argb"
#: Images painted in turn while streaming natively: one being painted, one being written and
#: those waiting in the encoder's queue.
RING = DEPTH + 2

#: Frames smaller than this are drawn at this size and scaled down, so the panes keep a
#: readable layout (axes would otherwise take the whole of a 320x180 frame).
DRAW_MIN = (640, 360)

_apps: list[QApplication] = []  # an application made here lives as long as the process


@dataclass(frozen=True)
class Progress:
    """Where a recording is: ``frames`` of ``total`` done, then the finishing ``stage``."""

    frames: int
    total: int
    epoch: int
    stage: str = "drawing"  # drawing, then e.g. "writing the GIF", then "done"
    path: Path | None = None  # the written file or folder, once done

    @property
    def done(self) -> bool:
        return self.stage == "done"


#: What Qt's offscreen platform says when a window is shown; harmless here.
_OFFSCREEN_CHATTER = ("This plugin does not support",)


def _quiet_offscreen() -> None:
    """Drop the offscreen platform's notices about showing a window; pass the rest on."""
    previous = None

    def handler(mode, context, message: str) -> None:
        if message.startswith(_OFFSCREEN_CHATTER):
            return
        if previous is not None:
            previous(mode, context, message)
        else:
            print(message, file=sys.stderr)

    previous = qInstallMessageHandler(handler)


def ensure_app() -> QApplication:
    """The running QApplication, or a new one (offscreen when there is no display)."""
    app = QApplication.instance()
    if app is None:
        if sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
        ):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication([sys.argv[0] if sys.argv else "optiviz"])
        _apps.append(app)
        if app.platformName() == "offscreen":
            _quiet_offscreen()
    return app


def image_array(image: QImage) -> np.ndarray:
    """A ``(height, width, 4)`` view of a 32-bit image's pixels, in its byte order (no copy)."""
    height, width = image.height(), image.width()
    data = np.frombuffer(image.constBits(), dtype=np.uint8, count=height * image.bytesPerLine())
    return data.reshape(height, image.bytesPerLine())[:, : width * 4].reshape(height, width, 4)


class Recorder:
    """Record ``configs`` (one run, or a race of several) as ``options`` asks.

    Everything is checked here, before any file is made: bad settings raise
    :class:`ConfigError` naming the field. ``labels``, ``colors`` and ``visible`` are a
    scenario's (or the window's) for each run: an empty label keeps ``SGD lr=0.01 ...``, an
    empty colour the palette's, and a hidden run is stepped but not drawn.
    """

    def __init__(
        self,
        configs: Sequence[RunConfig],
        options: RecordOptions,
        *,
        labels: Sequence[str] | None = None,
        colors: Sequence[str] | None = None,
        visible: Sequence[bool] | None = None,
    ) -> None:
        if not configs:
            raise ConfigError("runs", "at least one run is needed")
        self.options = options.checked()
        ensure_app()  # fonts (the caption's height) need an application
        self.kind = self.options.kind
        self.runs = [make_run(config) for config in configs]
        self.session = SessionState.from_runs(self.runs)
        self.networks = None
        if any(config.problem == NETWORK_PROBLEM for config in configs):
            from optiviz.recorder.network_frames import NetworkFrames  # torch.nn: on demand

            self.networks = NetworkFrames(self.runs)
            self.networks.refresh(self.session)
        for state, label in zip(self.session.runs, labels or (), strict=False):
            if label:
                state.label = label
        for state, color in zip(self.session.runs, colors or (), strict=False):
            state.color = color
        for state, shown in zip(self.session.runs, visible or (), strict=False):
            state.visible = bool(shown)
        self.epochs = max(run.config.epochs for run in self.runs)
        self.total = frame_count(self.epochs, self.options.epochs_per_frame)
        self.size, note = self.options.frame_size()
        #: Things the user should know (a size rounded for MP4); the CLI prints them.
        self.notes: list[str] = [note] if note else []
        self.theme = get_theme(self.options.theme)
        width, height = self.size
        scale = max(1.0, DRAW_MIN[0] / width, DRAW_MIN[1] / height)
        #: The size the panes and the caption are drawn at, before scaling down to ``size``.
        self.draw_size = (math.ceil(width * scale), math.ceil(height * scale))
        shown = sum(1 for state in self.session.runs if state.visible) or 1
        self.caption_height = caption_height(shown, self.draw_size) if self.options.caption else 0
        self.widget: PanesWidget | None = None
        #: Paints the panes' frames: the backdrop kept, the runs' items painted afresh.
        self._layers: PanesLayers | None = None
        self._image: QImage | None = None
        self._scaled: QImage | None = None
        self._rgba: QImage | None = None  # the frame handed out, viewed by render()'s array
        self._ring: list[QImage] = []  # see RING
        self._writer: Writer | None = None
        self._encoder: EncoderThread | None = None
        self._frames: Iterator[Progress] | None = None
        #: The process stepping the runs ahead while recording (None: they step here).
        self.stepper: AheadStepper | None = None
        self.done = 0

    @property
    def path(self) -> Path:
        return self.options.path

    @property
    def panes_size(self) -> tuple[int, int]:
        return self.draw_size[0], self.draw_size[1] - self.caption_height

    # -- the panes -----------------------------------------------------------------------------
    def _make_widget(self) -> PanesWidget:
        widget = PanesWidget(theme=self.options.theme)
        widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        widget.setWindowFlag(Qt.WindowType.Tool)  # no taskbar entry while it exists
        widget.resize(*self.panes_size)
        widget.show()  # laid out and painted, never on screen
        widget.set_session(self.session)
        widget.layout().activate()
        return widget

    def render(self) -> np.ndarray:
        """Draw the current state of the runs: ``(height, width, 4)`` RGBA, valid until the next
        call (it views the recorder's image)."""
        self.refresh()
        return self.grab(self.paint())

    def refresh(self) -> None:
        """Feed the runs' new epochs to the panes (building them the first time)."""
        if self.widget is None:
            self.widget = self._make_widget()
            self._layers = PanesLayers(self.widget)
            self._image = QImage(*self.draw_size, DRAW_FORMAT)
        for state, run in zip(self.session.runs, self.runs, strict=True):
            sync_status(state, run)
        if self.networks is not None:
            final = all(run.status in ("finished", "diverged") for run in self.runs)
            self.networks.refresh(self.session, final=final)
        self.widget.refresh()

    def paint(self) -> QImage:
        """Paint the panes and the caption into the recorder's image, scaled to the frame size
        (the returned image is reused by the next call)."""
        layers, image = self._layers, self._image
        assert layers is not None and image is not None, "refresh() builds the panes first"
        layers.paint(image, QColor(self.theme.background))
        if self.caption_height:
            width, height = self.draw_size
            bar = QRect(0, height - self.caption_height, width, self.caption_height)
            paint_caption(image, bar, caption_entries(self.session, self.epochs), self.theme)
        if self.draw_size != self.size:
            image = self._scaled = image.scaled(
                *self.size,
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        return image

    def grab(self, image: QImage) -> np.ndarray:
        """The painted ``image`` as RGBA in a new image of its own (kept as :attr:`_rgba`, so
        it can wait for the encoder while the next frame is painted), viewed without a copy."""
        self._rgba = image.convertToFormat(IMAGE_FORMAT)
        return image_array(self._rgba)

    def frame_at(self, index: int) -> np.ndarray:
        """Step the runs to frame ``index``'s epoch and draw it (frames go forward only)."""
        self._step_to(index)
        return self.render()

    def _step_to(self, index: int) -> None:
        if self.stepper is not None:  # recording: it sends the frames in order, as asked
            self.stepper.next_frame()
        else:
            advance(self.runs, frame_epoch(index, self.options.epochs_per_frame))

    def _native_frame_at(self, index: int) -> tuple[np.ndarray, QImage]:
        """Frame ``index`` as painted (:data:`NATIVE_LAYOUT`), in the next image of the ring,
        and that image (alive until the encoder has written it)."""
        self._step_to(index)
        self.refresh()
        if not self._ring:
            self._ring = [QImage(*self.draw_size, DRAW_FORMAT) for _ in range(RING)]
        self._image = self._ring[index % RING]
        image = self.paint()
        return image_array(image), image

    # -- recording -----------------------------------------------------------------------------
    def frames(self) -> Iterator[Progress]:
        """Draw and write one frame per step, then finish the file; the last step is "done".

        Closing the iterator early (or an error, or Ctrl+C) removes every temporary file.
        """
        if self._frames is None:
            self._frames = self._record()
        return self._frames

    def _record(self) -> Iterator[Progress]:
        options = self.options
        step = options.epochs_per_frame
        layout = NATIVE_LAYOUT if self.kind in ("mp4", "gif") else "rgba"
        writer = open_writer(
            self.kind,
            self.path,
            self.size,
            options.fps_fraction,
            self.total,
            options.overwrite,
            layout,
        )
        self._writer = writer
        stepper = None
        if can_step_ahead(self.runs, self.total):  # forked before the encoder's thread starts
            try:
                epochs = [frame_epoch(index, step) for index in range(self.total)]
                stepper = AheadStepper(self.runs, epochs)
            except OSError:  # no process to be had: step here
                stepper = None
        self.stepper = stepper
        encoder = self._encoder = EncoderThread(writer)
        finished = False
        try:
            for index in range(self.total):
                # an image of its own, so it can wait in the queue while the next is drawn
                if layout == NATIVE_LAYOUT:
                    frame, image = self._native_frame_at(index)
                else:
                    frame, image = self.frame_at(index), self._rgba
                encoder.put(frame, image)
                self.done = index + 1
                yield Progress(self.done, self.total, frame_epoch(index, step))
            last = frame_epoch(self.total - 1, step)
            encoder.close()
            for stage in writer.finish():
                yield Progress(self.total, self.total, last, stage)
            finished = True
        finally:
            if stepper is not None:
                stepper.close()
                self.stepper = None
            if not finished:
                encoder.stop()
                writer.abort()
            self._close_widget()
        yield Progress(self.total, self.total, last, "done", self.path)

    def cancel(self) -> None:
        """Stop and delete whatever was written so far (safe to call at any time)."""
        if self._frames is not None:
            self._frames.close()
        elif self._writer is not None:
            self._writer.abort()
        self._close_widget()

    def _close_widget(self) -> None:
        widget, self.widget = self.widget, None
        self._layers = None
        self._ring = []
        if widget is not None:
            widget.close()
            widget.deleteLater()


def record(
    configs: Sequence[RunConfig],
    options: RecordOptions,
    progress: Callable[[Progress], None] | None = None,
    *,
    labels: Sequence[str] | None = None,
    colors: Sequence[str] | None = None,
    visible: Sequence[bool] | None = None,
) -> Path:
    """Record to ``options.out`` and return it; ``progress`` is called after every step."""
    recorder = Recorder(configs, options, labels=labels, colors=colors, visible=visible)
    try:
        for step in recorder.frames():
            if progress is not None:
                progress(step)
    finally:
        recorder.cancel()  # a no-op once done; removes the partial file otherwise
    return recorder.path
