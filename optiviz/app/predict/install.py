"""Puts predict-then-reveal into a main window: Run → Predict, then reveal… (Ctrl+P) and
Run → Reveal, the guesses on the surface and their panel."""

from __future__ import annotations

from optiviz.app.actions import make_action, menu
from optiviz.app.host import WindowHost
from optiviz.app.predict.controller import PredictController
from optiviz.app.predict.model import PLACING
from optiviz.app.predict.texts import tr


def install_predict(window: WindowHost) -> PredictController:
    """Add predict-then-reveal to ``window`` (a MainWindow); returns ``window.predict``."""
    predict = PredictController(window)
    start = make_action(
        window,  # type: ignore[arg-type]
        tr("Pre&dict, then reveal…"),
        predict.start,
        shortcut="Ctrl+P",
        tip=tr("Pause, guess on the surface where the run will be after N steps, then reveal"),
        key_in_status=True,
        name="predict_reveal",
    )
    reveal = make_action(
        window,  # type: ignore[arg-type]
        tr("Re&veal"),
        predict.reveal,
        shortcut="Ctrl+Shift+P",
        tip=tr("Play exactly the steps ahead and score every guess"),
        key_in_status=True,
        name="predict_reveal_now",
    )
    reveal.setEnabled(False)
    predict.model.changed.connect(lambda: reveal.setEnabled(predict.model.phase == PLACING))
    run_menu = menu(window, "&Run")  # type: ignore[arg-type]
    run_menu.addSeparator()
    run_menu.addAction(start)
    run_menu.addAction(reveal)
    window.addActions([start, reveal])
    predict.actions = {"start": start, "reveal": reveal}
    window.predict = predict  # type: ignore[attr-defined]
    return predict
