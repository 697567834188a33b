"""The built-in data sets: short torch functions of ``(n, generator)`` returning ``(x, y)``.

Each is written as a learner would write it, so ``optiviz code`` can print its source into the
plain script. Classification labels alternate (``arange(n) % classes``), so every class has
its share of the points whatever ``n`` is.
"""

from __future__ import annotations

import math

import torch


def circles(n: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Two noisy concentric circles (radius 1 and 0.5); label 1 is the inner one."""
    label = torch.arange(n) % 2
    angle = torch.rand(n, generator=generator) * 2 * math.pi
    radius = 1.0 - 0.5 * label
    x = torch.stack([radius * torch.cos(angle), radius * torch.sin(angle)], dim=1)
    x = x + 0.1 * torch.randn(n, 2, generator=generator)
    return x, label


def xor(n: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Points in the square [-1, 1]^2; label 1 where both coordinates share a sign."""
    x = torch.rand(n, 2, generator=generator) * 2 - 1
    label = (x[:, 0] * x[:, 1] > 0).long()
    return x, label


def spirals(n: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Two interleaved spirals of one and a half turns each."""
    label = torch.arange(n) % 2
    t = torch.rand(n, generator=generator)
    angle = t * 3 * math.pi + label * math.pi
    radius = 0.2 + t
    x = torch.stack([radius * torch.cos(angle), radius * torch.sin(angle)], dim=1)
    x = x + 0.05 * torch.randn(n, 2, generator=generator)
    return x, label


def moons(n: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Two interleaving half circles, the lower one shifted right."""
    label = torch.arange(n) % 2
    angle = torch.rand(n, generator=generator) * math.pi
    upper = torch.stack([torch.cos(angle), torch.sin(angle)], dim=1)
    lower = torch.stack([1 - torch.cos(angle), 0.5 - torch.sin(angle)], dim=1)
    x = torch.where(label[:, None] == 0, upper, lower)
    x = x + 0.1 * torch.randn(n, 2, generator=generator)
    return x, label


def gauss(n: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Three gaussian blobs (std 0.5) around the corners of a triangle: labels 0, 1, 2."""
    label = torch.arange(n) % 3
    angle = label * (2 * math.pi / 3) + math.pi / 2
    centre = 1.5 * torch.stack([torch.cos(angle), torch.sin(angle)], dim=1)
    x = centre + 0.5 * torch.randn(n, 2, generator=generator)
    return x, label


def sine(n: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Regression: x uniform in [-3, 3], y = sin(x) + noise (std 0.1)."""
    x = torch.rand(n, 1, generator=generator) * 6 - 3
    y = torch.sin(x[:, 0]) + 0.1 * torch.randn(n, generator=generator)
    return x, y


GENERATORS = {
    "circles": circles,
    "xor": xor,
    "spirals": spirals,
    "moons": moons,
    "gauss": gauss,
    "sine": sine,
}
#: Classes of each generated set (0: regression).
CLASSES = {"circles": 2, "xor": 2, "spirals": 2, "moons": 2, "gauss": 3, "sine": 0}
