"""Coordinates of parameter vectors on a plane ``theta(a, b) = anchor + a*d1 + b*d2``.

Any object with ``anchor``, ``d1`` and ``d2`` tensors of the network's size is a plane
(``optiviz.engine.landscape.plane.Plane`` is one). A point's coordinates are the least-squares
solution on ``[d1 d2]`` of ``point - anchor``; a gradient's are those of the gradient itself.
Before a plane is chosen a run uses :func:`axes_projector`: the start as anchor and the first
two coordinate axes, so ``(a, b)`` is how far the network's first two weights have moved.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
import torch


class PlaneLike(Protocol):
    """Read-only members, so a frozen dataclass (``Plane``) is one."""

    @property
    def anchor(self) -> torch.Tensor: ...

    @property
    def d1(self) -> torch.Tensor: ...

    @property
    def d2(self) -> torch.Tensor: ...


class Projector:
    """Projects onto one plane, in float64."""

    def __init__(self, anchor: np.ndarray, d1: np.ndarray, d2: np.ndarray) -> None:
        self.anchor = np.asarray(anchor, dtype=np.float64).reshape(-1)
        basis = np.stack([np.ravel(d1), np.ravel(d2)], axis=1).astype(np.float64)
        self._solve = np.linalg.pinv(basis)  # (2, P): least squares on [d1 d2]

    def points(self, rows: np.ndarray) -> np.ndarray:
        """``(k, P)`` points -> ``(k, 2)`` coordinates."""
        return (np.asarray(rows, dtype=np.float64) - self.anchor) @ self._solve.T

    def vectors(self, rows: np.ndarray) -> np.ndarray:
        """``(k, P)`` vectors (gradients) -> ``(k, 2)`` coordinates, without the anchor."""
        return np.asarray(rows, dtype=np.float64) @ self._solve.T


def plane_projector(plane: PlaneLike) -> Projector:
    def flat(t: torch.Tensor) -> np.ndarray:
        return t.detach().to(torch.float64).reshape(-1).numpy()

    return Projector(flat(plane.anchor), flat(plane.d1), flat(plane.d2))


def axes_projector(start: np.ndarray) -> Projector:
    """The default plane: anchored at the start, along the first two parameters."""
    size = len(start)
    d1, d2 = np.zeros(size), np.zeros(size)
    d1[0] = d2[1] = 1.0
    return Projector(start, d1, d2)
