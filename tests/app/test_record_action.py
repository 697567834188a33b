"""File → Record animation… in the window (inline worker): files decoded, the loop kept running."""

from __future__ import annotations

from itertools import pairwise

import imageio.v3 as iio
import numpy as np
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QMessageBox, QPushButton

from optiviz.app.main_window import MainWindow
from optiviz.app.recording.record_dialog import RecordDialog
from optiviz.engine.runs.config import RunConfig
from optiviz.recorder import RecordOptions
from optiviz.recorder.options import parse_size
from tests.video import read_video

RACE = [RunConfig(epochs=20), RunConfig(optimizer="Adam", lr=0.5, epochs=20)]
SMALL = (320, 180)


@pytest.fixture
def window_options() -> dict:
    return {"configs": RACE}


@pytest.fixture
def warnings(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    return shown


def fill_and_accept(monkeypatch, **fields) -> None:
    """Make the dialog's exec() fill in ``fields`` and press Record (or Cancel if refused)."""

    def exec_(dialog: RecordDialog) -> int:
        if "out" in fields:
            dialog.out_edit.setText(str(fields["out"]))
        if "size" in fields:
            dialog.size_combo.setCurrentIndex(dialog.size_combo.count() - 1)  # custom…
            dialog.size_edit.setText(fields["size"])
        if "step" in fields:
            dialog.step_spin.setValue(fields["step"])
        if "epochs" in fields:
            dialog.epochs_spin.setValue(fields["epochs"])
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RecordDialog, "exec", exec_)


def wait_done(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.recording.busy, timeout=120_000)


def histories(window: MainWindow) -> list[tuple[np.ndarray, np.ndarray]]:
    return [(r.history.loss.copy(), r.history.params.copy()) for r in window.client.state.runs]


def listing(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_the_action_is_in_the_file_menu_and_the_toolbar(make_window):
    window = make_window()
    action = window.recording.action
    assert action.shortcut() == QKeySequence("Ctrl+Shift+R")
    file_menu = window.menuBar().actions()[0].menu()
    assert action in file_menu.actions() and action in window.toolbar.actions()
    names = [a.text().replace("&", "") for a in file_menu.actions() if not a.isSeparator()]
    assert names.index("Record animation…") == names.index("Quit") - 1


def test_the_dialog_defaults_to_the_runs_epochs_and_about_300_frames(make_window):
    window = make_window([RunConfig(epochs=3000)])
    dialog = window.recording.make_dialog()
    assert dialog.epochs() == 3000 and dialog.step_spin.value() == 10
    assert dialog.frame_count() == 301 and dialog.fps_spin.value() == 30
    assert dialog.size_edit.text() == "1280x720" and not dialog.size_edit.isEnabled()
    assert "301 frames" in dialog.summary.text() and "10.0 s" in dialog.summary.text()
    dialog.step_spin.setValue(100)  # the summary follows every edit
    assert "31 frames" in dialog.summary.text() and "1.0 s" in dialog.summary.text()
    for frame in dialog._frames().values():
        assert frame.toolTip()


def test_records_a_gif_of_a_two_run_race_and_leaves_the_window_alone(
    make_window, qtbot, monkeypatch, tmp_path
):
    window = make_window()
    for _ in range(3):
        window.step()
        window.frame()
    before, epoch = histories(window), window.client.state.max_epoch
    assert epoch == 3
    out = tmp_path / "race.gif"
    fill_and_accept(monkeypatch, out=out, size="320x180", step=2)
    window.recording.action.trigger()
    wait_done(qtbot, window)
    window.frame()
    frames = iio.imread(out, index=None)
    assert frames.shape[:3] == (20 // 2 + 1, 180, 320)
    assert np.abs(frames[0].astype(int) - frames[-1].astype(int)).mean() > 1.0
    assert listing(tmp_path) == ["race.gif"]
    assert str(out) in window.status.currentMessage()
    assert window.recording.open_folder.isVisibleTo(window.status)
    assert window.client.state.max_epoch == epoch
    for (loss, params), (loss0, params0) in zip(histories(window), before, strict=True):
        np.testing.assert_array_equal(loss, loss0)
        np.testing.assert_array_equal(params, params0)
    assert window.recording.action.isEnabled()


def test_the_event_loop_runs_between_frames_of_an_mp4(make_window, qtbot, tmp_path):
    window = make_window()
    ticks = [0]
    counter = QTimer()
    counter.setInterval(0)
    counter.timeout.connect(lambda: ticks.__setitem__(0, ticks[0] + 1))
    counter.start()
    seen: list[int] = []
    out = tmp_path / "race.mp4"
    options = RecordOptions(out=out, epochs_per_frame=2, size=SMALL)
    assert window.recording.start(options, 20, slice_ms=0)
    window.recording.job.progressed.connect(
        lambda step: seen.append(ticks[0]) if step.stage == "drawing" else None
    )
    wait_done(qtbot, window)
    counter.stop()
    assert len(seen) == 11
    assert all(b > a for a, b in pairwise(seen)), seen
    video = read_video(out)
    assert video.size == SMALL
    assert len(video.frames) == 11


def test_cancel_leaves_no_file_and_no_temporary_file(make_window, qtbot, tmp_path):
    window = make_window([RunConfig(epochs=200)])
    out = tmp_path / "long.gif"
    assert window.recording.start(RecordOptions(out=out, size=SMALL), slice_ms=0)
    job = window.recording.job
    qtbot.waitUntil(lambda: job.last is not None and job.last.frames >= 3, timeout=60_000)
    assert listing(tmp_path)  # the partial files exist while it records
    (button,) = window.recording.progress.findChildren(QPushButton)
    assert button.text() == "Cancel"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert job.state == "cancelled" and job.last.frames < 201
    assert listing(tmp_path) == []
    assert "cancelled" in window.status.currentMessage()
    assert window.recording.progress is None and window.recording.action.isEnabled()


@pytest.mark.parametrize(
    ("fields", "field", "expected"),
    [
        ({"size": "100x50"}, "size", "100x50 is out of range"),
        ({"size": "wide"}, "size", "expected WIDTHxHEIGHT"),
        ({"out": "missing/folder/clip.gif"}, "output", "does not exist"),
        ({"out": "clip.avi"}, "output", "use FILE.mp4, FILE.gif"),
    ],
)
def test_a_bad_size_or_path_is_refused_at_its_field(make_window, tmp_path, fields, field, expected):
    window = make_window()
    dialog = window.recording.make_dialog()
    dialog.out_edit.setText(str(tmp_path / fields.get("out", "ok.gif")))
    if "size" in fields:
        dialog.size_combo.setCurrentIndex(dialog.size_combo.count() - 1)
        dialog.size_edit.setText(fields["size"])
    assert expected in dialog.problems[field]
    assert dialog._frames()[field].error() == dialog.problems[field]
    assert expected in dialog.errors.text() and not dialog.record_button.isEnabled()
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    dialog.set_size((640, 360))
    dialog.out_edit.setText(str(tmp_path / "ok.gif"))
    assert dialog.problems == {} and dialog.record_button.isEnabled()
    assert listing(tmp_path) == []


def test_a_refused_recording_says_why_and_writes_nothing(
    make_window, monkeypatch, warnings, tmp_path
):
    window = make_window()
    fill_and_accept(monkeypatch, out=tmp_path / "clip.gif", size="100x50")
    window.recording.action.trigger()
    try:
        parse_size("100x50")
    except ValueError as err:
        reason = err.message
    assert len(warnings) == 1 and warnings[0] == f"size: {reason}"
    assert window.recording.job is None and listing(tmp_path) == []


def test_an_error_while_recording_shows_one_line_and_cleans_up(
    make_window, qtbot, monkeypatch, warnings, tmp_path
):
    from optiviz.recorder import Recorder

    real = Recorder.refresh
    calls = []

    def failing(self):
        calls.append(1)
        if len(calls) == 4:  # the fourth frame
            raise OSError("No space left on device\nand a second line")
        return real(self)

    monkeypatch.setattr(Recorder, "refresh", failing)
    window = make_window()
    window.recording.start(RecordOptions(out=tmp_path / "clip.mp4", size=SMALL), slice_ms=0)
    wait_done(qtbot, window)
    assert window.recording.job.state == "failed"
    assert warnings == ["No space left on device; nothing was written"]
    assert listing(tmp_path) == [] and window.recording.progress is None


def test_a_full_disk_in_the_window_keeps_the_old_file(
    make_window, qtbot, monkeypatch, warnings, tmp_path
):
    from optiviz.recorder import writers

    target = tmp_path / "clip.mp4"
    target.write_bytes(b"the user's good clip")
    full = tmp_path / "full"
    full.mkdir()

    def on_a_full_disk(real, suffix=""):
        link = full / f"temp{suffix}"
        link.symlink_to("/dev/full")  # every write ffmpeg makes fails with ENOSPC
        return link

    monkeypatch.setattr(writers, "partial_path", on_a_full_disk)
    window = make_window()
    window.recording.start(RecordOptions(out=target, size=SMALL), slice_ms=0)
    wait_done(qtbot, window)
    assert window.recording.job.state == "failed"
    assert warnings == ["No space left on device; nothing was written"]
    assert target.read_bytes() == b"the user's good clip" and list(full.iterdir()) == []
