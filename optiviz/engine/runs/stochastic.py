"""Mini-batches, added gradient noise and gradient clipping: their checks and their torch parts.

A run with a batch size steps once per batch of a real ``torch.utils.data.DataLoader`` over a
``TensorDataset`` of the problem's data, shuffled by a generator seeded with the run's seed,
exactly as a PyTorch user writes it. A problem without data may instead add seeded Gaussian
noise to each gradient, which stands in for a batch's noise and is labelled as added noise.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import torch
from torch.utils.data import DataLoader, TensorDataset

from optiviz.engine.errors import ConfigError
from optiviz.engine.limits import FLOAT32_MAX

if TYPE_CHECKING:
    from optiviz.engine.problems.library import Problem
    from optiviz.engine.runs.config import RunConfig

#: torch.manual_seed takes any 64-bit seed; optiviz keeps to the non-negative ones.
MAX_SEED = 2**63 - 1


def data_size(problem: Problem) -> int | None:
    """How many points a problem has to batch, or None for a problem without data."""
    return None if problem.dataset is None else len(problem.dataset)


def check_stochastic(config: RunConfig, problem: Problem) -> None:
    """Refuse a batch size, seed or noise that cannot run, saying what to do instead."""
    check_flags(config)
    _check_noise(config.grad_noise, problem)
    size = config.batch_size
    if size is None:
        return
    check_batch_size(size, data_size(problem), problem.title)


def check_flags(config: RunConfig) -> None:
    """The seed, shuffle and zero_grad settings, whatever the run trains."""
    seed = config.seed
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise ConfigError(("seed",), f"must be a whole number from 0 to 2**63-1, got {seed!r}")
    if not isinstance(config.shuffle, bool):
        raise ConfigError(("shuffle",), f"must be true or false, got {config.shuffle!r}")
    if not isinstance(config.zero_grad, bool):
        raise ConfigError(("zero_grad",), f"must be true or false, got {config.zero_grad!r}")


def check_batch_size(size: object, points: int | None, title: str) -> None:
    """A whole number of points from 1 to the data's size (``points``; None: no data)."""
    if isinstance(size, bool) or not isinstance(size, int):
        raise ConfigError(("batch_size",), f"must be a whole number of points, got {size!r}")
    if points is None:
        raise ConfigError(
            ("batch_size",),
            f"{title} has no data to split into batches; leave the batch size out, "
            "or add gradient noise (--grad-noise) for a stochastic gradient",
        )
    if size < 1:
        raise ConfigError(("batch_size",), f"must be at least 1 point, got {size}")
    if size > points:
        raise ConfigError(
            ("batch_size",),
            f"is {size} but the data have {points} points: the DataLoader would make one batch "
            f"of all {points}, which is the full batch; choose 1 to {points}, "
            "or leave the batch size out for full-batch steps",
        )


def _check_noise(noise: Any, problem: Problem) -> None:
    if isinstance(noise, bool) or not isinstance(noise, (int, float)):
        raise ConfigError(("grad_noise",), f"must be a number, got {noise!r}")
    if not (math.isfinite(noise) and 0 <= noise <= FLOAT32_MAX):
        raise ConfigError(("grad_noise",), f"must be a finite number from 0 up, got {noise!r}")
    if noise > 0 and problem.dataset is not None:
        raise ConfigError(
            ("grad_noise",),
            f"{problem.title} has data: its stochastic gradients come from mini-batches "
            "(--batch-size), not from added noise",
        )


def check_clipping(config: RunConfig) -> None:
    """Clip by norm or by value, not both; each a finite positive threshold."""
    norm, value = config.clip_grad_norm, config.clip_grad_value
    for name, threshold in (("clip_grad_norm", norm), ("clip_grad_value", value)):
        if threshold is None:
            continue
        if isinstance(threshold, bool) or not isinstance(threshold, (int, float)):
            raise ConfigError((name,), f"must be a number, got {threshold!r}")
        if not (math.isfinite(threshold) and 0 < threshold <= FLOAT32_MAX):
            raise ConfigError((name,), f"must be a finite number above 0, got {threshold!r}")
    if norm is not None and value is not None:
        raise ConfigError(
            ("clip_grad_value",),
            "clip by norm or by value, not both: torch applies one threshold at a time",
        )


def check_sparse(config: RunConfig, optimizer: str, layout: str) -> None:
    """An optimizer that needs sparse gradients (SparseAdam) cannot take added noise (a dense
    tensor) or torch's clipping (which has no sparse kernels): refuse them before a step."""
    if layout != "embedding":
        return
    for name, value in (
        ("grad_noise", config.grad_noise > 0),
        ("clip_grad_norm", config.clip_grad_norm is not None),
        ("clip_grad_value", config.clip_grad_value is not None),
    ):
        if value:
            raise ConfigError(
                (name,), f"{optimizer} needs sparse gradients, which torch cannot {_VERB[name]}"
            )


_VERB = {
    "grad_noise": "add dense noise to",
    "clip_grad_norm": "clip by norm",
    "clip_grad_value": "clip by value",
}


def make_loader(problem: Problem, batch_size: int, shuffle: bool, seed: int) -> DataLoader:
    """The DataLoader of the run's batches, with each point's index as a third tensor.

    The index column only tells the window which points a batch holds: the sampler draws from
    the generator by the data set's length alone, so the batches of ``x`` and ``y`` are the
    ones a plain ``TensorDataset(x, y)`` gives with the same seed.
    """
    assert problem.dataset is not None
    x, y = problem.dataset.tensors
    index = torch.arange(len(x))
    return DataLoader(
        TensorDataset(x, y, index),
        batch_size=batch_size,
        shuffle=shuffle,
        generator=torch.Generator().manual_seed(seed),
    )


def noise_generator(seed: int) -> torch.Generator:
    """The generator of added gradient noise, seeded with the run's seed."""
    return torch.Generator().manual_seed(seed)


def add_noise(grad: torch.Tensor, std: float, generator: torch.Generator) -> None:
    """``grad += std * N(0, 1)``, drawn from ``generator`` (as the exported script does)."""
    grad.add_(torch.randn(grad.shape, generator=generator), alpha=std)


def clip(leaf: torch.Tensor, config: RunConfig) -> None:
    """torch's own gradient clipping, by norm or by value, as the config says."""
    if config.clip_grad_norm is not None:
        torch.nn.utils.clip_grad_norm_([leaf], config.clip_grad_norm)
    elif config.clip_grad_value is not None:
        torch.nn.utils.clip_grad_value_([leaf], config.clip_grad_value)
