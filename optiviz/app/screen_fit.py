"""Fit the window to the screen: a larger font on large screens, denser controls on short ones.

:func:`fit_to_screen` is called once, at start-up, with the main window. The font's point size
grows with the screen's logical height (Qt already converts points with the logical DPI, so a
2560×1440 screen at 96 DPI would otherwise keep the 1080p size). Below
:data:`COMPACT_BELOW` pixels of window height the Controls put labels beside their fields and
tighten margins and spacing, so that at 1024×600 at least ten fields show without scrolling.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QGuiApplication, QScreen
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QDockWidget,
    QFormLayout,
    QLayout,
    QMainWindow,
    QStyle,
    QWidget,
)

#: The screen height (logical pixels) the toolkit's default font is right for.
REFERENCE_HEIGHT = 1080
#: The font never grows beyond this factor of the default.
MAX_FONT_SCALE = 1.5
#: Windows shorter than this get the dense Controls.
COMPACT_BELOW = 800
#: Dense Controls may widen their dock up to this share of the window's width.
MAX_CONTROLS_SHARE = 0.4
_BASE_SIZE = "_optiviz_base_point_size"
_NORMAL = "optiviz_normal_layout"


def font_point_size(screen: QScreen | None, base: float) -> float:
    """The application font's point size on ``screen``: ``base`` up to 1080 logical pixels of
    height, then in proportion (at most ×1.5), in half points."""
    if screen is None or base <= 0:
        return base
    height = screen.geometry().height()
    scale = min(MAX_FONT_SCALE, max(1.0, height / REFERENCE_HEIGHT))
    return round(base * scale * 2) / 2


def apply_screen_font(app: QApplication | None = None, screen: QScreen | None = None) -> float:
    """Set the application font's size for ``screen`` (default: the primary screen)."""
    app = app or QApplication.instance()
    base = getattr(app, _BASE_SIZE, None)
    if base is None:
        base = QApplication.font().pointSizeF()
        setattr(app, _BASE_SIZE, base)
    size = font_point_size(screen or QGuiApplication.primaryScreen(), base)
    if size > 0 and size != QApplication.font().pointSizeF():
        font = QFont(QApplication.font())
        font.setPointSizeF(size)
        QApplication.setFont(font)
    return size


def _layouts(layout: QLayout) -> list[QLayout]:
    found = [layout]
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item.layout() is not None:
            found += _layouts(item.layout())
        elif item.widget() is not None and item.widget().layout() is not None:
            found += _layouts(item.widget().layout())
    return found


def _set_density(layout: QLayout, compact: bool) -> None:
    """Dense or normal spacing for one layout; the normal values are kept on the layout."""
    normal = layout.property(_NORMAL)
    if normal is None:
        margins = layout.contentsMargins()
        wrap = layout.rowWrapPolicy() if isinstance(layout, QFormLayout) else None
        spacing = layout.verticalSpacing() if isinstance(layout, QFormLayout) else layout.spacing()
        normal = [margins.left(), margins.top(), margins.right(), margins.bottom(), spacing, wrap]
        layout.setProperty(_NORMAL, normal)
    left, top, right, bottom, spacing, wrap = normal
    if compact:
        left, right = min(left, 4), min(right, 4)
        top, bottom = min(top, 2), min(bottom, 2)
        spacing = min(spacing, 2) if spacing >= 0 else 2
        if wrap is not None:
            wrap = QFormLayout.RowWrapPolicy.DontWrapRows
    margins = layout.contentsMargins()
    if (margins.left(), margins.top(), margins.right(), margins.bottom()) != (
        left,
        top,
        right,
        bottom,
    ):
        layout.setContentsMargins(left, top, right, bottom)
    if isinstance(layout, QFormLayout):
        if layout.verticalSpacing() != spacing:
            layout.setVerticalSpacing(spacing)
        if layout.rowWrapPolicy() != wrap:
            layout.setRowWrapPolicy(wrap)
    elif isinstance(layout, QBoxLayout) and layout.spacing() != spacing:
        layout.setSpacing(spacing)


class ControlsDensity(QObject):
    """Watches the window's height and the Controls' layouts (forms are rebuilt when the
    optimizer changes) and keeps them dense while the window is short."""

    def __init__(self, window: QWidget, content: QWidget, dock: QDockWidget | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.content = content
        self.dock = dock
        self.compact = False
        window.installEventFilter(self)
        content.installEventFilter(self)
        self.update()

    def update(self) -> None:
        compact = self.window.height() < COMPACT_BELOW
        if compact != self.compact:
            self.compact = compact
            self.apply()

    def apply(self) -> None:
        layout = self.content.layout()
        if layout is not None:
            for item in _layouts(layout):
                _set_density(item, self.compact)
        if self.compact:
            self._widen_dock()

    def _widen_dock(self) -> None:
        """Labels beside their fields need a little more width than the wrapped rows: give
        the Controls' dock its content's minimum width (within a share of the window)."""
        dock = self.dock
        if dock is None or dock.isFloating() or not isinstance(self.window, QMainWindow):
            return
        bar = self.content.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        wanted = self.content.minimumSizeHint().width() + bar + 6
        wanted = min(wanted, int(self.window.width() * MAX_CONTROLS_SHARE))
        if dock.width() < wanted:
            self.window.resizeDocks([dock], [wanted], Qt.Orientation.Horizontal)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.window and kind == QEvent.Type.Resize:
            self.update()
        elif watched is self.content and kind == QEvent.Type.LayoutRequest and self.compact:
            self.apply()
        return False


def fit_to_screen(window: Any) -> ControlsDensity | None:
    """Start-up: the font for the window's screen, and dense Controls while it is short."""
    apply_screen_font(screen=window.screen())
    scroll = getattr(getattr(window, "controls", None), "scroll", None)
    content = scroll.widget() if scroll is not None else None
    if content is None:
        return None
    window.controls_density = ControlsDensity(window, content, getattr(window, "dock", None))
    return window.controls_density
