"""Puts Help into a main window: Guide (F1), Glossary, About, the panes' title links and the
stall hint in the status bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from optiviz.app.actions import make_action, menu
from optiviz.app.help.stall_notice import StallNotice
from optiviz.app.host import WindowHost
from optiviz.plots.descriptions import GLOSSARY_ENTRY

if TYPE_CHECKING:
    from optiviz.app.help.help_window import HelpWindow


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate's context for a bare tr()


class HelpController(QObject):
    """The Help menu's actions, its window (made when first asked for) and the stall notice."""

    def __init__(self, window: WindowHost) -> None:
        super().__init__(window)
        self.window = window
        self.help_window: HelpWindow | None = None
        self.about_box: QMessageBox | None = None
        self.actions: dict[str, QAction] = {}
        self.stall = StallNotice(window)
        window.aboutToClose.connect(self.close)

    def help(self) -> HelpWindow:
        if self.help_window is None:  # the window, the guide and its text load when asked for
            from optiviz.app.help.guide import guide_html
            from optiviz.app.help.help_window import HelpWindow

            window = self.window
            self.help_window = HelpWindow(
                lambda: guide_html(window),  # type: ignore[arg-type]
                window.settings,
                window,  # type: ignore[arg-type]
            )
        return self.help_window

    def show_guide(self) -> None:
        self.help().show_guide()

    def show_glossary(self, anchor: str | None = None) -> None:
        self.help().show_glossary(anchor)

    def show_about(self) -> None:
        from optiviz.app.help.about import show_about

        self.about_box = show_about(self.window)  # type: ignore[arg-type]

    def close(self) -> None:
        if self.help_window is not None:
            self.help_window.close()
        if self.about_box is not None:
            self.about_box.close()

    def title_clicked(self, pane: object, event: object) -> None:
        """A click on a pane's title opens the glossary at the entry that explains it."""
        anchor = GLOSSARY_ENTRY.get(type(pane).__name__)
        title = pane.plot_item.titleLabel  # type: ignore[attr-defined]
        if anchor and title.isVisible() and title.sceneBoundingRect().contains(event.scenePos()):  # type: ignore[attr-defined]
            self.show_glossary(anchor)


def install_help(window: WindowHost) -> HelpController:
    """Add the Help menu to ``window`` (a MainWindow); returns ``window.help``."""
    controller = HelpController(window)
    window.help = controller  # type: ignore[attr-defined]
    guide = make_action(
        window,  # type: ignore[arg-type]
        tr("&Guide"),
        controller.show_guide,
        shortcut=QKeySequence(QKeySequence.StandardKey.HelpContents),
        tip=tr("What the panes show, the controls and the keys"),
        key_in_status=True,
        name="help_guide",
    )
    if guide.shortcut().isEmpty():  # a platform without a help key: F1 as elsewhere
        guide.setShortcut(QKeySequence("F1"))
    glossary = make_action(
        window,  # type: ignore[arg-type]
        tr("G&lossary"),
        controller.show_glossary,
        tip=tr("κ, λ, the eigen-axes, Δ, momentum, batches, clipping… explained"),
        name="help_glossary",
    )
    about = make_action(
        window,  # type: ignore[arg-type]
        tr("&About optiviz"),
        controller.show_about,
        tip=tr("The versions of optiviz, torch and Qt"),
        name="help_about",
    )
    about.setMenuRole(QAction.MenuRole.AboutRole)
    help_menu = menu(window, "&Help")  # type: ignore[arg-type]
    help_menu.setObjectName("help_menu")
    for action in (guide, glossary):
        help_menu.addAction(action)
    help_menu.addSeparator()
    help_menu.addAction(about)
    controller.actions = {"guide": guide, "glossary": glossary, "about": about}
    window.addActions([guide])
    if window.dock is not None:
        window.dock.addActions([guide])  # F1 works in a floating dock too

    def on_title_clicks(pane) -> None:
        pane.scene().sigMouseClicked.connect(
            lambda event, pane=pane: controller.title_clicked(pane, event)
        )

    window.panes.on_each_pane(on_title_clicks)  # and the panes made later (lr, network)
    return controller
