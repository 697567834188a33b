"""Feeding the data pane of a network session: its data once, a run's predictions each frame.

The data (and its held-out split) are built from the run's :class:`NetworkSpec` with the
engine's own ``make_table`` and ``split`` (generated sets and digits are cached), so the
points are in the order the worker's predictions are. Each frame the pane shows the
predictions of the chosen run: the selected one, or the first visible.
"""

from __future__ import annotations

import numpy as np

from optiviz.engine.networks.data import REGRESSION, make_table, split
from optiviz.engine.networks.spec import NetworkSpec
from optiviz.engine.worker.network_views import DataView
from optiviz.engine.worker.session_state import RunState, SessionState
from optiviz.plots.network_pane import NetworkData, NetworkPane


def network_data(spec: NetworkSpec) -> NetworkData:
    """The pane's picture of ``spec``'s data: features and targets, train and held-out."""
    table = make_table(spec)
    parts = split(table, spec.test_fraction, spec.data_seed)

    def targets(y) -> np.ndarray:
        values = y.numpy().reshape(-1)
        return values.astype(np.float64) if table.task == REGRESSION else values.astype(np.int64)

    def features(x) -> np.ndarray:
        return x.numpy().reshape(len(x), -1)

    return NetworkData(
        task=table.task,
        classes=table.classes,
        train_x=features(parts.train_x),
        train_y=targets(parts.train_y),
        test_x=features(parts.test_x),
        test_y=targets(parts.test_y),
        image_shape=table.image_shape,
        feature_names=table.feature_names,
        target_name=table.target_name,
        test_fraction=spec.test_fraction,
    )


def shown_run(session: SessionState, selected: int) -> RunState | None:
    """The run whose predictions the pane shows: ``selected`` if visible, else the first
    visible run, else the first."""
    runs = session.runs
    if not runs:
        return None
    if 0 <= selected < len(runs) and runs[selected].visible:
        return runs[selected]
    return next((run for run in runs if run.visible), runs[0])


class NetworkFeed:
    """Keeps ``pane`` on one session's data and shows the chosen run's latest predictions."""

    def __init__(self, pane: NetworkPane) -> None:
        self.pane = pane
        self.selected = 0
        self._spec: NetworkSpec | None = None
        self._shown: DataView | None = None

    def build(self, session: SessionState) -> None:
        """Set the pane's data (once per data set: a new generation of the same data keeps
        it)."""
        spec = session.runs[0].config.network or NetworkSpec()
        if spec != self._spec or self.pane.data is None:
            self.pane.set_data(network_data(spec))
            self._spec = spec
        self._shown = None
        self.refresh(session)

    def refresh(self, session: SessionState) -> bool:
        """Show the chosen run's data view if it is new; True if the pane changed."""
        run = shown_run(session, self.selected)
        view = run.data_view if run is not None else None
        if view is None or view is self._shown:
            return False
        self._shown = view
        pane = self.pane
        if pane.view == "regions" and view.probabilities is not None and view.extent is not None:
            predicted = None
            if view.train_predictions is not None and view.test_predictions is not None:
                predicted = (view.train_predictions, view.test_predictions)
            pane.show_regions(view.probabilities, view.extent, predicted)
        elif pane.view == "curve" and view.curve_x is not None and view.curve_y is not None:
            pane.show_curve(view.curve_x, view.curve_y)
        elif pane.view in ("digits", "scatter", "confusion"):
            none = np.zeros(0)
            train = view.train_predictions if view.train_predictions is not None else none
            test = view.test_predictions if view.test_predictions is not None else none
            pane.show_predictions(np.asarray(train), np.asarray(test))
        return True
