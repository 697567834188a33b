"""The interface's language: English, or Simplified Chinese from ``optiviz/i18n``.

The choice is the setting ``language`` ("auto", "en" or "zh_CN"); "auto" follows the system
locale. :func:`install_language` puts the translators in place before any widget is built, so
every ``tr()`` of the window already finds them. Qt's own words (the buttons of a message box,
the file dialog) come from Qt's ``qtbase`` translations when they are installed with PySide6.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

#: The setting's values, in the order of View → Language.
LANGUAGES = ("auto", "en", "zh_CN")
SETTING = "language"
#: Where the compiled translations are shipped (package data).
I18N_DIR = Path(__file__).resolve().parent.parent / "i18n"

_installed: list[QTranslator] = []  # kept alive while installed: Qt does not own them


def qm_path(language: str) -> Path:
    """The compiled translation of ``language`` ("zh_CN")."""
    return I18N_DIR / f"optiviz_{language}.qm"


def chosen_language(setting: object, locale: QLocale | None = None) -> str:
    """ "en" or "zh_CN": the setting when it names a language, else the locale's ("auto")."""
    if setting in LANGUAGES and setting != "auto":
        return str(setting)
    locale = QLocale.system() if locale is None else locale
    return "zh_CN" if locale.language() == QLocale.Language.Chinese else "en"


def installed_language() -> str:
    """The language whose translators are installed ("en" when none is)."""
    return "zh_CN" if _installed else "en"


def install_language(language: str) -> bool:
    """Install the translators of ``language`` in place of the current ones; whether the
    language is now in effect (English always is; Chinese needs its ``.qm``)."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_language needs a QApplication")
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language == "en":
        return True
    own = QTranslator(app)
    if not own.load(str(qm_path(language))):
        return False
    qt = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for translator in (qt, own) if qt.load(f"qtbase_{language}", qt_dir) else (own,):
        app.installTranslator(translator)  # the last installed is searched first
        _installed.append(translator)
    return True


def install_from_settings(setting: object, locale: QLocale | None = None) -> str:
    """Install the language ``setting`` chooses (at start-up); the language in effect."""
    language = chosen_language(setting, locale)
    return language if install_language(language) else "en"
