"""A recording driven from the event loop: a few milliseconds of frames per timer tick.

The recorder draws one frame per ``next()``; :class:`RecordingJob` calls it from a zero-interval
QTimer until its slice of time is used up, then returns to the event loop, so the window keeps
painting, playing and answering clicks while the file is written.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

#: How long one timer tick may draw frames, in milliseconds (at least one frame is drawn).
SLICE_MS = 8.0


def one_line(err: BaseException) -> str:
    """The first line of an error, for a message box; its type name if it says nothing.

    A system error is its reason alone (``No space left on device``), not ``[Errno 28] ...``.
    """
    text = (err.strerror if isinstance(err, OSError) and err.strerror else str(err)).strip()
    return text.splitlines()[0] if text else type(err).__name__


class RecordingJob(QObject):
    """Drives ``recorder.frames()`` (an :class:`optiviz.recorder.Recorder`) in slices.

    Signals:
        progressed(object): a :class:`optiviz.recorder.Progress`, after each step.
        finished(object): the written :class:`~pathlib.Path`.
        failed(str): the one-line reason; nothing was left on disk.
        cancelled(): :meth:`cancel` stopped it; nothing was left on disk.
    """

    progressed = Signal(object)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, recorder: Any, parent: QObject | None = None, slice_ms: float = SLICE_MS):
        super().__init__(parent)
        self.recorder = recorder
        self.slice_ms = float(slice_ms)
        self.state = "ready"  # ready, running, then done, failed or cancelled
        self.path: Path | None = None
        self.error = ""
        self.started_at = 0.0
        self.last: Any = None  # the last Progress
        self._steps = None
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._slice)

    @property
    def running(self) -> bool:
        return self.state == "running"

    def start(self) -> None:
        if self.state != "ready":
            return
        self.state = "running"
        self.started_at = time.perf_counter()
        self._steps = self.recorder.frames()
        self._timer.start()

    def elapsed(self) -> float:
        return time.perf_counter() - self.started_at if self.started_at else 0.0

    def rate(self) -> float:
        """Frames drawn per second so far (0 before the first)."""
        elapsed = self.elapsed()
        frames = self.last.frames if self.last is not None else 0
        return frames / elapsed if frames and elapsed > 0 else 0.0

    def eta(self) -> float | None:
        """Seconds left for the frames still to draw, or None while unknown."""
        rate = self.rate()
        if self.last is None or rate <= 0:
            return None
        return max(0.0, (self.last.total - self.last.frames) / rate)

    def cancel(self) -> None:
        """Stop now and delete what was written (a no-op once over)."""
        if self.state not in ("ready", "running"):
            return
        self._timer.stop()
        self.state = "cancelled"
        self.recorder.cancel()
        self.cancelled.emit()

    def _slice(self) -> None:
        end = time.perf_counter() + self.slice_ms / 1000.0
        while self.state == "running":
            try:
                step = next(self._steps)
            except StopIteration:  # the recorder always ends with "done"; be safe anyway
                self._finish(self.recorder.path)
                return
            except Exception as err:  # ffmpeg, the disk, a refused run: one line, no file
                self._fail(one_line(err))
                return
            self.last = step
            self.progressed.emit(step)
            if step.done:
                self._finish(step.path)
                return
            if time.perf_counter() >= end:
                return

    def _finish(self, path: Path | None) -> None:
        self._timer.stop()
        self.state = "done"
        self.path = Path(path) if path is not None else None
        self.finished.emit(self.path)

    def _fail(self, message: str) -> None:
        self._timer.stop()
        self.state = "failed"
        self.error = message
        self.recorder.cancel()
        self.failed.emit(message)
