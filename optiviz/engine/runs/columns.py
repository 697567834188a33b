"""Growing columns of a history: float64 rows, stored compactly where that loses nothing.

A float32 problem's loss, parameters, gradients and optimizer state are float32 values, so a
compact :class:`Column` stores them as float32 and reads them back as the very float64 values
they were; the first value that would not round-trip (a float64 problem, a mean of losses)
turns the column into float64 for good. The lr is one Python float that rarely changes:
:class:`RunLengthColumn` keeps each value once with the row it begins at.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import DTypeLike

#: Capacity grows by half again, not double: at most a third of a column is unused.
GROWTH = 1.5


def grown(capacity: int, rows: int) -> int:
    """The capacity that holds ``rows``, grown from ``capacity`` in steps of :data:`GROWTH`."""
    while capacity < rows:
        capacity = int(capacity * GROWTH) + 1
    return capacity


def round_trips(values: np.ndarray) -> bool:
    """Whether float32 holds every value exactly (NaN as NaN)."""
    if values.dtype == np.float32:
        return True
    with np.errstate(over="ignore", invalid="ignore"):  # a value past float32's range: inf
        narrowed = values.astype(np.float32)
    same = narrowed == values  # fewer steps than np.array_equal(equal_nan=True): called per row
    if same.all():
        return True
    return bool(np.isnan(values[~same]).all())  # NaN narrows to NaN; any other change does not


class Column:
    """A ``(capacity, width)`` array of rows; ``fill`` (NaN) marks rows never written, or
    None when every row up to the length is always written."""

    def __init__(
        self, width: int, capacity: int, compact: bool = False, fill: float | None = None
    ) -> None:
        self.width = width
        self.fill = fill
        dtype = np.float32 if compact else np.float64
        self._data = self._new(capacity, dtype)

    def _new(self, capacity: int, dtype: DTypeLike) -> np.ndarray:
        if self.fill is None:
            return np.empty((capacity, self.width), dtype=dtype)
        return np.full((capacity, self.width), self.fill, dtype=dtype)

    @property
    def capacity(self) -> int:
        return len(self._data)

    @property
    def dtype(self) -> np.dtype:
        return self._data.dtype

    @property
    def nbytes(self) -> int:
        return int(self._data.nbytes)

    def grow(self, capacity: int, rows: int) -> None:
        """Make room for ``capacity`` rows, keeping the first ``rows``."""
        if capacity <= self.capacity:
            return
        data = self._new(capacity, self._data.dtype)
        data[:rows] = self._data[:rows]
        self._data = data

    def _accept(self, values: np.ndarray) -> None:
        """Turn the column into float64 if ``values`` would not round-trip through float32."""
        if self._data.dtype == np.float32 and not round_trips(values):
            # the rows past the written ones hold whatever np.empty left, NaN bit patterns
            # included, which the cast would report: they are never read
            with np.errstate(invalid="ignore"):
                self._data = self._data.astype(np.float64)

    def write(self, begin: int, values: np.ndarray) -> None:
        """Rows ``begin .. begin + len(values)``; ``values`` is ``(k, width)`` or ``(k,)``."""
        values = np.asarray(values).reshape(-1, self.width)
        self._accept(values)
        self._data[begin : begin + len(values)] = values

    def write_at(self, rows: list[int], values: np.ndarray) -> None:
        """Rows ``rows`` (in order, not necessarily adjacent): ``values`` is ``(k, width)``."""
        values = values.reshape(-1, self.width)
        self._accept(values)
        self._data[rows] = values

    def write_row(self, row: int, value: np.ndarray) -> None:
        value = np.asarray(value, dtype=np.float64).reshape(self.width)
        self._accept(value)
        self._data[row] = value

    def clear_from(self, row: int) -> None:
        """Forget the rows from ``row`` on (NaN again where the column has a fill)."""
        if self.fill is not None:
            self._data[row:] = self.fill

    def read(self, begin: int, end: int) -> np.ndarray:
        """Rows ``begin .. end`` as float64 ``(k, width)``: a view of a float64 column, else a
        converted copy."""
        rows = self._data[begin:end]
        return rows if rows.dtype == np.float64 else rows.astype(np.float64)

    def stored(self, begin: int, end: int) -> np.ndarray:
        """A copy of rows ``begin .. end`` as stored: float32 in a compact column, which a
        compact column elsewhere takes without a check or a conversion (what a worker sends)."""
        return self._data[begin:end].copy()

    def row(self, i: int) -> np.ndarray:
        """A float64 copy of row ``i``."""
        return self._data[i].astype(np.float64)


class RunLengthColumn:
    """One number a row, kept as the values where it changes and the rows they begin at."""

    def __init__(self) -> None:
        self._starts = np.empty(16, dtype=np.int64)
        self._values = np.empty(16, dtype=np.float64)
        self._runs = 0

    @property
    def runs(self) -> int:
        return self._runs

    @property
    def nbytes(self) -> int:
        return int(self._starts.nbytes + self._values.nbytes)

    def write(self, begin: int, values: np.ndarray) -> None:
        """Rows ``begin ..`` (every row before ``begin`` is written, none after it)."""
        values = np.asarray(values, dtype=np.float64).reshape(-1)
        if not len(values):
            return
        runs = self._runs
        if runs and begin > self._starts[runs - 1] and (values == self._values[runs - 1]).all():
            return  # the lr goes on unchanged: what fifty runs send every frame
        self.clear_from(begin)
        previous = self._values[self._runs - 1] if self._runs else None
        # a row begins a run where its value is not the one before it (NaN always does)
        before = np.empty_like(values)
        before[0] = np.nan if previous is None else previous
        before[1:] = values[:-1]
        changes = np.flatnonzero(~(values == before))
        count = self._runs + len(changes)
        if count > len(self._starts):
            capacity = grown(len(self._starts), count)
            self._starts = np.resize(self._starts, capacity)
            self._values = np.resize(self._values, capacity)
        self._starts[self._runs : count] = begin + changes
        self._values[self._runs : count] = values[changes]
        self._runs = count

    def clear_from(self, row: int) -> None:
        self._runs = int(np.searchsorted(self._starts[: self._runs], row, side="left"))

    def read(self, begin: int, end: int) -> np.ndarray:
        """Rows ``begin .. end`` as a float64 ``(k, 1)`` array."""
        if end <= begin:
            return np.empty((0, 1))
        starts = self._starts[: self._runs]
        if self._runs and begin >= starts[-1]:  # all in the last run: a worker's new rows
            return np.full((end - begin, 1), self._values[self._runs - 1])
        first = int(np.searchsorted(starts, begin, side="right")) - 1
        last = int(np.searchsorted(starts, end, side="left"))
        bounds = np.clip(starts[first:last], begin, end)
        lengths = np.diff(np.append(bounds, end))
        return np.repeat(self._values[first:last], lengths).reshape(-1, 1)

    def row(self, i: int) -> np.ndarray:
        first = int(np.searchsorted(self._starts[: self._runs], i, side="right")) - 1
        return self._values[first : first + 1].copy()
