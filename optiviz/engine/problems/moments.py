"""The linear fit's loss surface from sufficient statistics, at a cost that ignores the points.

``mean((w*x + b - y)**2)`` over N points is a quadratic in ``(w, b)``; a handful of moments of
the data give it exactly, so a 160 x 160 grid costs the same for 11 points as for a million.

Expanded naively (``w²Σx² + 2wbΣx + ... + Σy²``) the sum cancels catastrophically near the
minimum of data far from the origin (``y ≈ 1e6 + noise``). Here the data are centred on their
means and the slope is measured from the least-squares slope ``w0``, so every term is small
where the loss is small: with ``r = (y - ȳ) - w0 (x - x̄)`` (the best line's residuals),
``dw = w - w0`` and ``c = w x̄ + b - ȳ``, a point's error is ``dw·xc - r + c`` and

    loss = dw²·Sxx + Srr + c² - 2 dw·Sxr + 2c·(dw·m_xc - m_r)

where ``S`` are means of products and ``m`` means of the centred columns (≈ 0, kept exact).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch


@dataclass(frozen=True)
class LinearMoments:
    """What the mean squared error of a line over some points depends on (float64)."""

    count: int
    x_mean: float
    y_mean: float
    w0: float  # the expansion slope: the least-squares slope of the centred data
    sxx: float  # mean(xc²)
    srr: float  # mean(r²), the best line's loss
    sxr: float  # mean(xc·r), ≈ 0
    m_xc: float  # mean(xc), ≈ 0
    m_r: float  # mean(r), ≈ 0

    @classmethod
    def of(cls, x: np.ndarray, y: np.ndarray) -> LinearMoments:
        """The moments of points ``x``, ``y`` (float64 arrays of one length)."""
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        x_mean, y_mean = float(x.mean()), float(y.mean())
        xc = x - x_mean
        yc = y - y_mean
        sxx = float(np.mean(xc * xc))
        w0 = float(np.mean(xc * yc)) / sxx if sxx > 0 else 0.0
        r = yc - w0 * xc
        return cls(
            count=len(x),
            x_mean=x_mean,
            y_mean=y_mean,
            w0=w0,
            sxx=sxx,
            srr=float(np.mean(r * r)),
            sxr=float(np.mean(xc * r)),
            m_xc=float(xc.mean()),
            m_r=float(r.mean()),
        )

    def gradient(self, w: float, b: float) -> tuple[float, float]:
        """``(∂loss/∂w, ∂loss/∂b)`` at one point, from the same expansion as :meth:`loss`."""
        dw = w - self.w0
        c = w * self.x_mean + b - self.y_mean
        tilt = dw * self.m_xc - self.m_r
        d_dw = 2.0 * dw * self.sxx - 2.0 * self.sxr + 2.0 * c * self.m_xc
        d_dc = 2.0 * c + 2.0 * tilt
        return d_dw + d_dc * self.x_mean, d_dc

    def loss(self, w: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        """``mean((w*x + b - y)**2)`` on broadcastable ``w``, ``b`` (float64, autograd-safe)."""
        w = torch.as_tensor(w).to(torch.float64)
        b = torch.as_tensor(b).to(torch.float64)
        dw = w - self.w0
        c = w * self.x_mean + b - self.y_mean
        return (
            dw * dw * self.sxx
            + self.srr
            + c * c
            - 2.0 * dw * self.sxr
            + 2.0 * c * (dw * self.m_xc - self.m_r)
        )
