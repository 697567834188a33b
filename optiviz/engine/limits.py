"""The one set of limits on what optiviz accepts, shared by the CLI, the window and scenarios.

Every number that becomes a float32 tensor (points, starts, lr, hyperparameters, scheduler
arguments) must lie within float32's finite range; larger values turn into ``inf`` inside
torch and break the least-squares fit, the surface and the loss with errors that name nothing.
"""

from __future__ import annotations

import math
from typing import Any

from optiviz.engine.errors import ConfigError
from optiviz.engine.fields import Field

MAX_RUNS = 64
MAX_POINTS = 1_000_000
MAX_EPOCHS = 10_000_000
#: Data and scenario files larger than this are refused before they are read.
MAX_FILE_BYTES = 64 * 1024 * 1024
#: How deeply ``[`` and ``{`` may nest in a scenario (TOML) or a remembered list (JSON).
MAX_DEPTH = 32
#: The largest finite float32, ``torch.finfo(torch.float32).max``.
FLOAT32_MAX = 3.4028234663852886e38


def is_float32(value: float) -> bool:
    """True if ``value`` is finite and stays finite as a float32."""
    return math.isfinite(value) and abs(value) <= FLOAT32_MAX


def check_float32(value: Any, field: Field | str) -> None:
    """Refuse a number (or a tuple/list of numbers) outside float32's finite range.

    Values that are not numbers are left to the caller's own type checks.
    """
    if isinstance(value, (tuple, list)):
        for item in value:
            check_float32(item, field)
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return
    try:
        number = float(value)
    except OverflowError:  # an int too large for a float
        number = math.inf
    if not is_float32(number):
        shown = f"{number:g}" if math.isfinite(number) else str(value)
        if isinstance(value, int) and len(str(value)) > 20:
            shown = f"a {len(str(value))}-digit number"
        raise ConfigError(
            field, f"must be a finite number of magnitude at most {FLOAT32_MAX:.4g}, got {shown}"
        )


def nesting_depth(text: str, *, toml: bool = True) -> int:
    """The deepest nesting of ``[`` and ``{`` outside strings (and, in TOML, comments).

    Counted before parsing, because Python's TOML and JSON parsers recurse once per level and
    a deep enough file ends in RecursionError.
    """
    depth = deepest = 0
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(depth - 1, 0)
        elif char == "#" and toml:
            newline = text.find("\n", i)
            i = n if newline < 0 else newline
            continue
        elif char == '"' or (char == "'" and toml):
            i = _string_end(text, i, toml)
            continue
        i += 1
    return deepest


def _string_end(text: str, i: int, toml: bool) -> int:
    """The index after the string that starts at ``i``."""
    quote = text[i]
    if toml and text.startswith(quote * 3, i):
        end = text.find(quote * 3, i + 3)
        return len(text) if end < 0 else end + 3
    j = i + 1
    while j < len(text):
        char = text[j]
        if char == "\\" and quote == '"':
            j += 2
            continue
        if char == quote:
            return j + 1
        if char == "\n" and toml:
            return j
        j += 1
    return len(text)


def check_depth(text: str, field: Field | str, *, toml: bool = True) -> None:
    """Refuse text nested more than :data:`MAX_DEPTH` levels deep, before it is parsed."""
    if nesting_depth(text, toml=toml) > MAX_DEPTH:
        raise ConfigError(field, f"is nested more than {MAX_DEPTH} levels deep")
