"""Colours: the run palette shared by every pane and legend, and the dark and light themes.

Themes are applied widget by widget (background, axes, text), never through pyqtgraph's global
configuration, so a recorder can draw a light pane next to a dark window.
"""

from __future__ import annotations

from dataclasses import dataclass

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


def run_color(index: int) -> str:
    """The colour of run ``index`` (``#rrggbb``), cycling through :data:`RUN_PALETTE`."""
    return RUN_PALETTE[int(index) % len(RUN_PALETTE)]


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
)


def get_theme(name: str) -> Theme:
    """The theme called ``name``; raises ValueError naming the allowed ones."""
    key = str(name).lower()
    if key == "dark":
        return DARK
    if key == "light":
        return LIGHT
    raise ValueError(f"theme: {name!r} is not one of: {', '.join(THEMES)}")
