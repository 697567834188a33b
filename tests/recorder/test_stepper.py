"""Recording with the runs stepped ahead in a forked process: the same numbers, bit for bit."""

from __future__ import annotations

import imageio.v3 as iio
import numpy as np

from optiviz.engine.networks.spec import NetworkSpec
from optiviz.engine.problems.library import Dataset
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.factory import make_run
from optiviz.engine.runs.run import Run
from optiviz.recorder import Recorder, RecordOptions
from optiviz.recorder.stepper import INLINE_ENV, MAX_POINTS, MIN_FRAMES, can_step_ahead
from tests.video import read_video

SIZE = (320, 180)

CONFIGS = [
    RunConfig(epochs=240, hyper={"momentum": 0.9}, scheduler="StepLR", sched={"step_size": 50}),
    RunConfig(epochs=240, batch_size=4, lr=0.02, seed=3),  # a shuffled DataLoader
    RunConfig(epochs=240, lr=0.5),  # diverges
    RunConfig(problem="rosenbrock", optimizer="Adam", lr=0.05, epochs=240),
]


def _same(ours, reference) -> None:
    assert len(ours) == len(reference)
    for name in ("loss", "params", "grad", "lr"):
        got, want = getattr(ours, name), getattr(reference, name)
        assert got.tobytes() == want.tobytes(), name


def test_a_recording_stepped_ahead_holds_the_runs_plain_stepping_makes(qapp, tmp_path) -> None:
    options = RecordOptions(out=tmp_path / "race.mp4", size=SIZE, epochs_per_frame=8)
    recorder = Recorder(CONFIGS, options)
    frames = recorder.frames()
    next(frames)
    stepper = recorder.stepper
    assert stepper is not None and stepper.alive  # the runs are stepped in another process
    for _ in frames:
        pass
    assert not stepper.alive
    for config, run in zip(CONFIGS, recorder.runs, strict=True):
        reference = Run(config).run()
        _same(run.history, reference.history)
        assert (run.status, run.diverged_at) == (reference.status, reference.diverged_at)
        if config.batch_size:
            np.testing.assert_array_equal(run.batch, reference.batch)
    assert recorder.runs[2].status == "diverged"
    assert read_video(tmp_path / "race.mp4").frames.shape[0] == recorder.total


def test_a_cancelled_recording_stops_the_stepping_process(qapp, tmp_path) -> None:
    options = RecordOptions(out=tmp_path / "long.mp4", size=SIZE, epochs_per_frame=1)
    recorder = Recorder([RunConfig(epochs=5_000)], options)
    frames = recorder.frames()
    for _ in range(3):
        next(frames)
    stepper = recorder.stepper
    assert stepper is not None
    recorder.cancel()
    assert not stepper.alive
    assert not (tmp_path / "long.mp4").exists()


def test_runs_step_here_where_a_second_process_could_differ(monkeypatch) -> None:
    runs = [make_run(RunConfig(epochs=100))]
    assert can_step_ahead(runs, MIN_FRAMES)
    assert not can_step_ahead(runs, MIN_FRAMES - 1)  # a fork costs more than it saves
    x = np.linspace(0.0, 1.0, MAX_POINTS + 1)
    big = [make_run(RunConfig(epochs=10, dataset=Dataset(x, 2 * x)))]
    assert not can_step_ahead(big, 100)  # torch may split its sums between threads
    network = [make_run(RunConfig(problem="mlp", network=NetworkSpec(), epochs=3))]
    assert not can_step_ahead(network, 100)  # its frames read the model
    monkeypatch.setenv(INLINE_ENV, "1")
    assert not can_step_ahead(runs, 100)


def test_the_same_frames_either_way(qapp, tmp_path, monkeypatch) -> None:
    drawn = {}
    for inline in ("1", ""):
        monkeypatch.setenv(INLINE_ENV, inline)
        folder = tmp_path / f"inline{inline}"
        options = RecordOptions(out=folder, format="png", size=SIZE, epochs_per_frame=10)
        recorder = Recorder([RunConfig(epochs=300, hyper={"momentum": 0.9})], options)
        frames = recorder.frames()
        next(frames)
        assert (recorder.stepper is None) == (inline == "1")
        for _ in frames:
            pass
        assert recorder.stepper is None  # closed with the recording
        written = sorted(folder.glob("*.png"))
        assert len(written) == recorder.total == 31
        drawn[inline] = [iio.imread(frame) for frame in written]
    for inline_frame, ahead_frame in zip(drawn["1"], drawn[""], strict=True):
        np.testing.assert_array_equal(inline_frame, ahead_frame)
