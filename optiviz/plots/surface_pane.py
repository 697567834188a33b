"""Pane (c): the loss surface over the two parameters, with every run's path on it.

The colour image and contours come from :func:`optiviz.engine.problems.surface.surface_grid`. The
view
is locked to the problem's domain: a diverging run never drags it away (its path is clamped a
little outside the view and an arrow on the edge shows where it went). The start point is a
draggable target; a click anywhere on the surface moves it too. Either emits ``startMoved``.

A network session has no surface of its own: the pane shows the worker's landscape, a plane
through parameter space (:mod:`optiviz.plots.landscape_grid`), as its grid, and each refresh
of the plane replaces it; the paths are the runs' coordinates on that plane. The start is the
network's initialisation, so it is not draggable there.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem

from optiviz.engine.networks.spec import NETWORK_PROBLEM
from optiviz.engine.problems.library import Box, Problem
from optiviz.engine.problems.surface import SurfaceGrid, surface_grid
from optiviz.engine.worker.live_landscape import LandscapeView
from optiviz.engine.worker.session_state import RunState, SessionState
from optiviz.plots.backdrop import mark_backdrop
from optiviz.plots.base import Pane, run_dataset
from optiviz.plots.clicks import SingleClicks
from optiviz.plots.curves import DeviceCurve, device_ratio
from optiviz.plots.engine_words import engine_words
from optiviz.plots.geometry import PathCache, expand
from optiviz.plots.gradient_arrows import GradientArrows
from optiviz.plots.i18n import tr
from optiviz.plots.isocurve import isocurve_path
from optiviz.plots.landscape_grid import ALPHA_LABEL, BETA_LABEL, landscape_grid, landscape_title
from optiviz.plots.line_inset import LineInset
from optiviz.plots.run_dots import MANY_RUNS, RunDots
from optiviz.plots.run_lines import RunLines, line_pen
from optiviz.plots.theme import Theme, color_of

RESOLUTION = 160
#: Paths are clamped to the domain grown by this many spans on each side before drawing.
DRAW_MARGIN = 1.0
#: An out-of-view point is shown by an arrow this far (in half-spans) from the view's centre.
EDGE = 0.96


class SmoothImage(pg.ImageItem):
    """The surface's colours interpolated between grid points, not drawn as blocks: the grid
    has about one point per three logical pixels, six device pixels on a screen scaled by 2."""

    def paint(self, painter: QPainter, *args) -> None:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        super().paint(painter, *args)


class Contour(pg.IsocurveItem):
    """A contour line whose width is in logical pixels (scaled by the device's pixel ratio)."""

    def paint(self, painter: QPainter, *args) -> None:
        if self.data is None:
            return
        if self.path is None:
            self.generatePath()
        if self.path is None:
            return
        pen = QPen(self.pen)
        pen.setWidthF(max(pen.widthF(), 1.0) * device_ratio(painter))
        painter.setPen(pen)
        painter.drawPath(self.path)

    def generatePath(self) -> None:
        """pyqtgraph's path, solved in numpy (its own loop takes up to 15 ms a level here)."""
        if self.data is None:
            self.path = None
            return
        data = self.data.T if self.axisOrder == "row-major" else self.data
        self.path = isocurve_path(data, self.level)


def plain_ticks(axis: pg.AxisItem, plain: bool) -> None:
    """Ticks in the coordinates' own units (a plane's are small: no "(x0.001)"), or pyqtgraph's
    automatic SI scaling. Turning it off leaves the last scale in place (pyqtgraph 0.14), so
    the scale is reset here too."""
    axis.enableAutoSIPrefix(not plain)
    if plain:
        axis.autoSIPrefixScale = 1.0
        axis.labelUnitPrefix = ""
        axis._updateLabel()
        axis.picture = None
        axis.update()


def grid_key(problem: Problem) -> tuple:
    """What the surface depends on (two equal problems built twice share one grid)."""
    return (problem.name, problem.formula, problem.domain, problem.dataset, problem.log_surface)


class SurfacePane(Pane):
    startMoved = Signal(float, float)
    with_grid = False  # the contours are its grid
    side_width = 90  # the colour bar with its axis and label
    start_editable = True  # False: clicks go to other items (guesses), never to the start

    def __init__(self, theme: Theme, parent=None, resolution: int = RESOLUTION) -> None:
        super().__init__(theme, "Loss surface", parent)
        self.resolution = resolution
        plot = self.plot_item
        self.image = SmoothImage(axisOrder="row-major")
        self.image.setZValue(-10)
        # Kept as a pixmap until the view moves: drawing the smoothed image took a fifth of
        # each frame a race's paths and points repainted over it.
        self.image.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        plot.addItem(self.image)
        self.colorbar = pg.ColorBarItem(
            values=(0.0, 1.0),
            width=12,
            colorMap=theme.colormap,
            interactive=False,
            colorMapMenu=False,
        )
        self.colorbar.setImageItem(self.image, insert_in=plot)
        self.contours: list[pg.IsocurveItem] = []
        self.minima = pg.ScatterPlotItem(symbol="star", size=20, pxMode=True)
        self.saddles = pg.ScatterPlotItem(symbol="x", size=16, pxMode=True)
        for item, z in ((self.minima, 30), (self.saddles, 30)):
            item.setZValue(z)
            plot.addItem(item)
        mark_backdrop(self.image, self.colorbar, self.minima, self.saddles)
        for marker in (self.minima, self.saddles):  # over the paths: drawn every recorded frame
            marker.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.target = pg.TargetItem(pos=(0.0, 0.0), size=16, symbol="o", movable=True)
        self.target.setZValue(40)
        plot.addItem(self.target)
        self.target.sigPositionChangeFinished.connect(self._target_dropped)
        self.paths: dict[int, DeviceCurve] = {}
        self.points: dict[int, pg.ScatterPlotItem] = {}
        self.arrows: dict[int, pg.ArrowItem] = {}
        self._paths: dict[int, PathCache] = {}
        #: Past :data:`MANY_RUNS` runs the paths and points are these two items (``paths``
        #: and ``points`` stay empty); ``batched`` holds the runs they draw.
        self.path_batch = RunLines(growing=True)
        self.path_batch.setZValue(10)
        self.point_batch = RunDots(theme.outline, size=13, outline_width=1)
        self.point_batch.setZValue(35)
        plot.addItem(self.path_batch, ignoreBounds=True)
        plot.addItem(self.point_batch, ignoreBounds=True)
        self.batched: set[int] = set()
        self._point_places: dict[int, tuple[float, float, str]] = {}
        #: A stochastic run's batch (or noisy) gradient beside the whole data's.
        self.gradients = GradientArrows(plot)
        self.grid: SurfaceGrid | None = None
        self._grid_key: tuple | None = None
        self.domain: Box = ((0.0, 1.0), (0.0, 1.0))
        self._draw_box: Box = self.domain
        # a click in the view moves the start, unless it begins a double-click (maximise)
        self.single_clicks = SingleClicks(self.scene(), self._clicked, plot.getViewBox())
        #: A network session: the landscape shown (None: not computed yet) and the 1-D view.
        self.network = False
        self.landscape: LandscapeView | None = None
        self.line = LineInset(plot, theme)
        self.apply_theme(theme)

    # -- building ------------------------------------------------------------------------------
    def build(self, session: SessionState) -> None:
        problem = session.problem
        plot = self.plot_item
        self.network = problem.name == NETWORK_PROBLEM
        self.target.setVisible(not self.network)
        self.target.movable = self.start_editable and not self.network
        self.line.set_network(self.network)
        for name in ("bottom", "left"):
            plain_ticks(plot.getAxis(name), self.network)
        if self.network:
            plot.setLabel("bottom", ALPHA_LABEL)
            plot.setLabel("left", BETA_LABEL)
            self.landscape = None
            self._grid_key = None
            self._show_landscape(session.landscape)
        else:
            self.set_title(engine_words(problem.title))
            a_name, b_name = problem.param_names
            plot.setLabel("bottom", a_name)
            plot.setLabel("left", b_name)
            self.show_surface(problem)
        for item in (*self.paths.values(), *self.points.values(), *self.arrows.values()):
            plot.removeItem(item)
        self.paths.clear()
        self.points.clear()
        self.arrows.clear()
        self._paths.clear()
        self.path_batch.clear()
        self._point_places.clear()
        self.point_batch.show_dots([], [], [])
        drawn = [run for run in session.runs if run_dataset(run, problem) == problem.dataset]
        # another scaling of the data is another surface: those runs are not drawn here
        self.batched = {run.id for run in drawn} if len(drawn) > MANY_RUNS else set()
        for run in drawn:
            color = color_of(run)
            arrow = pg.ArrowItem(
                headLen=20,
                tipAngle=45,
                tailLen=14,
                tailWidth=6,
                brush=color,
                pen=self.theme.outline,
            )
            arrow.setZValue(35)
            arrow.setVisible(False)
            plot.addItem(arrow, ignoreBounds=True)
            self.arrows[run.id] = arrow
            if run.id in self.batched:
                continue
            path = DeviceCurve(
                pen=pg.mkPen(color, width=2.2),
                shadowPen=pg.mkPen(self.theme.outline, width=4.5),
                antialias=True,
            )
            path.setZValue(10)
            point = pg.ScatterPlotItem(
                size=13, symbol="o", brush=pg.mkBrush(color), pen=pg.mkPen(self.theme.outline)
            )
            point.setZValue(35)  # above the minimum's star, which stays visible around it
            for item in (path, point):
                plot.addItem(item, ignoreBounds=True)
            self.paths[run.id] = path
            self.points[run.id] = point
        self.target.setPos(*problem.start)

    def show_surface(self, problem: Problem) -> None:
        """Colour, contour and mark ``problem``'s surface; the runs' paths stay as they are
        (a preview while the data is edited; :meth:`build` follows with the new runs)."""
        key = grid_key(problem)
        if key != self._grid_key:
            self._set_grid(surface_grid(problem, self.resolution))
            self._grid_key = key
        self._set_markers(problem)

    def _show_landscape(self, view: LandscapeView | None) -> None:
        """A network's plane as the grid; the paths are measured again on it."""
        self.landscape = view
        self._paths.clear()
        if view is None:
            self.set_title(tr("Loss on a plane through the weights: computing…"))
            self.image.clear()
            self.backdrop_changed()
            self.line.show_line(None)
            return
        self._set_grid(landscape_grid(view))
        self._set_markers_none()
        self.set_title(landscape_title(view))
        self.line.show_line(view)

    def _set_markers_none(self) -> None:
        self.backdrop_changed()
        self.minima.setData([], [])
        self.saddles.setData([], [])
        self.minima.setVisible(False)
        self.saddles.setVisible(False)

    def _set_grid(self, grid: SurfaceGrid) -> None:
        self.backdrop_changed()
        self.grid = grid
        (a0, a1), (b0, b1) = grid.domain
        self.domain = grid.domain
        self._draw_box = expand(grid.domain, DRAW_MARGIN)
        self.image.setImage(grid.z_display, autoLevels=False, levels=grid.color_range)
        self.image.setRect(QRectF(a0, b0, a1 - a0, b1 - b0))
        self.colorbar.setLevels(values=grid.color_range)
        self.colorbar.getAxis("left").setLabel(engine_words(grid.label))
        for item in self.contours:
            item.setParentItem(None)
            if item.scene() is not None:
                item.scene().removeItem(item)
        self.contours = []
        for level in grid.levels:
            contour = Contour(data=grid.z_display, level=float(level), axisOrder="row-major")
            contour.setParentItem(self.image)
            contour.setPos(0.5, 0.5)  # isocurve vertices sit on cell indices; cells centre at +0.5
            self.contours.append(contour)
        self._style_contours()
        vb = self.plot_item.getViewBox()
        vb.setLimits(xMin=None, xMax=None, yMin=None, yMax=None)
        vb.disableAutoRange()
        vb.setRange(xRange=(a0, a1), yRange=(b0, b1), padding=0)
        vb.setLimits(xMin=a0, xMax=a1, yMin=b0, yMax=b1)

    def _set_markers(self, problem: Problem) -> None:
        minima = np.asarray(problem.minima, dtype=np.float64).reshape(-1, 2)
        saddles = np.asarray(problem.saddles, dtype=np.float64).reshape(-1, 2)
        self.backdrop_changed()
        self.minima.setData(minima[:, 0], minima[:, 1])
        self.saddles.setData(saddles[:, 0], saddles[:, 1])
        self.minima.setVisible(len(minima) > 0)
        self.saddles.setVisible(len(saddles) > 0)

    # -- feeding -------------------------------------------------------------------------------
    def update_data(
        self, session: SessionState, epoch: int | None, changed: set[int], epoch_changed: bool
    ) -> None:
        if self.network and session.landscape is not self.landscape:
            self._show_landscape(session.landscape)
            changed = {run.id for run in session.runs}  # every path is on the new plane
        for run in session.runs:
            if run.id in self.arrows and (run.id in changed or epoch_changed):
                if run.id in changed or run.id not in self._paths:
                    self._grow_path(run)
                self._update_run(run, epoch)
        if changed or epoch_changed:
            drawn = [run for run in session.runs if run.id in self.arrows]
            self.gradients.show(drawn, epoch, self.domain)
            if self.batched:
                placed = [self._point_places[r.id] for r in drawn if r.id in self._point_places]
                self.point_batch.show_dots(
                    [p[0] for p in placed], [p[1] for p in placed], [p[2] for p in placed]
                )

    def _grow_path(self, run: RunState) -> None:
        cache = self._paths.get(run.id)
        if cache is None:
            (a0, a1), (b0, b1) = self.domain
            cache = self._paths[run.id] = PathCache(self._draw_box, (a1 - a0, b1 - b0))
        history = run.history
        cache.update_rows(history.start, len(history), history.params_between)

    def _update_run(self, run: RunState, epoch: int | None) -> None:
        n = len(run.history)
        k = n if epoch is None else min(max(int(epoch), 0), n)
        if run.id in self.batched:
            self._update_batched(run, k)
            return
        path, point, arrow = self.paths[run.id], self.points[run.id], self.arrows[run.id]
        (a0, a1), (b0, b1) = self.domain
        points, connect = self._paths[run.id].view_path(k, self.domain)
        path.setData(
            points[:, 0],
            points[:, 1],
            connect="all" if connect is None else connect,
            skipFiniteCheck=True,
        )
        path.setVisible(run.visible)
        x, y = run.history.params_at(k)
        if a0 <= x <= a1 and b0 <= y <= b1:
            point.setData([float(x)], [float(y)])
            point.setVisible(run.visible)
            arrow.setVisible(False)
        else:
            point.setVisible(False)
            self._point_arrow(arrow, float(x), float(y))
            arrow.setVisible(run.visible)

    def _update_batched(self, run: RunState, k: int) -> None:
        """Many runs: :meth:`_update_run`'s path and point, fed to the batched items."""
        (a0, a1), (b0, b1) = self.domain
        arrow = self.arrows[run.id]
        points, connect = self._paths[run.id].view_path(k, self.domain)
        color = color_of(run)
        self.path_batch.set_line(
            run.id,
            points[:, 0],
            points[:, 1],
            line_pen(color, 2.2),
            shadow=line_pen(self.theme.outline, 4.5),
            visible=run.visible,
            connect=connect,
        )
        x, y = run.history.params_at(k)
        inside = a0 <= x <= a1 and b0 <= y <= b1
        if inside and run.visible:
            self._point_places[run.id] = (float(x), float(y), color)
        else:
            self._point_places.pop(run.id, None)
        if inside:
            arrow.setVisible(False)
        else:
            self._point_arrow(arrow, float(x), float(y))
            arrow.setVisible(run.visible)

    def _point_arrow(self, arrow: pg.ArrowItem, x: float, y: float) -> None:
        """Put ``arrow`` on the view's edge, pointing towards ``(x, y)`` outside it."""
        (a0, a1), (b0, b1) = self.domain
        ux = (x - (a0 + a1) / 2) / ((a1 - a0) / 2) if math.isfinite(x) else 0.0
        uy = (y - (b0 + b1) / 2) / ((b1 - b0) / 2) if math.isfinite(y) else 0.0
        reach = max(abs(ux), abs(uy), 1e-12)
        ex, ey = ux / reach * EDGE, uy / reach * EDGE
        arrow.setPos((a0 + a1) / 2 + ex * (a1 - a0) / 2, (b0 + b1) / 2 + ey * (b1 - b0) / 2)
        vb = self.plot_item.getViewBox()
        sx, sy = ux * vb.width(), -uy * vb.height()  # on screen, y grows downwards
        arrow.setStyle(angle=math.degrees(math.atan2(-sy, -sx)))

    # -- the start point -----------------------------------------------------------------------
    def _clamp(self, x: float, y: float) -> tuple[float, float]:
        (a0, a1), (b0, b1) = self.domain
        return min(max(x, a0), a1), min(max(y, b0), b1)

    def move_start(self, x: float, y: float) -> None:
        """Move the start target (clamped to the domain) and emit ``startMoved``."""
        if self.network:
            return  # a network starts from torch's initialisation
        x, y = self._clamp(float(x), float(y))
        self.target.setPos(x, y)
        self.startMoved.emit(x, y)

    def _target_dropped(self, target: pg.TargetItem) -> None:
        pos = target.pos()
        self.move_start(pos.x(), pos.y())

    def set_start_editable(self, on: bool) -> None:
        """Whether clicks and drags on the surface move the start (off while predicting)."""
        self.start_editable = bool(on)
        self.target.movable = self.start_editable and not self.network

    def _clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or event.double():
            return
        if not self.start_editable or self.network:
            return
        vb = self.plot_item.getViewBox()
        pos = event.scenePos()
        if not vb.sceneBoundingRect().contains(pos):
            return
        view = vb.mapSceneToView(pos)
        self.move_start(view.x(), view.y())

    # -- the title ---------------------------------------------------------------------------
    def _fitted_title(self) -> tuple[str, float]:
        """A plane's title names its directions and their variance: elided to the pane's
        width rather than widening the plot past the pane (the whole title is the tooltip)."""
        shown, points = super()._fitted_title()
        if not self.network:
            return shown, points
        font = QFont(self.plot_item.titleLabel.item.font())
        font.setPointSizeF(points)
        room = max(float(self.width() - self.side_width - 60), 40.0)
        return QFontMetricsF(font).elidedText(shown, Qt.TextElideMode.ElideRight, room), points

    def set_title(self, title: str) -> None:
        super().set_title(title)
        self.setToolTip(title if self.__dict__.get("network") else "")

    def resizeEvent(self, event) -> None:
        if self.__dict__.get("network"):
            self.set_title(self._title)
        super().resizeEvent(event)

    # -- theme ---------------------------------------------------------------------------------
    def _style_contours(self) -> None:
        for contour in self.contours:
            contour.setPen(pg.mkPen(255, 255, 255, 80, width=1))

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
        self.plot_item.showGrid(x=False, y=False)
        self.colorbar.setColorMap(pg.colormap.get(theme.colormap))
        for name in ("left", "right", "top", "bottom"):
            axis = self.colorbar.getAxis(name)
            axis.setPen(theme.muted)
            axis.setTextPen(theme.foreground)
        self.minima.setBrush(pg.mkBrush(theme.minimum))
        self.minima.setPen(pg.mkPen(theme.outline, width=1.5))
        self.saddles.setBrush(pg.mkBrush(theme.saddle))
        self.saddles.setPen(pg.mkPen(theme.saddle, width=3))
        self.target.setPen(pg.mkPen(theme.start, width=2))
        self.target.setBrush(pg.mkBrush(0, 0, 0, 60))
        self.target.setLabel(tr("start"), {"color": theme.start, "offset": (12, -12)})
        for path in self.paths.values():
            path.setShadowPen(pg.mkPen(theme.outline, width=4.5))
        for point in self.points.values():
            point.setPen(pg.mkPen(theme.outline))
        self.path_batch.set_shadows(pg.mkPen(theme.outline, width=4.5))
        self.point_batch.set_outline(theme.outline)
        for arrow in self.arrows.values():
            arrow.setPen(pg.mkPen(theme.outline))
        line = self.__dict__.get("line")
        if line is not None:
            line.set_theme(theme)
