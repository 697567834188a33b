"""Files that appear whole or not at all, and the check that a path can be written at all.

Every file optiviz writes (scenarios, data, history, code, recordings) is first written under a
hidden temporary name next to its target (:func:`partial_path`) and renamed onto the target only
once it is complete (:func:`publish`); a failed or cancelled write removes it (:func:`discard`).
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from optiviz.engine.errors import ConfigError
from optiviz.engine.fields import Field


def partial_path(target: Path, suffix: str = "") -> Path:
    """A hidden temporary name next to ``target``: ``.NAME.partial-PID-HEX`` + ``suffix``."""
    token = f"{os.getpid()}-{secrets.token_hex(3)}"
    return target.with_name(f".{target.name}.partial-{token}{suffix}")


def publish(temp: Path, target: Path) -> None:
    """Put the finished ``temp`` (a file or a folder) in place of ``target`` in one rename."""
    os.replace(temp, target)


def discard(path: Path) -> None:
    """Remove a temporary file or folder, quietly: it may be gone already."""
    try:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    except OSError:
        pass


@contextmanager
def atomic_open(path: str | os.PathLike[str], newline: str | None = "\n") -> Iterator[IO[str]]:
    """Open a temporary text file next to ``path``; it replaces ``path`` only on success.

    On any error (or Ctrl+C) the temporary file is removed and ``path`` is left untouched.
    """
    target = Path(path)
    temp = partial_path(target)
    try:
        with open(temp, "x", encoding="utf-8", newline=newline) as handle:
            yield handle
        publish(temp, target)
    except BaseException:
        discard(temp)
        raise


def write_text_atomic(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` to ``path`` whole or not at all."""
    with atomic_open(path) as handle:
        handle.write(text)
    return Path(path)


def check_writable(
    path: str | os.PathLike[str],
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
