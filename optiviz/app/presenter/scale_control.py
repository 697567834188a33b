"""The presenter bar's scale: a compact slider from 100 to 300 % and its value in words."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QSlider, QWidget

from optiviz.app.model.app_model import PRESENTER_SCALES

#: The slider moves in steps of this many percent.
STEP = 25
#: The slider's width (pixels): the caption beside it takes the rest of the bar.
SLIDER_WIDTH = 160


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate's context for a bare tr()


class ScaleControl(QWidget):
    """``scaleChanged(float)``: the user moved the slider to a scale (1.75 for 175 %)."""

    scaleChanged = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lo, hi = (round(100 * v) for v in PRESENTER_SCALES)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setObjectName("presenter_scale")
        self.slider.setAccessibleName(tr("Presenter scale"))
        self.slider.setToolTip(tr("How large presenter mode draws fonts and lines"))
        self.slider.setRange(lo, hi)
        self.slider.setSingleStep(STEP)
        self.slider.setPageStep(STEP)
        self.slider.setTickInterval(STEP * 2)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setFixedWidth(SLIDER_WIDTH)
        self.label = QLabel(self)
        self.label.setObjectName("presenter_scale_value")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.addWidget(self.slider)
        layout.addWidget(self.label)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.slider.valueChanged.connect(self._moved)

    def set_scale(self, scale: float) -> None:
        """Show ``scale`` without announcing it."""
        with QSignalBlocker(self.slider):
            self.slider.setValue(round(100 * scale))
        self._show(self.slider.value())

    def _moved(self, percent: int) -> None:
        self._show(percent)
        self.scaleChanged.emit(percent / 100.0)

    def _show(self, percent: int) -> None:
        self.label.setText(tr("{p} %").format(p=percent))
