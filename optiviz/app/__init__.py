"""The optiviz desktop window: Qt widgets, the panes and the worker client."""
