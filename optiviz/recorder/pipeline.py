"""Encoding in a thread of its own, so Qt paints the next frame while ffmpeg takes this one.

:class:`EncoderThread` feeds a :class:`~optiviz.recorder.writers.Writer` from a bounded
queue: at most :data:`DEPTH` frames wait, so memory stays flat however long the clip is, and
the painter waits only when the encoder is that far behind. A frame is handed over as it is
(the array and the image whose pixels it views, kept alive until written), never copied.

Writing a frame into ffmpeg's pipe releases the GIL, so the two overlap for real. An error
in the thread (ffmpeg died, the disk is full) is raised in the painting thread at the next
:meth:`EncoderThread.put` or at :meth:`EncoderThread.close`; :meth:`EncoderThread.stop`
ends the thread at once, even one blocked on a full pipe, by killing ffmpeg first.
"""

from __future__ import annotations

import queue
import threading
from typing import Any

import numpy as np

from optiviz.recorder.writers import Writer

#: Frames that may wait for the encoder (about 2 MB each at 1200x400).
DEPTH = 3
#: Seconds :meth:`EncoderThread.stop` waits for the thread once ffmpeg is killed.
STOP_WAIT = 10.0

_END = object()


class EncoderThread:
    """Writes frames to ``writer`` in a background thread, in order."""

    def __init__(self, writer: Writer, depth: int = DEPTH) -> None:
        self.writer = writer
        self.error: BaseException | None = None
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=depth)
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="optiviz-encoder", daemon=True)
        self._thread.start()

    def put(self, frame: np.ndarray, owner: object = None) -> None:
        """Queue ``frame`` for writing (waits while :data:`DEPTH` frames are queued).

        ``owner`` is whatever must stay alive while ``frame`` is read (the image it views).
        Raises the encoder's error, if it had one.
        """
        self._raise()
        self._queue.put((frame, owner))

    def close(self) -> None:
        """Wait until every queued frame is written; raise the encoder's error, if any."""
        self._queue.put(_END)
        self._thread.join()
        self._raise()

    def stop(self) -> None:
        """Drop the queued frames and end the thread now (ffmpeg is killed if it is blocking
        the thread). The writer's files are left to :meth:`Writer.abort`."""
        self._stopping = True
        self.writer.interrupt()
        self._drain()
        try:
            self._queue.put(_END, timeout=STOP_WAIT)
        except queue.Full:  # pragma: no cover - the thread drains while stopping
            pass
        self._thread.join(STOP_WAIT)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def _raise(self) -> None:
        if self.error is not None:
            raise self.error

    def _drain(self) -> None:
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                return

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _END:
                return
            if self._stopping or self.error is not None:
                continue  # keep taking frames, so the painter never blocks on a dead encoder
            frame, _owner = item
            try:
                self.writer.write(frame)
            except BaseException as err:  # handed to the painting thread
                self.error = err
            del item, frame, _owner
