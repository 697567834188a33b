"""Pane (a): the loss per epoch of every run, on a log axis, with the legend naming runs."""

from __future__ import annotations

import numpy as np

from optiviz.app.panes.epoch_pane import EpochPane
from optiviz.app.theme import Theme
from optiviz.engine.session_state import RunState, SessionState


class LossPane(EpochPane):
    y_label = "loss"
    with_legend = True

    def __init__(self, theme: Theme, parent=None) -> None:
        super().__init__(theme, "Loss per epoch", parent)

    def column(self, run: RunState) -> np.ndarray:
        return run.history.loss

    def use_log(self, session: SessionState) -> bool:
        # Losses that can be negative (a saddle) or that oscillate around a level (Rastrigin)
        # are the problems drawn with a linear surface; they read better on a linear axis too.
        return session.problem.log_surface
