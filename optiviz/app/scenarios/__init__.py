"""Scenario files in the window: open, save, recent files, examples and the last session."""

from optiviz.app.scenarios.install import ScenarioFiles, install_scenarios
from optiviz.app.scenarios.window_io import apply_scenario, window_scenario

__all__ = ["ScenarioFiles", "apply_scenario", "install_scenarios", "window_scenario"]
