"""Read back an encoded video with imageio-ffmpeg's ffmpeg, every pipe closed.

imageio's FFMPEG reader leaves ffmpeg's pipes open once it has read to the end of a file
(imageio-ffmpeg closes them only when ffmpeg is still running), which pytest reports as a
ResourceWarning; here ffmpeg runs to completion under ``subprocess.run`` instead.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import imageio_ffmpeg
import numpy as np

_STREAM = re.compile(r"Video: (\w+)[^,]*, (\w+)[^,]*(?:\([^)]*\))?, (\d+)x(\d+)")


@dataclass(frozen=True)
class Video:
    codec: str
    pix_fmt: str
    size: tuple[int, int]
    frames: np.ndarray  # (n, height, width, 3) uint8


def read_video(path: Path) -> Video:
    """The video stream's codec, pixel format and size, and every frame as RGB."""
    ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
    header = subprocess.run(
        [ffmpeg, "-hide_banner", "-i", str(path)], capture_output=True, text=True, timeout=60
    ).stderr
    found = _STREAM.search(header)
    assert found is not None, header
    codec, pix_fmt = found.group(1), found.group(2)
    width, height = int(found.group(3)), int(found.group(4))
    decoded = subprocess.run(
        [ffmpeg, "-v", "error", "-i", str(path), "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout
    frames = np.frombuffer(decoded, dtype=np.uint8).reshape(-1, height, width, 3)
    return Video(codec, pix_fmt, (width, height), frames)
