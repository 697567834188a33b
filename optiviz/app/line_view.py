"""View → "Loss along the line from the start": the network landscape's 1-D view, an inset
of the surface pane (Goodfellow et al. 2015), shown or hidden."""

from __future__ import annotations

from PySide6.QtGui import QAction

from optiviz.app.actions import make_action
from optiviz.app.host import WindowHost
from optiviz.plots.i18n import tr


def install_line_view(window: WindowHost) -> QAction:
    """Add the checkable entry to ``window``'s View menu; returns it."""
    inset = window.panes.surface_pane.line
    action = make_action(
        window,
        tr("Loss along the &line from the start"),
        tip=tr(
            "A network's loss along the straight line from its initial weights to the first "
            "run's current ones (Goodfellow et al. 2015), over the loss surface"
        ),
        checkable=True,
        name="line_view",
    )
    action.setChecked(inset.wanted)
    action.toggled.connect(inset.set_wanted)
    window.view_menu.addAction(action)
    return action
