"""How close each guess came: the distance to the reached point and the rank it earns."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Score:
    """One guess's result: its distance (parameter units) and rank (1 = closest; ties share)."""

    label: str
    distance: float
    rank: int


def distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The straight distance between two points of the surface, in the parameters' units;
    infinite when either point is not finite (a diverged run)."""
    dx, dy = a[0] - b[0], a[1] - b[1]
    if not (math.isfinite(dx) and math.isfinite(dy)):
        return math.inf
    return math.hypot(dx, dy)


def score(guesses: Sequence[tuple[str, float, float]], reached: tuple[float, float]) -> list[Score]:
    """Each guess's score, in the guesses' order. Equal distances share a rank ("1, 1, 3")."""
    distances = [distance((x, y), reached) for _label, x, y in guesses]
    return [
        Score(label, d, 1 + sum(other < d for other in distances))
        for (label, _x, _y), d in zip(guesses, distances, strict=True)
    ]
