"""Vmapped chunks and a loop over the points give the same grid; the faster way is measured on
the first chunk, recorded on the BatchedLoss and remembered for the model's shape."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator

import numpy as np
import pytest
import torch
from torch.nn.utils import vector_to_parameters

from optiviz.engine.landscape import strategy
from optiviz.engine.landscape.batched import BatchedLoss
from optiviz.engine.landscape.directions import random_plane
from tests.engine.landscape.models import Wrapped

from .models import cnn, image_data, mlp, regression_data


@pytest.fixture(autouse=True)
def _fresh_choices() -> Iterator[None]:
    strategy.forget()
    yield
    strategy.forget()


def _coords(n: int) -> torch.Tensor:
    axis = torch.linspace(-1.0, 1.0, n)
    a, b = torch.meshgrid(axis, axis, indexing="ij")
    return torch.stack([a.reshape(-1), b.reshape(-1)], dim=1)


def _loaded(model: torch.nn.Module, loss_fn, x, y, theta: torch.Tensor) -> float:
    twin = copy.deepcopy(model)
    vector_to_parameters(theta, twin.parameters())
    with torch.no_grad():
        return float(loss_fn(twin(x), y))


def _script(vmap_seconds: float, loop_seconds: float) -> Callable[[], float]:
    """A clock under which the first timed span (the vmapped chunk) takes ``vmap_seconds`` and
    every later one (a looped point) ``loop_seconds``."""
    spans = iter([vmap_seconds])
    now = [0.0]
    calls = [0]

    def clock() -> float:
        calls[0] += 1
        if calls[0] % 2 == 0:
            now[0] += next(spans, loop_seconds)
        return now[0]

    return clock


@pytest.mark.parametrize(
    ("make", "data", "loss_fn"),
    [
        (mlp, regression_data, torch.nn.MSELoss()),
        (cnn, image_data, torch.nn.CrossEntropyLoss()),
        (lambda: Wrapped(mlp()), regression_data, torch.nn.MSELoss()),
    ],
    ids=["mlp-split", "cnn-split", "mlp-whole"],
)
def test_vmapped_and_looped_give_the_same_grid_as_loading_the_parameters(make, data, loss_fn):
    model = make()
    x, y = data()
    plane = random_plane(model, torch.Generator().manual_seed(5))
    coords = _coords(5)
    grids = {}
    for mode in ("vmap", "loop"):
        batched = BatchedLoss(model, loss_fn, x, y, chunk_bytes=200_000, mode=mode)
        assert batched.chunk < len(coords)  # several chunks
        grids[mode] = batched(plane.anchor, plane.basis(), coords).numpy()
        assert batched.mode == mode and batched.choice is None
    expected = [_loaded(model, loss_fn, x, y, plane.points(c[None])[0]) for c in coords]
    np.testing.assert_allclose(grids["vmap"], expected, rtol=2e-6, atol=1e-6)
    np.testing.assert_allclose(grids["loop"], expected, rtol=2e-6, atol=1e-6)
    assert len(np.unique(grids["loop"])) == len(coords)


def _counted_mlp() -> tuple[torch.nn.Module, list[int]]:
    """The test MLP and how many times its last layer ran: once per vmapped chunk, once per
    looped point."""
    model = mlp()
    runs = [0]
    model[-1].register_forward_pre_hook(lambda *_: runs.__setitem__(0, runs[0] + 1))
    return model, runs


def test_a_slower_vmap_hands_the_rest_of_the_points_to_the_loop_and_says_so():
    x, y = regression_data()
    loss_fn = torch.nn.MSELoss()
    plain = mlp()
    plane = random_plane(plain, torch.Generator().manual_seed(6))
    coords = _coords(7)  # 49 points
    reference = BatchedLoss(plain, loss_fn, x, y, mode="vmap")(plane.anchor, plane.basis(), coords)

    model, runs = _counted_mlp()
    batched = BatchedLoss(model, loss_fn, x, y, chunk_bytes=400_000, clock=_script(1.0, 1e-4))
    chunk = batched.chunk
    assert strategy.LOOP_SAMPLE < chunk < len(coords) - 1
    runs[0] = 0
    losses = batched(plane.anchor, plane.basis(), coords)

    assert batched.mode == "loop"
    assert batched.choice is not None and batched.choice.mode == "loop"
    assert batched.choice.vmap_seconds == pytest.approx(1.0 / chunk)
    assert batched.choice.loop_seconds == pytest.approx(1e-4)
    # the first chunk vmapped (1 run), its sample looped, every later point alone
    assert runs[0] == 1 + strategy.LOOP_SAMPLE + (len(coords) - chunk)
    np.testing.assert_allclose(losses.numpy(), reference.numpy(), rtol=2e-6, atol=1e-6)


def test_a_faster_vmap_keeps_vmapping():
    x, y = regression_data()
    model, runs = _counted_mlp()
    plane = random_plane(model, torch.Generator().manual_seed(6))
    batched = BatchedLoss(
        model, torch.nn.MSELoss(), x, y, chunk_bytes=400_000, clock=_script(1e-3, 1.0)
    )
    chunks = -(-49 // batched.chunk)
    runs[0] = 0
    batched(plane.anchor, plane.basis(), _coords(7))
    assert batched.mode == "vmap"
    assert batched.choice is not None and batched.choice.loop_seconds == 1.0
    assert runs[0] == chunks + strategy.LOOP_SAMPLE


def test_the_choice_is_remembered_for_the_same_shapes_only():
    x, y = regression_data()
    loss_fn = torch.nn.MSELoss()
    model = mlp()
    plane = random_plane(model, torch.Generator().manual_seed(6))
    first = BatchedLoss(model, loss_fn, x, y, chunk_bytes=400_000, clock=_script(1.0, 1e-4))
    first(plane.anchor, plane.basis(), _coords(7))

    def no_clock() -> float:
        raise AssertionError("a remembered choice is not measured again")

    again = BatchedLoss(mlp(seed=1), loss_fn, x, y, chunk_bytes=400_000, clock=no_clock)
    assert again.mode == "loop" and again.choice == first.choice
    again(plane.anchor, plane.basis(), _coords(7))

    more_data = regression_data(128)
    other = BatchedLoss(model, loss_fn, *more_data, chunk_bytes=400_000)
    assert other.mode == "auto" and other.choice is None


def test_one_chunk_is_not_measured():
    x, y = regression_data()
    model = mlp()
    plane = random_plane(model, torch.Generator().manual_seed(6))
    batched = BatchedLoss(model, torch.nn.MSELoss(), x, y, clock=_script(1.0, 1e-4))
    assert batched.chunk >= 9
    batched(plane.anchor, plane.basis(), _coords(3))
    assert batched.mode == "auto" and batched.choice is None


def test_remembered_choices_are_capped_oldest_first():
    choice = strategy.Choice("vmap", 1.0, 2.0)
    for i in range(strategy.MAX_CHOICES + 1):
        strategy.remember((i,), choice)
    assert strategy.remembered((0,)) is None
    assert strategy.remembered((1,)) == choice
    assert strategy.remembered((strategy.MAX_CHOICES,)) == choice


def test_an_unknown_mode_is_refused():
    x, y = regression_data()
    with pytest.raises(ValueError, match="mode must be one of"):
        BatchedLoss(mlp(), torch.nn.MSELoss(), x, y, mode="fast")
