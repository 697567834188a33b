"""A plane through parameter space: theta(a, b) = anchor + a * d1 + b * d2."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

KINDS = ("axes", "random", "pca")


@dataclass(frozen=True, eq=False)  # tensors have no single truth value: identity equality
class Plane:
    anchor: torch.Tensor  # (P,) float32: theta0
    d1: torch.Tensor  # (P,)
    d2: torch.Tensor  # (P,)
    kind: str  # "axes" | "random" | "pca"
    explained: tuple[float, float] | None = None  # pca: fraction of the path's variance

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"plane kind {self.kind!r} is not one of {KINDS}")
        shape = self.anchor.shape
        if len(shape) != 1 or self.d1.shape != shape or self.d2.shape != shape:
            raise ValueError(
                f"anchor, d1 and d2 must be vectors of one length, got "
                f"{tuple(shape)}, {tuple(self.d1.shape)}, {tuple(self.d2.shape)}"
            )

    @property
    def size(self) -> int:
        """P, the number of parameters."""
        return int(self.anchor.shape[0])

    def basis(self) -> torch.Tensor:
        """(2, P): the directions as rows."""
        return torch.stack([self.d1, self.d2])

    def project(self, points: torch.Tensor) -> np.ndarray:
        """(k, P) -> (k, 2): the plane coordinates of the points nearest each point.

        Least squares on [d1 d2], so exact for orthonormal (pca) directions and right for any
        two independent ones (filter-normalised random directions are not orthogonal).
        """
        if points.ndim == 1:
            points = points.reshape(1, -1)
        basis = self.basis().to(points.dtype)
        rhs = ((points - self.anchor.to(points.dtype)) @ basis.T).double()  # (k, 2)
        gram = (basis.double() @ basis.double().T).numpy()
        return np.linalg.solve(gram, rhs.numpy().T).T

    def point(self, alpha: float, beta: float) -> torch.Tensor:
        """The parameters at plane coordinates (alpha, beta)."""
        return self.anchor + alpha * self.d1 + beta * self.d2

    def points(self, coords: torch.Tensor) -> torch.Tensor:
        """(k, 2) plane coordinates -> (k, P) parameters."""
        return self.anchor + coords.to(self.anchor.dtype) @ self.basis()


def axes_plane(anchor: torch.Tensor) -> Plane:
    """The plane of a 2-parameter problem: its own axes, so plane coordinates are offsets of the
    two parameters from ``anchor``."""
    anchor = torch.as_tensor(anchor, dtype=torch.float32).reshape(-1)
    if anchor.shape[0] != 2:
        raise ValueError(f"an axes plane needs 2 parameters, got {anchor.shape[0]}")
    eye = torch.eye(2, dtype=torch.float32)
    return Plane(anchor=anchor.clone(), d1=eye[0].clone(), d2=eye[1].clone(), kind="axes")
