"""Encoding in a thread: the same frames as drawing and writing one after the other, handed
over uncopied, a bounded queue, and a thread that ends on finish, cancel and error."""

from __future__ import annotations

import errno
import threading
import time
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import imageio.v3 as iio
import numpy as np
import pytest

from optiviz.engine.runs.config import RunConfig
from optiviz.recorder import Recorder, RecordOptions, record, writers
from optiviz.recorder.pipeline import DEPTH, EncoderThread
from optiviz.recorder.writers import Writer, open_writer
from tests.video import read_video

SIZE = (320, 180)


def _sequential(configs: list[RunConfig], options: RecordOptions) -> None:
    """The recording as it was made before the encoder thread: draw, write, draw, write."""
    recorder = Recorder(configs, options)
    size, fps = recorder.size, options.fps_fraction
    writer = open_writer(options.kind, options.path, size, fps, recorder.total)
    for index in range(recorder.total):
        writer.write(recorder.frame_at(index))
    list(writer.finish())
    recorder.cancel()


def _race() -> list[RunConfig]:
    return [
        RunConfig(epochs=30),
        RunConfig(optimizer="Adam", lr=0.5, epochs=30),
        RunConfig(lr=0.3, epochs=30),  # diverges: clipped curves, an arrow on the surface
    ]


def test_png_frames_are_pixel_equal_to_the_sequential_ones(qapp, tmp_path):
    options = RecordOptions(out=f"{tmp_path}/threaded/", size=SIZE, epochs_per_frame=5)
    threaded = record(_race(), options)
    _sequential(_race(), replace(options, out=f"{tmp_path}/sequential/"))
    names = sorted(p.name for p in threaded.iterdir())
    assert len(names) == 7
    assert names == sorted(p.name for p in (tmp_path / "sequential").iterdir())
    for name in names:
        ours = iio.imread(threaded / name)
        theirs = iio.imread(tmp_path / "sequential" / name)
        assert np.array_equal(ours, theirs), name
    first, last = (iio.imread(threaded / n) for n in (names[0], names[-1]))
    assert np.abs(first.astype(int) - last.astype(int)).mean() > 1.0  # the runs moved


def test_mp4_decodes_to_the_sequential_recording(qapp, tmp_path):
    """Same pixels in, same encoder settings: the decoded frames are equal, not just close."""
    options = RecordOptions(out=tmp_path / "threaded.mp4", size=SIZE, epochs_per_frame=10)
    threaded = read_video(record([RunConfig(epochs=40)], options))
    _sequential([RunConfig(epochs=40)], replace(options, out=tmp_path / "sequential.mp4"))
    sequential = read_video(tmp_path / "sequential.mp4")
    assert threaded.frames.shape == sequential.frames.shape == (5, SIZE[1], SIZE[0], 3)
    assert np.array_equal(threaded.frames, sequential.frames)


class _Slow(Writer):
    """Keeps every frame it is given; each write waits until ``gate`` is set."""

    def __init__(self) -> None:
        super().__init__(Path("unused"), SIZE, Fraction(10))
        self.gate = threading.Event()
        self.written: list[np.ndarray] = []
        self.fail_at: int | None = None
        self.interrupted = False

    def write(self, rgba: np.ndarray) -> None:
        if not self.gate.wait(5):
            raise TimeoutError("never released")
        if self.interrupted:
            raise BrokenPipeError(errno.EPIPE, "ffmpeg was killed")
        if self.fail_at == len(self.written):
            raise OSError(errno.ENOSPC, "No space left on device")
        self.written.append(rgba)

    def interrupt(self) -> None:
        self.interrupted = True
        self.gate.set()


def test_frames_are_handed_over_uncopied_and_in_order():
    writer = _Slow()
    writer.gate.set()
    encoder = EncoderThread(writer)
    frames = [np.full((SIZE[1], SIZE[0], 4), i, dtype=np.uint8) for i in range(6)]
    for frame in frames:
        encoder.put(frame)
    encoder.close()
    assert not encoder.alive
    assert len(writer.written) == 6
    assert all(a is b for a, b in zip(writer.written, frames, strict=True))


def test_the_queue_is_bounded_so_memory_stays_flat():
    writer = _Slow()
    encoder = EncoderThread(writer)
    frame = np.zeros((SIZE[1], SIZE[0], 4), dtype=np.uint8)
    queued = []

    def paint() -> None:
        for i in range(DEPTH + 3):
            encoder.put(frame)
            queued.append(i)

    painter = threading.Thread(target=paint)
    painter.start()
    time.sleep(0.3)
    # one frame in the writer's hands, DEPTH waiting; the painter waits for room
    assert len(queued) == DEPTH + 1 and painter.is_alive()
    writer.gate.set()
    painter.join(5)
    encoder.close()
    assert len(writer.written) == DEPTH + 3


def test_an_encoder_error_reaches_the_painter_and_the_thread_ends():
    writer = _Slow()
    writer.gate.set()
    writer.fail_at = 1
    encoder = EncoderThread(writer)
    frame = np.zeros((SIZE[1], SIZE[0], 4), dtype=np.uint8)
    with pytest.raises(OSError, match="No space left"):
        for _ in range(50):  # never blocks: a failed encoder keeps taking frames
            encoder.put(frame)
            time.sleep(0.01)
    with pytest.raises(OSError, match="No space left"):
        encoder.close()
    assert not encoder.alive


def test_stop_ends_a_thread_blocked_in_a_write():
    writer = _Slow()  # the gate stays shut: the thread is stuck in its first write
    encoder = EncoderThread(writer)
    frame = np.zeros((SIZE[1], SIZE[0], 4), dtype=np.uint8)
    for _ in range(DEPTH + 1):
        encoder.put(frame)
    began = time.perf_counter()
    encoder.stop()
    assert not encoder.alive and time.perf_counter() - began < 2
    assert writer.written == []


def _partials(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if ".partial-" in p.name]


@pytest.mark.parametrize("name", ["clip.mp4", "clip.gif", "frames/"])
def test_cancel_stops_the_encoder_and_ffmpeg_and_leaves_nothing(qapp, tmp_path, name):
    options = RecordOptions(out=f"{tmp_path}/{name}", size=SIZE, epochs_per_frame=1)
    recorder = Recorder([RunConfig(epochs=40)], options)
    steps = recorder.frames()
    for _ in range(6):
        next(steps)
    encoder, writer = recorder._encoder, recorder._writer
    process = getattr(writer, "_process", None)
    assert encoder is not None and encoder.alive
    recorder.cancel()
    assert not encoder.alive
    assert process is None or process.returncode is not None  # ffmpeg killed and reaped
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_ends_the_encoder_with_one_error_and_no_file(qapp, tmp_path, monkeypatch):
    full = tmp_path / "full"
    full.mkdir()

    def on_a_full_disk(real: Path, suffix: str = "") -> Path:
        link = full / f"temp{suffix}"
        link.symlink_to("/dev/full")
        return link

    monkeypatch.setattr(writers, "partial_path", on_a_full_disk)
    options = RecordOptions(out=tmp_path / "clip.mp4", size=SIZE, epochs_per_frame=1)
    recorder = Recorder([RunConfig(epochs=300)], options)
    with pytest.raises(OSError) as raised:
        for _ in recorder.frames():
            pass
    assert raised.value.errno == errno.ENOSPC
    assert recorder._encoder is not None and not recorder._encoder.alive
    recorder.cancel()
    assert list(full.iterdir()) == [] and not (tmp_path / "clip.mp4").exists()
    assert _partials(tmp_path) == []
