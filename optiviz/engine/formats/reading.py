"""Reading a small text file that a person named: data CSVs and scenario files.

The file is checked before it is opened: only a regular file of at most
:data:`~optiviz.engine.limits.MAX_FILE_BYTES` is read, so ``/dev/zero``, ``/dev/urandom``, a
FIFO or a huge file is refused with one line instead of hanging or filling the memory. Text
holding NUL bytes or that is not UTF-8 is refused as binary.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from optiviz.engine.errors import ConfigError
from optiviz.engine.fields import Field
from optiviz.engine.limits import MAX_FILE_BYTES


def read_text_file(path: str | os.PathLike, field: Field | str, kind: str = "file") -> str:
    """The text of ``path`` (raises :class:`ConfigError` for ``field`` with one line).

    ``kind`` names what was expected in messages ("CSV file", "scenario file").
    """
    target = Path(path)
    shown = repr(str(target))
    try:
        info = target.stat()
    except FileNotFoundError:
        raise ConfigError(field, f"{shown} does not exist") from None
    except OSError as err:
        raise ConfigError(field, f"cannot read {shown}: {err.strerror or err}") from None
    if stat.S_ISDIR(info.st_mode):
        raise ConfigError(field, f"{shown} is a folder, not a {kind}") from None
    if not stat.S_ISREG(info.st_mode):
        raise ConfigError(field, f"{shown} is not a regular file (a device, FIFO or socket)")
    if info.st_size > MAX_FILE_BYTES:
        raise ConfigError(
            field,
            f"{shown} is {info.st_size / 2**20:.0f} MB; at most {MAX_FILE_BYTES // 2**20} MB "
            "can be read",
        )
    try:
        with open(target, "rb") as handle:  # a regular file: this cannot block
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        raise ConfigError(field, f"cannot read {shown}: {err.strerror or err}") from None
    if len(raw) > MAX_FILE_BYTES:  # it grew after the check
        raise ConfigError(field, f"{shown} is larger than {MAX_FILE_BYTES // 2**20} MB")
    if b"\0" in raw:
        raise ConfigError(field, f"{shown} is binary, not a text file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(field, f"{shown} is not a text file") from None
