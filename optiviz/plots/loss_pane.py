"""Pane (a): the loss per epoch of every run, on a log axis, with the legend naming runs."""

from __future__ import annotations

import numpy as np

from optiviz.engine.worker.session_state import RunState, SessionState
from optiviz.plots.base import run_dataset
from optiviz.plots.epoch_pane import EpochPane
from optiviz.plots.theme import Theme


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

    def start_value(self, session: SessionState, run: RunState) -> float | None:
        problem = session.problem
        if run_dataset(run, problem) != problem.dataset:
            return None  # another scaling of the data: not the problem's loss
        return problem.value(*run.history.start)
