"""The optimizer's vectors drawn on the surface pane at the run's current point.

Directions are arrows (a line, a head and a short label at the tip). The gradient, the
momentum and the first moment are in gradient units and share one scale
(:func:`~optiviz.engine.explain.vectors.display_scale`). The update Δ is a displacement in the
plane:
it is drawn at its true length, from the point before the step to the point after it, unless
that is too short to see; then it is magnified and its label says by how much. The
per-coordinate step size is drawn as an axis-aligned ellipse whose two half-axes are
proportional to the step of each coordinate, with a label giving the numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg

from optiviz.engine.explain.vectors import DIRECTION, Vector, display_scale
from optiviz.engine.problems.library import Box

#: Fraction of the domain's shorter side that the longer step-size half-axis spans.
STEP_FRACTION = 0.12
#: An update shorter than this fraction of the domain's shorter side is magnified to it.
MIN_UPDATE_FRACTION = 0.06


@dataclass(frozen=True)
class VectorStyle:
    name: str
    short: str  # the label drawn at the tip
    menu: str  # the toggle's text
    color: str
    group: str  # vectors of one group share a scale


STYLES = (
    VectorStyle("neg_grad", "−∇L", "Negative gradient −∇L", "#00e5ff", "gradient"),
    VectorStyle("update", "Δ", "Update Δ", "#ff3df2", "update"),
    VectorStyle("momentum", "−mom", "Momentum buffer", "#ffe14d", "gradient"),
    VectorStyle("first_moment", "−m", "First moment m (Adam)", "#ffe14d", "gradient"),
    VectorStyle("step_size", "step size", "Effective step size per coordinate", "#ffffff", "size"),
)
STYLE = {s.name: s for s in STYLES}
OUTLINE = "#000000"


def update_scale(vectors: dict[str, Vector], domain: Box) -> float:
    """1 (true length) unless the longest update is too short to see; then magnified to it."""
    (x0, x1), (y0, y1) = domain
    shortest_visible = MIN_UPDATE_FRACTION * min(abs(x1 - x0), abs(y1 - y0))
    longest = max((float(np.hypot(*v.components)) for v in vectors.values()), default=0.0)
    if longest <= 0 or longest >= shortest_visible:
        return 1.0
    return float(min(shortest_visible / longest, 1e6))


class _Arrow:
    def __init__(self, plot: pg.PlotItem, style: VectorStyle) -> None:
        self.line = pg.PlotDataItem(
            pen=pg.mkPen(style.color, width=3),
            shadowPen=pg.mkPen(OUTLINE, width=5.5),
            antialias=True,
        )
        self.head = pg.ArrowItem(
            headLen=16, tipAngle=38, tailLen=0, brush=style.color, pen=pg.mkPen(OUTLINE)
        )
        self.label = pg.TextItem(style.short, color=style.color, fill="#000000a0")
        self.items = (self.line, self.head, self.label)
        for z, item in enumerate(self.items):
            item.setZValue(32 + z)  # under the run's point (35), which stays visible
            item.setVisible(False)
            plot.addItem(item, ignoreBounds=True)
        self.tip = (0.0, 0.0)
        self.direction = (0.0, 0.0)

    def draw(self, origin: np.ndarray, tip: np.ndarray) -> None:
        self.line.setData([origin[0], tip[0]], [origin[1], tip[1]])
        self.head.setPos(float(tip[0]), float(tip[1]))
        self.label.setPos(float(tip[0]), float(tip[1]))
        self.tip = (float(tip[0]), float(tip[1]))
        self.direction = (float(tip[0] - origin[0]), float(tip[1] - origin[1]))

    def set_visible(self, on: bool) -> None:
        for item in self.items:
            item.setVisible(on)


class _StepSize:
    def __init__(self, plot: pg.PlotItem, style: VectorStyle) -> None:
        pen = pg.mkPen(style.color, width=2)
        shadow = pg.mkPen(OUTLINE, width=4)
        self.ellipse = pg.PlotDataItem(pen=pen, shadowPen=shadow, antialias=True)
        self.bars = pg.PlotDataItem(pen=pen, shadowPen=shadow, connect="pairs")
        self.label = pg.TextItem("", color=style.color, anchor=(0, 0), fill="#000000a0")
        self.items = (self.ellipse, self.bars, self.label)
        for z, item in enumerate(self.items):
            item.setZValue(31 + z)
            item.setVisible(False)
            plot.addItem(item, ignoreBounds=True)

    def draw(self, vector: Vector, domain: Box, names: tuple[str, str]) -> None:
        (x0, x1), (y0, y1) = domain
        span = min(abs(x1 - x0), abs(y1 - y0))
        values = np.abs(vector.components)
        largest = float(values.max())
        factor = STEP_FRACTION * span / largest if largest > 0 else 0.0
        rx, ry = values * factor
        cx, cy = vector.origin
        t = np.linspace(0.0, 2 * math.pi, 73)
        self.ellipse.setData(cx + rx * np.cos(t), cy + ry * np.sin(t))
        self.bars.setData([cx - rx, cx + rx, cx, cx], [cy, cy, cy - ry, cy + ry])
        a, b = names
        self.label.setText(f"step size\n{a}: {values[0]:.3g}\n{b}: {values[1]:.3g}")
        right = cx > (x0 + x1) / 2  # keep the label on the roomier side of the view
        self.label.setAnchor((1.0, 0.0) if right else (0.0, 0.0))
        self.label.setPos(float(cx - rx if right else cx + rx), float(cy - ry))

    def set_visible(self, on: bool) -> None:
        for item in self.items:
            item.setVisible(on)


class VectorOverlay:
    """Arrows and the step-size ellipse on one plot; :meth:`show` feeds them."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.plot = plot
        self.enabled: set[str] = set()
        self.arrows = {s.name: _Arrow(plot, s) for s in STYLES if s.group != "size"}
        self.step_size = _StepSize(plot, STYLE["step_size"])
        self.drawn: dict[str, Vector] = {}  # what is on screen now, by name
        self.scales: dict[str, float] = {}
        plot.getViewBox().sigResized.connect(self._orient)

    def set_enabled(self, name: str, on: bool) -> None:
        if on:
            self.enabled.add(name)
        else:
            self.enabled.discard(name)

    def show(self, vectors: dict[str, Vector] | None, domain: Box, names: tuple[str, str]) -> None:
        """Draw the enabled ``vectors`` (None or {}: draw nothing)."""
        vectors = {k: v for k, v in (vectors or {}).items() if k in self.enabled}
        vectors = {k: v for k, v in vectors.items() if np.all(np.isfinite(v.components))}
        self.drawn = vectors
        self.scales = {}
        groups: dict[str, dict[str, Vector]] = {}
        for name, vector in vectors.items():
            if vector.kind == DIRECTION and name in STYLE:
                groups.setdefault(STYLE[name].group, {})[name] = vector
        for key, group in groups.items():
            scale = update_scale(group, domain) if key == "update" else display_scale(group, domain)
            for name in group:
                self.scales[name] = scale
        for name, arrow in self.arrows.items():
            vector = vectors.get(name)
            if vector is None or not np.any(vector.components):
                arrow.set_visible(False)
                continue
            origin = vector.origin
            scale = self.scales[name]
            arrow.draw(origin, origin + scale * vector.components)
            short = STYLE[name].short
            arrow.label.setText(
                f"{short} ×{scale:.2g}" if name == "update" and scale != 1 else short
            )
            arrow.set_visible(True)
        size = vectors.get("step_size")
        if size is not None and np.any(size.components):
            self.step_size.draw(size, domain, names)
            self.step_size.set_visible(True)
        else:
            self.step_size.set_visible(False)
        self._orient()

    def hide(self) -> None:
        self.drawn = {}
        for arrow in self.arrows.values():
            arrow.set_visible(False)
        self.step_size.set_visible(False)

    def _orient(self) -> None:
        """Point each head along its line on screen (the view's x and y scales differ)."""
        vb = self.plot.getViewBox()
        (x0, x1), (y0, y1) = vb.viewRange()
        px = vb.width() / (x1 - x0) if x1 != x0 else 1.0
        py = vb.height() / (y1 - y0) if y1 != y0 else 1.0
        for arrow in self.arrows.values():
            dx, dy = arrow.direction
            sx, sy = dx * px, -dy * py  # on screen, y grows downwards
            if sx or sy:
                arrow.head.setStyle(angle=math.degrees(math.atan2(-sy, -sx)))
                # the label sits beyond the tip, so it never covers the arrow or the point
                norm = math.hypot(sx, sy)
                arrow.label.setAnchor((0.5 - 0.6 * sx / norm, 0.5 - 0.6 * sy / norm))
