"""Pane (a): the loss per epoch of every run, on a log axis, with the legend naming runs.

A mini-batch run's loss is drawn twice: each batch's loss thin at its step's place in epochs,
and each epoch's mean of them bold, the run's main curve (the one its legend entry names).
A network classifier's runs add their train and held-out accuracy per epoch on a right axis.
"""

from __future__ import annotations

import numpy as np

from optiviz.engine.networks.data import REGRESSION, make_table
from optiviz.engine.networks.spec import NETWORK_PROBLEM, NetworkSpec
from optiviz.engine.worker.session_state import RunState, SessionState
from optiviz.plots.accuracy_curves import AccuracyCurves
from optiviz.plots.base import run_dataset
from optiviz.plots.epoch_pane import EpochPane
from optiviz.plots.i18n import QT_TR_NOOP, tr
from optiviz.plots.theme import Theme, color_of

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
        #: A network classifier's accuracies (None: not made yet, made on the first one).
        self.accuracy: AccuracyCurves | None = None
        self._metrics: dict[int, tuple[int, int]] = {}

    def build(self, session: SessionState) -> None:
        super().build(session)
        fraction = classifier_test_fraction(session)
        if self.accuracy is not None:
            self.accuracy.clear()
        self._metrics.clear()
        if fraction is None:
            if self.accuracy is not None:
                self.accuracy.view.setVisible(False)
                self.plot_item.hideAxis("right")
            return
        if self.accuracy is None:
            self.accuracy = AccuracyCurves(self.plot_item, self.theme, fraction)
        self.accuracy.test_fraction = fraction
        self.accuracy.view.setVisible(True)
        self.plot_item.showAxis("right")

    def _update_accuracy(self, session: SessionState) -> None:
        curves = self.accuracy
        if curves is None or not curves.view.isVisible():
            return
        for run in session.runs:
            metrics = run.metrics
            key = (id(metrics), int(run.visible))
            if self._metrics.get(run.id) == key:
                continue
            self._metrics[run.id] = key
            test = metrics[:, 3] if curves.test_fraction > 0 else None
            curves.set_run(run.id, color_of(run), metrics[:, 2], test, visible=run.visible)

    def column(self, run: RunState) -> np.ndarray:
        return run.history.loss_stored

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
        self._update_accuracy(session)

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
        accuracy = self.__dict__.get("accuracy")
        if accuracy is not None:
            accuracy.set_theme(theme)


def classifier_test_fraction(session: SessionState) -> float | None:
    """A network classifier session's held-out fraction; None for anything else."""
    if session.problem.name != NETWORK_PROBLEM or not session.runs:
        return None
    spec = session.runs[0].config.network or NetworkSpec()
    if make_table(spec).task == REGRESSION:
        return None
    return float(spec.test_fraction)
