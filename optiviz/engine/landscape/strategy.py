"""Whether a model's grid points run vmapped in chunks or one at a time, measured once.

vmap wins on small models (a 2-8-8-1 MLP's 41x41 grid is five times faster than a loop), and
loses on bigger ones: one point's activations stay in the cache in a loop, a chunk's do not
(a 2-32-32-1 MLP on 1000 points, the digits MLP). Which side a model falls on depends on the
machine, so :class:`~optiviz.engine.landscape.batched.BatchedLoss` times its first chunk both
ways and remembers the faster way here, per model structure and data shape, so a grid that
refreshes during a run pays for the measurement once.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

VMAP, LOOP = "vmap", "loop"
#: Points of the first chunk that also run one at a time to time the loop.
LOOP_SAMPLE = 8
#: Remembered choices past this many are forgotten, oldest first.
MAX_CHOICES = 64

Key = tuple[object, ...]


@dataclass(frozen=True)
class Choice:
    """The way chosen, and the seconds per point each way took when it was measured."""

    mode: str
    vmap_seconds: float
    loop_seconds: float


_choices: dict[Key, Choice] = {}


def shape_key(
    model: torch.nn.Module, x: torch.Tensor, loss_fn: object, chunk: int, split: bool
) -> Key:
    """What the speed of a grid point depends on: the model's structure and parameter shapes,
    the data's shape and type, the loss, the chunk size and whether the first layer is split."""
    kind = type(model)
    return (
        f"{kind.__module__}.{kind.__qualname__}",
        repr(model),
        tuple(tuple(p.shape) for p in model.parameters()),
        tuple(x.shape),
        str(x.dtype),
        repr(loss_fn),
        chunk,
        split,
        torch.get_num_threads(),
    )


def faster(vmap_seconds: float, loop_seconds: float) -> str:
    """The way with the lower time per point; vmap on a tie."""
    return LOOP if loop_seconds < vmap_seconds else VMAP


def remembered(key: Key) -> Choice | None:
    return _choices.get(key)


def remember(key: Key, choice: Choice) -> None:
    if key not in _choices and len(_choices) >= MAX_CHOICES:
        del _choices[next(iter(_choices))]
    _choices[key] = choice


def forget() -> None:
    """Drop every remembered choice: the next grid of each model measures again."""
    _choices.clear()
