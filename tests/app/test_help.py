"""Help: the menu, the guide's keys read from the actions, the glossary, pane tooltips and the
stall hint in the status bar."""

from __future__ import annotations

import torch
from PySide6.QtCore import QEvent, QPoint, Qt, qVersion
from PySide6.QtGui import QHelpEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QToolTip

from optiviz.app.help.guide import key_rows
from optiviz.app.help.help_window import HelpWindow
from optiviz.app.names import plain_text
from optiviz.app.settings import Settings
from optiviz.engine.explain.stall import stall_hint
from optiviz.engine.runs.config import RunConfig


def test_help_menu_has_guide_glossary_and_about(make_window):
    window = make_window(RunConfig(epochs=5))
    menus = [a for a in window.menuBar().actions() if a.menu() is not None]
    assert plain_text(menus[-1].text()) == "Help"  # the last menu, as on every platform
    help_menu = menus[-1].menu()
    names = [a.objectName() for a in help_menu.actions() if not a.isSeparator()]
    assert names == ["help_guide", "help_glossary", "help_about"]
    assert window.help.actions["guide"].shortcut() == QKeySequence("F1")
    assert window.help.actions["guide"] in window.actions()  # works without the menu bar


def test_f1_opens_the_guide_beside_the_window(qtbot, make_window):
    window = make_window(RunConfig(epochs=5))
    qtbot.keyClick(window, Qt.Key.Key_F1)
    help_window = window.help.help_window
    assert help_window is not None and help_window.isVisible()
    assert help_window.windowModality() == Qt.WindowModality.NonModal
    assert help_window.isWindow() and help_window.objectName() == "help_window"
    text = help_window.browser.toPlainText()
    assert "Loss surface" in text and "log₁₀(loss − min)" in text
    assert help_window.list.currentItem().text() == "Guide"
    assert help_window.filter.accessibleName() == "Filter the glossary"


def _row(window, where: str):
    return next(r for r in key_rows(window) if r.where == where)


def test_the_guide_lists_the_actions_shortcuts_as_they_are(make_window):
    window = make_window(RunConfig(epochs=5))
    assert _row(window, "Run → Step").keys == "Right"
    assert _row(window, "Run → Reset").what == "Start again from epoch 0"
    assert _row(window, "File → Record animation").keys == "Ctrl+Shift+R"  # a feature's key
    assert _row(window, "Help → Guide").keys == "F1"
    window.action_set.reset.setShortcut(QKeySequence("Ctrl+Alt+9"))
    window.help.show_guide()
    text = window.help.help_window.browser.toPlainText()
    assert "Ctrl+Alt+9\nRun → Reset" in text
    assert "R\nRun → Reset" not in text


def test_glossary_filter_finds_kappa_and_clipping(make_window):
    window = make_window(RunConfig(epochs=5))
    window.help.show_glossary()
    help_window = window.help.help_window
    help_window.set_filter("κ")
    assert "κ (condition number)" in help_window.visible_terms()
    assert "Gradient clipping" not in help_window.visible_terms()
    assert "κ = λ₂ / λ₁" in help_window.browser.toPlainText()
    help_window.filter.setText("clipping")  # typed in the field
    assert help_window.visible_terms() == ["Gradient clipping"]
    assert "clip_grad_norm_" in help_window.browser.toPlainText()
    help_window.set_filter("zzz no such word")
    assert help_window.visible_terms() == []
    assert "No entry matches" in help_window.browser.toPlainText()


def test_glossary_covers_the_issue_words_and_opens_at_an_anchor(make_window):
    window = make_window(RunConfig(epochs=5))
    window.help.show_glossary()
    help_window = window.help.help_window
    help_window.set_filter("zzz")
    for word in ("λ", "eigen-axes", "stability limit", "Δ", "momentum", "first moment",
                 "second moment", "colour scale", "batch", "epoch and step",
                 "stochastic gradient", "accumulation"):  # fmt: skip
        help_window.set_filter(word)
        assert help_window.visible_terms(), word
    help_window.set_filter("clipping")
    window.help.show_glossary("accumulation")  # a hidden entry: the filter is cleared
    assert help_window.filter.text() == ""
    assert help_window.list.currentItem().text().startswith("Gradient accumulation")


def test_every_pane_title_and_legend_explains_itself(make_window):
    window = make_window(RunConfig(epochs=5), first_frame=True)
    panes = window.panes
    for pane in (panes.surface_pane, panes.loss_pane, panes.fit_pane, panes.lr_pane):
        tip = pane.plot_item.titleLabel.toolTip()
        assert "glossary" in tip, type(pane).__name__
    assert "log₁₀(loss − min)" in panes.surface_pane.colorbar.toolTip()
    assert "eigen-axes" in panes.surface_pane.plot_item.titleLabel.toolTip()
    assert "Δ" in panes.surface_pane.plot_item.titleLabel.toolTip()
    assert "logarithmic" in panes.loss_pane.plot_item.getAxis("left").toolTip()
    assert "diverged" in panes.loss_pane.legend.toolTip()
    assert "least-squares" in panes.fit_pane.plot_item.titleLabel.toolTip()


def test_hovering_a_title_shows_its_tooltip(qtbot, make_window):
    window = make_window(RunConfig(epochs=5), first_frame=True)
    pane = window.panes.loss_pane
    title = pane.plot_item.titleLabel
    where = pane.mapFromScene(title.sceneBoundingRect().center())
    event = QHelpEvent(QEvent.Type.ToolTip, where, pane.viewport().mapToGlobal(where))
    QApplication.sendEvent(pane.viewport(), event)
    assert QToolTip.isVisible()
    assert "Loss per epoch" in QToolTip.text() and "logarithmic" in QToolTip.text()
    QToolTip.hideText()


def test_clicking_a_title_opens_the_glossary_there(qtbot, make_window):
    window = make_window(RunConfig(epochs=5), first_frame=True)
    pane = window.panes.surface_pane
    start = tuple(pane.target.pos())
    center = pane.plot_item.titleLabel.sceneBoundingRect().center()
    qtbot.mouseClick(pane.viewport(), Qt.MouseButton.LeftButton, pos=pane.mapFromScene(center))
    help_window = window.help.help_window
    assert help_window is not None and help_window.isVisible()
    assert help_window.list.currentItem().text().startswith("Colour scale")
    assert tuple(pane.target.pos()) == start  # the title is not the surface: no new start


def test_muon_on_the_linear_fit_says_why_it_stalls(make_window):
    config = RunConfig(optimizer="Muon", epochs=5)
    window = make_window(config)
    hint = stall_hint(config)
    assert hint is not None
    message = window.status.currentMessage()
    assert "weight_decay=0.1" in message and f"|θ| ≤ {hint.reach:.3g}" in message
    assert f"|θ| = {hint.needed:.3g}" in message and "set it to 0" in message
    window.model.edit(window.model.edited_config.copy(hyper={"weight_decay": 0.0}))
    assert window.help.stall.hint is None


def test_sgd_gets_no_stall_hint_until_muon_is_chosen(make_window):
    window = make_window(RunConfig(epochs=5))
    assert window.help.stall.hint is None
    assert "stalls" not in window.status.currentMessage()
    window.model.edit(window.model.edited_config.copy(optimizer="Muon", hyper={}))
    assert "Muon stalls" in window.status.currentMessage()


def test_the_help_window_remembers_its_geometry(qtbot):
    settings = Settings(persistent=False)
    first = HelpWindow(lambda: "<p>guide</p>", settings)
    qtbot.addWidget(first)
    first.show_guide()
    first.resize(640, 420)
    first.move(QPoint(30, 40))
    first.close()
    second = HelpWindow(lambda: "<p>guide</p>", settings)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (640, 420)


def test_about_names_the_versions(make_window):
    window = make_window(RunConfig(epochs=5))
    window.help.show_about()
    text = window.help.about_box.text()
    assert "optiviz 0.1.0" in text and torch.__version__ in text and qVersion() in text
    window.help.about_box.close()


def test_the_stall_hint_is_worked_out_once_per_settings(make_window, monkeypatch):
    import optiviz.app.help.stall_notice as notice

    window = make_window(RunConfig(optimizer="Muon", epochs=5))
    calls: list[str] = []
    real = notice.stall_hint
    monkeypatch.setattr(notice, "stall_hint", lambda c: calls.append(c.optimizer) or real(c))
    window.model.set_label(0, "mine")  # runsChanged, same settings: nothing worked out
    window.model.set_color(0, "#123456")
    assert calls == []
    window.model.edit(window.model.edited_config.copy(lr=0.02))
    assert calls == ["Muon"]
    assert "Muon stalls" in window.status.currentMessage()
