"""Cheap checks that a finished MP4 or GIF is whole, made before it replaces anything.

ffmpeg has been seen to report success for a file cut short by a full disk; a player then
cannot open it. These read only the container's frame (box headers, the GIF's first and last
bytes), not the pictures, so a long clip is checked in microseconds.
"""

from __future__ import annotations

import errno
import struct
from pathlib import Path


def _broken(path: Path, why: str) -> OSError:
    return OSError(errno.EIO, f"the encoded file is incomplete ({why})", str(path))


def check_mp4(path: Path) -> None:
    """Every top-level box fits the file exactly, and both ``moov`` and ``mdat`` are there."""
    size = path.stat().st_size
    seen: set[bytes] = set()
    offset = 0
    with open(path, "rb") as handle:
        while offset < size:
            handle.seek(offset)
            header = handle.read(16)
            if len(header) < 8:
                raise _broken(path, f"a box header cut short at byte {offset}")
            length, kind = struct.unpack(">I4s", header[:8])
            if length == 1 and len(header) == 16:
                length = struct.unpack(">Q", header[8:16])[0]
            elif length == 0:  # the last box runs to the end of the file
                length = size - offset
            if length < 8 or offset + length > size:
                raise _broken(path, f"box {kind!r} runs past the end of the file")
            seen.add(kind)
            offset += length
    missing = {b"moov", b"mdat"} - seen
    if missing:
        raise _broken(path, "no " + " and no ".join(sorted(m.decode() for m in missing)))


def check_gif(path: Path) -> None:
    """A GIF header at the start and the trailer byte (``;``) at the end."""
    with open(path, "rb") as handle:
        head = handle.read(6)
        handle.seek(0, 2)
        if handle.tell() < 14 or head not in (b"GIF87a", b"GIF89a"):
            raise _broken(path, "no GIF header")
        handle.seek(-1, 2)
        if handle.read(1) != b";":
            raise _broken(path, "no GIF trailer")
