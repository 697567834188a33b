"""View → Language: Automatic (the system's), English or 简体中文.

The choice is saved in the settings and applies when optiviz starts again: the window's
texts are set once, as each feature builds its widgets, and retranslating them live would
mean a ``changeEvent`` in every one of them. The status bar says so at once, in the language
chosen (the translator is loaded just for that sentence).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTranslator
from PySide6.QtGui import QAction, QActionGroup

from optiviz.app.actions import menu
from optiviz.app.language import (
    LANGUAGES,
    SETTING,
    chosen_language,
    installed_language,
    qm_path,
)
from optiviz.app.names import name_action
from optiviz.plots.i18n import QT_TR_NOOP, tr

#: The menu's texts; each language names itself, so a reader finds their own in either.
TEXTS = {"auto": QT_TR_NOOP("&Automatic (system language)"), "en": "&English", "zh_CN": "简体中文"}
RESTART = QT_TR_NOOP("The language changes when optiviz starts again.")


def restart_note(language: str) -> str:
    """:data:`RESTART` in ``language`` ("en" or "zh_CN"), whatever is installed now."""
    if language == "en":
        return RESTART
    translator = QTranslator()
    if not translator.load(str(qm_path(language))):
        return RESTART
    return translator.translate("", RESTART) or RESTART


class LanguageMenu:
    """The View → Language submenu and the setting it writes."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.menu = menu(window, "&View").addMenu(tr("&Language"))
        self.menu.setObjectName("language_menu")
        self.group = QActionGroup(self.menu)
        self.group.setExclusive(True)
        self.actions: dict[str, QAction] = {}
        current = window.settings.value(SETTING, "auto")
        current = current if current in LANGUAGES else "auto"
        for language in LANGUAGES:
            text = TEXTS[language]
            action = self.menu.addAction(tr(text) if language == "auto" else text)
            name_action(action, f"action_language_{language}")
            action.setCheckable(True)
            action.setChecked(language == current)
            self.group.addAction(action)
            action.triggered.connect(lambda _on=False, lang=language: self.choose(lang))
            self.actions[language] = action

    def choose(self, language: str) -> None:
        """Save ``language`` ("auto", "en", "zh_CN") and say when it applies."""
        self.window.settings.set_value(SETTING, language)
        self.window.settings.sync()
        self.actions[language].setChecked(True)
        wanted = chosen_language(language)
        if wanted != installed_language():
            self.window.status.flash(restart_note(wanted))


def install_language_menu(window: Any) -> LanguageMenu:
    return LanguageMenu(window)
