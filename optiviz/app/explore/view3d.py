"""The loss surface as a 3-D mesh with each run's path lifted onto it (pyqtgraph.opengl).

The mesh is the surface pane's grid (:func:`optiviz.engine.problems.surface.surface_grid`) in the
same
display units: log10(loss − min) when the problem's surface is log, else the loss. Both
parameters are scaled to a square and the height to half its side, so a steep valley and a
flat one both read. A path point's height is the surface at that point, lifted a hair so the
line stays above the mesh; points outside the domain are drawn on its edge. The axes carry
round tick values (:func:`tick_labels`) in the parameters' own units.

Only the pure helpers here run without OpenGL; :class:`SurfaceView3D` needs a GL context.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QVBoxLayout, QWidget

from optiviz.engine.networks.spec import NETWORK_PROBLEM
from optiviz.engine.problems.library import Problem
from optiviz.engine.problems.surface import SurfaceGrid, surface_grid
from optiviz.engine.worker.session_state import RunState, SessionState
from optiviz.plots.base import format_value, run_dataset
from optiviz.plots.landscape_grid import ALPHA_LABEL, BETA_LABEL, landscape_grid
from optiviz.plots.ranges import nice_step
from optiviz.plots.theme import Theme, color_of, run_color

RESOLUTION = 90
SIZE = 10.0  # the square's side, in GL units
HEIGHT = 5.0  # the surface's height range, in GL units
LIFT = 0.02 * HEIGHT  # paths float this far above the mesh
MAX_PATH_POINTS = 20_000


class Scale:
    """Maps parameters and display values of a grid into the GL box."""

    def __init__(self, grid: SurfaceGrid) -> None:
        (self.a0, self.a1), (self.b0, self.b1) = grid.domain
        self.lo, self.hi = grid.color_range
        self.grid = grid
        self.mesh_z = self.z(grid.z_display).T  # (a, b): the heights the mesh is drawn at

    def xy(self, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        x = (np.asarray(a, np.float64) - self.a0) / (self.a1 - self.a0) - 0.5
        y = (np.asarray(b, np.float64) - self.b0) / (self.b1 - self.b0) - 0.5
        return x * SIZE, y * SIZE

    def z(self, shown: np.ndarray) -> np.ndarray:
        values = np.nan_to_num(np.asarray(shown, np.float64), nan=self.hi, posinf=self.hi)
        return (np.clip(values, self.lo, self.hi) - self.lo) / (self.hi - self.lo) * HEIGHT

    def mesh_height(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """The drawn mesh's height at ``(a, b)``: bilinear between its vertices, which lies
        above the true surface wherever it curves upwards, so a path must clear it too."""
        ga, gb = self.grid.a, self.grid.b
        fa = np.clip((np.asarray(a) - ga[0]) / (ga[1] - ga[0]), 0, len(ga) - 1)
        fb = np.clip((np.asarray(b) - gb[0]) / (gb[1] - gb[0]), 0, len(gb) - 1)
        i = np.minimum(fa.astype(int), len(ga) - 2)
        j = np.minimum(fb.astype(int), len(gb) - 2)
        u, v = fa - i, fb - j
        z = self.mesh_z
        return (
            z[i, j] * (1 - u) * (1 - v)
            + z[i + 1, j] * u * (1 - v)
            + z[i, j + 1] * (1 - u) * v
            + z[i + 1, j + 1] * u * v
        )

    def clamp(self, points: np.ndarray) -> np.ndarray:
        """Points moved into the domain (non-finite ones onto its far corner)."""
        a = np.nan_to_num(points[:, 0], nan=self.a1, posinf=self.a1, neginf=self.a0)
        b = np.nan_to_num(points[:, 1], nan=self.b1, posinf=self.b1, neginf=self.b0)
        return np.stack([np.clip(a, self.a0, self.a1), np.clip(b, self.b0, self.b1)], axis=1)


def mesh_arrays(grid: SurfaceGrid, colormap: pg.ColorMap):
    """``x, y, z, colors`` for ``GLSurfacePlotItem`` (z indexed ``[x, y]``)."""
    scale = Scale(grid)
    x, y = scale.xy(grid.a, grid.b)
    z = scale.mesh_z  # the grid is (b, a); GL wants (x, y)
    colors = colormap.map(z / HEIGHT, mode="float")
    return x, y, z, np.asarray(colors, np.float32).reshape(len(x), len(y), 4)


def lifted_path(problem: Problem, scale: Scale, points: np.ndarray) -> np.ndarray:
    """``(n, 3)`` GL positions of parameter ``points`` on the surface."""
    inside = scale.clamp(np.asarray(points, np.float64).reshape(-1, 2))
    with np.errstate(all="ignore"):
        loss = problem.grid(inside[:, 0], inside[:, 1])
    x, y = scale.xy(inside[:, 0], inside[:, 1])
    true = scale.z(scale.grid.to_display(loss))
    if problem.name == NETWORK_PROBLEM:  # a plane has no formula: the path lies on its mesh
        true = np.full(len(inside), -np.inf)
    z = np.maximum(true, scale.mesh_height(inside[:, 0], inside[:, 1])) + LIFT
    return np.stack([x, y, z], axis=1).astype(np.float32)


class PathCache:
    """Lifted positions of a growing trajectory; only new rows are computed.

    The prefix is trusted while its last point is unchanged (a scrub and resume changes it).
    """

    def __init__(self) -> None:
        self._last = np.full(2, np.nan)
        self.pos = np.empty((0, 3), np.float32)

    def __call__(self, problem: Problem, scale: Scale, points: np.ndarray) -> np.ndarray:
        m = len(self.pos)
        if not (0 < m <= len(points) and np.array_equal(points[m - 1], self._last)):
            m = 0
        if len(points) > m:
            self.pos = np.vstack([self.pos[:m], lifted_path(problem, scale, points[m:])])
        else:
            self.pos = self.pos[: len(points)]
        self._last = np.array(points[-1], copy=True) if len(points) else np.full(2, np.nan)
        return self.pos


#: About this many ticks are labelled along each axis.
TICKS = 5
#: Tick labels sit this far (GL units) outside the square's edge.
TICK_OFFSET = 0.5


def axis_ticks(lo: float, hi: float, count: int = TICKS) -> list[float]:
    """Round values (a 1-2-5 step) from ``lo`` to ``hi``, about ``count`` of them."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return []
    step = nice_step((hi - lo) * 5.0 / count)
    first = math.ceil(lo / step - 1e-9)
    values = [(first + i) * step for i in range(int((hi - lo) / step) + 2)]
    return [0.0 if abs(v) < step * 1e-9 else v for v in values if lo - 1e-9 * step <= v <= hi]


def tick_labels(
    problem: Problem, grid: SurfaceGrid
) -> list[tuple[tuple[float, float, float], str]]:
    """GL positions and texts of the axes' labels: the two parameters' names at the ends of
    their edges (a network plane's coordinates α and β), tick values along them, and the
    height's values up a corner."""
    scale = Scale(grid)
    half = SIZE / 2
    a, b = (ALPHA_LABEL, BETA_LABEL) if problem.name == NETWORK_PROBLEM else problem.param_names
    out = [
        ((half + 0.6, -half - TICK_OFFSET, 0.0), a),
        ((-half - TICK_OFFSET, half + 0.6, 0.0), b),
        ((-half, -half, HEIGHT + 0.4), grid.label),
    ]
    (a0, a1), (b0, b1) = grid.domain
    for value in axis_ticks(a0, a1):
        x, _y = scale.xy(np.array([value]), np.array([b0]))
        out.append(((float(x[0]), -half - TICK_OFFSET, 0.0), format_value(value)))
    for value in axis_ticks(b0, b1):
        _x, y = scale.xy(np.array([a0]), np.array([value]))
        out.append(((-half - TICK_OFFSET, float(y[0]), 0.0), format_value(value)))
    lo, hi = grid.color_range
    for value in axis_ticks(lo, hi, count=4):
        z = float(scale.z(np.array([value]))[0])
        out.append(((-half - TICK_OFFSET, -half - TICK_OFFSET, z), format_value(value)))
    return out


def _rgba(color: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    c = pg.mkColor(color)
    return (c.redF(), c.greenF(), c.blueF(), alpha)


def _thin(pos: np.ndarray) -> np.ndarray:
    if len(pos) <= MAX_PATH_POINTS:
        return pos
    step = int(np.ceil(len(pos) / MAX_PATH_POINTS))
    return np.vstack([pos[::step], pos[-1:]])


class YieldToPanes(QObject):
    """Caps ``widget`` (the 3-D view, in a dock) so that the window's 2-D panes keep the width
    they need (:meth:`PanesWidget.needed_width`): titles whole, colour bar shown.

    The cap follows the window: at every resize of the window or of ``widget`` it is the
    widget's width plus what the panes have to spare (never below ``floor``). A window too
    small for both still shows both, the 3-D view at ``floor``.
    """

    def __init__(self, widget: QWidget, floor: int) -> None:
        super().__init__(widget)
        self.widget = widget
        self.floor = floor
        self._window: QWidget | None = None
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.widget and kind == QEvent.Type.Show:
            window = self.widget.window()
            if window is not self._window and window is not self.widget:
                window.installEventFilter(self)
                self._window = window
        if kind in (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.LayoutRequest):
            self.update()
        return False

    def update(self) -> None:
        panes = getattr(self.widget.window(), "panes", None)
        if panes is None or not hasattr(panes, "needed_width") or not panes.isVisible():
            return
        spare = panes.width() - panes.needed_width()
        limit = max(self.floor, self.widget.width() + spare)
        if limit != self.widget.maximumWidth():
            self.widget.setMaximumWidth(limit)


class SurfaceView3D(QWidget):
    """A GLViewWidget with the surface mesh, a floor grid and one line per run."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import pyqtgraph.opengl as gl

        self._gl = gl
        self.theme = theme
        self.view = gl.GLViewWidget()
        self.view.setMinimumSize(200, 160)
        self.view.setCameraPosition(distance=17.0, elevation=32.0, azimuth=-58.0)
        self.view.opts["center"] = pg.Vector(0.0, 0.0, HEIGHT * 0.3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.yield_to_panes = YieldToPanes(self, self.view.minimumWidth())
        self.floor = gl.GLGridItem()
        self.floor.setSize(SIZE, SIZE)
        self.floor.setSpacing(SIZE / 10, SIZE / 10)
        self.view.addItem(self.floor)
        self.mesh = None
        self.labels: list = []
        self.lines: dict[int, object] = {}
        self.heads = gl.GLScatterPlotItem(pos=np.zeros((0, 3)), size=11.0, pxMode=True)
        self.heads.setGLOptions("translucent")
        self.view.addItem(self.heads)
        self._caches: dict[int, PathCache] = {}
        self.problem: Problem | None = None
        self.scale: Scale | None = None
        self._grid_key: tuple | None = None
        self._keys: dict[int, tuple] = {}
        self._heads: dict[int, np.ndarray | None] = {}
        self._state: SessionState | None = None
        self.set_theme(theme)

    # -- building ------------------------------------------------------------------------------
    def set_session(self, state: SessionState) -> None:
        gl = self._gl
        problem = state.problem
        key = (problem.name, problem.formula, problem.domain, problem.dataset)
        landscape = state.landscape if problem.name == NETWORK_PROBLEM else None
        if problem.name == NETWORK_PROBLEM:  # the worker's plane, once it has one
            key = ("plane", None if landscape is None else landscape.version)
        waiting = problem.name == NETWORK_PROBLEM and landscape is None
        if key != self._grid_key and not waiting:
            if landscape is not None:
                grid = landscape_grid(landscape)
            else:
                grid = surface_grid(problem, RESOLUTION)
            self.scale = Scale(grid)
            x, y, z, colors = mesh_arrays(grid, pg.colormap.get(self.theme.colormap))
            if self.mesh is not None:
                self.view.removeItem(self.mesh)
            self.mesh = gl.GLSurfacePlotItem(
                x=x, y=y, z=z, colors=colors, smooth=True, glOptions="opaque"
            )
            self.view.addItem(self.mesh)
            self._label_axes(problem, grid)
            self._grid_key = key
        self.problem = problem
        for line in self.lines.values():
            self.view.removeItem(line)
        self.lines.clear()
        self._caches.clear()
        self._keys.clear()
        self._heads = {}
        self._state = state
        for run in state.runs:
            if run_dataset(run, problem) != problem.dataset:
                continue  # another scaling of the data: another surface
            line = gl.GLLinePlotItem(
                pos=np.zeros((0, 3), np.float32),
                color=_rgba(color_of(run)),
                width=2.5,
                antialias=True,
                mode="line_strip",
            )
            line.setGLOptions("translucent")
            self.view.addItem(line)
            self.lines[run.id] = line
        self.refresh(state, None, force=True)

    def _label_axes(self, problem: Problem, grid: SurfaceGrid) -> None:
        gl = self._gl
        for label in self.labels:
            self.view.removeItem(label)
        color = pg.mkColor(self.theme.foreground)
        self.labels = [
            gl.GLTextItem(pos=pos, text=text, color=color)
            for pos, text in tick_labels(problem, grid)
        ]
        for label in self.labels:
            # Drawn last: a text item paints with QPainter, which leaves the GL state changed
            # for the items after it (lines drawn after it vanish).
            label.setDepthValue(100)
            self.view.addItem(label)

    # -- feeding -------------------------------------------------------------------------------
    def refresh(self, state: SessionState, epoch: int | None = None, force: bool = False) -> None:
        """Grow each run's line to its latest epoch (or the scrubbed ``epoch``)."""
        if self.problem is None or self.scale is None:
            return
        changed = False
        for run in state.runs:
            line = self.lines.get(run.id)
            if line is None:
                continue
            n = len(run.history)
            k = n if epoch is None else min(max(int(epoch), 0), n)
            key = (id(run.history), n, k, run.visible)
            if force or self._keys.get(run.id) != key:
                self._keys[run.id] = key
                pos = self._positions(run, k)
                line.setData(pos=_thin(pos))
                line.setVisible(run.visible)
                self._heads[run.id] = pos[-1] if run.visible and len(pos) else None
                changed = True
        if changed or force:
            shown = [(i, p) for i, p in self._heads.items() if p is not None and i in self.lines]
            if shown:
                pos = np.asarray([p for _i, p in shown])
                colors = np.asarray([_rgba(run_color(i)) for i, _p in shown])
                self.heads.setData(pos=pos, color=colors, size=11.0)
            else:
                self.heads.setData(pos=np.zeros((0, 3)))

    def _positions(self, run: RunState, k: int) -> np.ndarray:
        cache = self._caches.setdefault(run.id, PathCache())
        points = run.history.trajectory()
        return cache(self.problem, self.scale, points)[: k + 1]

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.view.setBackgroundColor(theme.background)
        grid_color = pg.mkColor(theme.muted)
        grid_color.setAlpha(90)
        self.floor.setColor(grid_color)
        if self._state is not None:
            self._grid_key = None  # the colour map and labels follow the theme
            self.set_session(self._state)

    def render_image(self, width: int = 480, height: int = 360) -> np.ndarray:
        """The view drawn off screen, ``(height, width, 4)`` RGBA uint8 (tests, recordings)."""
        bgra = np.asarray(self.view.renderToArray((width, height)))
        return np.ascontiguousarray(bgra[:, :, [2, 1, 0, 3]])
