"""The status bar and the timeline of a mini-batch run: epochs, steps and the two losses."""

from __future__ import annotations

import numpy as np

from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run

BATCHES = RunConfig(batch_size=4)  # 11 points: batches of 4, 4 and 3, three steps an epoch


def stepped(n: int) -> Run:
    run = Run(BATCHES)
    for _ in range(n):
        run.step()
    return run


def test_the_status_bar_counts_epochs_and_steps_and_shows_both_losses(make_window) -> None:
    window = make_window(BATCHES)
    window.frame()
    assert "ready · epoch 0/1,000 · step 0/3 · loss -" in window.status.text()
    for _ in range(7):
        window.step()  # Step: one batch
    window.frame()
    expected = stepped(7)
    text = window.status.text()
    assert "epoch 3/1,000 · step 1/3" in text
    batch = expected.history.loss[-1]
    epoch = expected.history.epoch_loss[1]
    assert f"batch loss {batch:.4g} · epoch loss {epoch:.4g}" in text
    assert expected.epoch == 2 and expected.steps == 7
    window.step()
    window.step()
    window.frame()
    assert "epoch 3/1,000 · step 3/3" in window.status.text()


def test_step_back_and_step_again_are_exact_mid_epoch(make_window) -> None:
    window = make_window(BATCHES)
    for _ in range(7):
        window.step()
    window.frame()
    back = window.teaching.actions.back
    back.trigger()
    back.trigger()
    window.frame()
    text = window.status.text()
    assert "epoch 2/1,000 · step 2/3 (timeline; latest step 7)" in text
    assert f"batch loss {stepped(5).history.loss[-1]:.4g}" in text
    window.step()  # continues from step 5: one batch
    window.frame()
    run = window.client.state.runs[0]
    expected = stepped(6)
    assert len(run.history) == 6
    np.testing.assert_array_equal(run.history.params, expected.history.params)
    np.testing.assert_array_equal(run.history.loss, expected.history.loss)
    assert "epoch 2/1,000 · step 3/3" in window.status.text()
    np.testing.assert_allclose(run.history.epoch_loss, expected.history.epoch_loss)


def test_a_full_batch_run_reads_as_before(make_window) -> None:
    window = make_window(RunConfig())
    for _ in range(3):
        window.step()
    window.frame()
    text = window.status.text()
    assert "epoch 3/1,000 ·" in text and "step" not in text and "batch loss" not in text


def test_the_timeline_counts_steps_for_mini_batches(qapp):
    from optiviz.app.teaching.timeline import Timeline

    timeline = Timeline()
    assert timeline.spin.prefix() == "epoch "
    timeline.set_unit(True)
    assert timeline.spin.prefix() == "step " and "step" in timeline.back_button.toolTip()
    timeline.set_unit(False)
    assert timeline.spin.prefix() == "epoch "
    timeline.deleteLater()
