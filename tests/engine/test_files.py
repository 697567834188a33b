"""The one atomic writer: whole files or none, under hidden names next to the target."""

from __future__ import annotations

import os

import pytest

from optiviz.engine.formats.files import (
    atomic_open,
    discard,
    partial_path,
    publish,
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
