"""Colours: the run palette shared by every pane and legend, and the dark and light themes.

Themes are applied widget by widget (background, axes, text), never through pyqtgraph's global
configuration, so a recorder can draw a light pane next to a dark window.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
import pyqtgraph as pg

from optiviz.engine.worker.session_state import RunState

#: One colour per run id, readable on both themes and on the surface colour map.
RUN_PALETTE = (
    "#ff4f3a",  # vermilion
    "#2fa4ff",  # azure
    "#ffb400",  # amber
    "#c061ff",  # violet
    "#22c55e",  # green
    "#ff5fb0",  # pink
    "#14c4c4",  # teal
    "#b0804a",  # brown
)

THEMES = ("dark", "light")

#: One colour per class of a classification set (Okabe and Ito's colour-blind safe palette,
#: without its black and yellow, which vanish on one theme or the other).
CLASS_PALETTE = (
    "#0072b2",  # blue
    "#e69f00",  # orange
    "#009e73",  # bluish green
    "#cc79a7",  # reddish purple
    "#56b4e9",  # sky blue
    "#d55e00",  # vermilion
)


#: Colours stay distinct for this many runs; then they repeat.
DISTINCT_RUNS = 64
#: A perceptually uniform cyclic colour map sampled once the palette is used up.
EXTRA_COLORMAP = "CET-C6"
#: How finely the colour map is sampled before the extra colours are picked.
SAMPLES = 512


@lru_cache(maxsize=1)
def extra_colors() -> tuple[str, ...]:
    """``DISTINCT_RUNS - len(RUN_PALETTE)`` colours of :data:`EXTRA_COLORMAP`, picked one by
    one as far (in RGB) as possible from the palette and from the colours already picked."""
    cmap = pg.colormap.get(EXTRA_COLORMAP)
    candidates = cmap.map(np.linspace(0.0, 1.0, SAMPLES, endpoint=False), mode="byte")
    candidates = candidates[:, :3].astype(np.float64)
    taken = np.array([[int(c[i : i + 2], 16) for i in (1, 3, 5)] for c in RUN_PALETTE], float)
    nearest = np.sqrt(((candidates[:, None] - taken[None]) ** 2).sum(-1)).min(axis=1)
    picked: list[str] = []
    for _ in range(DISTINCT_RUNS - len(RUN_PALETTE)):
        best = int(nearest.argmax())
        r, g, b = (int(v) for v in candidates[best])
        picked.append(f"#{r:02x}{g:02x}{b:02x}")
        np.minimum(nearest, np.sqrt(((candidates - candidates[best]) ** 2).sum(-1)), out=nearest)
    return tuple(picked)


def class_color(index: int) -> str:
    """The colour of class ``index`` (``#rrggbb``); past :data:`CLASS_PALETTE` they repeat."""
    return CLASS_PALETTE[int(index) % len(CLASS_PALETTE)]


def color_of(run: RunState) -> str:
    """The colour a run is drawn in: its own (a scenario's ``color``), else its place's."""
    return run.color or run_color(run.id)


def run_color(index: int) -> str:
    """The colour of run ``index`` (``#rrggbb``): :data:`RUN_PALETTE`, then samples of a
    colour map, all distinct up to :data:`DISTINCT_RUNS` runs."""
    index = int(index) % DISTINCT_RUNS
    if index < len(RUN_PALETTE):
        return RUN_PALETTE[index]
    return extra_colors()[index - len(RUN_PALETTE)]


@dataclass(frozen=True)
class Theme:
    """What one theme paints with."""

    name: str
    background: str
    foreground: str  # axes, tick labels, titles
    muted: str  # secondary text and marker lines
    legend_brush: str  # legend background (with alpha)
    grid_alpha: float
    colormap: str  # a pyqtgraph colour map name
    outline: str  # the pen drawn around curves and points on the surface
    minimum: str  # the star marking an exact minimum
    saddle: str
    start: str  # the draggable start target
    #: The window's widget colours as (QPalette.ColorRole name, colour) pairs, and the colour of
    #: disabled text; empty: the platform style's own palette.
    widgets: tuple[tuple[str, str], ...] = ()
    disabled_text: str | None = None
    right: str = "#4ade80"  # a right prediction
    wrong: str = "#ff5c5c"  # the error colour: a wrong prediction
    #: Presenter mode: fonts, line widths and marker sizes are drawn this many times larger.
    scale: float = 1.0

    def scaled(self, factor: float) -> Theme:
        """This theme with its sizes multiplied by ``factor`` (1: the desk's sizes)."""
        return replace(self, scale=float(factor))

    def points(self, size: float) -> float:
        """A font size of ``size`` points at this theme's scale."""
        return size * self.scale


DARK_WIDGETS = (
    ("Window", "#1f2228"),
    ("WindowText", "#d8dce3"),
    ("Base", "#16181d"),
    ("AlternateBase", "#23262d"),
    ("Text", "#d8dce3"),
    ("Button", "#2a2e36"),
    ("ButtonText", "#d8dce3"),
    ("BrightText", "#ffffff"),
    ("Highlight", "#2f7fd0"),
    ("HighlightedText", "#ffffff"),
    ("ToolTipBase", "#2a2e36"),
    ("ToolTipText", "#d8dce3"),
    ("PlaceholderText", "#7d8590"),
    ("Link", "#6cb6ff"),
    ("Mid", "#3a3f48"),
    ("Dark", "#121418"),
    ("Light", "#3a3f48"),
)

DARK = Theme(
    name="dark",
    background="#16181d",
    foreground="#d8dce3",
    muted="#9aa3b0",
    legend_brush="#16181dcc",
    grid_alpha=0.18,
    colormap="viridis",
    outline="#000000",
    minimum="#ffffff",
    saddle="#ff8c1a",
    start="#ffffff",
    widgets=DARK_WIDGETS,
    disabled_text="#6b717c",
)

LIGHT = Theme(
    name="light",
    background="#ffffff",
    foreground="#1f2328",
    muted="#5b6470",
    legend_brush="#ffffffd9",
    grid_alpha=0.25,
    colormap="viridis",
    outline="#000000",
    minimum="#ffffff",
    saddle="#ff8c1a",
    start="#ffffff",
    right="#15803d",
    wrong="#d62728",
)


def get_theme(name: str) -> Theme:
    """The theme called ``name``; raises ValueError naming the allowed ones."""
    key = str(name).lower()
    if key == "dark":
        return DARK
    if key == "light":
        return LIGHT
    raise ValueError(f"theme: {name!r} is not one of: {', '.join(THEMES)}")
