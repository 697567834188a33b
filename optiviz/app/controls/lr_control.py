"""The learning rate: a log-scale slider coupled with a scientific spin box."""

from __future__ import annotations

import math

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QSlider, QVBoxLayout, QWidget

from optiviz.app.controls.sci_spinbox import SciSpinBox
from optiviz.app.names import name_widget
from optiviz.plots.i18n import tr

#: The slider spans 1e-6 .. 10 with this many integer steps per decade.
SLIDER_LOG_MIN = -6
SLIDER_LOG_MAX = 1
STEPS_PER_DECADE = 100


def slider_to_lr(position: int) -> float:
    """The lr at a slider position, rounded to two significant digits (1.1e-5, not 1.096e-5)."""
    value = 10.0 ** (SLIDER_LOG_MIN + position / STEPS_PER_DECADE)
    return float(f"{value:.1e}")


def lr_to_slider(lr: float) -> int:
    """The nearest slider position for ``lr`` (clamped to the slider's ends; 0 goes left)."""
    if lr <= 0:
        return 0
    position = round((math.log10(lr) - SLIDER_LOG_MIN) * STEPS_PER_DECADE)
    return max(0, min((SLIDER_LOG_MAX - SLIDER_LOG_MIN) * STEPS_PER_DECADE, position))


class LrControl(QWidget):
    """Slider and spin box kept in sync; ``valueChanged`` fires once per user edit."""

    valueChanged = Signal(float)

    def __init__(self, lo: float = 0.0, hi: float = 1e3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, (SLIDER_LOG_MAX - SLIDER_LOG_MIN) * STEPS_PER_DECADE)
        self.slider.setSingleStep(1)
        self.slider.setPageStep(STEPS_PER_DECADE // 10)
        self.slider.setToolTip(
            tr("Learning rate on a log scale from 1e-6 to 10, one tick per decade.")
        )
        self.spin = SciSpinBox(lo=lo, hi=hi, log=True)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setTickInterval(STEPS_PER_DECADE)  # one tick per decade
        name_widget(self.spin, "lr", tr("Learning rate"), control=True)
        name_widget(self.slider, "lr.slider", tr("Learning rate slider"))
        name_widget(self, "lr.control", tr("Learning rate"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.spin)
        layout.addWidget(self.slider)
        self.slider.valueChanged.connect(self._on_slider)
        self.spin.valueChanged.connect(self._on_spin)

    def value(self) -> float:
        return float(self.spin.value())

    def set_value(self, lr: float) -> None:
        """Show ``lr`` in both widgets without emitting."""
        with QSignalBlocker(self.spin), QSignalBlocker(self.slider):
            self.spin.setValue(float(lr))
            self.slider.setValue(lr_to_slider(float(lr)))

    def setToolTip(self, text: str) -> None:
        super().setToolTip(text)
        self.spin.setToolTip(text)

    def _on_slider(self, position: int) -> None:
        lr = slider_to_lr(position)
        with QSignalBlocker(self.spin):
            self.spin.setValue(lr)
        self.valueChanged.emit(lr)

    def _on_spin(self, lr: float) -> None:
        with QSignalBlocker(self.slider):
            self.slider.setValue(lr_to_slider(lr))
        self.valueChanged.emit(float(lr))
