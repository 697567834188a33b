"""A cancelled recording stops ffmpeg for good: killed, reaped, its pipe closed, no file left."""

from __future__ import annotations

import gc
import warnings
from fractions import Fraction

import numpy as np
import pytest

from optiviz.recorder.writers import open_writer
from tests.video import read_video

SIZE = (64, 48)


@pytest.mark.parametrize("kind", ["mp4", "gif"])
def test_abort_reaps_ffmpeg_and_removes_the_temporary_files(tmp_path, kind):
    writer = open_writer(kind, tmp_path / f"clip.{kind}", SIZE, Fraction(10), 50)
    frame = np.zeros((SIZE[1], SIZE[0], 4), dtype=np.uint8)
    for _ in range(5):
        writer.write(frame)
    process = writer._process
    assert process is not None and process.poll() is None  # ffmpeg is encoding
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        writer.abort()
        assert process.returncode is not None  # reaped, not just signalled
        assert process.stdin is not None and process.stdin.closed
        del writer, process
        gc.collect()
    assert [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)] == []
    assert list(tmp_path.iterdir()) == []


def test_finish_publishes_a_playable_file(tmp_path):
    target = tmp_path / "clip.mp4"
    writer = open_writer("mp4", target, SIZE, Fraction(10), 3)
    for shade in (0, 128, 255):
        writer.write(np.full((SIZE[1], SIZE[0], 4), shade, dtype=np.uint8))
    list(writer.finish())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clip.mp4"]
    video = read_video(target)
    assert video.size == SIZE and len(video.frames) == 3
    assert abs(int(video.frames[2].mean()) - 255) <= 3
