"""The recorder, judged by decoding what it wrote: frame counts, sizes, codecs, pixels."""

from __future__ import annotations

import imageio.v3 as iio
import numpy as np
import pytest
from PySide6.QtGui import QColor

from optiviz.engine.errors import ConfigError
from optiviz.engine.runs.config import RunConfig
from optiviz.plots.theme import get_theme, run_color
from optiviz.recorder import Recorder, RecordOptions, record
from optiviz.recorder.caption import entry_text
from optiviz.recorder.frames import frame_count
from tests.video import read_video

SIZE = (320, 180)


def count_color(rgb: np.ndarray, color: str, tolerance: int = 24) -> int:
    c = QColor(color)
    target = np.array([c.red(), c.green(), c.blue()], dtype=np.int16)
    return int((np.abs(rgb[..., :3].astype(np.int16) - target).max(axis=-1) <= tolerance).sum())


def mean_difference(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(a[..., :3].astype(np.int16) - b[..., :3].astype(np.int16)).mean())


def no_partial_files(folder) -> bool:
    return not [p for p in folder.iterdir() if ".partial-" in p.name]


@pytest.fixture
def options(tmp_path):
    def make(name: str, **kw) -> RecordOptions:
        kw.setdefault("size", SIZE)
        return RecordOptions(out=f"{tmp_path}/{name}", **kw)

    return make


@pytest.mark.parametrize(("epochs", "step", "frames"), [(25, 10, 3), (30, 10, 4), (5, 10, 1)])
def test_frame_count_is_epochs_over_step_plus_one(epochs, step, frames):
    assert frame_count(epochs, step) == frames


def test_mp4_is_h264_yuv420p_with_one_frame_per_step(qapp, options, tmp_path):
    path = record([RunConfig(epochs=25)], options("fit.mp4", epochs_per_frame=10))
    assert path == tmp_path / "fit.mp4"
    video = read_video(path)
    frames = video.frames
    assert video.codec == "h264"
    assert video.pix_fmt.startswith("yuv420p")
    assert video.size == SIZE
    assert len(frames) == 25 // 10 + 1
    assert frames[0].shape == (SIZE[1], SIZE[0], 3)
    assert mean_difference(frames[0], frames[-1]) > 1.0  # the fit moved
    assert no_partial_files(tmp_path)


@pytest.mark.parametrize("suffix", ["mp4", "gif"])
def test_videos_have_the_painted_colours(qapp, options, tmp_path, suffix):
    """MP4 and GIF take the painted frames in Qt's own byte order (B, G, R, A here): the
    colours must come out as painted, not with red and blue swapped."""
    configs = [RunConfig(problem="rosenbrock", optimizer="Adam", lr=0.05, epochs=20)]
    path = record(configs, options(f"fit.{suffix}", epochs_per_frame=10))
    decoded = read_video(path).frames if suffix == "mp4" else iio.imread(path, index=None)
    recorder = Recorder(configs, options("frames/", epochs_per_frame=10))
    painted = [recorder.frame_at(index)[..., :3].copy() for index in range(recorder.total)]
    recorder.cancel()
    assert len(decoded) == len(painted) == 3
    for got, want in zip(decoded, painted, strict=True):
        assert mean_difference(got[..., :3], want) < 5.0  # lossy, chroma at half size
        assert mean_difference(got[..., :3], want[..., ::-1]) > 10.0  # red and blue swapped


def test_gif_loops_forever_and_stays_small(qapp, options, tmp_path):
    path = record(
        [RunConfig(optimizer="Adam", lr=0.5, epochs=30)], options("fit.gif", epochs_per_frame=10)
    )
    frames = iio.imread(path, index=None)
    assert frames.shape[:3] == (4, SIZE[1], SIZE[0])
    assert iio.immeta(path)["loop"] == 0
    assert mean_difference(frames[0], frames[-1]) > 1.0
    assert path.stat().st_size < 200_000
    assert no_partial_files(tmp_path)


def test_png_frames_are_numbered_and_exact(qapp, options, tmp_path):
    size = (321, 181)  # odd sides are fine for PNG
    path = record([RunConfig(epochs=20)], options("frames/", epochs_per_frame=10, size=size))
    names = sorted(p.name for p in path.iterdir())
    assert names == ["frame_00000.png", "frame_00001.png", "frame_00002.png"]
    first = iio.imread(path / names[0])
    assert first.shape == (181, 321, 3)
    assert mean_difference(first, iio.imread(path / names[-1])) > 1.0
    assert no_partial_files(tmp_path)


def test_a_frames_folder_that_holds_files_is_refused_without_overwrite(qapp, options, tmp_path):
    record([RunConfig(epochs=30)], options("frames/", epochs_per_frame=10))
    folder = tmp_path / "frames"
    (folder / "notes.txt").write_text("mine")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    with pytest.raises(ConfigError, match=r"not empty.*--overwrite"):
        record([RunConfig(epochs=10)], options("frames/", epochs_per_frame=10))
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_overwrite_replaces_only_the_new_frames_names(qapp, options, tmp_path):
    record([RunConfig(epochs=30)], options("frames/", epochs_per_frame=10))
    folder = tmp_path / "frames"
    (folder / "notes.txt").write_text("mine")
    old_last = (folder / "frame_00003.png").read_bytes()
    first = (folder / "frame_00001.png").read_bytes()
    record([RunConfig(epochs=10, lr=0.5)], options("frames/", epochs_per_frame=5, overwrite=True))
    names = sorted(p.name for p in folder.iterdir())
    assert names == [f"frame_0000{i}.png" for i in range(4)] + ["notes.txt"]
    assert (folder / "notes.txt").read_text() == "mine"  # never a user's file
    assert (folder / "frame_00003.png").read_bytes() == old_last  # not this run's name: kept
    assert (folder / "frame_00001.png").read_bytes() != first  # this run's frame replaced it


def test_odd_mp4_sizes_are_rounded_down_and_said(qapp, options):
    recorder = Recorder([RunConfig(epochs=10)], options("fit.mp4", size=(641, 361)))
    assert recorder.size == (640, 360)
    assert "640x360" in recorder.notes[0] and "641x361" in recorder.notes[0]
    recorder.cancel()


def test_the_caption_bar_names_the_run_and_moves_with_it(qapp, options):
    theme = get_theme("dark")
    size = (640, 360)
    with_caption = Recorder(
        [RunConfig(epochs=20)], options("a.mp4", size=size, epochs_per_frame=10)
    )
    without = Recorder([RunConfig(epochs=20)], options("b.mp4", size=size, caption=False))
    bar = with_caption.caption_height
    assert bar > 10
    first = with_caption.frame_at(0)[-bar:].copy()
    plain = without.frame_at(0)[-bar:].copy()
    assert mean_difference(first, plain) > 2.0  # the bar replaced the bottom of the panes
    assert count_color(first, theme.foreground) > 40  # its text
    assert count_color(first, run_color(0)) > 10  # the run's colour dot
    last = with_caption.frame_at(2)[-bar:]
    assert mean_difference(first, last) > 0.1  # the epoch and the loss changed
    text = entry_text(with_caption.session, with_caption.session.runs[0], 20)
    loss = with_caption.runs[0].history.loss[-1]  # "Epoch 20, Loss L" as the tutorial prints
    assert text == f"SGD lr=0.01  ·  epoch 20 / 20  ·  loss {loss:.6g}"
    with_caption.cancel()
    without.cancel()


def test_a_diverged_run_repeats_its_last_state_and_says_so(qapp, options):
    recorder = Recorder(
        [RunConfig(lr=0.5, epochs=200)], options("d.mp4", epochs_per_frame=50, size=(640, 360))
    )
    frames = [recorder.frame_at(i).copy() for i in range(recorder.total)]
    run = recorder.runs[0]
    assert run.status == "diverged" and run.diverged_at < 150
    assert np.array_equal(frames[-2], frames[-1])  # nothing left to move after divergence
    text = entry_text(recorder.session, recorder.session.runs[0], 200)
    assert f"diverged at epoch {run.diverged_at}" in text
    recorder.cancel()


def test_a_race_labels_each_run(qapp, options):
    configs = [RunConfig(epochs=10), RunConfig(optimizer="Adam", lr=0.5, epochs=10)]
    recorder = Recorder(configs, options("r.mp4", size=(640, 360)), labels=["plain", ""])
    frame = recorder.frame_at(1)[-recorder.caption_height :]
    assert count_color(frame, run_color(0)) > 10 and count_color(frame, run_color(1)) > 10
    texts = [entry_text(recorder.session, run, 10) for run in recorder.session.runs]
    assert texts[0].startswith("plain  ·  lr 0.01")
    assert texts[1].startswith("Adam lr=0.5")
    recorder.cancel()


def test_cancel_midway_deletes_everything(qapp, options, tmp_path):
    for name in ("c.mp4", "c.gif", "frames/"):
        recorder = Recorder([RunConfig(epochs=100)], options(name, epochs_per_frame=10))
        steps = recorder.frames()
        next(steps)
        next(steps)
        assert not no_partial_files(tmp_path)  # something is being written...
        recorder.cancel()
        assert list(tmp_path.iterdir()) == []  # ...and nothing is left of it


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"size": (0, 10)}, "--size"),
        ({"size": (99999, 99999)}, "--size"),
        ({"fps": 0}, "--fps"),
        ({"fps": 500}, "--fps"),
        ({"epochs_per_frame": 0}, "--epochs-per-frame"),
        ({"theme": "sepia"}, "--theme"),
    ],
)
def test_bad_options_name_their_field(qapp, options, tmp_path, changes, field):
    with pytest.raises(ConfigError) as info:
        Recorder([RunConfig(epochs=10)], options("x.mp4", **changes))
    assert info.value.field == field
    assert list(tmp_path.iterdir()) == []
