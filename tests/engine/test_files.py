"""The one atomic writer: whole files or none, under hidden names next to the target."""

from __future__ import annotations

import errno
import os
import stat

import pytest

from optiviz.engine.errors import ConfigError
from optiviz.engine.formats.files import (
    NotAFile,
    atomic_open,
    check_writable,
    discard,
    partial_path,
    publish,
    publish_file,
    write_text_atomic,
)


def test_partial_names_are_hidden_beside_the_target(tmp_path):
    target = tmp_path / "clip.mp4"
    temp = partial_path(target, ".mp4")
    assert temp.parent == tmp_path
    assert temp.name.startswith(f".clip.mp4.partial-{os.getpid()}-")
    assert temp.name.endswith(".mp4")
    assert partial_path(target) != partial_path(target)


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "run.toml"
    target.write_text("old\n")
    with pytest.raises(RuntimeError), atomic_open(target) as handle:
        handle.write("half a fi")
        raise RuntimeError("disk gone")
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.toml"]


def test_a_finished_write_replaces_the_file(tmp_path):
    target = tmp_path / "run.toml"
    target.write_text("old\n")
    assert write_text_atomic(target, "new\n") == target
    assert target.read_text() == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.toml"]


def test_publish_and_discard_take_files_and_folders(tmp_path):
    folder = partial_path(tmp_path / "frames")
    folder.mkdir()
    (folder / "frame_00000.png").write_bytes(b"png")
    publish(folder, tmp_path / "frames")
    assert (tmp_path / "frames" / "frame_00000.png").read_bytes() == b"png"
    discard(tmp_path / "frames")
    discard(tmp_path / "missing")  # quietly: already gone
    assert list(tmp_path.iterdir()) == []


# -- what a path leads to: links written through, FIFOs and devices refused ----------------------


def test_a_symlink_is_written_through_and_survives(tmp_path):
    elsewhere = tmp_path / "real"
    elsewhere.mkdir()
    real = elsewhere / "run.toml"
    real.write_text("old\n")
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    write_text_atomic(link, "new\n")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.toml", "real"]
    assert sorted(p.name for p in elsewhere.iterdir()) == ["run.toml"]  # temp was beside it


def test_a_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "made.csv")
    write_text_atomic(link, "a,b\n")
    assert link.is_symlink() and (tmp_path / "made.csv").read_text() == "a,b\n"


def test_a_fifo_is_refused_and_stays_a_fifo(tmp_path):
    fifo = tmp_path / "pipe.py"
    os.mkfifo(fifo)
    with pytest.raises(NotAFile, match="a FIFO, not a regular file"):
        write_text_atomic(fifo, "print(1)\n")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    with pytest.raises(ConfigError, match=r"-o: .*pipe\.py' is a FIFO"):
        check_writable(fifo, "-o")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe.py"]


def test_a_link_to_a_device_is_refused_and_the_link_kept(tmp_path):
    link = tmp_path / "out.py"
    link.symlink_to("/dev/null")
    with pytest.raises(NotAFile, match="a character device"):
        write_text_atomic(link, "x")
    assert link.is_symlink() and stat.S_ISCHR(os.stat("/dev/null").st_mode)
    with pytest.raises(ConfigError, match="character device"):
        check_writable(link, "-o")


def test_an_empty_path_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="--history: the path is empty"):
        check_writable("", ("history",))
    with pytest.raises(FileNotFoundError):
        write_text_atomic("", "x")


def test_dash_is_standard_output_only_when_allowed(tmp_path, capsys, monkeypatch):
    write_text_atomic("-", "to stdout\n", stdout_ok=True)
    assert capsys.readouterr().out == "to stdout\n"
    monkeypatch.chdir(tmp_path)
    write_text_atomic("-", "a file\n")
    assert (tmp_path / "-").read_text() == "a file\n"


def test_a_replaced_file_keeps_its_mode(tmp_path):
    target = tmp_path / "secret.csv"
    target.write_text("old\n")
    target.chmod(0o600)
    write_text_atomic(target, "new\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600 and target.read_text() == "new\n"


def test_a_full_disk_at_fsync_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "run.toml"
    target.write_text("old\n")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError, match="No space left on device"):
        write_text_atomic(target, "new\n")
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.toml"]


def test_a_short_file_is_never_published(tmp_path):
    target = tmp_path / "clip.mp4"
    target.write_bytes(b"good")
    temp = partial_path(target)
    temp.write_bytes(b"cut")
    with pytest.raises(OSError, match="short write"):
        publish_file(temp, target, expected=10)
    assert target.read_bytes() == b"good"
    empty = partial_path(target)
    empty.touch()
    with pytest.raises(OSError, match="short write"):
        publish_file(empty, target)
    assert target.read_bytes() == b"good"
