"""A dataset's columns: any sequence of numbers in, a tuple of floats out, an array inside.

:class:`Column` is the descriptor behind ``Dataset.x`` and ``Dataset.y``. A tuple given is kept
as it is; anything else (an array, a list, or the arrays a pickle brings back) becomes a tuple
only when it is first read, so a million points that are only fitted and drawn never turn
into two million float objects.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, overload

import numpy as np

from optiviz.engine.errors import ConfigError

Numbers = Sequence[float] | np.ndarray


class Column:
    """Column ``index`` of its owner's ``arrays``, read as a tuple of floats."""

    def __init__(self, default: tuple[float, ...], index: int) -> None:
        self.default = default
        self.index = index
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> tuple[float, ...]: ...

    @overload
    def __get__(self, obj: object, owner: type | None = None) -> tuple[float, ...]: ...

    def __get__(self, obj: Any, owner: type | None = None) -> tuple[float, ...]:
        if obj is None:
            return self.default  # the dataclass's default
        values = obj.__dict__.get(self.name)
        if not isinstance(values, tuple):
            values = tuple(obj.arrays[self.index].tolist())
            obj.__dict__[self.name] = values
        return values

    def __set__(self, obj: Any, value: Numbers) -> None:
        obj.__dict__[self.name] = value


def as_array(values: object) -> np.ndarray:
    """Numbers as a read-only float64 array (a copy); anything else (text, objects) is refused."""
    try:
        array = np.asarray(values)
    except (TypeError, ValueError):
        array = np.asarray([], dtype=object)
    if array.ndim != 1 or array.dtype.kind not in "biuf":
        raise ConfigError(("data",), "every x and y must be a finite number")
    return frozen(array.astype(np.float64, copy=False))


def frozen(array: np.ndarray) -> np.ndarray:
    """``array`` (a copy if it is someone else's) that cannot be written to."""
    if array.flags.writeable:
        array = array.copy()
        array.flags.writeable = False
    return array
