"""MP4, GIF and PNG-frame writers that never leave a broken file behind.

Every writer works on temporary files next to the target (named ``.NAME.partial-...`` by
:func:`~optiviz.engine.formats.files.partial_path`) and renames them onto the target only in
:meth:`Writer.finish`, once ffmpeg's exit status and the file itself have been checked and the
file fsynced; :meth:`Writer.abort` removes them. A symbolic link is written through to its
target. ffmpeg's messages are kept, not shown: a failure is one ``OSError`` whose reason is
the system's (``No space left on device``) when ffmpeg names one.

MP4 and GIF go through imageio-ffmpeg's own ffmpeg binary, fed raw frames on a pipe that this
module owns, so a cancelled recording kills ffmpeg, reaps it and closes its pipes. A GIF is
encoded in two passes with one palette for the whole clip, computed from every frame
(palettegen, then paletteuse with error diffusion): the frames are first kept in a lossless
H.264 RGB file on disk, so memory stays flat however long the clip is.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from fractions import Fraction
from pathlib import Path
from typing import IO

import imageio.v3 as iio
import imageio_ffmpeg
import numpy as np

from optiviz.engine.formats.files import (
    discard,
    partial_path,
    publish,
    publish_file,
    resolve_target,
    sync_folder,
    write_new_file,
)
from optiviz.recorder.containers import check_gif, check_mp4

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


#: The byte orders of four-channel frames ffmpeg can take as they are (ffmpeg's names): a
#: recorder hands over Qt's native ARGB32 pixels without converting them.
LAYOUTS = ("rgba", "bgra", "argb")


class Writer:
    """Receives frames as ``(height, width, 4)`` uint8 arrays, in :attr:`layout`'s byte order
    (RGBA unless made for another)."""

    layout = "rgba"

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

    def interrupt(self) -> None:
        """Make a ``write`` blocked in another thread return (with an error) soon."""

    def abort(self) -> None:
        for path in self.temps:
            discard(path)
        self.temps = []


#: Reasons ffmpeg passes on from the system, most telling first.
_REASONS = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EACCES, errno.EIO)


def ffmpeg_failure(stage: str, code: int | None, messages: str) -> OSError:
    """One error for a failed ffmpeg: the system's reason if ffmpeg names one, else its last
    message, else its exit status."""
    for number in _REASONS:
        if os.strerror(number) in messages:
            return OSError(number, os.strerror(number))
    lines = messages.strip().splitlines()
    return OSError(f"ffmpeg failed while {stage}: {lines[-1] if lines else f'exit {code}'}")


def _read_log(log: IO[bytes]) -> str:
    log.seek(0)
    text = log.read().decode(errors="replace")
    log.close()
    return text


class _FfmpegStream(Writer):
    """Frames piped as raw RGBA to one ffmpeg process that encodes them into a temporary file."""

    _process: subprocess.Popen[bytes] | None = None
    _log: IO[bytes] | None = None

    def _open(self, path: Path, codec: str, pix_fmt_out: str, params: Sequence[str]) -> None:
        self.temps.append(path)
        width, height = self.size
        command = [
            imageio_ffmpeg.get_ffmpeg_exe(), "-y", "-loglevel", "error",
            "-f", "rawvideo", "-vcodec", "rawvideo", "-s", f"{width:d}x{height:d}",
            "-pix_fmt", self.layout, "-r", str(self.fps), "-i", "-", "-an",
            "-vcodec", codec, "-pix_fmt", pix_fmt_out, *params, str(path),
        ]  # fmt: skip
        self._log = tempfile.TemporaryFile()  # a file, not a pipe: ffmpeg never blocks on it
        self._process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=self._log,
            **_DETACHED,
        )  # fmt: skip

    def _stdin(self) -> IO[bytes]:
        if self._process is None or self._process.stdin is None:
            raise OSError("the recording is already closed")
        return self._process.stdin

    def _failure(self, code: int | None) -> OSError:
        log, self._log = self._log, None
        return ffmpeg_failure("encoding", code, _read_log(log) if log is not None else "")

    def write(self, rgba: np.ndarray) -> None:
        try:
            self._stdin().write(np.ascontiguousarray(rgba, dtype=np.uint8).data)
        except BrokenPipeError:
            code = self._process.wait() if self._process is not None else None
            raise self._failure(code) from None
        self.frames += 1

    def _close_stream(self) -> None:
        """Let ffmpeg write the end of the file and wait for it; raise if it failed."""
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
            raise self._failure(code)
        if self._log is not None:
            self._log.close()
            self._log = None

    def interrupt(self) -> None:
        """Kill ffmpeg, so a write blocked on its full pipe fails at once; :meth:`abort`
        reaps it."""
        process = self._process
        if process is not None and process.poll() is None:
            process.kill()

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
        if self._log is not None:
            self._log.close()
            self._log = None
        super().abort()


class Mp4Writer(_FfmpegStream):
    def __init__(
        self, target: Path, size: tuple[int, int], fps: Fraction, layout: str = "rgba"
    ) -> None:
        super().__init__(target, size, fps)
        self.layout = _checked_layout(layout)
        self._real = resolve_target(target)
        self._temp = partial_path(self._real, ".mp4")
        self._open(self._temp, "libx264", "yuv420p", MP4_PARAMS)

    def finish(self) -> Iterator[str]:
        yield "encoding MP4"
        self._close_stream()
        check_mp4(self._temp)
        publish_file(self._temp, self._real)
        self.temps = []


class GifWriter(_FfmpegStream):
    def __init__(
        self, target: Path, size: tuple[int, int], fps: Fraction, layout: str = "rgba"
    ) -> None:
        super().__init__(target, size, fps)
        self.layout = _checked_layout(layout)
        self._real = resolve_target(target)
        self._frames_file = partial_path(self._real, ".mkv")
        self._palette = partial_path(self._real, ".palette.png")
        self._temp = partial_path(self._real, ".gif")
        self.temps += [self._palette, self._temp]  # removed by abort() at any stage
        self._open(self._frames_file, "libx264rgb", "rgb24", INTERMEDIATE_PARAMS)

    def finish(self) -> Iterator[str]:
        yield "encoding GIF"
        self._close_stream()
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
        check_gif(self._temp)
        publish_file(self._temp, self._real)
        self.temps.remove(self._temp)
        super().abort()  # the frames file and the palette


class PngWriter(Writer):
    """Numbered frames ``frame_00000.png``... in a folder, moved into place at the end.

    A folder that exists keeps every file it holds: without ``overwrite`` a frame whose name
    is taken stops the recording before anything is moved; with it, only this recording's
    frame names are replaced. Nothing else in the folder is ever removed.
    """

    def __init__(
        self,
        target: Path,
        size: tuple[int, int],
        fps: Fraction,
        total: int,
        overwrite: bool = False,
    ) -> None:
        super().__init__(target, size, fps)
        self.overwrite = overwrite
        self._digits = max(5, len(str(max(total - 1, 0))))
        self._real = Path(os.path.realpath(target))
        self._folder = partial_path(self._real)
        self._folder.mkdir()
        self.temps.append(self._folder)

    def name(self, index: int) -> str:
        return f"frame_{index:0{self._digits}d}.png"

    def write(self, rgba: np.ndarray) -> None:
        data = iio.imwrite("<bytes>", rgba[:, :, :3], extension=".png", compress_level=PNG_LEVEL)
        write_new_file(self._folder / self.name(self.frames), data)
        self.frames += 1

    def finish(self) -> Iterator[str]:
        yield "moving the frames"
        target = self._real
        if not target.exists():
            publish(self._folder, target)
            sync_folder(target.parent)
            self.temps = []
            return
        new = sorted(self._folder.iterdir())
        taken = [p.name for p in new if os.path.lexists(target / p.name)]
        if taken and not self.overwrite:
            raise FileExistsError(errno.EEXIST, f"{taken[0]} is already there", str(target))
        for path in new:
            publish(path, target / path.name)
        self._folder.rmdir()
        sync_folder(target)
        self.temps = []


def _ffmpeg(args: list[str], stage: str) -> Iterator[str]:
    """Run imageio-ffmpeg's ffmpeg, yielding ``stage`` while it works."""
    command = [imageio_ffmpeg.get_ffmpeg_exe(), "-y", "-nostdin", "-loglevel", "error", *args]
    log = tempfile.TemporaryFile()
    try:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log
        )
        try:
            while True:
                try:
                    process.wait(timeout=0.05)
                    break
                except subprocess.TimeoutExpired:
                    yield stage
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        messages = _read_log(log)
    finally:
        log.close()
    if process.returncode != 0:
        raise ffmpeg_failure(stage, process.returncode, messages)


def _checked_layout(layout: str) -> str:
    if layout not in LAYOUTS:
        raise ValueError(f"frames are {' or '.join(LAYOUTS)}, not {layout!r}")
    return layout


def open_writer(
    kind: str,
    target: Path,
    size: tuple[int, int],
    fps: Fraction,
    total: int,
    overwrite: bool = False,
    layout: str = "rgba",
) -> Writer:
    """The writer for ``kind`` (``mp4``, ``gif`` or ``png``), its temporary files created.

    ``overwrite``: PNG frames may replace files of the same names in an existing folder.
    ``layout``: the byte order of the frames an MP4 or GIF writer takes (PNG frames are RGBA).
    """
    if kind == "mp4":
        return Mp4Writer(target, size, fps, layout)
    if kind == "gif":
        return GifWriter(target, size, fps, layout)
    return PngWriter(target, size, fps, total, overwrite)
