"""The stability guide of a quadratic loss: eigen-axes on the surface, κ and lr limit in words.

The numbers are :mod:`optiviz.engine.explain.stability`'s; this module only draws and words them.
The
limit applies to SGD (heavy-ball momentum included); for other optimizers it is shown as a
reference without a warning.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from optiviz.app.warning_look import set_warning_look
from optiviz.engine.explain.stability import StabilityGuide, check_lr
from optiviz.engine.problems.library import Box, Problem
from optiviz.engine.runs.config import RunConfig
from optiviz.plots.i18n import fill, tr

AXIS_COLOR = "#ffffffc0"


def sgd_momentum(config: RunConfig) -> float | None:
    """SGD's heavy-ball β, or None when the limit does not describe this optimizer."""
    if config.optimizer != "SGD":
        return None
    hyper = config.hyper
    if hyper.get("nesterov") or float(hyper.get("dampening", 0.0) or 0.0) != 0.0:
        return None
    return float(hyper.get("momentum", 0.0) or 0.0)


def stability_text(guide: StabilityGuide, config: RunConfig) -> tuple[str, bool, str]:
    """(one line, warn?, tooltip) for ``config``'s lr against ``guide``."""
    kappa = guide.condition_number
    kappa_text = f"κ = {kappa:.3g}" if math.isfinite(kappa) else "κ = ∞"
    lam_min, lam_max = (float(v) for v in guide.eigenvalues)
    tip = fill(
        tr(
            "The Hessian's eigenvalues are λ₁ = %1 and λ₂ = %2; their ratio is the condition "
            "number κ. Gradient descent multiplies the distance to the minimum along each "
            "eigen-axis by (1 − lr·λ) per step, so it converges only while lr < 2/λ_max "
            "(2(1 + β)/λ_max with momentum β). A negative λ (a saddle) leaves no stable lr: "
            "along its axis every step moves further away."
        ),
        f"{lam_min:.4g}",
        f"{lam_max:.4g}",
    )
    beta = sgd_momentum(config)
    if guide.negative_curvature:
        where = f"λ_min = {lam_min:.3g} < 0"
        if beta is None:
            line = fill(tr("%1: plain SGD diverges at every lr"), where)
            return f"{kappa_text}\n{line}", False, tip
        check = check_lr(guide, float(config.lr), beta)
        line = fill(tr("⚠ %1: SGD diverges at every lr (no stable range)"), where)
        return f"{kappa_text}\n{line}", True, f"{check.message}\n\n{tip}"
    if beta is None:
        limit = guide.limit(0.0)
        line = fill(tr("plain SGD would need lr < %1"), f"{limit:.3g}")
        return f"{kappa_text}\n{line}", False, tip
    limit = guide.limit(beta)
    formula = "2(1+β)/λ_max" if beta else "2/λ_max"
    check = check_lr(guide, float(config.lr), beta)
    if check.crosses:
        lr = f"{config.lr:g}"
        line = fill(tr("⚠ lr %1 > %2 = %3: SGD diverges"), lr, f"{limit:.3g}", formula)
        return f"{kappa_text}\n{line}", True, f"{check.message}\n\n{tip}"
    line = fill(tr("SGD is stable for lr < %1 = %2"), f"{limit:.3g}", formula)
    return f"{kappa_text}\n{line}", False, tip


class StabilityLabel(QLabel):
    """One line under the lr control; red while the lr crosses the limit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)  # never wider than the controls' column
        self.warning = False
        self.setVisible(False)

    def show_guide(self, guide: StabilityGuide | None, config: RunConfig) -> None:
        if guide is None:
            self.warning = False
            self.setVisible(False)
            return
        text, warn, tip = stability_text(guide, config)
        self.warning = warn
        self.setText(text)
        self.setToolTip(tip)
        set_warning_look(self, warn)
        self.setVisible(True)


def _reach(point: np.ndarray, direction: np.ndarray, domain: Box) -> float:
    """How far (in units of ``direction``) one can go from ``point`` and stay in ``domain``."""
    t = math.inf
    for k, (lo, hi) in enumerate(domain):
        d = float(direction[k])
        if d > 0:
            t = min(t, (hi - point[k]) / d)
        elif d < 0:
            t = min(t, (lo - point[k]) / d)
    return max(0.0, t) if math.isfinite(t) else 0.0


class EigenAxes:
    """Two lines through the minimum along the Hessian's eigenvectors, labelled λ₁ and λ₂."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.lines = []
        self.labels = []
        for _ in range(2):
            line = pg.PlotDataItem(pen=pg.mkPen(AXIS_COLOR, width=1.5, style=Qt.PenStyle.DashLine))
            label = pg.TextItem("", color=AXIS_COLOR, anchor=(0.5, 1.0), fill="#00000080")
            for item, z in ((line, 8), (label, 9)):
                item.setZValue(z)
                item.setVisible(False)
                plot.addItem(item, ignoreBounds=True)
            self.lines.append(line)
            self.labels.append(label)

    def show(self, guide: StabilityGuide | None, problem: Problem) -> None:
        if guide is None or not problem.minima:
            self.hide()
            return
        centre = np.asarray(problem.minima[0], dtype=np.float64)
        (x0, x1), (y0, y1) = problem.domain
        far = math.hypot(x1 - x0, y1 - y0)
        for i in range(2):
            v = guide.eigenvectors[:, i] / np.linalg.norm(guide.eigenvectors[:, i])
            a, b = centre - far * v, centre + far * v
            self.lines[i].setData([a[0], b[0]], [a[1], b[1]])
            ahead, behind = _reach(centre, v, problem.domain), _reach(centre, -v, problem.domain)
            sign = 1.0 if ahead >= behind else -1.0
            t = 0.6 * _reach(centre, sign * v, problem.domain)
            where = centre + sign * t * v
            self.labels[i].setText(f"λ{'₁₂'[i]} = {float(guide.eigenvalues[i]):.3g}")
            self.labels[i].setPos(float(where[0]), float(where[1]))
            self.lines[i].setVisible(True)
            self.labels[i].setVisible(True)

    def hide(self) -> None:
        for item in (*self.lines, *self.labels):
            item.setVisible(False)
