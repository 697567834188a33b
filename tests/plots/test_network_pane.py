"""The network pane picks the picture that suits the data and explains it on hover."""

from __future__ import annotations

import numpy as np
import pytest

from optiviz.plots.confusion import STRENGTH, ConfusionMatrix, confusion
from optiviz.plots.decision_regions import DecisionRegions, rgb
from optiviz.plots.digit_samples import DigitSamples
from optiviz.plots.network_pane import NetworkData, NetworkPane, view_of
from optiviz.plots.prediction_scatter import PredictionScatter
from optiviz.plots.regression_curve import RegressionCurve
from optiviz.plots.theme import DARK, LIGHT
from tests.plots.drawing import at, near, pixels

RNG = np.random.default_rng(0)


def data(task: str, features: int, classes: int = 0, image=None) -> NetworkData:
    n, m = 40, 10
    label = (lambda k: RNG.integers(0, classes, k)) if classes else (lambda k: RNG.normal(size=k))
    return NetworkData(
        task, classes, RNG.normal(size=(n, features)), label(n),
        RNG.normal(size=(m, features)), label(m), image_shape=image,
    )  # fmt: skip


CASES = [
    (data("binary", 2, 2), "regions", DecisionRegions),
    (data("multiclass", 2, 3), "regions", DecisionRegions),
    (data("regression", 1), "curve", RegressionCurve),
    (data("multiclass", 64, 10, (8, 8)), "digits", DigitSamples),
    (data("regression", 5), "scatter", PredictionScatter),
    (data("multiclass", 4, 3), "confusion", ConfusionMatrix),
]


def pane(qtbot, theme=DARK) -> NetworkPane:
    widget = NetworkPane(theme)
    qtbot.addWidget(widget)
    widget.resize(420, 380)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.mark.parametrize(("set_", "view", "kind"), CASES, ids=[c[1] for c in CASES])
def test_each_data_set_gets_its_picture_title_and_hover_text(qtbot, set_, view, kind) -> None:
    widget = pane(qtbot)
    assert view_of(set_) == view
    widget.set_data(set_)
    assert isinstance(widget.picture, kind)
    tip = widget.plot_item.titleLabel.toolTip()
    assert "held out" in tip or "held-out" in tip or "never trained" in tip, tip
    assert widget.plot_item.titleLabel.text  # a title
    plain = view == "digits"  # the one picture without axes
    assert widget.plot_item.getAxis("left").isVisible() is not plain
    assert widget.plot_item.getAxis("bottom").isVisible() is not plain


def test_switching_views_leaves_no_items_of_the_last(qtbot) -> None:
    widget = pane(qtbot)
    widget.set_data(CASES[3][0])  # digits
    pixels(widget)
    widget.set_data(CASES[0][0])  # regions
    grid = np.linspace(-3, 3, 30)
    x, _y = np.meshgrid(grid, grid, indexing="ij")
    widget.show_regions((x > 0).astype(float), ((-3, 3), (-3, 3)))
    pixels(widget)
    before = len(widget.scene().items())
    widget.set_data(CASES[0][0])
    widget.show_regions((x > 0).astype(float), ((-3, 3), (-3, 3)))
    assert len(widget.scene().items()) == before
    with pytest.raises(TypeError, match="regions"):
        widget.show_predictions(np.zeros(40), np.zeros(10))


def test_confusion_matrix_counts_the_held_out_points(qtbot) -> None:
    widget = pane(qtbot, LIGHT)
    set_ = CASES[5][0]
    widget.set_data(set_)
    guess = set_.test_y.copy()
    guess[:3] = (guess[:3] + 1) % 3
    widget.show_predictions(np.zeros(40), guess)
    matrix = widget.picture
    assert isinstance(matrix, ConfusionMatrix)
    expected = confusion(set_.test_y, guess, 3)
    assert matrix.counts.sum() == 10 and np.trace(matrix.counts) == 7
    assert np.array_equal(matrix.counts, expected)
    left = widget.plot_item.getAxis("left")
    assert left.labelText == "true class"
    assert left._tickLevels == [[(2.5, "0"), (1.5, "1"), (0.5, "2")]]  # class 0 on top
    texts = [t.toPlainText() for t in matrix.texts]
    assert texts == [str(v) for v in expected.ravel()]
    image = pixels(widget)
    shares = expected / expected.sum(axis=1, keepdims=True)
    bg = rgb(LIGHT.background)
    for i in range(3):
        for j in range(3):
            tint = rgb(LIGHT.right if i == j else LIGHT.wrong)
            colour = bg + STRENGTH * shares[i, j] * (tint - bg)
            r, c = at(widget, j + 0.15, 3 - 1 - i + 0.15)  # a corner of the cell, off its text
            assert near(image[r, c], tuple(np.rint(colour)), 3), (i, j)
    assert confusion(np.array([0, 1, 1]), np.array([0, 0, 1]), 2).tolist() == [[1, 0], [1, 1]]
