"""Points for the linear fit from and to two-column CSV files.

A file holds one ``x,y`` pair a row, with or without a header row; commas, semicolons, tabs or
spaces separate the two values, and blank lines and lines starting with ``#`` are skipped.
Anything else is refused with the row it is on, before anything is changed.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

from optiviz.engine.errors import ConfigError
from optiviz.engine.fields import Field
from optiviz.engine.formats.files import write_text_atomic
from optiviz.engine.formats.reading import read_text_file
from optiviz.engine.limits import MAX_POINTS, is_float32
from optiviz.engine.problems import fast_csv
from optiviz.engine.problems.library import Dataset

FIELD: Field = ("data",)


def _cells(line: str) -> list[str]:
    text = line.strip()
    for sep in (",", ";", "\t"):
        if sep in text:
            return [cell.strip() for cell in text.split(sep)]
    return text.split()


def _number(cell: str) -> float | None:
    try:
        return float(cell)
    except ValueError:
        return None


def parse_csv_text(text: str, scaling: str = "tutorial", source: str = "") -> Dataset:
    """A :class:`Dataset` from CSV text; ``source`` (a file name) is named in errors.

    A well-formed file is read in bulk (:mod:`fast_csv`); anything else row by row, which
    names the row at fault.
    """
    where = f"{source} " if source else ""
    too_many = ConfigError(FIELD, f"{where}has more than {MAX_POINTS:,} points")
    try:
        found = fast_csv.quick(text, _number, MAX_POINTS)
    except fast_csv.TooManyRows:
        raise too_many from None
    if found is None:
        rows = fast_csv.data_rows(text)
        if len(rows) > MAX_POINTS + 1:  # + 1: the first row may be a header
            raise too_many
        found = fast_csv.columns(rows, _number)
    if found is not None:
        xa, ya, (x_name, y_name) = found
        if len(xa) > MAX_POINTS:
            raise too_many
        return Dataset(xa, ya, scaling, x_name=x_name, y_name=y_name)
    return _parse_rows(text, scaling, where)


def _parse_rows(text: str, scaling: str, where: str) -> Dataset:
    """The row-by-row reader: every refusal names its row."""
    xs: list[float] = []
    ys: list[float] = []
    names: list[str | None] = [None, None]
    seen_row = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = _cells(line)
        values = [_number(cell) for cell in cells]
        first = not seen_row
        seen_row = True
        if first and len(cells) == 2 and all(v is None for v in values):
            names = [cell.strip("\"'") or None for cell in cells]  # a header such as "x,y"
            continue
        if len(cells) != 2:
            raise ConfigError(
                FIELD, f"{where}row {number}: expected 2 values (x, y), got {len(cells)}"
            )
        for cell, value in zip(cells, values, strict=True):
            if value is None:
                shown = cell if len(cell) <= 20 else cell[:20] + "..."
                raise ConfigError(FIELD, f"{where}row {number}: {shown!r} is not a number")
            if not math.isfinite(value):
                raise ConfigError(FIELD, f"{where}row {number}: {cell!r} is not a finite number")
            if not is_float32(value):
                raise ConfigError(
                    FIELD, f"{where}row {number}: {cell!r} is too large for float32 (3.4e38)"
                )
        xs.append(values[0])  # type: ignore[arg-type]
        ys.append(values[1])  # type: ignore[arg-type]
        if len(xs) > MAX_POINTS:
            raise ConfigError(FIELD, f"{where}has more than {MAX_POINTS:,} points")
    if not seen_row:
        raise ConfigError(FIELD, f"{where}is empty; expected rows of x,y")
    if len(xs) < 2:
        raise ConfigError(FIELD, f"{where}has {len(xs)} point(s); at least 2 are needed")
    return Dataset(tuple(xs), tuple(ys), scaling, x_name=names[0], y_name=names[1])


def load_csv(path: str | os.PathLike, scaling: str = "tutorial") -> Dataset:
    """Read a two-column CSV of x,y points (raises :class:`ConfigError` naming the row).

    Devices, FIFOs, binary files and files over the size limit are refused before reading.
    """
    target = Path(path)
    text = read_text_file(target, FIELD, "CSV file")
    return parse_csv_text(text, scaling, source=target.name)


def csv_text(dataset: Dataset) -> str:
    """The points in raw units under a header of their column names (``x,y`` when they have
    none); floats written so they read back equal."""
    header = f"{dataset.x_name or 'x'},{dataset.y_name or 'y'}"
    rows = [header, *(f"{x!r},{y!r}" for x, y in zip(dataset.x, dataset.y, strict=True))]
    return "\n".join(rows) + "\n"


def save_csv(dataset: Dataset, path: str | os.PathLike) -> None:
    """Write the points (raw units) to ``path`` atomically: the file is whole or untouched."""
    target = Path(path)
    write_text_atomic(target, csv_text(dataset))
