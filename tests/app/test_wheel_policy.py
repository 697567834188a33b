"""A wheel turn over an unfocused field scrolls the panel; it changes only a focused field."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QScrollArea,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from optiviz.app.wheel_policy import WheelPolicy, install_wheel_policy


def wheel(widget: QWidget, clicks: int = -1) -> None:
    """One notch (clicks × 120) down over the middle of ``widget``, as a mouse sends it."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(widget.rect().center())),
        QPoint(0, 0),
        QPoint(0, 120 * clicks),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


@pytest.fixture
def panel(qtbot):
    install_wheel_policy()
    area = QScrollArea()
    content = QWidget()
    column = QVBoxLayout(content)
    spin, combo, slider = QSpinBox(), QComboBox(), QSlider(Qt.Orientation.Horizontal)
    spin.setRange(0, 100)
    spin.setValue(50)
    combo.addItems(["SGD", "Adam", "RMSprop"])
    combo.setCurrentIndex(1)
    slider.setRange(0, 100)
    slider.setValue(50)
    for index in range(30):
        column.addWidget(QLabel(f"row {index}"))
    for field in (spin, combo, slider):
        column.addWidget(field)
    for index in range(30):
        column.addWidget(QLabel(f"row {index + 30}"))
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.resize(300, 300)
    qtbot.addWidget(area)
    with qtbot.waitExposed(area):
        area.show()
    area.ensureWidgetVisible(slider)
    focus_sink = QLabel("elsewhere", area)
    focus_sink.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    focus_sink.show()
    focus_sink.setFocus()
    qtbot.waitUntil(focus_sink.hasFocus)
    return area, (spin, combo, slider)


def test_the_wheel_over_an_unfocused_field_scrolls_the_panel(panel):
    area, fields = panel
    bar = area.verticalScrollBar()
    for field in fields:
        assert field.focusPolicy() == Qt.FocusPolicy.StrongFocus  # a wheel gives no focus
        assert not field.hasFocus()
        before = (field.value() if hasattr(field, "value") else field.currentIndex(), bar.value())
        wheel(field)
        after = (field.value() if hasattr(field, "value") else field.currentIndex(), bar.value())
        assert after[0] == before[0], type(field).__name__
        assert after[1] > before[1], type(field).__name__  # the scroll area scrolled
        assert not field.hasFocus()


def test_the_wheel_over_a_focused_field_changes_it(panel, qtbot):
    area, (spin, combo, slider) = panel
    bar = area.verticalScrollBar()
    for field, read in (
        (spin, spin.value),
        (combo, combo.currentIndex),
        (slider, slider.value),
    ):
        field.setFocus()
        qtbot.waitUntil(field.hasFocus)
        before, scrolled = read(), bar.value()
        wheel(field, clicks=1)
        assert read() != before, type(field).__name__
        assert bar.value() == scrolled


def test_the_controls_scroll_instead_of_changing_the_lr_or_the_optimizer(make_window):
    install_wheel_policy()
    window = make_window(size=(1024, 600))
    controls = window.controls
    bar = controls.scroll.verticalScrollBar()
    assert bar.maximum() > 0
    window.panes.setFocus()
    config = controls.config()
    for field in (controls.lr.spin, controls.lr.slider):
        before = bar.value()
        wheel(field)
        assert controls.config() == config
        assert bar.value() > before
    assert window.client.state.max_epoch == 0


def remove_policy(app: QApplication) -> None:
    """Start without the policy an earlier test installed."""
    old = getattr(app, "_optiviz_wheel_policy", None)
    if old is not None:
        app.removeEventFilter(old)
        del app._optiviz_wheel_policy


def test_a_field_made_before_the_policy_still_gets_it(qtbot):
    app = QApplication.instance()
    remove_policy(app)
    spin, combo = QSpinBox(), QComboBox()
    slider = QSlider(Qt.Orientation.Horizontal)
    for field in (spin, combo, slider):
        qtbot.addWidget(field)
        field.ensurePolished()  # polished with no filter to see it
    assert spin.focusPolicy() == Qt.FocusPolicy.WheelFocus
    policy = install_wheel_policy(app)
    for field in (spin, combo, slider):
        assert field.focusPolicy() == Qt.FocusPolicy.StrongFocus, type(field).__name__
    assert install_wheel_policy(app) is policy  # once
    later = QSpinBox()  # made after: polished with the filter there
    qtbot.addWidget(later)
    later.ensurePolished()
    assert later.focusPolicy() == Qt.FocusPolicy.StrongFocus


class CountingPolicy(WheelPolicy):
    """Counts the events the policy sees."""

    seen = 0

    def eventFilter(self, watched, event) -> bool:
        CountingPolicy.seen += 1
        return super().eventFilter(watched, event)


def test_the_launcher_installs_the_policy_once_the_window_is_built(monkeypatch, qtbot):
    from optiviz.app import wheel_policy
    from optiviz.app.launch import _application, open_window
    from optiviz.app.settings import Settings
    from optiviz.app.worker_client import WorkerClient

    app = QApplication.instance()
    remove_policy(app)
    assert _application() is app
    monkeypatch.setattr(wheel_policy, "WheelPolicy", CountingPolicy)
    CountingPolicy.seen = 0
    window, error = open_window(WorkerClient(inline=True), settings=Settings(persistent=False))
    window.timer.stop()
    qtbot.addWidget(window)
    try:
        assert error == ""
        policy = getattr(app, "_optiviz_wheel_policy", None)
        assert isinstance(policy, CountingPolicy)
        # the window's build (thousands of events) went by before it was there
        assert CountingPolicy.seen < 1000, CountingPolicy.seen
        controls = window.controls
        for field in (controls.lr.spin, controls.lr.slider):
            assert field.focusPolicy() == Qt.FocusPolicy.StrongFocus
    finally:
        window.close()
        remove_policy(app)
