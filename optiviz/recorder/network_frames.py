"""What a recording of network runs draws besides their rows, computed in the recorder's
process as the window's worker does: the landscape plane (refitted as the paths grow), each
run's data pane and its per-epoch metrics.

The recorder has no time budget to keep, so a due landscape is always computed: the frames
depend on the runs alone, never on how fast the machine drew the frames before.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from optiviz.engine.networks.network_run import NetworkRun
from optiviz.engine.runs.run import Run
from optiviz.engine.worker.live_landscape import LiveLandscape
from optiviz.engine.worker.network_views import data_view
from optiviz.engine.worker.session_state import SessionState


class NetworkFrames:
    """Keeps a recording session's network parts up to date with its live runs."""

    def __init__(self, runs: Sequence[Run], directions: str = "pca") -> None:
        self.runs = list(runs)
        self.networks = [run for run in runs if isinstance(run, NetworkRun)]
        self.landscape = LiveLandscape(directions) if self.networks else None

    def refresh(self, session: SessionState, final: bool = False) -> None:
        """Feed ``session`` (the runs' states, in the runs' order); ``final``: the last frame,
        whose plane is fitted to the whole paths."""
        landscape = self.landscape
        if landscape is None:
            return
        if landscape.due(self.networks, playing=not final, now=math.inf):
            session.landscape = landscape.refresh(self.networks)
        for state, run in zip(session.runs, self.runs, strict=True):
            if isinstance(run, NetworkRun):
                state.history = run.history  # a new plane re-projects it into a new History
                state.metrics = run.metrics.rows(0)
                if state.data_view is None or state.data_view.step != run.steps:
                    state.data_view = data_view(run)
