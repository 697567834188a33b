"""What a recording is asked for: output path and format, frame rate, frame step, size, theme.

Everything is checked before the first frame is drawn, and every refusal is a
:class:`ConfigError` naming the flag, so the command line and the window say the same thing.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path

from optiviz.engine.errors import ConfigError
from optiviz.engine.formats.files import check_writable
from optiviz.engine.runs.config import MAX_EPOCHS

THEMES = ("dark", "light")
KINDS = ("mp4", "gif", "png")
MIN_SIZE = (320, 180)
MAX_SIDE = 3840
MAX_FPS = 120.0
#: GIF delays are whole hundredths of a second, and browsers slow down delays under 2/100 s.
MAX_GIF_FPS = 50.0


def output_kind(out: str | os.PathLike) -> str:
    """``mp4``, ``gif`` or ``png`` (a folder: a path ending in a slash, or an existing folder)."""
    text = os.fspath(out)
    if not text:
        raise ConfigError("-o", "an output path is needed: FILE.mp4, FILE.gif or a FOLDER/")
    suffix = Path(text).suffix.lower()
    if text.endswith(("/", os.sep)):
        return "png"
    if suffix in (".mp4", ".gif"):
        return suffix[1:]
    if Path(text).is_dir():
        return "png"
    shown = f"extension {suffix!r}" if suffix else "no extension"
    raise ConfigError(
        "-o",
        f"{text!r} has {shown}; use FILE.mp4, FILE.gif, or a folder ending in / for PNG frames",
    )


def parse_size(text: str) -> tuple[int, int]:
    """``"1280x720"`` -> ``(1280, 720)``, within :data:`MIN_SIZE` and :data:`MAX_SIDE`."""
    parts = str(text).lower().replace("×", "x").split("x")
    try:
        if len(parts) != 2:
            raise ValueError
        width, height = (int(p.strip()) for p in parts)
    except ValueError:
        raise ConfigError(
            "--size", f"expected WIDTHxHEIGHT in pixels like 1280x720, got {text!r}"
        ) from None
    return check_size((width, height))


def check_size(size: tuple[int, int]) -> tuple[int, int]:
    width, height = size
    (min_w, min_h), top = MIN_SIZE, MAX_SIDE
    if not (min_w <= width <= top and min_h <= height <= top):
        raise ConfigError(
            "--size",
            f"{width}x{height} is out of range: width {min_w} to {top}, height {min_h} to {top}",
        )
    return int(width), int(height)


def parse_fps(text: str | float) -> float:
    try:
        fps = float(text)
    except (TypeError, ValueError):
        raise ConfigError("--fps", f"expected a number like 30, got {text!r}") from None
    if not (math.isfinite(fps) and 1.0 <= fps <= MAX_FPS):
        raise ConfigError("--fps", f"must be from 1 to {MAX_FPS:g} frames per second, got {text}")
    return fps


def parse_epochs_per_frame(text: str | int) -> int:
    try:
        value = int(str(text).strip())
    except ValueError:
        raise ConfigError(
            "--epochs-per-frame", f"expected a whole number like 10, got {text!r}"
        ) from None
    if not 1 <= value <= MAX_EPOCHS:
        raise ConfigError(
            "--epochs-per-frame", f"must be a whole number from 1 to {MAX_EPOCHS}, got {value}"
        )
    return value


def check_empty_folder(folder: Path) -> None:
    """Refuse a folder that holds anything: its files are the user's, never replaced unasked."""
    if not folder.is_dir():
        return
    try:
        with os.scandir(folder) as entries:
            held = next(entries, None)
    except OSError:
        return  # check_writable has already said whether the folder can be written
    if held is not None:
        raise ConfigError(
            "-o",
            f"folder {str(folder)!r} is not empty (it holds {held.name!r}); "
            "choose an empty or new folder, or add --overwrite",
        )


@dataclass(frozen=True)
class RecordOptions:
    """One recording's settings; :meth:`checked` validates them."""

    out: str | os.PathLike
    fps: float = 30.0
    epochs_per_frame: int = 1
    size: tuple[int, int] = (1280, 720)
    theme: str = "dark"
    caption: bool = True
    #: mp4, gif or png; empty: from ``out`` (a folder is a path ending in a slash).
    format: str = ""
    #: PNG frames may go into a folder that holds files, replacing only their own names.
    overwrite: bool = False

    @property
    def kind(self) -> str:
        return self.format or output_kind(self.out)

    @property
    def path(self) -> Path:
        return Path(self.out)

    def checked(self) -> RecordOptions:
        """A normalised copy, or :class:`ConfigError` naming the bad setting."""
        kind = self.kind
        if kind not in KINDS:
            raise ConfigError("format", f"{kind!r} is not one of: {', '.join(KINDS)}")
        fps = parse_fps(self.fps)
        if kind == "gif" and fps > MAX_GIF_FPS:
            raise ConfigError(
                "--fps",
                f"a GIF plays at most {MAX_GIF_FPS:g} frames per second (its delays are "
                f"hundredths of a second), got {fps:g}",
            )
        size = check_size(self.size)
        if str(self.theme).lower() not in THEMES:
            raise ConfigError("--theme", f"{self.theme!r} is not one of: {', '.join(THEMES)}")
        check_writable(self.out, "-o", folder_ok=kind == "png")
        if kind == "png" and not self.overwrite:
            check_empty_folder(Path(self.out))
        return replace(
            self,
            out=Path(self.out),
            format=kind,
            fps=fps,
            epochs_per_frame=parse_epochs_per_frame(self.epochs_per_frame),
            size=size,
            theme=str(self.theme).lower(),
        )

    @property
    def fps_fraction(self) -> Fraction:
        return Fraction(self.fps).limit_denominator(1001)

    def frame_size(self) -> tuple[tuple[int, int], str]:
        """The size frames are drawn at and, when it differs from :attr:`size`, why.

        H.264 in yuv420p (what players expect) halves the colour resolution, so both sides
        must be even; an odd side is rounded down by one pixel.
        """
        width, height = self.size
        if self.kind != "mp4" or (width % 2 == 0 and height % 2 == 0):
            return (width, height), ""
        even = (width - width % 2, height - height % 2)
        note = (
            f"MP4 (H.264, yuv420p) needs even sizes: recording {even[0]}x{even[1]} "
            f"instead of {width}x{height}"
        )
        return even, note
