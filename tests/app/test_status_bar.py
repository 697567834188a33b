"""The status bar: elided messages that never cover the state word, numbers with their
exponent, the dark theme's colours after a warning, and the scrubbed or mid-epoch numbers."""

from __future__ import annotations

import itertools

import pytest

from optiviz.app.main_window import MainWindow
from optiviz.app.status_bar import status_number
from optiviz.engine.runs.config import RunConfig
from tests.app.drive import text_colour


@pytest.fixture
def window_options() -> dict:
    return {"configs": [RunConfig()], "size": (800, 600), "first_frame": True}


def is_light(rgb: tuple[int, int, int]) -> bool:
    return sum(rgb) / 3 > 160


def test_numbers_keep_their_exponent_in_a_fixed_format():
    assert status_number(11.390612) == "11.39"
    assert status_number(1.13906e5) == "1.139e+05"
    assert status_number(-2.5e-7) == "-2.5e-07"
    assert status_number(float("inf")) == "inf"


def test_a_long_message_is_elided_left_of_the_state_word_at_800_px(make_window, qtbot):
    window: MainWindow = make_window()
    status = window.status
    assert window.width() == 800
    for _ in range(3):  # numbers and the raw-units line in every field
        window.step()
        window.frame()
    message = "refused lr: " + "a very long reason why the value was refused, " * 6
    status.flash(message)
    qtbot.wait(20)
    status.repaint()
    shown = status.shown_message()
    assert shown != message and shown.endswith("…")
    width = status.fontMetrics().horizontalAdvance(shown)
    assert 6 + width <= status.state_label.x()  # nothing drawn over the state word
    assert status.currentMessage() == message and status.toolTip() == message
    assert "refused lr" in status.text()
    labels = [status.state_label, status.epoch_label, status.loss_label]
    labels += [status.params_label, status.lr_label]
    for left, right in itertools.pairwise(labels):  # side by side, none covered
        assert left.x() + left.width() <= right.x()
    assert status.lr_label.x() + status.lr_label.width() <= status.width()
    assert "raw x" in status.params_label.text() and status.params_label.toolTip()


def test_the_loss_field_is_wide_enough_for_an_exponent(make_window):
    window: MainWindow = make_window()
    label = window.status.loss_label
    label.setText(f"loss {status_number(-1.13906e15)}")
    assert label.text() == "loss -1.139e+15"
    assert label.fontMetrics().horizontalAdvance(label.text()) <= label.width()


def test_state_word_is_light_again_after_a_divergence_warning_in_the_dark_theme(make_window):
    window: MainWindow = make_window()
    window.set_theme("dark")
    label = window.status.state_label
    before = text_colour(label)
    assert is_light(before)
    run = window.client.state.runs[0]
    run.status, run.diverged_at, run.reason = "diverged", 3, "the loss is inf"
    window.status.show_state(window.client.state, False)
    assert text_colour(label)[0] > 200 and text_colour(label)[1] < 120  # red
    assert label.font().bold()
    run.status = "paused"
    window.status.show_state(window.client.state, False)
    assert text_colour(label) == before
    assert not label.font().bold()
    image = label.grab().toImage()  # the drawn glyphs are light too
    brightest = max(
        sum(image.pixelColor(x, y).getRgb()[:3])
        for x in range(image.width())
        for y in range(image.height())
    )
    assert brightest / 3 > 160
