"""A window's whole set-up as a :class:`Scenario`, and a scenario applied to a window.

Applying a scenario sets the runs (with their labels and visibility), epochs, speed, theme,
the vectors drawn on the surface (through the teaching mode, when it is installed) and the
window's title. Runs on different data scalings (``Scenario.same_problem`` is False) are
opened: the loss and fit panes compare them all, each line in raw units, while the surface
shows the first run's problem with only the paths of the runs that share it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from optiviz.app.race.controller import RunMeta
from optiviz.engine.formats.scenario import VECTORS, Scenario, ViewSpec


def mixed_note(scenario: Scenario) -> str:
    """What the window says when the runs of ``scenario`` cannot share one surface."""
    if scenario.same_problem:
        return ""
    first = scenario.runs[0].scaling or scenario.scaling
    return (
        f"runs use different scalings of the data: the surface shows run 1's ({first}) "
        "and the paths of the runs on it; the loss and fit panes compare every run"
    )


def shown_vectors(window: Any) -> tuple[str, ...]:
    teaching = getattr(window, "teaching", None)
    overlay = getattr(teaching, "vectors", None)
    enabled = getattr(overlay, "enabled", set())
    return tuple(name for name in VECTORS if name in enabled)


def window_scenario(window: Any, base: Scenario | None = None) -> Scenario:
    """Everything the window holds, on top of ``base`` (the scenario it was opened from)."""
    race = window.race
    base_view = base.view if base is not None else ViewSpec()
    speed = window.controls.speed()
    view = replace(base_view, theme=window.theme, vectors=shown_vectors(window))
    scenario = Scenario.from_configs(
        race.configs(),
        title=base.title if base is not None else "",
        description=base.description if base is not None else "",
        view=view,
        speed="max" if speed is None else float(speed),
    )
    for spec, meta in zip(scenario.runs, race.entries(), strict=True):
        spec.label, spec.visible, spec.color = meta.label, meta.visible, meta.color
    if base is not None and base.data and scenario.points == base.points:
        scenario.data, scenario.base_dir = base.data, base.base_dir  # still that CSV file
    return scenario


def apply_scenario(window: Any, scenario: Scenario, *, view: bool = True) -> str:
    """Open ``scenario`` in ``window``; returns a note for the status bar ("" if none).

    Raises ConfigError (nothing changed) if the runs are refused.
    """
    configs = scenario.configs()
    meta = [RunMeta(spec.label, spec.visible, spec.color) for spec in scenario.runs]
    window.race.set_runs(configs, meta, same_problem=scenario.same_problem)
    if view:
        window.set_speed(None if scenario.speed == "max" else float(scenario.speed))
        window.set_theme(scenario.view.theme)
        actions = getattr(
            getattr(getattr(window, "teaching", None), "actions", None), "vectors", {}
        )
        for name, action in actions.items():
            action.setChecked(name in scenario.view.vectors)  # the teaching mode draws them
        window.set_scenario_title(scenario.title)
        explore = getattr(window, "explore", None)
        if explore is not None and scenario.view.three_d:
            explore.set_view3d(True)  # where OpenGL is missing this says why and draws 2-D only
    return mixed_note(scenario)
