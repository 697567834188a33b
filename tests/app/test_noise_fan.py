"""The noise fan: one optimizer at several batch sizes, from the Run menu's dialog."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog

from optiviz.app.race.noise_fan_dialog import NoiseFanDialog, default_sizes, parse_sizes
from optiviz.engine.errors import ConfigError
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run


def test_sizes_are_typed_as_a_list_with_full() -> None:
    assert parse_sizes("1, 4, full") == [1, 4, None]
    assert default_sizes(11) == [1, 4, None]
    assert default_sizes(None) == [None]
    with pytest.raises(ConfigError, match="'x' is not a whole number"):
        parse_sizes("1, x")


def test_the_dialog_refuses_a_size_the_data_cannot_take(qtbot) -> None:
    dialog = NoiseFanDialog(RunConfig())
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.sizes_edit.text() == "1, 4, full"
    dialog.sizes_edit.setText("1, 12")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "the data have 11 points" in dialog.error.text()
    error = dialog.error  # the whole reason shows, wrapped
    assert error.isVisible() and error.height() >= error.heightForWidth(error.width())
    dialog.sizes_edit.setText("2, full")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.values() == ([2, None], False)


def test_the_menu_action_makes_a_race_of_distinct_batch_sizes(make_window, monkeypatch) -> None:
    window = make_window(RunConfig())
    monkeypatch.setattr(NoiseFanDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(NoiseFanDialog, "values", lambda self: ([1, 4, None], True))
    window.findChild(QAction, "noise_fan").trigger()
    state = window.client.state
    assert [run.config.batch_size for run in state.runs] == [1, 4, None]
    for _ in range(11):
        window.step()
    window.frame()
    labels = [run.label for run in window.client.state.runs]
    assert labels == ["SGD lr=0.01 bs=1", "SGD lr=0.01 bs=4", "SGD lr=0.01"]
    runs = window.client.state.runs
    assert [r.history.steps_per_epoch for r in runs] == [11, 3, 1]
    assert [len(r.history.epoch_loss) for r in runs] == [1, 3, 11]
    expected = Run(RunConfig(batch_size=4))
    for _ in range(11):  # the race steps each run one batch a tick
        expected.step()
    np.testing.assert_array_equal(runs[1].history.params, expected.history.params)
