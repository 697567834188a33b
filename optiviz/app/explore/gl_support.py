"""Whether the 3-D view can work here, and if not, why in one line."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QOffscreenSurface, QOpenGLContext

INSTALL_HINT = "pip install 'optiviz[gl]'"


def gl_unavailable_reason() -> str:
    """ "" when an OpenGL 3-D view can be made, else the reason (for a tooltip)."""
    try:
        import OpenGL.GL  # noqa: F401
        import pyqtgraph.opengl  # noqa: F401
    except Exception as err:  # ImportError, or a PyOpenGL that cannot load its library
        detail = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        return f"3-D view unavailable: PyOpenGL cannot be loaded ({detail}); {INSTALL_HINT}"
    platform = QGuiApplication.platformName()
    context = QOpenGLContext()
    if not context.create():
        return f"3-D view unavailable: no OpenGL context on the '{platform}' display"
    surface = QOffscreenSurface()
    surface.create()
    try:
        if not surface.isValid() or not context.makeCurrent(surface):
            return f"3-D view unavailable: OpenGL cannot draw on the '{platform}' display"
        context.doneCurrent()
    finally:
        surface.destroy()
    return ""
