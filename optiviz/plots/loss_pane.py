"""Pane (a): the loss per epoch of every run, on a log axis, with the legend naming runs.

A mini-batch run's loss is drawn twice: each batch's loss thin at its step's place in epochs,
and each epoch's mean of them bold, the run's main curve (the one its legend entry names).
"""

from __future__ import annotations

import numpy as np

from optiviz.engine.worker.session_state import RunState, SessionState
from optiviz.plots.base import run_dataset
from optiviz.plots.epoch_pane import EpochPane
from optiviz.plots.i18n import QT_TR_NOOP, tr
from optiviz.plots.theme import Theme

TITLE = QT_TR_NOOP("Loss per epoch")
#: The title while a run steps several times an epoch: which curve is which.
BATCH_TITLE = QT_TR_NOOP("Loss: each batch thin, each epoch bold")
BATCH_TIP = QT_TR_NOOP(
    "Thin: the loss of each mini-batch, before its step, at the step's place in epochs.\n"
    "Bold: each epoch's loss, the mean of its batches' losses."
)


class LossPane(EpochPane):
    y_label = QT_TR_NOOP("loss")
    with_legend = True

    def __init__(self, theme: Theme, parent=None) -> None:
        super().__init__(theme, tr(TITLE), parent)

    def column(self, run: RunState) -> np.ndarray:
        return run.history.loss

    def epoch_column(self, run: RunState) -> np.ndarray | None:
        return run.history.epoch_loss

    def use_log(self, session: SessionState) -> bool:
        # Losses that can be negative (a saddle) or that oscillate around a level (Rastrigin)
        # are the problems drawn with a linear surface; they read better on a linear axis too.
        return session.problem.log_surface

    def start_value(self, session: SessionState, run: RunState) -> float | None:
        problem = session.problem
        if run_dataset(run, problem) != problem.dataset:
            return None  # another scaling of the data: not the problem's loss
        return problem.value(*run.history.start)

    def update_data(
        self, session: SessionState, epoch: int | None, changed: set[int], epoch_changed: bool
    ) -> None:
        if changed:
            batches = any(run.history.steps_per_epoch > 1 for run in session.runs)
            title = tr(BATCH_TITLE if batches else TITLE)
            if title != self._title:
                self.set_title(title)
                self.setToolTip(tr(BATCH_TIP) if batches else "")
        super().update_data(session, epoch, changed, epoch_changed)
