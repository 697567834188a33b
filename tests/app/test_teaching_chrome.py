"""The teaching mode's chrome: the stability line's colours and wording, the step panel's
headings and numbers, the scrubbed epoch in the status bar, and where the panel opens."""

from __future__ import annotations

import pytest

from optiviz.engine.runs.config import RunConfig
from tests.app.drive import phase, steps
from tests.app.drive import text_colour as text_rgb


@pytest.fixture
def window_options() -> dict:
    return {"configs": [RunConfig()], "size": (1280, 720), "first_frame": True}


# -- stability line --------------------------------------------------------------------------
def test_stability_line_is_light_again_after_a_warning_in_the_dark_theme(make_window):
    window = make_window()
    window.set_theme("dark")
    label = window.teaching.stability_label
    before = text_rgb(label)
    assert sum(before) / 3 > 160
    window.controls.lr.spin.setValue(0.5)
    assert label.warning and text_rgb(label)[0] > 200 and text_rgb(label)[1] < 120
    window.controls.lr.spin.setValue(0.01)
    assert not label.warning
    assert text_rgb(label) == before and not label.font().bold()


def test_the_saddle_says_sgd_diverges_at_every_lr(make_window):
    window = make_window(RunConfig(problem="saddle", lr=0.01))
    label = window.teaching.stability_label
    assert label.isVisible()
    assert "diverges at every lr" in label.text() and "λ_min = -2" in label.text()
    assert "stable for" not in label.text()
    assert label.warning
    adam = make_window(RunConfig(problem="saddle", optimizer="Adam", lr=0.01))
    text = adam.teaching.stability_label.text()
    assert "plain SGD diverges at every lr" in text and "would need" not in text


# -- the scrubbed epoch ----------------------------------------------------------------------
def test_scrubbing_shows_that_epochs_numbers_and_stepping_says_what_was_discarded(make_window):
    config = RunConfig(lr=0.02, scheduler="StepLR", sched={"step_size": 3, "gamma": 0.5})
    window = make_window(config)
    steps(window, 12)
    history = window.client.state.runs[0].history
    latest = window.status.text()
    window.teaching.timeline.slider.setValue(5)
    window.frame()  # the window's frame, then the teaching sync: the timeline's epoch wins
    text = window.status.text()
    assert text != latest and "epoch 5/1,000" in text
    w, b = history.params_at(5)
    assert f"w {w:.4g}, b {b:.4g}" in text
    assert f"loss {history.loss[4]:.4g}" in text and f"lr {history.lr[4]:.4g}" in text
    panel = window.teaching.panel
    rows = dict(panel.rows)
    assert rows["epoch"] == "5" and rows["loss"] == f"{history.loss[4]:.6g}"
    assert rows["params"] == f"(w={w:.6g}, b={b:.6g})" and rows["lr"] == f"{history.lr[4]:.6g}"
    assert "Epoch 5" in panel.heading.text()
    window.step()  # continues from epoch 5: epochs 6-12 are thrown away
    window.frame()
    message = "went back to epoch 5: epochs 6–12 were discarded"
    assert message in window.status.currentMessage()
    assert not panel.notice.isHidden() and "epochs 6–12 were discarded" in panel.notice.text()
    assert window.client.state.max_epoch == 6
    assert "epoch 6/1,000" in window.status.text()


# -- the end of a run and epoch 0 ------------------------------------------------------------
def test_the_last_epoch_says_the_run_is_finished(make_window):
    window = make_window(RunConfig(epochs=1))
    records = [phase(window) for _ in range(5)]
    assert [r.phase for r in records] == ["forward", "loss", "zero_grad", "backward", "step"]
    heading = window.teaching.panel.heading.text()
    assert "finished" in heading and "Next phase" not in heading and "epoch 2" not in heading
    more = make_window(RunConfig(epochs=3))
    steps(more, 3)
    heading = more.teaching.panel.heading.text()
    assert "Epoch 3 done" in heading and "finished" in heading and "epoch 4" not in heading
    running = make_window(RunConfig(epochs=3))
    steps(running, 2)
    assert "Next phase: <b>forward</b> of epoch 3" in running.teaching.panel.heading.text()


def test_the_loss_of_epoch_1_shows_once_its_forward_pass_computed_it(make_window):
    import torch

    window = make_window(RunConfig(problem="rosenbrock", lr=1e-3))
    assert "loss -" in window.status.text()
    record = phase(window)  # Shift+→ at epoch 0: the forward pass is the loss
    start = torch.tensor(window.client.state.runs[0].history.start, dtype=torch.float32)
    expected = float((1 - start[0]) ** 2 + 100 * (start[1] - start[0] ** 2) ** 2)
    assert record.loss == pytest.approx(expected, rel=1e-6)
    assert f"loss {expected:.4g} (epoch 1)" in window.status.text()
    assert ("loss", f"{record.loss:.6g}") in window.teaching.panel.rows
    linear = make_window()
    phase(linear)  # forward: the predictions only
    record = phase(linear)  # loss
    from tests.engine.plain_loops import X, Y, loss_fn, model

    x = torch.tensor(X) * 0.1  # the tutorial's scaling
    expected = float(loss_fn(model(x, torch.tensor(1.0), torch.tensor(0.0)), torch.tensor(Y)))
    assert record.loss == pytest.approx(expected, rel=1e-6)
    assert f"loss {expected:.4g} (epoch 1)" in linear.status.text()


# -- where the step panel opens --------------------------------------------------------------
@pytest.mark.parametrize("size", [(1280, 720), (1024, 600)])
def test_step_by_step_opens_in_front_with_whole_code_lines(make_window, qtbot, size):
    window = make_window(size=size)
    assert (window.width(), window.height()) == size
    dock = window.teaching.code_dock
    panel = window.teaching.panel
    assert not dock.isVisible()
    for _ in range(5):  # forward, loss, zero_grad, backward, step: the longest explanation
        phase(window)
    qtbot.wait(20)
    assert dock.isVisible() and not dock.visibleRegion().isEmpty()
    view = panel.code_view
    assert view.isVisible() and not view.visibleRegion().isEmpty()
    longest = max(view.fontMetrics().horizontalAdvance(line) for line in panel.code.lines)
    assert longest + 2 * view.document().documentMargin() <= view.viewport().width()
    assert view.horizontalScrollBar().maximum() == 0
    if size == (1280, 720):  # the explanation reads without scrolling
        assert panel.numbers.verticalScrollBar().maximum() == 0
        assert window.panes.width() >= 0.5 * window.width()
    window.dock.raise_()  # back to the Controls' tab
    qtbot.wait(20)
    phase(window)
    qtbot.wait(20)
    assert dock.isVisible() and not dock.visibleRegion().isEmpty()
