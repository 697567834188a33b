"""Whether the 3-D view can work here, and if not, why in one line."""

from __future__ import annotations

from importlib.util import find_spec

from PySide6.QtGui import QGuiApplication, QOffscreenSurface, QOpenGLContext

INSTALL_HINT = "pip install 'optiviz[gl]'"


def gl_unavailable_reason() -> str:
    """ "" when an OpenGL 3-D view can be made, else the reason (for a tooltip).

    PyOpenGL is looked for, not imported (half a second, at start-up): a PyOpenGL that cannot
    load its library is found when the view is first made, which then disables itself.
    """
    for name in ("OpenGL.GL", "pyqtgraph.opengl"):
        try:
            found = find_spec(name) is not None
        except Exception as err:  # a package that fails on import, or a None in sys.modules
            found, detail = False, str(err).strip().splitlines()[0] or type(err).__name__
        else:
            detail = f"no module named {name}"
        if not found:
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
