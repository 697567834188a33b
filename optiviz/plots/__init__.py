"""The plots: loss, fit, loss surface and learning rate, gathered in :class:`PanesWidget`."""

from optiviz.plots.panes_widget import PanesWidget

__all__ = ["PanesWidget"]
