"""Where torch's defaults make an optimizer stall on a problem, said with numbers.

Each hint is a bound computed from the optimizer's own update rule, never a guess:

- **Muon's decoupled weight decay** (default ``weight_decay=0.1``). Each step shrinks the
  weights by ``lr·wd·|θ|`` and adds an orthogonalised update of fixed length ``ℓ`` (measured
  here with one step of torch's Muon from zero). Then ``|θ_{t+1}| ≤ (1 − lr·wd)|θ_t| + ℓ``,
  so a run that starts inside the radius ``r = ℓ / (lr·wd)`` never leaves it: a minimum
  farther than ``r`` from the origin is out of reach, by at least ``|θ*| − r``.
- **Adagrad's shrinking steps.** Adagrad divides each coordinate's gradient by the root of
  the sum of its squares, and ``Σ g_t / √(Σ_{s≤t} g_s²) ≤ 2√T``: in ``T`` steps no parameter
  moves more than ``2·lr·√T``. A minimum farther than that along one parameter is not reached
  within the run's epochs, whatever the gradients.

Texts here are English; the window words the same numbers through Qt's translations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from optiviz.engine.catalogue.optimizers import optimizer_info
from optiviz.engine.problems.library import Problem
from optiviz.engine.runs.config import RunConfig, build_problem, make_leaf, optimizer_kwargs

#: The optimizers a hint may be given for; any other gets None at once.
STALLING = frozenset({"Muon", "Adagrad"})
MUON_DECAY = "muon_weight_decay"
ADAGRAD_REACH = "adagrad_reach"


@dataclass(frozen=True)
class StallHint:
    """Why a run with these settings cannot reach the problem's minimum."""

    kind: str  # MUON_DECAY or ADAGRAD_REACH
    optimizer: str
    reach: float  # how far the run can get: Muon's radius |θ| ≤ r, Adagrad's 2·lr·√T
    needed: float  # how far the minimum is: |θ*| for Muon, the largest |θ*_i − θ0_i| for Adagrad
    minimum: tuple[float, float]  # the minimum the numbers refer to
    value: float  # the hyperparameter to blame: weight_decay (Muon) or lr (Adagrad)
    steps: int  # the run's optimizer steps (Adagrad's T)

    @property
    def gap(self) -> float:
        """The least distance the run stays from the minimum (along the measured direction)."""
        return self.needed - self.reach

    @property
    def text(self) -> str:
        if self.kind == MUON_DECAY:
            return (
                f"Muon's weight_decay={self.value:g} holds the weights within |θ| ≤ "
                f"{self.reach:.3g} (the decay lr·wd·|θ| matches the update's fixed length there), "
                f"but the minimum is at |θ| = {self.needed:.3g}: the run stalls at least "
                f"{self.gap:.3g} short of it. Set weight_decay to 0."
            )
        return (
            f"Adagrad at lr={self.value:g} moves each parameter at most 2·lr·√steps = "
            f"{self.reach:.3g} in {self.steps:,} steps, but the minimum is {self.needed:.3g} "
            f"away: raise the lr (or the epochs)."
        )


def muon_step_length(config: RunConfig) -> float:
    """The length of one Muon update (``adjusted lr × |orthogonalised gradient|``) with the
    run's settings, measured by one step of torch's Muon from zero without weight decay."""
    info = optimizer_info(config.optimizer)
    leaf = make_leaf(info.layout, (0.0, 0.0))
    kwargs = optimizer_kwargs(info, config)
    kwargs["weight_decay"] = 0.0
    optimizer = info.cls([leaf], **kwargs)
    leaf.grad = torch.tensor([[1.0, 0.5]]).reshape(leaf.shape)
    optimizer.step()
    return float(leaf.detach().norm())


def _muon_hint(config: RunConfig, problem: Problem, minima: np.ndarray) -> StallHint | None:
    info = optimizer_info(config.optimizer)
    kwargs = optimizer_kwargs(info, config)
    decay = float(kwargs.get("weight_decay", info.spec("weight_decay").default) or 0.0)
    lr = float(kwargs["lr"])
    if decay <= 0 or lr <= 0 or lr * decay >= 1:
        return None
    radius = muon_step_length(config) / (lr * decay)
    if np.hypot(*problem.start) > radius:
        return None  # starts outside: the bound above says nothing about the way in
    norms = np.linalg.norm(minima, axis=1)
    nearest = int(np.argmin(norms))
    if norms[nearest] <= radius:
        return None
    return StallHint(
        MUON_DECAY,
        config.optimizer,
        radius,
        float(norms[nearest]),
        (float(minima[nearest, 0]), float(minima[nearest, 1])),
        decay,
        config.epochs,
    )


def _adagrad_hint(config: RunConfig, problem: Problem, minima: np.ndarray) -> StallHint | None:
    info = optimizer_info(config.optimizer)
    lr = float(optimizer_kwargs(info, config)["lr"])
    steps = config.epochs * _steps_per_epoch(config, problem)
    reach = 2.0 * lr * math.sqrt(steps)
    away = np.abs(minima - np.asarray(problem.start, dtype=np.float64)).max(axis=1)
    nearest = int(np.argmin(away))
    if away[nearest] <= reach:
        return None
    return StallHint(
        ADAGRAD_REACH,
        config.optimizer,
        reach,
        float(away[nearest]),
        (float(minima[nearest, 0]), float(minima[nearest, 1])),
        lr,
        steps,
    )


def _steps_per_epoch(config: RunConfig, problem: Problem) -> int:
    if config.batch_size is None or problem.dataset is None:
        return 1
    n = len(problem.dataset.tensors[0])
    return max(1, math.ceil(n / config.batch_size))


def stall_hint(config: RunConfig, problem: Problem | None = None) -> StallHint | None:
    """A hint when ``config``'s optimizer settings cannot reach ``problem``'s minimum (the
    config's own problem if not given); None when nothing is known to stop it."""
    if config.optimizer not in STALLING:
        return None
    problem = problem if problem is not None else build_problem(config)
    minima = np.asarray(problem.minima, dtype=np.float64).reshape(-1, 2)
    if len(minima) == 0 or not np.isfinite(minima).all():
        return None
    if config.optimizer == "Muon":
        return _muon_hint(config, problem, minima)
    return _adagrad_hint(config, problem, minima)
