"""A connection's sending side on its own thread, so that the caller never blocks on a pipe.

The window and the worker talk over one duplex pipe. If both call ``Connection.send`` with
more than the pipe holds while neither reads, both block for ever. Each side therefore hands
what it sends to a :class:`Sender` and keeps reading on its own thread: the window sends
commands this way, the worker its updates (and publishes the next one only once the previous
one has gone, see :attr:`Sender.idle`, so its updates coalesce when the window falls behind).
"""

from __future__ import annotations

import threading
from collections import deque
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.connection import Connection


class Sender:
    """Sends objects over ``conn`` in order, from a daemon thread.

    Only this thread writes to ``conn``; another thread may read from it at the same time
    (a pipe's two directions are independent). After a failed send (the other end is gone)
    :attr:`failed` holds the error and nothing more is sent.
    """

    def __init__(self, conn: Connection, name: str = "optiviz-sender") -> None:
        self._conn = conn
        self._queue: deque[object] = deque()
        self._cond = threading.Condition()
        self._busy = False
        self._closing = False
        self.failed: BaseException | None = None
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._thread.start()

    def send(self, obj: object) -> bool:
        """Queue ``obj``; False if the connection already failed or the sender is closed."""
        with self._cond:
            if self.failed is not None or self._closing:
                return False
            self._queue.append(obj)
            self._cond.notify_all()
        return True

    @property
    def idle(self) -> bool:
        """Nothing queued and nothing being sent."""
        with self._cond:
            return not self._queue and not self._busy

    @property
    def pending(self) -> int:
        """Objects queued or being sent."""
        with self._cond:
            return len(self._queue) + self._busy

    def wait_idle(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for everything queued to be sent; True if it was."""
        with self._cond:
            return (
                self._cond.wait_for(
                    lambda: (not self._queue and not self._busy) or self.failed is not None, timeout
                )
                and self.failed is None
            )

    def close(self, timeout: float = 1.0) -> bool:
        """Send what is queued (up to ``timeout`` seconds), then end the thread. True if ended.

        Call it before closing the connection: the thread may be inside ``send`` until then.
        """
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _loop(self) -> None:
        cond = self._cond
        while True:
            with cond:
                cond.wait_for(lambda: bool(self._queue) or self._closing)
                if not self._queue:
                    return
                obj = self._queue.popleft()
                self._busy = True
            try:
                self._conn.send(obj)
            except Exception as err:  # the other end closed (or, a bug, obj cannot pickle)
                with cond:
                    self.failed = err
                    self._queue.clear()
                    self._busy = False
                    cond.notify_all()
                return
            with cond:
                self._busy = False
                cond.notify_all()
