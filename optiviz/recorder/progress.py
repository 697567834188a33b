"""A one-line progress bar for the terminal: frames done of total, frames per second, ETA."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from optiviz.recorder.recorder import Progress


def _clock(seconds: float) -> str:
    seconds = max(0, round(seconds))
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


class ProgressBar:
    """Redraws itself in place on a terminal; elsewhere prints a line every 10%."""

    def __init__(self, stream: TextIO | None = None, width: int = 28) -> None:
        self.stream = stream or sys.stderr
        self.width = width
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._start = time.perf_counter()
        self._last_draw = 0.0
        self._last_tenth = -1
        self._line = 0

    def line(self, step: Progress) -> str:
        elapsed = max(time.perf_counter() - self._start, 1e-9)
        fraction = step.frames / step.total if step.total else 1.0
        filled = round(self.width * fraction)
        bar = "#" * filled + "-" * (self.width - filled)
        fps = step.frames / elapsed
        text = f"[{bar}] {step.frames}/{step.total} frames  {fps:5.1f} frames/s"
        if step.stage == "drawing":
            left = (step.total - step.frames) / fps if fps > 0 else 0.0
            return f"{text}  ETA {_clock(left)}"
        if step.done:
            return f"{text}  done in {_clock(elapsed)}"
        return f"{text}  {step.stage}..."

    def __call__(self, step: Progress) -> None:
        now = time.perf_counter()
        if self.tty:
            final = step.done
            if not final and step.frames > 1 and now - self._last_draw < 0.1:
                return
            self._last_draw = now
            text = self.line(step)
            pad = " " * max(0, self._line - len(text))
            self._line = len(text)
            self.stream.write(f"\r{text}{pad}" + ("\n" if final else ""))
            self.stream.flush()
            return
        tenth = int(10 * step.frames / step.total) if step.total else 10
        if step.done or (step.stage == "drawing" and tenth > self._last_tenth):
            self._last_tenth = tenth
            self.stream.write(self.line(step) + "\n")
            self.stream.flush()

    def interrupted(self) -> None:
        """End the bar's line so a message printed next starts on its own line."""
        if self.tty and self._line:
            self.stream.write("\n")
            self.stream.flush()
