"""Files that appear whole or not at all, and the check that a path can be written at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from optiviz.engine.errors import ConfigError
from optiviz.engine.fields import Field


@contextmanager
def atomic_open(path: str | os.PathLike, newline: str | None = "\n") -> Iterator[IO[str]]:
    """Open a temporary text file next to ``path``; it replaces ``path`` only on success.

    On any error (or Ctrl+C) the temporary file is removed and ``path`` is left untouched.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as handle:
            yield handle
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_text_atomic(path: str | os.PathLike, text: str) -> Path:
    """Write ``text`` to ``path`` whole or not at all."""
    with atomic_open(path) as handle:
        handle.write(text)
    return Path(path)


def check_writable(
    path: str | os.PathLike,
    field: Field | str,
    *,
    suffixes: Iterable[str] | None = None,
    folder_ok: bool = False,
) -> Path:
    """Refuse, before any work is done, an output path that cannot be written.

    ``suffixes`` (like ``(".csv", ".json")``) are the allowed extensions, in any case.
    ``folder_ok``: the path is a folder to write files in (it may not exist yet, its parent
    must); otherwise it must name a file. Raises :class:`ConfigError` naming ``field``.
    """
    target = Path(path)
    if suffixes is not None:
        allowed = [s.lower() for s in suffixes]
        if target.suffix.lower() not in allowed:
            raise ConfigError(field, f"{target.name!r} must end in {' or '.join(allowed)}")
    if folder_ok and target.exists() and not target.is_dir():
        raise ConfigError(field, f"{str(target)!r} exists and is not a folder")
    if not folder_ok and target.is_dir():
        raise ConfigError(field, f"{str(target)!r} is a folder, not a file")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise ConfigError(field, f"folder {str(parent)!r} does not exist")
    _probe(target if folder_ok and target.is_dir() else parent, field)
    return target


def _probe(folder: Path, field: Field | str) -> None:
    """Create and remove a file in ``folder``: the one sure test that it can be written."""
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".optiviz-probe-"):
            pass
    except OSError as err:
        reason = err.strerror or "it cannot be written"
        raise ConfigError(field, f"cannot write in {str(folder)!r}: {reason}") from None
