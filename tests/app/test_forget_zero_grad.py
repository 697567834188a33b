"""The "Forget zero_grad" switch: it restarts the runs without optimizer.zero_grad()."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QCheckBox

from optiviz.app.model.runs import needs_reset
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run


def test_the_switch_restarts_the_run_without_zero_grad(make_window) -> None:
    window = make_window(RunConfig(lr=1e-4))
    box = window.findChild(QCheckBox, "zero_grad")
    assert box is window.controls.batches.forget_box
    assert box.accessibleName() == "Forget zero_grad" and "adds its gradient" in box.toolTip()
    assert not box.isChecked()
    for _ in range(3):
        window.step()
    generation = window.client.state.generation
    box.setChecked(True)
    state = window.client.state
    assert state.generation == generation + 1 and state.max_epoch == 0
    assert state.runs[0].config.zero_grad is False
    for _ in range(6):
        window.step()
    window.frame()
    run = window.client.state.runs[0]
    expected = Run(RunConfig(lr=1e-4, zero_grad=False)).run(6)
    np.testing.assert_array_equal(run.history.loss, expected.history.loss)
    assert "no zero_grad" in window.panes.loss_pane.legend_texts[0]
    box.setChecked(False)
    assert window.client.state.runs[0].config.zero_grad is True


def test_a_scenario_run_without_zero_grad_shows_the_switch_on(make_window) -> None:
    window = make_window(RunConfig(zero_grad=False))
    assert window.controls.batches.forget_box.isChecked()
    assert needs_reset(RunConfig(), RunConfig(zero_grad=False))
