"""The engine's problem titles and formulas, in the interface's language.

The engine stays Qt-free and English (the CLI prints its texts as they are). The window and
the panes show them through :func:`engine_words`, which looks each one up in the ``engine``
context of the same ``.ts``; a text with no translation (a typed expression) is shown as it is.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from optiviz.plots.i18n import QT_TRANSLATE_NOOP

CONTEXT = "engine"

#: Every problem title and formula of the library that has words in it, and the usual reasons
#: a run diverges (a test keeps this list
#: in step with ``PROBLEM_NAMES``); names of people and plain formulas are the same everywhere.
WORDS = (
    QT_TRANSLATE_NOOP("engine", "Linear fit y = w·x + b (MSE)"),
    QT_TRANSLATE_NOOP("engine", "Saddle x² − y²"),
    QT_TRANSLATE_NOOP("engine", "Ill-conditioned quadratic (κ = 100, rotated 45°)"),
    QT_TRANSLATE_NOOP("engine", "0.5*(u**2 + 100*v**2), (u, v) = (x, y) rotated by 45°"),
    # the loss surface's colour scale (SurfaceGrid.label)
    QT_TRANSLATE_NOOP("engine", "log₁₀(loss − min)"),
    QT_TRANSLATE_NOOP("engine", "loss"),
    # why a run diverged (Run._diverge), shown after "diverged at epoch 12:"
    QT_TRANSLATE_NOOP("engine", "the loss is nan"),
    QT_TRANSLATE_NOOP("engine", "the loss is inf"),
    QT_TRANSLATE_NOOP("engine", "the parameters are no longer finite"),
)


def engine_words(text: str) -> str:
    """``text`` (a title or formula the engine wrote) in the installed language."""
    return QCoreApplication.translate(CONTEXT, text)
