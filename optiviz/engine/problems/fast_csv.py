"""Reading a well-formed two-column CSV a million rows at a time, without a loop per row.

:func:`quick` and :func:`columns` give the points of text that the row-by-row reader in
:mod:`data_io` would accept, read the same way (Python's ``float`` on each cell, the same
separators, header and skipped lines), or None when anything is unusual; the row-by-row reader
then runs and names the row at fault. The readers agree on every file these paths accept: they
only take files whose every row holds exactly one separator of the kind the row-by-row reader
would choose. :func:`quick` checks that on the text's bytes at once (newline-ended rows, no
comments, no blank lines: most files); :func:`columns` row by row, in C loops.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import methodcaller

import numpy as np

from optiviz.engine.limits import FLOAT32_MAX

#: The separators in the row-by-row reader's order of preference; None is any whitespace.
_SEPARATORS = (",", ";", "\t")

#: What ``str.splitlines`` also ends a line at, besides a newline.
_OTHER_LINE_ENDS = ("\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")

Names = tuple[str | None, str | None]
Columns = tuple[np.ndarray, np.ndarray, Names]


class TooManyRows(Exception):
    """More data rows than the limit (raised before any cell is parsed)."""


def quick(text: str, number: Callable[[str], float | None], limit: int) -> Columns | None:
    """:func:`columns` of a file of newline-ended rows, without comments or blank lines,
    checked in bulk.

    Raises :class:`TooManyRows` when such a file has more than ``limit`` rows of data.
    """
    if "#" in text or any(end in text for end in _OTHER_LINE_ENDS):
        return None
    body = text.rstrip()
    head, _, rest = body.partition("\n")
    head = head.strip()
    names: Names = (None, None)
    first = _split(head, _separator(head))
    if len(first) == 2 and all(number(cell) is None for cell in first):
        names = (first[0].strip("\"'") or None, first[1].strip("\"'") or None)
        body = rest
    sep = _separator(body.partition("\n")[0].strip())
    if sep is None or any(s in body for s in _SEPARATORS[: _SEPARATORS.index(sep)]):
        return None
    raw = np.frombuffer(body.encode(), dtype=np.uint8)  # ASCII bytes keep their places
    ends = np.flatnonzero(raw == ord("\n"))
    seps = np.flatnonzero(raw == ord(sep))
    if len(seps) != len(ends) + 1 or (seps[:-1] > ends).any() or (seps[1:] < ends).any():
        return None  # some row holds no separator or more than one
    if len(seps) > limit:
        raise TooManyRows(len(seps))
    return _values(body.replace("\n", sep).split(sep), names)


def data_rows(text: str) -> list[str]:
    """The stripped lines that hold data (not blank, not a ``#`` comment)."""
    rows = [row for row in map(str.strip, text.splitlines()) if row]
    if "#" in text:
        rows = [row for row in rows if row[0] != "#"]
    return rows


def columns(rows: list[str], number: Callable[[str], float | None]) -> Columns | None:
    """x, y (float64) and the header's names of data ``rows``, or None to read row by row.

    ``number`` is the row-by-row reader's cell parser, used here only on the first row to
    tell a header from data the same way.
    """
    if not rows:
        return None
    names: Names = (None, None)
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
    return _values(cells, names)


def _values(cells: list[str], names: Names) -> Columns | None:
    """x and y of cells ``x0, y0, x1, y1, ...``, or None if one is not a float32 number."""
    if len(cells) < 4 or len(cells) % 2:
        return None
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
