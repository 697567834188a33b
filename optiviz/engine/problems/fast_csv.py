"""Reading a well-formed two-column CSV a million rows at a time, without a loop per row.

:func:`columns` gives the points of text that the row-by-row reader in :mod:`data_io` would
accept, read the same way (Python's ``float`` on each cell, the same separators, header and
skipped lines), or None when anything is unusual; the row-by-row reader then runs and names
the row at fault. The two agree on every file this path accepts: it only takes files whose
every row holds exactly one separator of the kind the row-by-row reader would choose.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import methodcaller

import numpy as np

from optiviz.engine.limits import FLOAT32_MAX

#: The separators in the row-by-row reader's order of preference; None is any whitespace.
_SEPARATORS = (",", ";", "\t")


def data_rows(text: str) -> list[str]:
    """The stripped lines that hold data (not blank, not a ``#`` comment)."""
    rows = [row for row in map(str.strip, text.splitlines()) if row]
    if "#" in text:
        rows = [row for row in rows if row[0] != "#"]
    return rows


def columns(
    rows: list[str], number: Callable[[str], float | None]
) -> tuple[np.ndarray, np.ndarray, tuple[str | None, str | None]] | None:
    """x, y (float64) and the header's names of data ``rows``, or None to read row by row.

    ``number`` is the row-by-row reader's cell parser, used here only on the first row to
    tell a header from data the same way.
    """
    if not rows:
        return None
    names: tuple[str | None, str | None] = (None, None)
    first = _split(rows[0], _separator(rows[0]))
    if len(first) == 2 and all(number(cell) is None for cell in first):
        names = (first[0].strip("\"'") or None, first[1].strip("\"'") or None)
        rows = rows[1:]
    if len(rows) < 2:
        return None
    sep = _separator(rows[0])
    if sep is None:
        if any(s in row for row in rows for s in _SEPARATORS):
            return None
        parts = list(map(str.split, rows))
        if any(len(p) != 2 for p in parts):
            return None
        cells = [cell for pair in parts for cell in pair]
    else:
        earlier = _SEPARATORS[: _SEPARATORS.index(sep)]
        counts = list(map(methodcaller("count", sep), rows))
        if min(counts) != 1 or max(counts) != 1:
            return None
        joined = "\n".join(rows)
        if any(s in joined for s in earlier):
            return None
        cells = joined.replace("\n", sep).split(sep)
    try:
        values = np.array(list(map(float, cells)), dtype=np.float64)
    except ValueError:
        return None
    if not np.isfinite(values).all() or np.abs(values).max() > FLOAT32_MAX:
        return None
    return values[0::2].copy(), values[1::2].copy(), names


def _separator(row: str) -> str | None:
    for sep in _SEPARATORS:
        if sep in row:
            return sep
    return None


def _split(row: str, sep: str | None) -> list[str]:
    return [cell.strip() for cell in row.split(sep)] if sep else row.split()
