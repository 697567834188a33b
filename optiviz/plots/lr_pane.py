"""Pane (d): the learning rate each epoch used, shown when some run has a scheduler."""

from __future__ import annotations

import numpy as np

from optiviz.engine.worker.session_state import RunState, SessionState
from optiviz.plots.epoch_pane import EpochPane
from optiviz.plots.i18n import QT_TR_NOOP
from optiviz.plots.theme import Theme


class LrPane(EpochPane):
    y_label = QT_TR_NOOP("learning rate")

    def __init__(self, theme: Theme, parent=None) -> None:
        super().__init__(theme, "Learning rate per epoch", parent)

    log_floor = 1e-12  # a schedule that reaches exactly 0 (cosine) ends on the axis' floor

    def column(self, run: RunState) -> np.ndarray:
        return run.history.lr

    def use_log(self, session: SessionState) -> bool:
        return True  # runs compared side by side often differ by decades

    def start_value(self, session: SessionState, run: RunState) -> float | None:
        return float(run.config.lr)
