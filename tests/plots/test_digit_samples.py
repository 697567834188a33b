"""Digit samples: the images in their cells, labels in the right or error colour, updates that
only change the labels."""

from __future__ import annotations

import numpy as np

from optiviz.plots.digit_samples import LABEL_ROOM, DigitSamples, label_text
from optiviz.plots.theme import DARK, LIGHT
from tests.plots.drawing import at, near, pixels, plot_widget, scene_items


def samples(qtbot, theme=DARK):
    widget = plot_widget(qtbot, theme)
    digits = DigitSamples(widget.getPlotItem(), theme, rows=4, columns=6)
    images = np.zeros((24, 8, 8))
    images[:, :4, :] = 16.0  # the top half inked
    labels = np.arange(24) % 10
    digits.set_samples(images, labels)
    box = digits.bounds()
    widget.getPlotItem().setRange(
        xRange=(box.left(), box.right()), yRange=(box.top(), box.bottom()), padding=0.02
    )
    return widget, digits, labels


def label_pixels(widget, digits: DigitSamples, index: int, image: np.ndarray) -> np.ndarray:
    box = digits.cell(index)
    r0, c0 = at(widget, box.left() - 1, box.top())
    r1, c1 = at(widget, box.right() + 1, box.top() - 5)
    return image[r0:r1, c0:c1]


def test_wrong_labels_are_red_with_the_true_label_and_right_ones_green(qtbot) -> None:
    widget, digits, labels = samples(qtbot)
    predictions = labels.copy()
    wrong = [3, 10, 17]
    predictions[wrong] = (labels[wrong] + 1) % 10
    digits.update(predictions)
    image = pixels(widget)
    for i in range(24):
        under = label_pixels(widget, digits, i, image)
        reds, greens = near(under, DARK.wrong, 40).sum(), near(under, DARK.right, 40).sum()
        if i in wrong:
            assert reds > 10 and greens == 0, i
        else:
            assert greens > 5 and reds == 0, i
    assert digits.labels[3].toPlainText() == label_text(int(predictions[3]), int(labels[3]))
    assert digits.labels[3].toPlainText() == "4 ≠ 3"
    assert digits.labels[4].toPlainText() == "4"


def test_each_image_is_drawn_in_its_cell_top_half_inked(qtbot) -> None:
    widget, digits, _labels = samples(qtbot, LIGHT)
    image = pixels(widget)
    for i in (0, 5, 23):
        box = digits.cell(i)
        top = at(widget, box.center().x(), box.bottom() - 1.5)  # y up: bottom() is the top
        low = at(widget, box.center().x(), box.top() + 1.5)
        assert near(image[top], LIGHT.foreground, 10), i
        assert near(image[low], LIGHT.background, 10), i


def test_update_changes_labels_not_items(qtbot) -> None:
    widget, digits, labels = samples(qtbot)
    digits.update(labels)
    pixels(widget)
    before, texts = scene_items(widget), list(digits.labels)
    for shift in range(1, 4):
        digits.update((labels + shift) % 10)
        pixels(widget)
    assert scene_items(widget) == before and digits.labels == texts
    assert all(
        t.toPlainText().endswith(f"≠ {t_true}") for t, t_true in zip(texts, labels, strict=True)
    )


def test_fewer_samples_fill_only_the_rows_they_need(qtbot) -> None:
    widget = plot_widget(qtbot, DARK)
    digits = DigitSamples(widget.getPlotItem(), DARK, rows=4, columns=6)
    digits.set_samples(np.ones((10, 8, 8)), np.arange(10))
    assert digits.shown_rows == 2 and digits.bounds().height() == 2 * (8 + LABEL_ROOM)
    assert digits.cell(0).top() == 8 + 2 * LABEL_ROOM and digits.cell(9).top() == LABEL_ROOM
    assert sum(t.isVisible() for t in digits.labels) == 10
