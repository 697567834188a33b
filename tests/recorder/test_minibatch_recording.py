"""Recordings of mini-batch runs: frames at whole epochs, the path drawn, the caption in epochs."""

from __future__ import annotations

import imageio.v3 as iio
import numpy as np

from optiviz.engine.runs.config import RunConfig
from optiviz.plots.gradient_arrows import USED_COLOR
from optiviz.plots.theme import run_color
from optiviz.recorder import Recorder, RecordOptions, record
from optiviz.recorder.caption import entry_text
from tests.recorder.test_recorder import count_color


def test_a_minibatch_recording_draws_the_path_and_the_arrows(qapp, tmp_path):
    config = RunConfig(batch_size=4, lr=0.005, epochs=20)
    path = record([config], RecordOptions(out=f"{tmp_path}/frames/", size=(640, 360)))
    names = sorted(p.name for p in path.iterdir())
    assert len(names) == 21  # one frame an epoch (not a step), and the start
    first, last = iio.imread(path / names[0]), iio.imread(path / names[-1])
    # the path and the loss curves grow in the run's colour; the gradient arrows appear
    assert count_color(last, run_color(0)) > count_color(first, run_color(0)) + 200
    assert count_color(last, USED_COLOR) > 20 > count_color(first, USED_COLOR)


def test_the_caption_counts_epochs_and_shows_the_epoch_loss(qapp, tmp_path):
    options = RecordOptions(out=f"{tmp_path}/c.mp4", size=(640, 360), epochs_per_frame=5)
    recorder = Recorder([RunConfig(batch_size=4, lr=0.005, epochs=10)], options)
    recorder.frame_at(2)
    history = recorder.runs[0].history
    assert len(history) == 30 and history.epochs_done == 10
    text = entry_text(recorder.session, recorder.session.runs[0], 10)
    loss = float(np.mean(history.loss[-3:]))
    assert "bs=4" in text and "epoch 10 / 10, step 30" in text
    assert f"loss {history.epoch_loss[-1]:.6g}" in text
    assert abs(history.epoch_loss[-1] - loss) < 1e-9 * loss
    recorder.cancel()
