"""The "lr fan" dialog: how many runs, and the lowest and highest learning rate."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from optiviz.app.controls.sci_spinbox import SciSpinBox
from optiviz.engine.runs.race import MAX_RUNS
from optiviz.plots.i18n import fill, tr


class LrFanDialog(QDialog):
    """Asks for ``n``, ``lo`` and ``hi``; ``replace`` drops the current runs first."""

    def __init__(self, optimizer: str, lr: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("lr fan"))
        form = QFormLayout(self)
        form.addRow(
            QLabel(
                fill(
                    tr("%1 at several learning rates, log-spaced, as more runs of the race"),
                    optimizer,
                )
            )
        )
        self.n_spin = QSpinBox()
        self.n_spin.setRange(1, MAX_RUNS)
        self.n_spin.setValue(5)
        self.lo_spin = SciSpinBox(lo=1e-12, hi=1e6, log=True)
        self.hi_spin = SciSpinBox(lo=1e-12, hi=1e6, log=True)
        self.lo_spin.setValue(lr / 10)
        self.hi_spin.setValue(lr * 10)
        self.replace_box = QCheckBox(tr("Replace the current runs"))
        form.addRow(tr("Runs"), self.n_spin)
        form.addRow(tr("Lowest lr"), self.lo_spin)
        form.addRow(tr("Highest lr"), self.hi_spin)
        form.addRow(self.replace_box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[int, float, float, bool]:
        return (
            self.n_spin.value(),
            float(self.lo_spin.value()),
            float(self.hi_spin.value()),
            self.replace_box.isChecked(),
        )
