"""Recordings of mini-batch and noisy runs: the caption counts epochs and steps, and names
added gradient noise; ``optiviz record``'s flags reach the recorded runs."""

from __future__ import annotations

import imageio.v3 as iio
import numpy as np

from optiviz.cli.main import main
from optiviz.engine.problems.library import TUTORIAL_X, TUTORIAL_Y
from optiviz.engine.runs.config import RunConfig
from optiviz.recorder import Recorder, RecordOptions
from optiviz.recorder.caption import entry_text
from tests.engine.plain_minibatch import plain_minibatch_fit

SIZE = (320, 180)


def test_a_minibatch_caption_says_epoch_and_step_and_the_epochs_loss(qapp, tmp_path):
    options = RecordOptions(out=f"{tmp_path}/a.gif", size=SIZE, epochs_per_frame=2)
    recorder = Recorder([RunConfig(batch_size=4, seed=1, epochs=6)], options)
    recorder.frame_at(1)
    text = entry_text(recorder.session, recorder.session.runs[0], 6)
    plain = plain_minibatch_fit(TUTORIAL_X, TUTORIAL_Y, "SGD", {"lr": 1e-2}, 6, 4, seed=1)
    loss = plain["epoch_loss"][1]  # the second epoch's: the mean of its three batch losses
    assert text == f"SGD lr=0.01 bs=4 seed=1  ·  epoch 2 / 6, step 6  ·  loss {loss:.6g}"
    recorder.cancel()


def test_a_noisy_runs_caption_names_the_added_noise(qapp, tmp_path):
    options = RecordOptions(out=f"{tmp_path}/a.gif", size=SIZE, epochs_per_frame=5)
    config = RunConfig(problem="rosenbrock", lr=1e-3, grad_noise=0.5, epochs=10)
    recorder = Recorder([config], options)
    recorder.frame_at(1)
    text = entry_text(recorder.session, recorder.session.runs[0], 10)
    assert "epoch 5 / 10" in text and text.endswith("added gradient noise σ=0.5")
    assert "batch" not in text
    recorder.cancel()


def test_record_flags_reach_the_recorded_runs(qapp, tmp_path):
    argv = ["record", "--epochs", "4", "--epochs-per-frame", "2", "--size", "320x180"]
    flags = ["--batch-size", "3", "--no-shuffle", "--clip-grad-norm", "30"]
    assert main([*argv, *flags, "-o", f"{tmp_path}/mb/"]) == 0
    assert main([*argv, "-o", f"{tmp_path}/full/"]) == 0
    last = iio.imread(tmp_path / "mb" / "frame_00002.png")[..., :3]
    full = iio.imread(tmp_path / "full" / "frame_00002.png")[..., :3]
    config = RunConfig(batch_size=3, shuffle=False, clip_grad_norm=30.0, epochs=4)
    options = RecordOptions(out=f"{tmp_path}/x.gif", size=SIZE, epochs_per_frame=2)
    recorder = Recorder([config], options)
    drawn = recorder.frame_at(2)[..., :3]
    recorder.cancel()
    np.testing.assert_array_equal(last, drawn)
    assert np.abs(last.astype(int) - full.astype(int)).mean() > 0.1
