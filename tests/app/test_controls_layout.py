"""The controls' fields keep sane sizes after a scenario rebuilds the optimizer's form."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractSpinBox

from optiviz.app.main_window import MainWindow
from optiviz.app.scenarios.install import EXAMPLES
from optiviz.app.settings import Settings
from optiviz.app.worker_client import WorkerClient

SCENARIO = EXAMPLES / "rosenbrock_momentum_adam_rmsprop.toml"


def test_spin_boxes_fit_after_opening_the_momentum_adam_rmsprop_example(qtbot):
    window = MainWindow(WorkerClient(inline=True), speed=None, settings=Settings(persistent=False))
    window.timer.stop()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    (action,) = [
        a for a in window.scenario_files.examples_menu.actions() if a.statusTip() == str(SCENARIO)
    ]
    action.trigger()
    viewport = window.controls.scroll.viewport()
    for run in range(3):  # SGD + momentum, Adam (betas, eps, weight_decay), RMSprop
        window.race.select(run)
        for _ in range(3):
            window.frame()
            qtbot.wait(10)
        spins = [
            spin
            for editor in window.controls.hyper_form.editors.values()
            for spin in editor.findChildren(QAbstractSpinBox)
        ]
        assert spins
        for spin in spins:
            hint = spin.minimumSizeHint()
            left = spin.mapTo(viewport, spin.rect().topLeft()).x()
            assert spin.isVisible()
            assert spin.width() >= hint.width() and spin.height() >= hint.height()
            assert 0 <= left and left + spin.width() <= viewport.width()
