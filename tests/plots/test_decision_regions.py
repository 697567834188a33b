"""Decision regions: class colours where the probabilities say, the boundary between them,
hollow test points, rings on mistakes, and updates that make no new items."""

from __future__ import annotations

import numpy as np
import pytest

from optiviz.plots.decision_regions import REGION_STRENGTH, DecisionRegions, rgb
from optiviz.plots.theme import DARK, LIGHT, class_color
from tests.plots.drawing import at, near, pixels, plot_widget, scene_items

EXTENT = ((-2.0, 2.0), (-2.0, 2.0))


def grid(n: int = 100) -> tuple[np.ndarray, np.ndarray]:
    values = np.linspace(-2.0, 2.0, n)
    return np.meshgrid(values, values, indexing="ij")


def full_shade(theme, c: int) -> np.ndarray:
    """A region's colour where the classifier is sure of class ``c``."""
    bg = rgb(theme.background)
    return np.rint(bg + REGION_STRENGTH * (rgb(class_color(c)) - bg))


def make(qtbot, theme, classes: int):
    widget = plot_widget(qtbot, theme)
    regions = DecisionRegions(widget.getPlotItem(), theme, classes)
    widget.getPlotItem().setRange(xRange=(-2, 2), yRange=(-2, 2), padding=0)
    return widget, regions


@pytest.mark.parametrize("theme", [DARK, LIGHT], ids=["dark", "light"])
def test_binary_regions_take_their_class_colours_and_the_boundary_lies_between(
    qtbot, theme
) -> None:
    widget, regions = make(qtbot, theme, 2)
    x, _y = grid()
    regions.update(1.0 / (1.0 + np.exp(-8.0 * (x - 0.5))), EXTENT)  # class 1 right of 0.5
    image = pixels(widget)
    left, right = at(widget, -1.5, 1.0), at(widget, 1.5, -1.0)
    assert near(image[left], full_shade(theme, 0), 3)
    assert near(image[right], full_shade(theme, 1), 3)
    boundary = near(image, theme.foreground, 40)
    row = at(widget, 0.0, 0.0)[0]
    columns = np.flatnonzero(boundary[row - 2 : row + 3].any(axis=0))
    crossing = at(widget, 0.5, 0.0)[1]
    inner = columns[np.abs(columns - crossing) < 40]  # axes and ticks lie far out
    assert len(inner) and np.abs(inner - crossing).max() <= 2
    assert not boundary[row, at(widget, -1.0, 0)[1] : at(widget, 0.3, 0)[1]].any()


def test_three_classes_each_take_their_sector_with_boundaries_between(qtbot) -> None:
    widget, regions = make(qtbot, DARK, 3)
    x, y = grid()
    angle = np.arctan2(y, x)
    centres = np.array([0.0, 2 * np.pi / 3, -2 * np.pi / 3])
    logits = 6.0 * np.cos(angle[..., None] - centres)
    p = np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)
    regions.update(p, EXTENT)
    image = pixels(widget)
    for c, centre in enumerate(centres):
        spot = at(widget, 1.5 * np.cos(centre), 1.5 * np.sin(centre))
        assert near(image[spot], full_shade(DARK, c), 4), c
    # between classes 0 and 1 (at 60 degrees) the boundary is drawn, inside the sectors not
    boundary = near(image, DARK.foreground, 40)
    r, c = at(widget, np.cos(np.pi / 3), np.sin(np.pi / 3))
    assert boundary[r - 2 : r + 3, c - 2 : c + 3].any()
    r, c = at(widget, 1.0, 0.0)
    assert not boundary[r - 3 : r + 4, c - 3 : c + 4].any()


def test_train_points_are_filled_and_test_points_hollow(qtbot) -> None:
    widget, regions = make(qtbot, DARK, 2)
    regions.set_points(np.array([[-1.0, 0.0]]), np.array([1]), np.array([[1.0, 0.0]]), [1])
    right = (np.array([1]), np.array([1]))
    regions.update(np.full((20, 20), 0.5), EXTENT, right)  # unsure everywhere: the background
    image = pixels(widget)
    colour = class_color(1)
    r, c = at(widget, -1.0, 0.0)
    assert near(image[r - 1 : r + 2, c - 1 : c + 2], colour, 30).all()  # filled
    r, c = at(widget, 1.0, 0.0)
    assert near(image[r - 1 : r + 2, c - 1 : c + 2], DARK.background, 6).all()  # empty
    assert near(image[r - 5 : r + 6, c - 5 : c + 6], colour, 30).sum() >= 12  # its outline


def test_misclassified_points_wear_a_ring_in_the_error_colour(qtbot) -> None:
    widget, regions = make(qtbot, DARK, 2)
    x, _y = grid(50)
    train = np.array([[-1.0, 1.0], [1.0, 1.0]])
    test = np.array([[-1.0, -1.0], [1.0, -1.0]])
    regions.set_points(train, np.array([0, 0]), test, np.array([1, 1]))
    regions.update((x > 0).astype(float), EXTENT)  # class 1 on the right
    image = pixels(widget)
    ring = near(image, DARK.wrong, 30)

    def ringed(px: float, py: float) -> bool:
        r, c = at(widget, px, py)
        return bool(ring[r - 9 : r + 10, c - 9 : c + 10].sum() > 10)

    # wrong: the train point of class 0 on the right, the test point of class 1 on the left
    assert ringed(1.0, 1.0) and ringed(-1.0, -1.0)
    assert not ringed(-1.0, 1.0) and not ringed(1.0, -1.0)
    # given predictions override the grid's
    regions.update((x > 0).astype(float), EXTENT, predicted=(np.array([0, 0]), np.array([1, 1])))
    assert len(regions.wrong.data) == 0


def test_update_feeds_the_same_items(qtbot) -> None:
    widget, regions = make(qtbot, DARK, 3)
    rng = np.random.default_rng(0)
    regions.set_points(
        rng.normal(size=(40, 2)),
        rng.integers(0, 3, 40),
        rng.normal(size=(10, 2)),
        rng.integers(0, 3, 10),
    )
    regions.update(rng.dirichlet(np.ones(3), size=(100, 100)), EXTENT)
    pixels(widget)
    before, image = scene_items(widget), regions.image
    for _ in range(5):
        regions.update(rng.dirichlet(np.ones(3), size=(100, 100)), EXTENT)
        pixels(widget)
    assert scene_items(widget) == before and regions.image is image
    with pytest.raises(ValueError, match="3 classes"):
        regions.update(np.zeros((10, 10)), EXTENT)
