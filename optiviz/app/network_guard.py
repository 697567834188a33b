"""The features that need two parameters, turned off while the window shows a network.

Predict-then-reveal places guesses at a point (w, b) of a fixed loss surface of two
parameters; a network's plane is a view of thousands of weights that is refit as the path
grows, so it is disabled, with a tooltip and status tip that say why, and comes back as it was
when the window shows a 2-parameter problem again. Step phase and the optimizer's vectors work
on a network: per-layer norms, and vectors projected onto the plane.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from optiviz.app.host import WindowHost
from optiviz.engine.networks.spec import NETWORK_PROBLEM
from optiviz.engine.worker.session_state import SessionState
from optiviz.plots.i18n import QT_TR_NOOP, tr

#: The actions' object names, and why each cannot work on a network yet.
TWO_PARAMETER_ACTIONS = {
    "predict_reveal": QT_TR_NOOP(
        "Predict-then-reveal places guesses on a 2-parameter loss surface; a "
        "network's surface is a plane through its weights that moves as the path grows."
    ),
    "predict_reveal_now": QT_TR_NOOP(
        "Predict-then-reveal places guesses on a 2-parameter loss surface; "
        "a network's surface is a plane through its weights that moves as the path grows."
    ),
}


def reason_for(action: QAction) -> str | None:
    """Why ``action`` is off for a network, or None if it works on one."""
    name = action.objectName()
    return TWO_PARAMETER_ACTIONS.get(name)


class NetworkGuard(QObject):
    """Disables :data:`TWO_PARAMETER_ACTIONS` for network sessions."""

    def __init__(self, window: WindowHost) -> None:
        super().__init__(window)
        self.window = window
        #: Each action turned off, with the enabled state, tooltip and status tip it had.
        self.saved: dict[QAction, tuple[bool, str, str]] = {}
        window.stateShowing.connect(self.follow)
        self.follow(window.client.state)

    def actions(self) -> list[QAction]:
        return [a for a in self.window.findChildren(QAction) if reason_for(a) is not None]

    def follow(self, state: SessionState) -> None:
        """Turn the actions off for a network, back on (as they were) for anything else."""
        if state.problem.name == NETWORK_PROBLEM:
            for action in self.actions():
                if action in self.saved:
                    continue
                if action.isCheckable() and action.isChecked():
                    action.setChecked(False)  # shown before
                self.saved[action] = (action.isEnabled(), action.toolTip(), action.statusTip())
                why = tr(reason_for(action) or "")
                action.setEnabled(False)
                action.setToolTip(why)
                action.setStatusTip(why)
            return
        for action, (enabled, tip, status) in self.saved.items():
            action.setEnabled(enabled)
            action.setToolTip(tip)
            action.setStatusTip(status)
        self.saved.clear()


def install_network_guard(window: WindowHost) -> NetworkGuard:
    """Keep ``window``'s 2-parameter features off while it shows a network."""
    return NetworkGuard(window)
