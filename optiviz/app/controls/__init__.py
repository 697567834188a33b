"""The controls panel: problem, optimizer, schedule and run settings, checked as they are typed."""

from optiviz.app.controls.controls_panel import ControlsPanel

__all__ = ["ControlsPanel"]
