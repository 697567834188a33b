"""``optiviz record``: one-line errors that leave no file, races, and Ctrl+C midway."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import imageio.v3 as iio
import pytest

from optiviz.cli.main import main

ROOT = Path(__file__).resolve().parents[2]


def _status(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exit_:
        return int(exit_.code)


def _record(tmp_path: Path, *flags: str, out: str = "x.mp4") -> list[str]:
    return ["record", "--size", "320x180", "-o", f"{tmp_path}/{out}", *flags]


@pytest.mark.parametrize(
    ("flags", "out", "words"),
    [
        ((), "x.avi", "extension '.avi'"),
        ((), "x", "no extension"),
        (("--epochs", "0"), "x.mp4", "--epochs"),
        (("--size", "0x10"), "x.mp4", "--size"),
        (("--size", "abc"), "x.mp4", "--size"),
        (("--size", "99999x99999"), "x.mp4", "--size"),
        (("--fps", "0"), "x.mp4", "--fps"),
        (("--fps", "fast"), "x.mp4", "--fps"),
        (("--fps", "60"), "x.gif", "--fps"),
        (("--epochs-per-frame", "0"), "x.mp4", "--epochs-per-frame"),
        (("--epochs-per-frame", "1.5"), "x.mp4", "--epochs-per-frame"),
        (("--optimizer", "Nope"), "x.mp4", "Nope"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_no_file(tmp_path, capsys, flags, out, words):
    args = ["record", "--epochs", "10", "-o", f"{tmp_path}/{out}"]
    assert _status([*args, *flags]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("optiviz record: error:")
    assert words in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("out", ["/nonexistent-folder/x.mp4", "/proc/x.gif", "/proc/frames/"])
def test_an_unwritable_path_is_refused_before_drawing(capsys, out):
    assert _status(["record", "--epochs", "10", "-o", out]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "-o:" in err
    assert not Path(out).exists()


def test_record_writes_the_file_and_says_where(tmp_path, capsys):
    status = _status(_record(tmp_path, "--epochs", "20", "--epochs-per-frame", "10", out="a.gif"))
    assert status == 0
    out, err = capsys.readouterr()
    assert out.strip().startswith(f"wrote {tmp_path}/a.gif (3 frames, 320x180")
    assert "3/3 frames" in err  # the progress bar
    assert iio.imread(tmp_path / "a.gif", index=None).shape[:3] == (3, 180, 320)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.gif"]


def test_a_scenario_records_a_race_with_its_labels(tmp_path, capsys):
    scenario = tmp_path / "race.toml"
    scenario.write_text(
        'epochs = 20\n[[runs]]\noptimizer = "SGD"\nlr = 0.01\nlabel = "plain"\n'
        '[[runs]]\noptimizer = "Adam"\nlr = 0.5\n',
        encoding="utf-8",
    )
    args = ["record", "--scenario", str(scenario), "--epochs-per-frame", "10", "--size"]
    assert _status([*args, "320x180", "-o", f"{tmp_path}/frames/"]) == 0
    assert len(list((tmp_path / "frames").glob("frame_*.png"))) == 3
    assert _status([*args, "320x180", "--epochs", "5", "-o", f"{tmp_path}/y.mp4"]) == 2
    assert "cannot be combined" in capsys.readouterr().err


def test_ctrl_c_midway_leaves_no_file(tmp_path):
    target = tmp_path / "long.mp4"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen(
        [sys.executable, "-m", "optiviz", *_record(tmp_path, "--epochs", "100000", out="long.mp4")],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a terminal's Ctrl+C reaches it
    )
    try:
        deadline = time.monotonic() + 60
        while not any(".partial-" in p.name for p in tmp_path.iterdir()):
            assert process.poll() is None, process.stderr.read().decode()
            assert time.monotonic() < deadline, "the recording never started"
            time.sleep(0.05)
        time.sleep(0.5)  # some frames into the file
        os.killpg(process.pid, signal.SIGINT)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 130, err.decode()
    assert "interrupted" in err.decode().splitlines()[-1]
    assert list(tmp_path.iterdir()) == []
    assert not target.exists()
