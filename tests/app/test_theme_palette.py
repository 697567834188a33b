"""The window's widget palette is read from the same Theme the panes paint with."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from optiviz.app.main_window import theme_palette
from optiviz.plots.theme import get_theme


def test_the_dark_palette_is_the_dark_themes_widget_colours(qapp):
    theme = get_theme("dark")
    palette = theme_palette("dark")
    assert len(theme.widgets) == 17
    for role, colour in theme.widgets:
        assert palette.color(getattr(QPalette.ColorRole, role)) == QColor(colour), role
    # the text the panes draw is the text of the widgets around them
    assert palette.color(QPalette.ColorRole.Text) == QColor(theme.foreground)
    assert palette.color(QPalette.ColorRole.Base) == QColor(theme.background)
    disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    assert disabled == QColor(theme.disabled_text)


def test_the_light_palette_is_the_platform_styles(qapp):
    assert get_theme("light").widgets == ()
    assert theme_palette("light") == QApplication.style().standardPalette()
