"""Output paths on the command line: a write lands or says so in one line, and never destroys.

``--history``, ``code -o`` and ``record -o`` write links through, refuse FIFOs and devices,
refuse empty paths, take ``-`` as standard output where it makes sense, and keep the old file
when the disk is full (exit 1, ``cannot write PATH: REASON``).
"""

from __future__ import annotations

import csv
import errno
import io
import os
import stat
from pathlib import Path

import pytest

from optiviz.cli.main import main
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run
from optiviz.recorder import writers

ENOSPC = os.strerror(errno.ENOSPC)


def _status(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exit_:
        return int(exit_.code)


def _one_line(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    return err


def _record(out: Path | str, *flags: str) -> list[str]:
    return ["record", "--size", "320x180", "--epochs", "4", "-o", str(out), *flags]


def _full_disk_for_ffmpeg(monkeypatch, tmp_path: Path) -> Path:
    """Each temporary file ffmpeg writes is a link to /dev/full: every write fails, ENOSPC."""
    full = tmp_path / "full"
    full.mkdir()

    def temp(target: Path, suffix: str = "") -> Path:
        link = full / f"{len(list(full.iterdir()))}{suffix}"
        link.symlink_to("/dev/full")
        return link

    monkeypatch.setattr(writers, "partial_path", temp)
    return full


# -- empty paths ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["run", "--epochs", "3", "--history", ""], "--history: the path is empty"),
        (["code", "-o", ""], "-o: the path is empty"),
        (["record", "-o", ""], "-o: an output path is needed"),
    ],
)
def test_an_empty_output_path_is_refused_in_one_line(capsys, argv, words):
    assert _status(argv) == 2
    assert words in _one_line(capsys)


# -- standard output ------------------------------------------------------------------------------


def test_code_dash_prints_the_script(capsys):
    assert _status(["code", "-o", "-", "--epochs", "5"]) == 0
    printed = capsys.readouterr().out
    assert _status(["code", "--epochs", "5"]) == 0
    assert printed == capsys.readouterr().out and "optimizer.step()" in printed


def test_history_dash_is_csv_on_stdout_and_nothing_else(capsys):
    assert _status(["run", "--epochs", "7", "--print-every", "1", "--history", "-"]) == 0
    out = capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(out)))
    run = Run(RunConfig(epochs=7)).run()
    assert [float(r["loss"]) for r in rows] == run.history.loss.tolist()


def test_history_dash_and_json_cannot_share_stdout(capsys):
    assert _status(["run", "--epochs", "3", "--json", "--history", "-"]) == 2
    assert "standard output" in _one_line(capsys)


# -- links, FIFOs and devices --------------------------------------------------------------------


def test_links_are_written_through_and_survive(tmp_path, capsys):
    store = tmp_path / "store"
    store.mkdir()
    for name in ("script.py", "history.csv"):
        (tmp_path / name).symlink_to(store / name)
    assert _status(["code", "--epochs", "5", "-o", str(tmp_path / "script.py")]) == 0
    assert _status(["run", "--epochs", "5", "--history", str(tmp_path / "history.csv")]) == 0
    assert (tmp_path / "script.py").is_symlink() and (tmp_path / "history.csv").is_symlink()
    assert "optimizer.step()" in (store / "script.py").read_text()
    assert len((store / "history.csv").read_text().splitlines()) == 6
    assert sorted(p.name for p in store.iterdir()) == ["history.csv", "script.py"]


def test_a_recording_is_written_through_a_link(tmp_path, capsys):
    real = tmp_path / "store" / "clip.gif"
    real.parent.mkdir()
    (tmp_path / "clip.gif").symlink_to(real)
    assert _status(_record(tmp_path / "clip.gif", "--epochs-per-frame", "2")) == 0
    assert (tmp_path / "clip.gif").is_symlink() and real.read_bytes()[:6] == b"GIF89a"


@pytest.mark.parametrize(
    "argv",
    [
        ["code", "-o", "{}/out.py"],
        ["run", "--epochs", "3", "--history", "{}/out.csv"],
        ["record", "--epochs", "3", "-o", "{}/out.mp4"],
    ],
)
def test_a_fifo_or_a_device_is_refused_never_replaced(tmp_path, capsys, argv):
    name = Path(argv[-1]).name
    fifo, link = tmp_path / "fifo", tmp_path / "link"
    fifo.mkdir(), link.mkdir()
    os.mkfifo(fifo / name)
    (link / name).symlink_to("/dev/null")
    for folder, kind in ((fifo, "a FIFO"), (link, "a character device")):
        assert _status([*argv[:-1], argv[-1].format(folder)]) == 2
        assert f"{name}' is {kind}, not a regular file; refused" in _one_line(capsys)
    assert stat.S_ISFIFO(os.lstat(fifo / name).st_mode) and (link / name).is_symlink()
    assert os.listdir(fifo) == [name] and os.listdir(link) == [name]


# -- a full disk ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["mp4", "gif"])
def test_a_full_disk_keeps_the_old_recording_and_says_so(tmp_path, monkeypatch, capsys, kind):
    target = tmp_path / f"x.{kind}"
    target.write_bytes(b"the user's good clip")
    full = _full_disk_for_ffmpeg(monkeypatch, tmp_path)
    assert _status(_record(target)) == 1
    out, err = capsys.readouterr()
    last = err.strip().splitlines()[-1]  # after the progress bar's line
    assert last == f"optiviz record: cannot write {target}: {ENOSPC}"
    assert "ffmpeg" not in err and "wrote" not in out
    assert target.read_bytes() == b"the user's good clip"
    assert list(full.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == [
        "full",
        f"x.{kind}",
    ]


def test_a_full_disk_while_writing_png_frames_keeps_the_folder(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "frames"
    folder.mkdir()
    real = writers.write_new_file

    def fill(path: Path, data: bytes) -> None:
        if path.name == "frame_00001.png":
            raise OSError(errno.ENOSPC, ENOSPC, str(path))
        real(path, data)

    monkeypatch.setattr(writers, "write_new_file", fill)
    assert _status(_record(f"{folder}/")) == 1
    err = capsys.readouterr().err
    assert err.strip().splitlines()[-1] == f"optiviz record: cannot write {folder}/: {ENOSPC}"
    assert "Traceback" not in err
    assert list(folder.iterdir()) == [] and os.listdir(tmp_path) == ["frames"]


def test_a_full_disk_keeps_the_old_script_and_history(tmp_path, monkeypatch, capsys):
    script, history = tmp_path / "s.py", tmp_path / "h.csv"
    script.write_text("old script\n")
    history.write_text("old,history\n")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, ENOSPC)

    monkeypatch.setattr(os, "fsync", full)
    assert _status(["code", "--epochs", "5", "-o", str(script)]) == 1
    assert _one_line(capsys) == f"optiviz code: cannot write {script}: {ENOSPC}"
    assert _status(["run", "--epochs", "5", "--history", str(history)]) == 1
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        f"optiviz run: cannot write {history}: {ENOSPC}"
    )
    assert script.read_text() == "old script\n" and history.read_text() == "old,history\n"
    assert sorted(os.listdir(tmp_path)) == ["h.csv", "s.py"]


# -- a folder of PNG frames ------------------------------------------------------------------------


def test_a_folder_that_holds_files_is_refused_unless_overwrite(tmp_path, capsys):
    folder = tmp_path / "myframes"
    folder.mkdir()
    mine = {"frame_00000.png": b"my drawing", "frame_00099.png": b"mine too", "a.txt": b"notes"}
    for name, data in mine.items():
        (folder / name).write_bytes(data)
    assert _status(_record(f"{folder}/")) == 2
    assert "is not empty" in _one_line(capsys)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == mine
    assert _status(_record(f"{folder}/", "--epochs-per-frame", "2", "--overwrite")) == 0
    after = {p.name: p.read_bytes() for p in folder.iterdir()}
    frames = [f"frame_0000{i}.png" for i in range(3)]
    assert sorted(after) == ["a.txt", *frames, "frame_00099.png"]
    assert after["a.txt"] == b"notes" and after["frame_00099.png"] == b"mine too"
    assert after["frame_00000.png"][:8] == b"\x89PNG\r\n\x1a\n"
