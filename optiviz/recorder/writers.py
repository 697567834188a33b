"""MP4, GIF and PNG-frame writers that never leave a broken file behind.

Every writer works on temporary files next to the target (named ``.NAME.partial-...`` by
:func:`~optiviz.engine.formats.files.partial_path`) and renames them onto the target only in
:meth:`Writer.finish`; :meth:`Writer.abort` removes them. MP4 and GIF go through imageio-ffmpeg's
own ffmpeg binary, fed raw frames on a pipe that this module owns, so a cancelled recording kills
ffmpeg, reaps it and closes its pipes. A GIF is encoded in two passes with one palette for the
whole clip, computed from every frame (palettegen, then paletteuse with error diffusion): the
frames are first kept in a lossless H.264 RGB file on disk, so memory stays flat however long the
clip is.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator, Sequence
from fractions import Fraction
from pathlib import Path
from typing import IO

import imageio.v3 as iio
import imageio_ffmpeg
import numpy as np

from optiviz.engine.formats.files import discard, partial_path, publish

#: H.264 quality: crf 18 keeps thin lines and small tick labels sharp; "animation" suits flat
#: areas with sharp edges. The veryfast preset encodes twice as fast as medium for a file
#: about 5% larger on these frames, so ffmpeg keeps up with the drawing.
MP4_PARAMS = ("-crf", "18", "-preset", "veryfast", "-tune", "animation", "-movflags", "+faststart")
INTERMEDIATE_PARAMS = ("-qp", "0", "-preset", "ultrafast")
PALETTEGEN = "palettegen=stats_mode=full"
PALETTEUSE = "paletteuse=dither=sierra2_4a:diff_mode=rectangle"
PNG_LEVEL = 1  # zlib level: frames are for editing afterwards, so speed over size

#: ffmpeg runs in its own process group, so Ctrl+C in a terminal reaches optiviz (which then
#: aborts the writer) rather than killing ffmpeg half-way through a file.
_DETACHED: dict[str, object] = (
    {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    if sys.platform.startswith("win")
    else {"start_new_session": True}
)


class Writer:
    """Receives frames as ``(height, width, 4)`` RGBA uint8 arrays."""

    def __init__(self, target: Path, size: tuple[int, int], fps: Fraction) -> None:
        self.target = target
        self.size = size
        self.fps = fps
        self.temps: list[Path] = []
        self.frames = 0

    def write(self, rgba: np.ndarray) -> None:
        raise NotImplementedError

    def finish(self) -> Iterator[str]:
        """Complete the file; yields a stage name while long work is under way."""
        raise NotImplementedError

    def abort(self) -> None:
        for path in self.temps:
            discard(path)
        self.temps = []


class _FfmpegStream(Writer):
    """Frames piped as raw RGBA to one ffmpeg process that encodes them into a temporary file."""

    _process: subprocess.Popen[bytes] | None = None

    def _open(self, path: Path, codec: str, pix_fmt_out: str, params: Sequence[str]) -> None:
        self.temps.append(path)
        width, height = self.size
        command = [
            imageio_ffmpeg.get_ffmpeg_exe(), "-y", "-loglevel", "error",
            "-f", "rawvideo", "-vcodec", "rawvideo", "-s", f"{width:d}x{height:d}",
            "-pix_fmt", "rgba", "-r", str(self.fps), "-i", "-", "-an",
            "-vcodec", codec, "-pix_fmt", pix_fmt_out, *params, str(path),
        ]  # fmt: skip
        self._process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, **_DETACHED
        )

    def _stdin(self) -> IO[bytes]:
        if self._process is None or self._process.stdin is None:
            raise OSError("the recording is already closed")
        return self._process.stdin

    def write(self, rgba: np.ndarray) -> None:
        try:
            self._stdin().write(np.ascontiguousarray(rgba, dtype=np.uint8).data)
        except BrokenPipeError:
            code = self._process.wait() if self._process is not None else None
            raise OSError(f"ffmpeg stopped while recording (exit status {code})") from None
        self.frames += 1

    def _close_stream(self) -> None:
        """Let ffmpeg write the end of the file and wait for it."""
        process, self._process = self._process, None
        if process is None:
            return
        try:
            if process.stdin is not None:
                process.stdin.close()
        except BrokenPipeError:
            pass
        code = process.wait()
        if code != 0:
            raise OSError(f"ffmpeg failed while encoding (exit status {code})")

    def abort(self) -> None:
        """Kill ffmpeg at once, reap it and close its pipe; then remove the temporary files."""
        process, self._process = self._process, None
        if process is not None:
            if process.poll() is None:
                process.kill()
            try:
                if process.stdin is not None:
                    process.stdin.close()
            except OSError:  # unflushed frames and a dead ffmpeg: nothing left to deliver
                pass
            process.wait()
        super().abort()


class Mp4Writer(_FfmpegStream):
    def __init__(self, target: Path, size: tuple[int, int], fps: Fraction) -> None:
        super().__init__(target, size, fps)
        self._temp = partial_path(target, ".mp4")
        self._open(self._temp, "libx264", "yuv420p", MP4_PARAMS)

    def finish(self) -> Iterator[str]:
        yield "encoding MP4"
        self._close_stream()
        _publish(self._temp, self.target)
        self.temps = []


class GifWriter(_FfmpegStream):
    def __init__(self, target: Path, size: tuple[int, int], fps: Fraction) -> None:
        super().__init__(target, size, fps)
        self._frames_file = partial_path(target, ".mkv")
        self._palette = partial_path(target, ".palette.png")
        self._temp = partial_path(target, ".gif")
        self._open(self._frames_file, "libx264rgb", "rgb24", INTERMEDIATE_PARAMS)

    def finish(self) -> Iterator[str]:
        yield "encoding GIF"
        self._close_stream()
        self.temps += [self._palette, self._temp]
        frames = ["-i", str(self._frames_file)]
        yield from _ffmpeg(
            [*frames, "-vf", PALETTEGEN, "-update", "1", "-frames:v", "1", str(self._palette)],
            "making the GIF palette",
        )
        yield from _ffmpeg(
            [*frames, "-i", str(self._palette), "-lavfi", PALETTEUSE, "-loop", "0",
             "-f", "gif", str(self._temp)],
            "writing the GIF",
        )  # fmt: skip
        _publish(self._temp, self.target)
        self.temps.remove(self._temp)
        super().abort()  # the frames file and the palette


class PngWriter(Writer):
    """Numbered frames ``frame_00000.png``... in a folder, moved into place at the end."""

    def __init__(self, target: Path, size: tuple[int, int], fps: Fraction, total: int) -> None:
        super().__init__(target, size, fps)
        self._digits = max(5, len(str(max(total - 1, 0))))
        self._folder = partial_path(target)
        self._folder.mkdir()
        self.temps.append(self._folder)

    def name(self, index: int) -> str:
        return f"frame_{index:0{self._digits}d}.png"

    def write(self, rgba: np.ndarray) -> None:
        path = self._folder / self.name(self.frames)
        iio.imwrite(path, rgba[:, :, :3], extension=".png", compress_level=PNG_LEVEL)
        self.frames += 1

    def finish(self) -> Iterator[str]:
        yield "moving the frames"
        target = self.target
        if not target.exists():
            publish(self._folder, target)
        else:  # a folder of older frames: replace them, keep anything else
            for old in target.glob("frame_*.png"):
                old.unlink()
            for new in sorted(self._folder.iterdir()):
                publish(new, target / new.name)
            self._folder.rmdir()
        self.temps = []


def _publish(temp: Path, target: Path) -> None:
    if not temp.is_file() or temp.stat().st_size == 0:
        raise OSError(f"ffmpeg wrote nothing to {str(target)!r}")
    publish(temp, target)


def _ffmpeg(args: list[str], stage: str) -> Iterator[str]:
    """Run imageio-ffmpeg's ffmpeg, yielding ``stage`` while it works."""
    command = [imageio_ffmpeg.get_ffmpeg_exe(), "-y", "-nostdin", "-loglevel", "error", *args]
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        while True:
            try:
                process.wait(timeout=0.05)
                break
            except subprocess.TimeoutExpired:
                yield stage
        error = process.stderr.read().decode(errors="replace").strip()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stderr.close()
    if process.returncode != 0:
        last = error.splitlines()[-1] if error else f"exit status {process.returncode}"
        raise OSError(f"ffmpeg failed while {stage}: {last}")


def open_writer(
    kind: str, target: Path, size: tuple[int, int], fps: Fraction, total: int
) -> Writer:
    """The writer for ``kind`` (``mp4``, ``gif`` or ``png``), its temporary files created."""
    if kind == "mp4":
        return Mp4Writer(target, size, fps)
    if kind == "gif":
        return GifWriter(target, size, fps)
    return PngWriter(target, size, fps, total)
