"""The interface's words in the user's language, through Qt's translations.

Every user-visible string of the window and the panes goes through :func:`tr`. ``pyside6-lupdate``
files bare ``tr("...")`` calls under the empty context, so :func:`tr` looks them up there too:
one context for the whole interface, one ``.ts`` file (``optiviz/i18n/``). Strings kept in
tables (menus made in a loop, pane titles) are marked with :func:`QT_TR_NOOP` where they are
written and translated with :func:`tr` where they are shown, so that the translator installed
at start-up is already in place. Only QtCore is used: the recorder draws the panes offscreen.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

#: The context lupdate gives a bare ``tr()`` call in Python sources.
CONTEXT = ""


def tr(text: str) -> str:
    """``text`` in the installed translation's language (itself when none is installed)."""
    return QCoreApplication.translate(CONTEXT, text)


def QT_TR_NOOP(text: str) -> str:
    """Marks ``text`` for translation where it is written; :func:`tr` translates it later."""
    return text


def fill(text: str, *args: object) -> str:
    """``text`` (already translated) with Qt's placeholders ``%1``, ``%2``… replaced by
    ``args``: a translation may put them in another order, as ``fill(tr("Show %1"), name)``."""
    for i in range(len(args), 0, -1):  # %10 before %1
        text = text.replace(f"%{i}", str(args[i - 1]))
    return text


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for translation under ``context`` (the engine's sentences: "engine")."""
    return text
