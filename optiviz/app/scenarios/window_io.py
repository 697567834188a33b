"""A window's whole set-up as a :class:`Scenario`, and a scenario opened in a window.

Both go through the app model: it holds the runs (with their labels, visibility and colours),
the epochs, the speed and the view (theme, vectors, 3-D, panes), and the scenario's title and
file; the views follow it. Runs on different data scalings (``Scenario.same_problem`` is False)
are opened too: the loss and fit panes compare them all, each line in raw units, while the
surface shows the first run's problem with only the paths of the runs that share it.
"""

from __future__ import annotations

from pathlib import Path

from optiviz.app.host import WindowHost
from optiviz.engine.formats.scenario import Scenario


def mixed_note(scenario: Scenario) -> str:
    """What the window says when the runs of ``scenario`` cannot share one surface."""
    if scenario.same_problem:
        return ""
    first = scenario.runs[0].scaling or scenario.scaling
    return (
        f"runs use different scalings of the data: the surface shows run 1's ({first}) "
        "and the paths of the runs on it; the loss and fit panes compare every run"
    )


def window_scenario(window: WindowHost) -> Scenario:
    """Everything the window holds, as a scenario (the model keeps the one it was opened
    from, so a save keeps its description and its CSV file)."""
    return window.model.scenario()


def apply_scenario(
    window: WindowHost, scenario: Scenario, *, view: bool = True, path: Path | None = None
) -> str:
    """Open ``scenario`` in ``window``; returns a note for the status bar ("" if none).

    Raises ConfigError (nothing changed) if the runs are refused.
    """
    window.model.open_scenario(scenario, path, view=view)
    return mixed_note(scenario)
