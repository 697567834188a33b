"""The help window: the guide and the glossary, beside the simulator (never modal).

Left: a filter field and the list of pages (the guide, then each glossary entry); right: a
text browser. Typing in the filter keeps the entries whose term or text has every word typed,
in the list and on the page. A link ``glossary:kappa`` (in the guide, or from a pane's title)
opens the glossary at that entry. The window's geometry is remembered in the settings.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, Qt, QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices, QHideEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from optiviz.app.help.glossary import Entry, entries, glossary_html
from optiviz.app.names import name_widget
from optiviz.app.settings import Settings

GEOMETRY_KEY = "help/geometry"
GUIDE = "guide"  # the list item's data for the guide page


class HelpWindow(QWidget):
    """The guide (``guide_source()`` gives its HTML, fresh each time) and the glossary."""

    def __init__(
        self, guide_source: Callable[[], str], settings: Settings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("help_window")
        self.setWindowTitle(self.tr("optiviz help"))
        self.guide_source = guide_source
        self.settings = settings
        self.entries: list[Entry] = entries()
        self.page = GUIDE  # GUIDE or "glossary"

        self.filter = name_widget(QLineEdit(), "help_filter", self.tr("Filter the glossary"))
        self.filter.setPlaceholderText(self.tr("Filter: κ, clipping…"))
        self.filter.setClearButtonEnabled(True)
        self.list = name_widget(QListWidget(), "help_topics", self.tr("Help topics"))
        self.list.setWordWrap(True)  # long terms wrap instead of scrolling sideways
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.browser = name_widget(QTextBrowser(), "help_text", self.tr("Help text"))
        self.browser.setOpenLinks(False)  # glossary: links are ours, web links the browser's
        self.browser.anchorClicked.connect(self._follow)

        guide_item = QListWidgetItem(self.tr("Guide"))
        guide_item.setData(Qt.ItemDataRole.UserRole, GUIDE)
        font = guide_item.font()
        font.setBold(True)
        guide_item.setFont(font)
        self.list.addItem(guide_item)
        for entry in self.entries:
            item = QListWidgetItem(entry.term)
            item.setData(Qt.ItemDataRole.UserRole, entry.anchor)
            self.list.addItem(item)
        self.list.currentItemChanged.connect(self._on_item)
        self.filter.textChanged.connect(self.set_filter)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.filter.setFocus)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.filter)
        side_layout.addWidget(self.list, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(side)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([250, 600])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(splitter)
        self.resize(860, 620)
        self._restore_geometry()

    # -- what is shown -------------------------------------------------------------------------
    def shown_entries(self) -> list[Entry]:
        """The glossary entries the filter keeps."""
        words = self.filter.text()
        return [entry for entry in self.entries if entry.matches(words)]

    def visible_terms(self) -> list[str]:
        """The list's visible glossary terms (the guide's item aside)."""
        items = (self.list.item(i) for i in range(self.list.count()))
        return [
            item.text()
            for item in items
            if not item.isHidden() and item.data(Qt.ItemDataRole.UserRole) != GUIDE
        ]

    def show_guide(self) -> None:
        self.page = GUIDE
        self.browser.setHtml(self.guide_source())
        self._select(GUIDE)
        self.open()

    def show_glossary(self, anchor: str | None = None) -> None:
        """The glossary, scrolled to ``anchor`` (an entry's anchor) if given; an entry the
        filter hides clears the filter first."""
        if anchor and anchor not in {e.anchor for e in self.shown_entries()}:
            self.filter.clear()
        self.page = "glossary"
        self.browser.setHtml(glossary_html(self.shown_entries()))
        if anchor:
            self.browser.scrollToAnchor(anchor)
            self._select(anchor)
        self.open()

    def set_filter(self, text: str) -> None:
        if self.filter.text() != text:
            self.filter.setText(text)  # comes back here through textChanged
            return
        shown = {entry.anchor for entry in self.shown_entries()}
        for i in range(self.list.count()):
            item = self.list.item(i)
            anchor = item.data(Qt.ItemDataRole.UserRole)
            item.setHidden(anchor != GUIDE and anchor not in shown)
        if text:
            self.page = "glossary"
            self.browser.setHtml(glossary_html(self.shown_entries()))

    def open(self) -> None:
        self.show()
        self.raise_()
        self.activateWindow()

    # -- inside --------------------------------------------------------------------------------
    def _select(self, anchor: str) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == anchor:
                self.list.blockSignals(True)
                self.list.setCurrentItem(item)
                self.list.blockSignals(False)
                return

    def _on_item(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is None:
            return
        anchor = item.data(Qt.ItemDataRole.UserRole)
        if anchor == GUIDE:
            self.show_guide()
        else:
            self.show_glossary(anchor)

    def _follow(self, url: QUrl) -> None:
        if url.scheme() == "glossary":
            self.show_glossary(url.path())
        elif url.scheme() == "" and url.fragment():
            self.browser.scrollToAnchor(url.fragment())
        else:
            QDesktopServices.openUrl(url)

    # -- geometry ------------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        value = self.settings.value(GEOMETRY_KEY)
        if isinstance(value, QByteArray) and not value.isEmpty():
            self.restoreGeometry(value)

    def _save_geometry(self) -> None:
        self.settings.set_value(GEOMETRY_KEY, self.saveGeometry())

    def hideEvent(self, event: QHideEvent) -> None:
        self._save_geometry()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save_geometry()
        super().closeEvent(event)
