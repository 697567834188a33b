"""Pane (d): the learning rate each epoch used, shown when some run has a scheduler."""

from __future__ import annotations

import numpy as np

from optiviz.app.panes.epoch_pane import EpochPane
from optiviz.app.theme import Theme
from optiviz.engine.session_state import RunState


class LrPane(EpochPane):
    y_label = "learning rate"

    def __init__(self, theme: Theme, parent=None) -> None:
        super().__init__(theme, "Learning rate per epoch", parent)

    def column(self, run: RunState) -> np.ndarray:
        return run.history.lr
