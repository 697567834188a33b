"""The optimizer's vectors drawn on the surface pane at the run's current point.

Directions are arrows (a line, a head and a short label at the tip, nudged so that labels
never overlap). The gradient, the momentum and the first moment are in gradient units and
share one scale; the update Δ, a displacement in the plane from the point before the step to
the point after it, has its own. Each is drawn at its true length (in the surface's units)
when that fits the view, else by one round factor
(:func:`~optiviz.engine.explain.vectors.display_scale`) that is kept while the arrows still
fit: an arrow shrinks as its run converges. A note in the view's corner says the factors once
("arrows ×0.01"). The per-coordinate step size is drawn as an axis-aligned ellipse whose two
half-axes are proportional to the step of each coordinate, with a label giving the numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF

from optiviz.engine.explain.vectors import DIRECTION, Vector, display_scale
from optiviz.engine.problems.library import Box
from optiviz.plots.base import format_value
from optiviz.plots.i18n import QT_TR_NOOP, fill, tr

#: Fraction of the domain's shorter side that the longer step-size half-axis spans.
STEP_FRACTION = 0.12
#: Pixels between the scale note and the view's corner, and between nudged labels.
NOTE_MARGIN = 8.0
LABEL_GAP = 2.0
#: What the scale note calls each group of arrows.
GROUP_NAMES = {"gradient": QT_TR_NOOP("arrows"), "update": "Δ"}


@dataclass(frozen=True)
class VectorStyle:
    name: str
    short: str  # the label drawn at the tip (marked for tr(), translated where shown)
    menu: str  # the toggle's text (likewise)
    color: str
    group: str  # vectors of one group share a scale


STYLES = (
    VectorStyle("neg_grad", "−∇L", QT_TR_NOOP("Negative gradient −∇L"), "#00e5ff", "gradient"),
    VectorStyle("update", "Δ", QT_TR_NOOP("Update Δ"), "#ff3df2", "update"),
    VectorStyle("momentum", "−mom", QT_TR_NOOP("Momentum buffer"), "#ffe14d", "gradient"),
    VectorStyle("first_moment", "−m", QT_TR_NOOP("First moment m (Adam)"), "#ffe14d", "gradient"),
    VectorStyle(
        "step_size",
        QT_TR_NOOP("step size"),
        QT_TR_NOOP("Effective step size per coordinate"),
        "#ffffff",
        "size",
    ),
)
STYLE = {s.name: s for s in STYLES}
OUTLINE = "#000000"


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
        self.label = pg.TextItem(tr(style.short), color=style.color, fill="#000000a0")
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
        self.label.setText(
            fill(
                tr("step size\n%1: %2\n%3: %4"),
                a,
                format(values[0], ".3g"),
                b,
                format(values[1], ".3g"),
            )
        )
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
        #: Each group's factor, kept from frame to frame while its arrows fit (see module).
        self.factors: dict[str, float] = {}
        self._domain: Box | None = None
        vb = plot.getViewBox()
        self.note = pg.TextItem("", color="#ffffff", anchor=(0, 1), fill="#000000a0")
        self.note.setParentItem(vb)  # in the view's pixels, not in data units
        self.note.setZValue(40)
        self.note.setVisible(False)
        #: Where each shown label sits on screen (scene pixels), after nudging.
        self.label_rects: dict[str, QRectF] = {}
        vb.sigResized.connect(self._orient)
        vb.sigRangeChanged.connect(self._orient)

    def set_enabled(self, name: str, on: bool) -> None:
        if on:
            self.enabled.add(name)
        else:
            self.enabled.discard(name)

    def show(self, vectors: dict[str, Vector] | None, domain: Box, names: tuple[str, str]) -> None:
        """Draw the enabled ``vectors`` (None or {}: draw nothing)."""
        vectors = {k: v for k, v in (vectors or {}).items() if k in self.enabled}
        vectors = {k: v for k, v in vectors.items() if np.all(np.isfinite(v.components))}
        if domain != self._domain:  # another problem: its own scales
            self._domain = domain
            self.factors = {}
        self.drawn = vectors
        self.scales = {}
        groups: dict[str, dict[str, Vector]] = {}
        for name, vector in vectors.items():
            if vector.kind == DIRECTION and name in STYLE:
                groups.setdefault(STYLE[name].group, {})[name] = vector
        for key, group in groups.items():
            scale = display_scale(group, domain, self.factors.get(key))
            self.factors[key] = scale
            for name in group:
                self.scales[name] = scale
        for name, arrow in self.arrows.items():
            vector = vectors.get(name)
            if vector is None or not np.any(vector.components):
                arrow.set_visible(False)
                continue
            origin = vector.origin
            arrow.draw(origin, origin + self.scales[name] * vector.components)
            arrow.set_visible(True)
        size = vectors.get("step_size")
        if size is not None and np.any(size.components):
            self.step_size.draw(size, domain, names)
            self.step_size.set_visible(True)
        else:
            self.step_size.set_visible(False)
        self._set_note(groups)
        self._orient()

    def _set_note(self, groups: dict[str, dict[str, Vector]]) -> None:
        """Say each group's factor once, in the view's bottom-left corner (true length: none)."""
        parts = [
            f"{tr(GROUP_NAMES[key])} ×{format_value(self.factors[key])}"
            for key in ("gradient", "update")
            if key in groups and self.factors[key] != 1.0
        ]
        self.note.setText("   ".join(parts))
        self.note.setVisible(bool(parts))

    def hide(self) -> None:
        self.drawn = {}
        for arrow in self.arrows.values():
            arrow.set_visible(False)
        self.step_size.set_visible(False)
        self.note.setVisible(False)
        self.label_rects = {}

    def _orient(self, *_args) -> None:
        """Point each head along its line on screen (the view's x and y scales differ), put
        each label beyond its tip, nudged down until it overlaps no other label."""
        vb = self.plot.getViewBox()
        self.note.setPos(NOTE_MARGIN, vb.height() - NOTE_MARGIN)
        (x0, x1), (y0, y1) = vb.viewRange()
        px = vb.width() / (x1 - x0) if x1 != x0 else 1.0
        py = vb.height() / (y1 - y0) if y1 != y0 else 1.0
        placed: dict[str, QRectF] = {}
        for name, arrow in self.arrows.items():
            dx, dy = arrow.direction
            sx, sy = dx * px, -dy * py  # on screen, y grows downwards
            if not (sx or sy):
                continue
            arrow.head.setStyle(angle=math.degrees(math.atan2(-sy, -sx)))
            # the label sits beyond the tip, so it never covers the arrow or the point
            norm = math.hypot(sx, sy)
            anchor = (0.5 - 0.6 * sx / norm, 0.5 - 0.6 * sy / norm)
            arrow.label.setAnchor(anchor)
            if not arrow.line.isVisible():
                continue
            tip = vb.mapViewToScene(QPointF(*arrow.tip))
            size = arrow.label.textItem.boundingRect()
            rect = QRectF(
                tip.x() - anchor[0] * size.width(),
                tip.y() - anchor[1] * size.height(),
                size.width(),
                size.height(),
            )
            shift = 0.0
            while any(rect.translated(0, shift).intersects(r) for r in placed.values()):
                shift += size.height() + LABEL_GAP
            placed[name] = rect.translated(0, shift)
            where = vb.mapSceneToView(QPointF(tip.x(), tip.y() + shift))
            arrow.label.setPos(where.x(), where.y())
        self.label_rects = placed
