"""A cancelled recording stops ffmpeg for good: killed, reaped, its pipe closed, no file left."""

from __future__ import annotations

import errno
import gc
import os
import stat
import warnings
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from optiviz.recorder import writers
from optiviz.recorder.containers import check_gif, check_mp4
from optiviz.recorder.writers import ffmpeg_failure, open_writer
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


def _frames(writer, count: int = 3) -> None:
    for shade in range(count):
        writer.write(np.full((SIZE[1], SIZE[0], 4), 60 * shade, dtype=np.uint8))


def _encode_to_a_full_disk(monkeypatch, tmp_path):
    """ffmpeg's temporary file is a link to /dev/full: every write of it fails with ENOSPC."""
    full = tmp_path / "full"
    full.mkdir()
    made: list[Path] = []

    def temp(target: Path, suffix: str = "") -> Path:
        link = full / f"{len(made)}{suffix}"
        link.symlink_to("/dev/full")
        made.append(link)
        return link

    monkeypatch.setattr(writers, "partial_path", temp)
    return full


@pytest.mark.parametrize("kind", ["mp4", "gif"])
def test_a_full_disk_is_one_error_and_the_old_file_is_kept(tmp_path, monkeypatch, kind):
    target = tmp_path / f"clip.{kind}"
    target.write_bytes(b"the user's good clip")
    full = _encode_to_a_full_disk(monkeypatch, tmp_path)
    writer = open_writer(kind, target, SIZE, Fraction(10), 3)
    with pytest.raises(OSError) as caught:
        _frames(writer)
        list(writer.finish())
    writer.abort()
    assert caught.value.errno == errno.ENOSPC
    assert str(caught.value.strerror) == "No space left on device"
    assert target.read_bytes() == b"the user's good clip"
    assert list(full.iterdir()) == [] and stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_ffmpeg_messages_become_the_last_line_or_the_system_reason():
    failure = ffmpeg_failure("encoding", 228, "[out] Error writing trailer: Disk quota exceeded\n")
    assert failure.errno == errno.EDQUOT
    other = ffmpeg_failure("writing the GIF", 1, "first\nInvalid argument for x\n")
    assert other.errno is None and str(other) == "ffmpeg failed while writing the GIF: " + (
        "Invalid argument for x"
    )


@pytest.mark.parametrize("kind", ["mp4", "gif"])
def test_a_cut_short_file_is_caught_before_it_replaces_anything(tmp_path, kind):
    writer = open_writer(kind, tmp_path / f"clip.{kind}", SIZE, Fraction(10), 3)
    _frames(writer)
    list(writer.finish())
    whole = (tmp_path / f"clip.{kind}").read_bytes()
    cut = tmp_path / f"cut.{kind}"
    cut.write_bytes(whole[:-40])
    check = check_mp4 if kind == "mp4" else check_gif
    check(tmp_path / f"clip.{kind}")  # the whole file passes
    with pytest.raises(OSError, match="incomplete"):
        check(cut)


def test_a_symlinked_target_is_written_through(tmp_path):
    real = tmp_path / "store" / "clip.mp4"
    real.parent.mkdir()
    link = tmp_path / "clip.mp4"
    link.symlink_to(real)
    writer = open_writer("mp4", link, SIZE, Fraction(10), 3)
    _frames(writer)
    list(writer.finish())
    assert link.is_symlink() and len(read_video(real).frames) == 3
    assert sorted(p.name for p in real.parent.iterdir()) == ["clip.mp4"]


def test_png_frames_never_replace_a_name_taken_after_the_check(tmp_path):
    folder = tmp_path / "frames"
    folder.mkdir()
    writer = open_writer("png", folder, SIZE, Fraction(10), 2)
    _frames(writer, 2)
    (folder / "frame_00001.png").write_bytes(b"mine")  # appeared while recording
    with pytest.raises(FileExistsError, match=r"frame_00001\.png is already there"):
        list(writer.finish())
    writer.abort()
    assert sorted(p.name for p in folder.iterdir()) == ["frame_00001.png"]
    assert (folder / "frame_00001.png").read_bytes() == b"mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["frames"]
