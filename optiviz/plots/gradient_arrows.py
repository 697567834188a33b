"""A stochastic run's two gradients on the surface, so the noise shows as an angle.

At the point where the shown step's gradients were computed (the point before that step), two
arrows point the way a step goes, minus the gradient: the one the optimizer used (a batch's,
or the true gradient plus added noise) and the whole data's (or the true one). Both share one
scale, which makes the longer span :data:`ARROW_SHARE` of the view, so their lengths keep their
ratio; a label gives the angle between them in degrees.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF

from optiviz.engine.problems.library import Box
from optiviz.engine.worker.session_state import RunState
from optiviz.plots.i18n import fill, tr

#: The longer arrow spans this share of the view (measured in the view's own proportions).
ARROW_SHARE = 0.2
#: Colours: the gradient the optimizer used, and the whole data's (or the true) gradient.
USED_COLOR = "#00e5ff"
FULL_COLOR = "#ffffff"
OUTLINE = "#000000"


def gradient_angle(a: np.ndarray, b: np.ndarray) -> float:
    """The angle between two vectors in degrees (0 to 180); NaN if either is zero."""
    na, nb = float(np.hypot(*a)), float(np.hypot(*b))
    if not (na > 0 and nb > 0) or not (math.isfinite(na) and math.isfinite(nb)):
        return math.nan
    cosine = float(np.dot(a, b)) / (na * nb)
    return math.degrees(math.acos(min(1.0, max(-1.0, cosine))))


def arrow_names(run: RunState) -> tuple[str, str]:
    """What the two arrows are called: a batch against the whole data, or, for a problem
    without data, the added noise against the true gradient (never called a batch)."""
    config = run.config
    if not config.zero_grad and config.batch_size is None and not config.grad_noise:
        return tr("accumulated .grad"), tr("own gradient")  # forgetting zero_grad
    if config.batch_size is None:
        return tr("noisy gradient"), tr("true gradient")
    return tr("batch gradient"), tr("full-data gradient")


def tooltip(names: tuple[str, str]) -> str:
    used, full = names
    return fill(
        tr(
            "The angle between the %1 and the %2.\n"
            "Arrows: minus the %1 (the step's direction) and minus the %2, from the point where "
            "the shown step computed them.\n"
            "The longer arrow spans %3 of the view; both share its scale, so their lengths keep "
            "their ratio."
        ),
        used,
        full,
        f"{ARROW_SHARE:.0%}",
    )


def inside_anchor(
    vb: pg.ViewBox, label: pg.TextItem, at: np.ndarray, anchor: tuple[float, float]
) -> tuple[float, float]:
    """``anchor`` for ``label`` at ``at`` (data units), flipped along an axis where the label
    would leave the view (a point near the view's edge)."""
    where = vb.mapViewToScene(QPointF(float(at[0]), float(at[1])))
    size = label.textItem.boundingRect()
    view = vb.sceneBoundingRect()
    ax, ay = anchor
    left = where.x() - ax * size.width()
    if left < view.left():
        ax = 0.0
    elif left + size.width() > view.right():
        ax = 1.0
    top = where.y() - ay * size.height()
    if top < view.top():
        ay = 0.0
    elif top + size.height() > view.bottom():
        ay = 1.0
    return ax, ay


def nudge(vb: pg.ViewBox, label: pg.TextItem, placed: Sequence[pg.TextItem]) -> None:
    """Move ``label`` down (or up, past the view's bottom) until it overlaps none of
    ``placed``: arrows a few degrees apart put their names on one another."""
    rect = label.sceneBoundingRect()
    others = [other.sceneBoundingRect() for other in placed]
    view = vb.sceneBoundingRect()
    shift = 0.0
    for direction in (1.0, -1.0):
        shift = 0.0
        while any(rect.translated(0, shift).intersects(o) for o in others):
            blocking = [o for o in others if rect.translated(0, shift).intersects(o)]
            if direction > 0:
                shift = max(o.bottom() for o in blocking) - rect.top() + 2
            else:
                shift = min(o.top() for o in blocking) - rect.bottom() - 2
        moved = rect.translated(0, shift)
        if view.top() <= moved.top() and moved.bottom() <= view.bottom():
            break
    if shift:
        where = vb.mapViewToScene(label.pos())
        at = vb.mapSceneToView(QPointF(where.x(), where.y() + shift))
        label.setPos(at.x(), at.y())


class _Arrow:
    """A line from the point, a head at its tip and a short name beyond it."""

    def __init__(self, plot: pg.PlotItem, color: str, z: float) -> None:
        self.line = pg.PlotDataItem(
            pen=pg.mkPen(color, width=2.5), shadowPen=pg.mkPen(OUTLINE, width=5), antialias=True
        )
        self.head = pg.ArrowItem(
            headLen=14, tipAngle=38, tailLen=0, brush=color, pen=pg.mkPen(OUTLINE)
        )
        self.name = pg.TextItem("", color=color, fill="#000000a0")
        self.items = (self.line, self.head, self.name)
        for item in self.items:
            item.setZValue(z)
            item.setVisible(False)
            plot.addItem(item, ignoreBounds=True)
        self.tip = np.zeros(2)
        self.direction = np.zeros(2)

    def draw(self, origin: np.ndarray, vector: np.ndarray, name: str) -> None:
        self.tip = origin + vector
        self.direction = vector
        self.line.setData([origin[0], self.tip[0]], [origin[1], self.tip[1]])
        self.head.setPos(float(self.tip[0]), float(self.tip[1]))
        self.name.setText(name)
        self.name.setPos(float(self.tip[0]), float(self.tip[1]))

    def set_visible(self, on: bool) -> None:
        for item in self.items:
            item.setVisible(on)


class GradientArrows:
    """The two gradient arrows and the angle between them, on one plot (the surface)."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.plot = plot
        self.used = _Arrow(plot, USED_COLOR, 33)
        self.full = _Arrow(plot, FULL_COLOR, 32)
        self.angle_label = pg.TextItem("", color=FULL_COLOR, anchor=(1.0, 1.0), fill="#000000b0")
        self.angle_label.setZValue(36)
        self.angle_label.setVisible(False)
        plot.addItem(self.angle_label, ignoreBounds=True)
        #: The run drawn, its step (1-based) and the angle; None when nothing is shown.
        self.run_id: int | None = None
        self.step: int | None = None
        self.angle = math.nan
        vb = plot.getViewBox()
        vb.sigResized.connect(self._orient)
        vb.sigRangeChanged.connect(self._orient)

    def hide(self) -> None:
        self.run_id = self.step = None
        self.angle = math.nan
        for item in (*self.used.items, *self.full.items, self.angle_label):
            item.setVisible(False)

    def show(self, runs: Sequence[RunState], epoch: int | None, view: Box) -> None:
        """Draw the first shown stochastic run's gradients of the step that led to the shown
        position (``epoch``, a step count; None: the latest)."""
        run = next((r for r in runs if r.visible and r.history.full_grad is not None), None)
        history = run.history if run is not None else None
        n = len(history) if history is not None else 0
        k = n if epoch is None else min(max(int(epoch), 0), n)
        if run is None or history is None or k == 0:
            self.hide()
            return
        full_grads = history.full_grad
        assert full_grads is not None  # chosen for it above
        used, full = -history.grad[k - 1], -full_grads[k - 1]
        origin = history.params_at(k - 1)
        (x0, x1), (y0, y1) = view
        spans = np.array([x1 - x0, y1 - y0])
        inside = x0 <= origin[0] <= x1 and y0 <= origin[1] <= y1
        reach = max(float(np.hypot(*(used / spans))), float(np.hypot(*(full / spans))))
        finite = np.isfinite(used).all() and np.isfinite(full).all()
        if not (inside and finite and reach > 0):
            self.hide()
            return
        scale = ARROW_SHARE / reach
        names = arrow_names(run)
        self.used.draw(origin, used * scale, names[0])
        self.full.draw(origin, full * scale, names[1])
        self.used.set_visible(bool(np.any(used)))
        self.full.set_visible(bool(np.any(full)))
        self.angle = gradient_angle(used, full)
        self.angle_label.setText(fill(tr("angle: %1°"), format(self.angle, ".1f")))
        self.angle_label.setToolTip(tooltip(names))
        self.angle_label.setPos(float(origin[0]), float(origin[1]))
        self.angle_label.setVisible(True)
        self.run_id, self.step = run.id, k
        self._orient()

    def _orient(self, *_args) -> None:
        """Point the heads along their lines on screen (the view's x and y scales differ) and
        put each name beyond its tip."""
        vb = self.plot.getViewBox()
        (x0, x1), (y0, y1) = vb.viewRange()
        px = vb.width() / (x1 - x0) if x1 != x0 else 1.0
        py = vb.height() / (y1 - y0) if y1 != y0 else 1.0
        for arrow in (self.used, self.full):
            sx, sy = float(arrow.direction[0]) * px, -float(arrow.direction[1]) * py
            norm = math.hypot(sx, sy)
            if not norm:
                continue
            arrow.head.setStyle(angle=math.degrees(math.atan2(-sy, -sx)))
            anchor = (0.5 - 0.6 * sx / norm, 0.5 - 0.6 * sy / norm)
            arrow.name.setAnchor(inside_anchor(vb, arrow.name, arrow.tip, anchor))
            arrow.name.setPos(float(arrow.tip[0]), float(arrow.tip[1]))
        # the angle's label sits above or below the point, away from both arrows, and
        # towards the middle of the view, so it is never cut by the view's edge
        sy = float(self.used.direction[1] + self.full.direction[1]) * py
        x, y = self._origin()
        self.angle_label.setAnchor((1.0 if x > (x0 + x1) / 2 else 0.0, 0.0 if sy > 0 else 1.0))
        self.angle_label.setPos(x, y)
        placed = [self.used.name] if self.used.name.isVisible() else []
        for label in (self.full.name, self.angle_label):
            if label.isVisible():
                nudge(vb, label, placed)
                placed.append(label)

    def _origin(self) -> tuple[float, float]:
        tip, direction = self.used.tip, self.used.direction
        return float(tip[0] - direction[0]), float(tip[1] - direction[1])
