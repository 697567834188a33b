"""The timeline: a slider and a spin box over every recorded epoch.

It only says which epoch the user picked (``epochChosen``); the controller decides what that
means (draw it, or follow the latest epoch). :meth:`Timeline.show_range` moves it without
emitting, so following a running session never loops back.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QSpinBox, QToolButton, QWidget

from optiviz.app.names import name_widget
from optiviz.plots.i18n import fill, tr


class Timeline(QWidget):
    """Epoch 0 (the start) to the last recorded epoch."""

    epochChosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.back_button = QToolButton()
        self.back_button.setText("◀")
        self.back_button.setToolTip(tr("One epoch back, while paused (←)."))
        self.latest_button = QToolButton()
        self.latest_button.setText(tr("Latest"))
        self.latest_button.setToolTip(tr("Show the latest epoch again."))
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 0)
        self.slider.setToolTip(
            tr(
                "Scrub through the recorded epochs; every pane shows the chosen one. Play or Step "
                "from here continues the run from this epoch, optimizer state included."
            )
        )
        self.spin = QSpinBox()
        self.spin.setRange(0, 0)
        self.spin.setKeyboardTracking(False)
        self.spin.setPrefix(tr("epoch "))
        self.spin.setMinimumWidth(110)
        name_widget(self.spin, "timeline", tr("Epoch shown"), control=True)
        name_widget(self.slider, "timeline.slider", tr("Epoch shown slider"))
        name_widget(self.back_button, "timeline.back", tr("One epoch back"))
        name_widget(self.latest_button, "timeline.latest", tr("Latest epoch"))
        self.total = QLabel("/ 0")
        self.total.setMinimumWidth(60)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.setSpacing(6)
        layout.addWidget(self.back_button)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.spin)
        layout.addWidget(self.total)
        layout.addWidget(self.latest_button)
        self.slider.valueChanged.connect(self._on_slider)
        self.spin.valueChanged.connect(self._on_spin)

    @property
    def value(self) -> int:
        return int(self.slider.value())

    @property
    def maximum(self) -> int:
        return int(self.slider.maximum())

    def set_unit(self, steps: bool) -> None:
        """Count steps (a run steps several times an epoch: one per mini-batch) or epochs."""
        unit = tr("step") if steps else tr("epoch")
        if self.spin.prefix() == f"{unit} ":
            return
        self.spin.setPrefix(f"{unit} ")
        self.back_button.setToolTip(fill(tr("One %1 back, while paused (←)."), unit))
        self.latest_button.setToolTip(fill(tr("Show the latest %1 again."), unit))
        self.slider.setToolTip(
            fill(
                tr(
                    "Scrub through the recorded %1s; every pane shows the chosen one. Play or "
                    "Step from here continues the run from this %2, optimizer state included."
                ),
                unit,
                unit,
            )
        )

    def show_range(self, maximum: int, value: int) -> None:
        """Cover epochs 0..``maximum`` and show ``value``, without emitting."""
        maximum = max(0, int(maximum))
        value = min(max(0, int(value)), maximum)
        with QSignalBlocker(self.slider), QSignalBlocker(self.spin):
            if self.slider.maximum() != maximum:
                self.slider.setRange(0, maximum)
                self.spin.setRange(0, maximum)
                self.slider.setPageStep(max(1, maximum // 20))
                self.total.setText(f"/ {maximum:,}")
            self.slider.setValue(value)
            self.spin.setValue(value)

    def _on_slider(self, value: int) -> None:
        with QSignalBlocker(self.spin):
            self.spin.setValue(value)
        self.epochChosen.emit(int(value))

    def _on_spin(self, value: int) -> None:
        with QSignalBlocker(self.slider):
            self.slider.setValue(value)
        self.epochChosen.emit(int(value))
