"""The guide: what each pane shows, the controls, and the window's keys as they are now.

The keys are read from the window's actions each time the guide is shown, so a shortcut
changed (or added by a feature) is never described wrong. The texts go through Qt's
translations (context ``Guide``).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from optiviz.app.names import plain_text

CONTEXT = ""  # lupdate files bare tr() calls under the empty context


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


@dataclass(frozen=True)
class KeyRow:
    keys: str  # as the platform writes them: "Ctrl+Shift+R", "⌘R"
    where: str  # the menu path: "Run → Step"
    what: str  # the action's tip


def _tip(action: QAction) -> str:
    """The action's explanation without the key make_action appends to it."""
    tip = action.statusTip() or action.toolTip()
    for keys in action.shortcuts():
        tip = tip.removesuffix(f" ({keys.toString()})")
    return "" if tip == plain_text(action.text()) else tip


def _menu_rows(menu: QMenu, path: str, seen: set[int], rows: list[KeyRow]) -> None:
    for action in menu.actions():
        sub = action.menu()
        name = plain_text(action.text()).rstrip("…")
        if sub is not None:
            _menu_rows(sub, f"{path} → {name}", seen, rows)
        elif action.shortcuts() and id(action) not in seen:
            seen.add(id(action))
            keys = ", ".join(
                k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()
            )
            rows.append(KeyRow(keys, f"{path} → {name}", _tip(action)))


def key_rows(window: QMainWindow) -> list[KeyRow]:
    """Every action of the window's menus that has a shortcut, in menu order, then the
    window's other actions with one (keys that work without a menu entry)."""
    rows: list[KeyRow] = []
    seen: set[int] = set()
    for action in window.menuBar().actions():
        menu = action.menu()
        if menu is not None:
            _menu_rows(menu, plain_text(action.text()), seen, rows)
    for action in window.actions():
        if action.shortcuts() and id(action) not in seen:
            seen.add(id(action))
            keys = ", ".join(
                k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()
            )
            rows.append(KeyRow(keys, plain_text(action.text()).rstrip("…"), _tip(action)))
    return rows


def keys_table(rows: list[KeyRow]) -> str:
    cells = "".join(
        f"<tr><td><b>{html.escape(r.keys)}</b></td><td>{html.escape(r.where)}</td>"
        f"<td>{html.escape(r.what)}</td></tr>"
        for r in rows
    )
    return f'<table cellspacing="0" cellpadding="3">{cells}</table>'


def _link(anchor: str, text: str) -> str:
    return f'<a href="glossary:{anchor}">{html.escape(text)}</a>'


def guide_html(window: QMainWindow) -> str:
    """The guide's page for ``window``."""
    panes = tr(
        "<h2>optiviz</h2>"
        "<p>optiviz runs real <code>torch.optim</code> optimizers on a small problem with two "
        "parameters and draws every step. Pick a problem and an optimizer on the left, press "
        "Play, and watch four panes.</p>"
        "<h3>The panes</h3>"
        "<ul>"
        "<li><b>Loss surface</b>: the loss over the two parameters, coloured in {colour}, "
        "with contours, the minimum ★, the start ○ (drag it) and each run's path.</li>"
        "<li><b>Loss per epoch</b>: each run's loss on a {axis} when the surface is "
        "coloured in log₁₀; the legend names the runs.</li>"
        "<li><b>Data and fitted line</b>: the points and each run's line (on the test "
        "functions: the two parameters and the distance to the minimum).</li>"
        "<li><b>Learning rate</b>: the lr per epoch, when a scheduler changes it.</li>"
        "</ul>"
        "<p>Hover over a pane's title, legend or colour bar to learn how to read it; click "
        "the title to open the glossary there.</p>"
        "<h3>The controls</h3>"
        "<p>Problem, optimizer and its hyperparameters (each field's tooltip gives torch's "
        "default), lr, scheduler and epochs. Edits apply to the run as it goes; Reset "
        "starts again from epoch 0. Step phase walks through one step of the tutorial's "
        "loop — forward, zero_grad, backward, step — and shows the {eigen} and {kappa} of "
        "a quadratic loss and the update {delta}. When torch's defaults keep an optimizer "
        "from the minimum (Muon's weight decay on the linear fit), the status bar says "
        "why.</p>"
        "<h3>Keys</h3>"
    )
    panes = panes.format(
        colour=_link("colour-scale", "log₁₀(loss − min)"),
        axis=_link("loss-axis", tr("log axis")),
        eigen=_link("eigen-axes", tr("eigen-axes")),
        kappa=_link("kappa", "κ"),
        delta=_link("delta", "Δ"),
    )
    return panes + keys_table(key_rows(window))
