"""Find user-visible strings of the window and the panes that do not go through ``tr()``.

A string literal (or an f-string with words in it) passed straight to a call that shows text —
``setText``, ``setToolTip``, ``QAction(...)``, ``addMenu``, ``QMessageBox.warning``… — is
shown in English whatever the language; it must be ``tr("...")`` (or ``fill(tr(...), ...)``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

#: Calls whose string arguments a person reads.
SHOWN = frozenset(
    {
        "setText", "setToolTip", "setWindowTitle", "addAction", "QAction", "QLabel", "setTitle",
        "addMenu", "information", "warning", "critical", "question", "QMessageBox",
        "setStatusTip", "setPlaceholderText", "QPushButton", "QCheckBox", "QGroupBox", "addRow",
        "setWhatsThis", "addTab", "setHeaderLabels", "setHorizontalHeaderLabels", "showMessage",
        "QRadioButton", "setLabelText", "QToolButton", "setInformativeText", "setPrefix",
        "setSuffix", "setSpecialValueText", "getOpenFileName", "getSaveFileName", "addButton",
        "QMenu", "setLabel", "make_action", "QDockWidget", "QToolBar", "name_widget", "flash",
        "setAccessibleDescription", "setDetailedText", "set_title", "addItem", "addItems",
        "setHtml", "setPlainText", "insertItem", "set_tooltip", "field_label", "setIconText",
        "setItemText", "QListWidgetItem", "QTreeWidgetItem", "setItemData", "getItem", "getText",
        "getInt", "getDouble", "plot", "setFormat",
    }
)  # fmt: skip
#: Keyword arguments that are keys or names, not words.
NOT_SHOWN_KEYWORDS = frozenset({"shortcut", "name", "icon", "objectName", "units", "object_name"})
#: Positional arguments that are not words: a parent, an object name, a start directory.
NOT_SHOWN_POSITIONS = {
    "getOpenFileName": {2},
    "getSaveFileName": {2},
    "name_widget": {0, 1},
    "make_action": {0},
    "setItemData": {0, 2},  # (index, text, role)
    "insertItem": {0},
    "setItemText": {0},
}
#: pyqtgraph's ``plot(x, y, name="legend entry")``: only its name is read.
SHOWN_KEYWORDS_ONLY = {"plot": {"name"}}
#: Calls that show their first argument only: ``addItem(text, data)`` keeps its data.
FIRST_ONLY = frozenset({"addItem", "insertItem"})
#: pyqtgraph's axis names (``setLabel("left", ...)``) and names that are never translated.
NOT_WORDS = frozenset({"left", "bottom", "right", "top", "optiviz", "lr"})


def _called(node: ast.Call) -> str | None:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def _shown_arguments(node: ast.Call) -> Iterator[ast.expr]:
    name = _called(node) or ""
    if name in SHOWN_KEYWORDS_ONLY:
        yield from (kw.value for kw in node.keywords if kw.arg in SHOWN_KEYWORDS_ONLY[name])
        return
    skip = NOT_SHOWN_POSITIONS.get(name, set())
    args = node.args[: 1 + (name == "insertItem")] if name in FIRST_ONLY else node.args
    yield from (arg for i, arg in enumerate(args) if i not in skip)
    yield from (kw.value for kw in node.keywords if kw.arg not in NOT_SHOWN_KEYWORDS)


def _branches(node: ast.expr) -> Iterator[ast.expr]:
    if isinstance(node, ast.IfExp):
        yield from _branches(node.body)
        yield from _branches(node.orelse)
    else:
        yield node


def _is_words(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        # a word has two letters or more: "x₁" or "w" is a symbol, the same in every language
        return bool(re.search(r"[A-Za-z]{2}", node.value)) and node.value not in NOT_WORDS
    if isinstance(node, ast.JoinedStr):  # three letters or more outside the {}s
        text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        return len(re.findall(r"[A-Za-z]", text)) >= 3
    return False


def untranslated_in(source: str, filename: str = "<source>") -> list[str]:
    """``file:line: text`` of each shown string in ``source`` not wrapped in ``tr()``."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call) or _called(node) not in SHOWN:
            continue
        for arg in _shown_arguments(node):
            for branch in _branches(arg):
                if _is_words(branch):
                    found.append(f"{filename}:{branch.lineno}: {ast.unparse(branch)[:80]}")
    return found


def untranslated(folders: list[Path], root: Path) -> list[str]:
    """:func:`untranslated_in` over every Python file under ``folders``."""
    found = []
    for folder in folders:
        for path in sorted(folder.rglob("*.py")):
            found += untranslated_in(path.read_text(encoding="utf-8"), str(path.relative_to(root)))
    return found


def menu_titles(folders: list[Path]) -> set[str]:
    """The literal titles passed to ``actions.menu(window, "&Title")`` (translated inside)."""
    titles = set()
    for folder in folders:
        for path in folder.rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and _called(node) == "menu" and len(node.args) > 1:
                    title = node.args[1]
                    if isinstance(title, ast.Constant) and isinstance(title.value, str):
                        titles.add(title.value)
    return titles


#: Module-level tables whose strings are not words a person reads, and why.
TABLE_EXCEPTIONS = {
    "MENU_ORDER": "the menus' object names; menu() translates the titles it is given",
    "INSTALL_HINT": "a pip command, typed as it is",
    "DARK_WIDGETS": "QPalette role names",
}
#: Calls that mark a string for translation where it is written.
MARKS = frozenset({"QT_TR_NOOP", "QT_TRANSLATE_NOOP", "tr"})
#: A phrase (two words) or a capitalised word: what a table of shown strings holds.
PHRASE = re.compile(r"[A-Za-z]{3,} [A-Za-z]{2,}|^[A-Z][a-z]{3,}$")


def untranslated_tables_in(source: str, filename: str = "<source>") -> list[str]:
    """``file:line: NAME text`` of each phrase in a module-level UPPER_CASE table (or
    constant) not marked with ``QT_TR_NOOP``, outside :data:`TABLE_EXCEPTIONS`."""
    found = []
    for node in ast.parse(source, filename).body:
        if not isinstance(node, ast.Assign | ast.AnnAssign) or node.value is None:
            continue
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        names = [t.id for t in targets if isinstance(t, ast.Name)]
        if not names or not names[0].isupper() or names[0] in TABLE_EXCEPTIONS:
            continue
        marked = {
            id(inner)
            for call in ast.walk(node.value)
            if isinstance(call, ast.Call) and _called(call) in MARKS
            for inner in ast.walk(call)
        }
        # a dict's keys look things up; its values are what is shown
        marked |= {id(k) for d in ast.walk(node.value) if isinstance(d, ast.Dict) for k in d.keys}
        for leaf in ast.walk(node.value):
            if (
                isinstance(leaf, ast.Constant)
                and isinstance(leaf.value, str)
                and id(leaf) not in marked
                and PHRASE.search(leaf.value)
            ):
                found.append(f"{filename}:{leaf.lineno}: {names[0]} {leaf.value[:60]!r}")
    return found


def untranslated_tables(folders: list[Path], root: Path) -> list[str]:
    """:func:`untranslated_tables_in` over every Python file under ``folders``."""
    found = []
    for folder in folders:
        for path in sorted(folder.rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            found += untranslated_tables_in(text, str(path.relative_to(root)))
    return found
