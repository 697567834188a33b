"""The teaching panel with gradient clipping and mini-batches (inline worker)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from optiviz.engine.runs.config import RunConfig
from tests.app.drive import phase


@pytest.fixture
def window_options() -> dict:
    return {"size": (1280, 720), "first_frame": True}


def test_the_clip_phase_is_shown_between_backward_and_step(make_window):
    window = make_window(RunConfig(batch_size=4, clip_grad_norm=20.0, epochs=3))
    panel = window.teaching.panel
    assert "backward, clip, step" in panel.numbers.toPlainText()
    record = phase(window)
    assert (record.phase, record.step, record.epoch) == ("forward", 1, 1)
    assert panel.highlighted_text() == ["y_p = model(xb, *params)"]
    assert ("step", "1") in panel.rows
    assert "Epoch 1, step 1: forward" in panel.heading.text()
    for name in ("loss", "zero_grad", "backward"):
        record = phase(window)
        assert record.phase == name
    assert panel.highlighted_text() == ["loss.backward()"]
    assert "next phase: clip" in window.teaching.phase_label.text()
    raw = torch.tensor(record.grad, dtype=torch.float32)  # the float32 gradient, exactly
    record = phase(window)
    assert record.phase == "clip"
    assert panel.highlighted_text() == ["torch.nn.utils.clip_grad_norm_([params], 20.0)"]
    leaf = torch.zeros(2, requires_grad=True)
    leaf.grad = raw.clone()
    torch.nn.utils.clip_grad_norm_([leaf], 20.0)
    np.testing.assert_array_equal(record.grad, leaf.grad.numpy().astype(np.float64))
    assert np.linalg.norm(record.grad_before) > 20 and np.linalg.norm(record.grad) < 20.001
    rows = dict(panel.rows)
    assert rows["params.grad before"] == f"(w={raw[0].item():.6g}, b={raw[1].item():.6g})"
    assert "clip_grad_norm_ rescales params.grad" in panel.numbers.toPlainText()
    assert "Next phase: <b>step</b>" in panel.heading.text()
    record = phase(window)
    assert record.phase == "step" and panel.highlighted_text() == ["optimizer.step()"]
    assert phase(window).step == 2
