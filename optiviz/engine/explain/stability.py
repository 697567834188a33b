"""The stability guide of quadratic losses: Hessian, eigen-axes, condition number, SGD's limit.

For a quadratic loss the Hessian H is the same everywhere, and plain gradient descent
multiplies the distance to the minimum along each eigen-axis by (1 − lr·λ) per step. It
converges exactly when every |1 − lr·λ| < 1, that is lr < 2 / λ_max. With heavy-ball momentum
β (SGD's ``momentum``, no dampening, no Nesterov) the limit widens to 2(1 + β) / λ_max.
A negative eigenvalue (a saddle) makes |1 − lr·λ| > 1 along its axis for every lr > 0: SGD
moves away from the stationary point at any lr, and there is no stable range at all.
The Hessian is torch's (``torch.autograd.functional.hessian``) in float64.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from optiviz.engine.problems.library import Problem


@dataclass(frozen=True)
class StabilityGuide:
    hessian: np.ndarray  # (2, 2)
    eigenvalues: np.ndarray  # (2,) ascending
    eigenvectors: np.ndarray  # (2, 2): column i is the axis of eigenvalue i
    condition_number: float  # λ_max / λ_min; inf unless both are positive
    lr_limit: float  # plain SGD's stability limit 2 / λ_max (inf if λ_max <= 0)

    @property
    def negative_curvature(self) -> bool:
        """True when the loss curves downwards along an axis: SGD diverges at every lr."""
        return float(self.eigenvalues[0]) < 0.0

    def limit(self, momentum: float = 0.0) -> float:
        """The largest stable lr of SGD with heavy-ball ``momentum`` (0: plain SGD)."""
        return self.lr_limit * (1.0 + momentum)


def hessian_at(problem: Problem, point: tuple[float, float]) -> np.ndarray:
    """The loss's 2x2 Hessian at ``point``, by autograd in float64."""

    def loss(theta: torch.Tensor) -> torch.Tensor:
        return problem.function(theta[0], theta[1])

    theta = torch.tensor([float(point[0]), float(point[1])], dtype=torch.float64)
    return torch.autograd.functional.hessian(loss, theta).numpy().astype(np.float64)


def _second_point(problem: Problem) -> tuple[float, float]:
    (x0, x1), (y0, y1) = problem.domain
    return (x0 + 0.31 * (x1 - x0), y0 + 0.73 * (y1 - y0))


def is_quadratic(problem: Problem) -> bool:
    """True if the Hessian is the same at the start and at another point of the domain."""
    try:
        a = hessian_at(problem, problem.start)
        b = hessian_at(problem, _second_point(problem))
    except RuntimeError:
        return False
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return False
    return bool(np.allclose(a, b, rtol=1e-9, atol=1e-12 * max(1.0, np.abs(a).max())))


def stability_guide(problem: Problem) -> StabilityGuide | None:
    """The guide of a quadratic problem, or None for any other loss."""
    if not is_quadratic(problem):
        return None
    hessian = hessian_at(problem, problem.start)
    hessian = 0.5 * (hessian + hessian.T)
    values, vectors = np.linalg.eigh(hessian)
    low, high = float(values[0]), float(values[1])
    kappa = high / low if low > 0 else math.inf
    limit = 2.0 / high if high > 0 else math.inf
    return StabilityGuide(hessian, values, vectors, kappa, limit)


@dataclass(frozen=True)
class LrCheck:
    crosses: bool  # the lr is at or beyond the stability limit
    ratio: float  # lr / limit
    message: str  # one line for the window ("" when the lr is safe)


def check_lr(guide: StabilityGuide, lr: float, momentum: float = 0.0) -> LrCheck:
    """Whether SGD at ``lr`` (with heavy-ball ``momentum``) crosses the stability limit."""
    if guide.negative_curvature and lr > 0:
        lam = float(guide.eigenvalues[0])
        return LrCheck(
            True,
            math.inf,
            f"λ_min = {lam:.4g} < 0: the loss curves downwards along that axis (a saddle), so "
            f"each step multiplies the distance along it by 1 − lr·λ_min > 1 and SGD diverges "
            f"at every lr, {lr:g} included.",
        )
    limit = guide.limit(momentum)
    ratio = lr / limit if math.isfinite(limit) else 0.0
    if ratio < 1.0:
        return LrCheck(False, ratio, "")
    lam = float(guide.eigenvalues[1])
    return LrCheck(
        True,
        ratio,
        f"lr {lr:g} is above SGD's stability limit {limit:.4g} = 2{'(1 + β)' if momentum else ''}"
        f"/λ_max (λ_max = {lam:.4g}): the steps overshoot along the steepest axis and diverge.",
    )
