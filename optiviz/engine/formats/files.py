"""The one writer: files that appear whole or not at all, and never replace what is not a file.

Every file optiviz writes (scenarios, data, history, code, recordings) is first written under a
hidden temporary name next to its target (:func:`partial_path`), flushed, fsynced, checked
against what was written and renamed onto the target only once it is complete
(:func:`publish_file`); a failed or cancelled write removes it (:func:`discard`).

The target is where the path leads (:func:`resolve_target`): a symbolic link is written through
to its target, so the link survives; a FIFO, a device, a socket or a folder is refused, never
replaced by a regular file. ``-`` is standard output where a caller allows it (``stdout_ok``).
"""

from __future__ import annotations

import errno
import io
import os
import secrets
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from optiviz.engine.errors import ConfigError
from optiviz.engine.fields import Field

#: The path that means standard output, where a caller allows it.
STDOUT = "-"


class NotAFile(OSError):
    """The output path exists and is not a regular file (a FIFO, a device, a folder...)."""

    def __str__(self) -> str:
        return f"{self.filename!r} is {self.strerror}; refused"


def partial_path(target: Path, suffix: str = "") -> Path:
    """A hidden temporary name next to ``target``: ``.NAME.partial-PID-HEX`` + ``suffix``."""
    token = f"{os.getpid()}-{secrets.token_hex(3)}"
    return target.with_name(f".{target.name}.partial-{token}{suffix}")


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words: ``a FIFO``, ``a character device``..."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def resolve_target(path: str | os.PathLike[str]) -> Path:
    """The regular file a write to ``path`` must land in: symbolic links followed.

    Raises :class:`NotAFile` for an existing FIFO, device, socket or folder, and
    ``FileNotFoundError`` for an empty path.
    """
    text = os.fspath(path)
    if not text:
        raise FileNotFoundError(errno.ENOENT, "an empty path names no file", text)
    target = Path(os.path.realpath(text))
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return target
    if not stat.S_ISREG(mode):
        raise NotAFile(errno.EINVAL, f"{kind_of(mode)}, not a regular file", text)
    return target


def publish(temp: Path, target: Path) -> None:
    """Put the finished ``temp`` (a file or a folder) in place of ``target`` in one rename."""
    os.replace(temp, target)


def publish_file(temp: Path, target: Path, expected: int | None = None) -> None:
    """Fsync ``temp``, check its size (``expected`` bytes, or at least one), keep the mode of
    the file it replaces, rename it onto ``target`` and fsync the folder."""
    with open(temp, "rb") as handle:
        os.fsync(handle.fileno())
        size = os.fstat(handle.fileno()).st_size
    if (expected is not None and size != expected) or (expected is None and size == 0):
        wanted = "nothing" if expected is None else f"{expected} bytes"
        raise OSError(errno.EIO, f"short write ({size} bytes on disk, {wanted} expected)")
    try:
        os.chmod(temp, stat.S_IMODE(os.stat(target).st_mode))
    except FileNotFoundError:
        pass
    publish(temp, target)
    sync_folder(target.parent)


def sync_folder(folder: Path) -> None:
    """Fsync a folder so a rename in it survives a crash (a no-op where folders cannot be)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def discard(path: Path) -> None:
    """Remove a temporary file or folder, quietly: it may be gone already."""
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    except OSError:
        pass


@contextmanager
def atomic_open(
    path: str | os.PathLike[str], newline: str | None = "\n", *, stdout_ok: bool = False
) -> Iterator[IO[str]]:
    """Open a temporary text file next to where ``path`` leads; it replaces the target only on
    success. ``-`` is standard output when ``stdout_ok``.

    On any error (or Ctrl+C) the temporary file is removed and the target is left untouched.
    """
    if stdout_ok and os.fspath(path) == STDOUT:
        yield sys.stdout
        sys.stdout.flush()
        return
    target = resolve_target(path)
    temp = partial_path(target)
    try:
        with open(temp, "xb") as raw, io.TextIOWrapper(raw, "utf-8", newline=newline) as text:
            yield text
            text.flush()
            written = raw.tell()
        publish_file(temp, target, written)
    except BaseException:
        discard(temp)
        raise


def write_text_atomic(path: str | os.PathLike[str], text: str, *, stdout_ok: bool = False) -> Path:
    """Write ``text`` to ``path`` whole or not at all."""
    with atomic_open(path, stdout_ok=stdout_ok) as handle:
        handle.write(text)
    return Path(path)


def check_writable(
    path: str | os.PathLike[str],
    field: Field | str,
    *,
    suffixes: Iterable[str] | None = None,
    folder_ok: bool = False,
    stdout_ok: bool = False,
) -> Path:
    """Refuse, before any work is done, an output path that cannot be written.

    ``suffixes`` (like ``(".csv", ".json")``) are the allowed extensions, in any case.
    ``folder_ok``: the path is a folder to write files in (it may not exist yet, its parent
    must); otherwise it must name a regular file or nothing yet (a symbolic link is followed).
    ``stdout_ok``: ``-`` is standard output, accepted as it is. Raises :class:`ConfigError`
    naming ``field``.
    """
    text = os.fspath(path)
    if not text.strip():
        raise ConfigError(field, "the path is empty; name a file")
    if stdout_ok and text == STDOUT:
        return Path(text)
    target = Path(text)
    if suffixes is not None:
        allowed = [s.lower() for s in suffixes]
        if target.suffix.lower() not in allowed:
            raise ConfigError(field, f"{target.name!r} must end in {' or '.join(allowed)}")
    if folder_ok:
        if target.exists() and not target.is_dir():
            raise ConfigError(field, f"{text!r} exists and is not a folder")
        real = Path(os.path.realpath(text))
    else:
        try:
            real = resolve_target(text)
        except NotAFile as err:
            raise ConfigError(field, f"{text!r} is {err.strerror}; refused") from None
    parent = real.parent
    if not parent.is_dir():
        raise ConfigError(field, f"folder {str(target.parent)!r} does not exist")
    _probe(real if folder_ok and real.is_dir() else parent, field)
    return target


def _probe(folder: Path, field: Field | str) -> None:
    """Create and remove a file in ``folder``: the one sure test that it can be written."""
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".optiviz-probe-"):
            pass
    except OSError as err:
        reason = err.strerror or "it cannot be written"
        raise ConfigError(field, f"cannot write in {str(folder)!r}: {reason}") from None


def write_new_file(path: Path, data: bytes) -> None:
    """Create ``path`` (it must not exist) with ``data``, fsynced; a temporary's one write."""
    with open(path, "xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
