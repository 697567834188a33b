"""The loss surface on a grid over the two parameters, ready to colour and to contour.

``a`` and ``b`` are the centres of ``resolution`` equal cells across the domain, so an image
of ``z`` placed on the domain's rectangle puts every value over its own point. ``z`` has shape
``(len(b), len(a))``: row ``j`` is ``b[j]``, column ``i`` is ``a[i]`` (row-major image order).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from optiviz.engine.problems.library import Box, Problem

#: How many decades below the largest value the log colouring reaches at most.
_DECADES = 7.0


@dataclass(frozen=True)
class SurfaceGrid:
    """The loss on a grid and the same values in colour units."""

    a: np.ndarray  # (n,) first parameter, cell centres
    b: np.ndarray  # (n,) second parameter, cell centres
    z: np.ndarray  # (len(b), len(a)) loss, non-finite values kept as computed
    z_display: np.ndarray  # same shape, finite: log10(loss - floor + eps) when log, else loss
    levels: np.ndarray  # contour levels in display units, ascending
    color_range: tuple[float, float]  # display values mapped to the colour map's ends
    domain: Box
    log: bool
    floor: float  # the loss subtracted before the log (the grid's smallest loss)
    eps: float  # added before the log so the smallest cell stays finite
    label: str  # what the display units are, for a colour bar

    def to_display(self, loss: np.ndarray | float) -> np.ndarray:
        """Convert loss values to display units (for marking a loss on the colour bar)."""
        values = np.asarray(loss, dtype=np.float64)
        if not self.log:
            return values
        return np.log10(np.maximum(values - self.floor, 0.0) + self.eps)


def cell_centres(lo: float, hi: float, n: int) -> np.ndarray:
    return lo + (np.arange(n, dtype=np.float64) + 0.5) * ((hi - lo) / n)


def surface_grid(problem: Problem, resolution: int = 160, domain: Box | None = None) -> SurfaceGrid:
    """Evaluate ``problem`` on a ``resolution`` x ``resolution`` grid over ``domain``.

    The colour units are ``log10(loss - min + eps)`` when ``problem.log_surface`` (the basin
    stays readable over many decades), otherwise the loss itself. ``eps`` is ``1e-7`` of the
    grid's loss range, so the display spans at most about seven decades.
    """
    n = max(int(resolution), 2)
    box = domain or problem.domain
    (a_lo, a_hi), (b_lo, b_hi) = box
    a = cell_centres(float(a_lo), float(a_hi), n)
    b = cell_centres(float(b_lo), float(b_hi), n)
    aa, bb = np.meshgrid(a, b)  # (len(b), len(a))
    z = np.asarray(problem.grid(aa, bb), dtype=np.float64).reshape(len(b), len(a))
    return colour_grid(a, b, z, box, bool(problem.log_surface))


def colour_grid(a: np.ndarray, b: np.ndarray, z: np.ndarray, domain: Box, log: bool) -> SurfaceGrid:
    """Colour and contour a loss ``z`` of shape ``(len(b), len(a))`` given at ``a`` and ``b``
    (the problem's own grid, or a network's landscape plane) over ``domain``."""
    (a_lo, a_hi), (b_lo, b_hi) = domain
    z = np.asarray(z, dtype=np.float64).reshape(len(b), len(a))
    finite = np.isfinite(z)
    if finite.any():
        lo, hi = float(z[finite].min()), float(z[finite].max())
    else:
        lo, hi = 0.0, 1.0
    if log:
        span = hi - lo
        eps = span * 10.0**-_DECADES if span > 0 else 1.0
        shown = np.log10(np.where(finite, z, hi) - lo + eps)
        label = "log₁₀(loss − min)"
        floor = lo
    else:
        eps, floor = 0.0, 0.0
        shown = np.where(finite, z, hi)
        label = "loss"
    shown = np.nan_to_num(shown, nan=0.0, posinf=0.0, neginf=0.0)
    # A percentile, not the minimum: the one cell nearest a minimum sits decades below the rest.
    c_lo = float(np.percentile(shown, 0.5)) if log else float(shown.min())
    c_hi = float(shown.max())
    if c_hi <= c_lo:
        c_hi = c_lo + 1.0
    levels = _levels(shown, log)
    return SurfaceGrid(
        a=np.asarray(a, dtype=np.float64),
        b=np.asarray(b, dtype=np.float64),
        z=z,
        z_display=shown,
        levels=levels,
        color_range=(c_lo, c_hi),
        domain=((float(a_lo), float(a_hi)), (float(b_lo), float(b_hi))),
        log=log,
        floor=floor,
        eps=eps,
        label=label,
    )


def _levels(shown: np.ndarray, log: bool, count: int = 12) -> np.ndarray:
    """About ``count`` contour levels evenly spaced in display units, inside the values."""
    lo, hi = np.percentile(shown, [0.5 if log else 1.0, 99.5])
    if hi <= lo:
        return np.array([float(lo)])
    step = (hi - lo) / (count + 1)
    return lo + step * np.arange(1, count + 1)
