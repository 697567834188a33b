"""View ranges that move in "nice" steps, so a growing curve does not re-lay its axes each frame.

Autoranging a plot whose data grows every frame changes its range every frame, and every change
regenerates the axes' ticks and labels, a third of a frame's paint. Here ranges snap outwards to
1, 2, 5 times a power of ten and are kept while the data still fits and fills them: a loss
curve falling over three decades changes its range about ten times in a whole run.
"""

from __future__ import annotations

import math

import numpy as np

#: Mantissas a snapped bound may have.
NICE = (1.0, 2.0, 5.0, 10.0)
#: A kept range must be at most this many times wider than the snapped data (hysteresis).
MAX_SLACK = 2.0
#: The smallest span of a log range, in decades (2 to 5: two labelled ticks at least).
MIN_DECADES = math.log10(2.5)

Span = tuple[float, float]


def nice_ceil(value: float) -> float:
    """The smallest ``m * 10**k`` (m in 1, 2, 5) at or above ``value`` (> 0)."""
    exponent = math.floor(math.log10(value))
    for mantissa in NICE:
        candidate = mantissa * 10.0**exponent
        if candidate >= value * (1 - 1e-12):
            return candidate
    return 10.0 ** (exponent + 1)  # pragma: no cover - NICE ends at 10


def nice_floor(value: float) -> float:
    """The largest ``m * 10**k`` (m in 1, 2, 5) at or below ``value`` (> 0)."""
    exponent = math.floor(math.log10(value))
    for mantissa in reversed(NICE):
        candidate = mantissa * 10.0**exponent
        if candidate <= value * (1 + 1e-12):
            return candidate
    return 10.0 ** (exponent - 1)  # pragma: no cover - NICE starts at 1


def nice_step(span: float) -> float:
    """A 1-2-5 step that cuts ``span`` into about five parts."""
    return nice_ceil(span / 5.0) if span > 0 else 1.0


def snap_log(lo: float, hi: float) -> Span:
    """A log range (in decades) around ``lo..hi`` with 1-2-5 bounds and a minimum span."""
    lo_value = nice_floor(10.0**lo)
    hi_value = nice_ceil(10.0**hi)
    widen_low = True
    while math.log10(hi_value / lo_value) < MIN_DECADES - 1e-9:
        if widen_low:
            lo_value = nice_floor(lo_value * 0.999)
        else:
            hi_value = nice_ceil(hi_value * 1.001)
        widen_low = not widen_low
    return math.log10(lo_value), math.log10(hi_value)


def snap_linear(lo: float, hi: float) -> Span:
    """A linear range around ``lo..hi`` whose bounds are multiples of a 1-2-5 step."""
    span = hi - lo
    if span <= 0:
        half = max(abs(lo) * 0.1, 0.5)
        lo, hi = lo - half, hi + half
        span = hi - lo
    step = nice_step(span)
    return math.floor(lo / step) * step, math.ceil(hi / step) * step


def snap(lo: float, hi: float, log: bool) -> Span:
    """Nice bounds for data from ``lo`` to ``hi`` (in decades when ``log``)."""
    return snap_log(lo, hi) if log else snap_linear(lo, hi)


def settle(current: Span | None, lo: float, hi: float, log: bool) -> Span:
    """The range to show data ``lo..hi``: ``current`` while it still fits, else a snapped one.

    ``current`` is kept while it holds the data and is not more than :data:`MAX_SLACK` times
    wider than the snapped range (a run hidden, a curve that fell back into a small band).
    """
    target = snap(lo, hi, log)
    if current is None:
        return target
    c0, c1 = current
    if c0 <= lo and hi <= c1 and (c1 - c0) <= MAX_SLACK * (target[1] - target[0]):
        return current
    return target


def epoch_span(planned: int, reached: int) -> Span:
    """The epoch axis: ``0..planned`` while the runs are within it, then 1-2-5 steps beyond."""
    end = max(int(planned), 10)
    if reached > end:
        end = int(nice_ceil(reached))
    return 0.0, float(end)


class RunningExtent:
    """Smallest and largest finite value of a growing column, scanning only the new rows.

    The rows seen are trusted while the last one is unchanged: a history truncated and grown
    again (a scrub and resume) changes it, and the column is scanned afresh.
    """

    def __init__(self) -> None:
        self._n = 0
        self._lo = math.inf
        self._hi = -math.inf
        self._last = math.nan

    def __call__(self, values: np.ndarray) -> Span | None:
        n, m = len(values), self._n
        if not (0 < m <= n and same(float(values[m - 1]), self._last)):
            m, self._lo, self._hi = 0, math.inf, -math.inf
        new = values[m:n]
        if len(new):
            finite = new[np.isfinite(new)]
            if finite.size:
                self._lo = min(self._lo, float(finite.min()))
                self._hi = max(self._hi, float(finite.max()))
        self._n = n
        self._last = float(values[n - 1]) if n else math.nan
        return (self._lo, self._hi) if self._lo <= self._hi else None


def same(a: float, b: float) -> bool:
    return a == b or (math.isnan(a) and math.isnan(b))
