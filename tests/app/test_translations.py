"""The Chinese interface: every shown string goes through tr() and has a translation, the
compiled .qm matches its .ts, the window speaks Chinese under zh_CN and English otherwise."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale

from optiviz.app.language import (
    LANGUAGES,
    SETTING,
    chosen_language,
    install_from_settings,
    install_language,
    installed_language,
    qm_path,
)
from optiviz.app.settings import Settings
from optiviz.engine.runs.config import RunConfig
from optiviz.plots.i18n import tr
from tests.app.untranslated import menu_titles, untranslated, untranslated_in

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "optiviz" / "app", ROOT / "optiviz" / "plots"]
TS = ROOT / "optiviz" / "i18n" / "optiviz_zh_CN.ts"
BIN = Path(sys.executable).parent
PLACEHOLDERS = re.compile(r"%\d|\{\w*\}|</?\w+>")


def _tool(name: str) -> str:
    found = BIN / name
    if not found.exists():
        pytest.skip(f"{name} is not installed beside {sys.executable}")
    return str(found)


def _messages(ts: Path) -> list[ET.Element]:
    return list(ET.parse(ts).getroot().iter("message"))


def _unfinished(ts: Path) -> list[str]:
    out = []
    for message in _messages(ts):
        translation = message.find("translation")
        assert translation is not None
        if (
            translation.get("type") in ("unfinished", "vanished", "obsolete")
            or not (translation.text or "").strip()
        ):
            out.append(message.findtext("source", ""))
    return out


@pytest.fixture
def chinese(qapp) -> Iterator[None]:
    assert install_language("zh_CN")
    yield
    install_language("en")


# -- the sources -----------------------------------------------------------------------------
def test_the_scan_finds_a_shown_string_without_tr():
    source = (
        'label.setText("Epochs")\n'
        'label.setToolTip(tr("Epochs"))\n'
        'box.warning(self, "optiviz", f"Could not write {path}")\n'
        'plot.setLabel("left", tr("loss"))\n'
        'name_widget(spin, "epochs", "Epochs shown")\n'
    )
    assert untranslated_in(source, "x.py") == [
        "x.py:1: 'Epochs'",
        "x.py:3: f'Could not write {path}'",
        "x.py:5: 'Epochs shown'",
    ]


def test_every_shown_string_of_the_window_and_panes_goes_through_tr():
    found = untranslated(SOURCES, ROOT)
    assert found == [], "shown without tr():\n" + "\n".join(found)


def test_every_message_is_translated_with_its_placeholders():
    messages = _messages(TS)
    assert len(messages) > 300
    assert _unfinished(TS) == []
    for message in messages:
        source = message.findtext("source", "")
        translation = message.findtext("translation", "")
        assert sorted(PLACEHOLDERS.findall(source)) == sorted(PLACEHOLDERS.findall(translation))
        # a menu text keeps its mnemonic: "&File" -> "文件(&F)"
        assert ("&" in source) == ("&" in translation), source


def test_the_ts_holds_every_tr_string_of_the_sources(tmp_path):
    """lupdate over today's sources adds nothing the .ts does not translate already."""
    ts = tmp_path / TS.name
    shutil.copy(TS, ts)
    files = sorted(str(p) for folder in SOURCES for p in folder.rglob("*.py"))
    files.append(str(ROOT / "optiviz" / "recorder" / "caption.py"))  # the presenter's caption
    options = ["-target-language", "zh_CN", "-no-obsolete", "-locations", "none"]
    subprocess.run(
        [_tool("pyside6-lupdate"), *files, *options, "-ts", str(ts)],
        check=True,
        capture_output=True,
    )
    missing = _unfinished(ts)
    assert missing == [], "no translation (run make translations):\n" + "\n".join(missing)
    sources = {m.findtext("source") for m in _messages(TS)}
    assert menu_titles(SOURCES) <= sources  # menu() translates the titles it is given


def test_the_shipped_qm_is_compiled_from_the_ts(tmp_path):
    qm = tmp_path / "fresh.qm"
    subprocess.run(
        [_tool("pyside6-lrelease"), str(TS), "-qm", str(qm)], check=True, capture_output=True
    )
    assert qm_path("zh_CN").read_bytes() == qm.read_bytes(), "run make translations"


# -- choosing the language --------------------------------------------------------------------
def test_the_setting_wins_and_auto_follows_the_locale():
    c_locale = QLocale(QLocale.Language.C)
    chinese = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    assert chosen_language("auto", c_locale) == "en"
    assert chosen_language(None, c_locale) == "en"  # nothing saved yet
    assert chosen_language("auto", chinese) == "zh_CN"
    assert chosen_language("en", chinese) == "en"
    assert chosen_language("zh_CN", c_locale) == "zh_CN"
    assert chosen_language("klingon", QLocale(QLocale.Language.German)) == "en"


def test_english_is_the_default_under_the_c_locale(make_window):
    assert install_from_settings("auto", QLocale(QLocale.Language.C)) == "en"
    assert installed_language() == "en"
    window = make_window(RunConfig(epochs=5))
    titles = [a.text() for a in window.menuBar().actions() if a.menu() is not None]
    assert titles[:3] == ["&File", "&Run", "&View"]
    assert window.action_set.play.toolTip() == "Play or pause (Space)"


def test_the_window_speaks_chinese_under_zh_cn(make_window):
    assert install_from_settings("auto", QLocale(QLocale.Language.Chinese)) == "zh_CN"
    try:
        window = make_window(RunConfig(epochs=5), first_frame=True)
        bar = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
        assert [m.title() for m in bar] == [
            "文件(&F)",
            "运行(&R)",
            "视图(&V)",
            "工具(&T)",
            "帮助(&H)",
        ]
        # found by object name, so each feature's items share one menu in any language
        names = [m.objectName() for m in bar]
        assert names == ["file_menu", "run_menu", "view_menu", "tools_menu", "help_menu"]
        assert window.action_set.play.text() == "播放(&P)"
        assert window.action_set.play.toolTip() == "播放或暂停 (Space)"
        assert window.dock.windowTitle() == "控制面板"
        surface_tip = window.panes.surface_pane.plot_item.titleLabel.toolTip()
        assert "损失曲面" in surface_tip and "术语表" in surface_tip
        assert "学习率" in window.action_set.panes["lr"].text()
        assert window.panes.loss_pane._title == "每轮次损失"
        assert window.panes.loss_pane.plot_item.getAxis("bottom").labelText == "轮次"
    finally:
        install_language("en")


def test_the_language_menu_saves_the_choice_and_says_it_applies_at_restart(make_window):
    settings = Settings(persistent=False)
    window = make_window(RunConfig(epochs=5), settings=settings)
    actions = {lang: window.findChild(type(window.action_set.play), f"action_language_{lang}")
               for lang in LANGUAGES}  # fmt: skip
    assert all(a is not None and a.isCheckable() for a in actions.values())
    assert [a.text() for a in actions.values()][1:] == ["&English", "简体中文"]
    assert actions["auto"].isChecked()
    actions["zh_CN"].trigger()
    assert settings.value(SETTING) == "zh_CN"
    assert actions["zh_CN"].isChecked() and not actions["auto"].isChecked()
    assert window.status.currentMessage() == "语言将在 optiviz 下次启动时更改。"
    actions["en"].trigger()  # English is what runs: nothing to restart for
    assert settings.value(SETTING) == "en"
    assert tr("&File") == "&File"  # the running interface did not change


def test_the_chinese_translation_uses_the_tutorials_terms(chinese):
    assert tr("Learning rate") == "学习率"
    assert tr("Optimizer") == "优化器"
    assert tr("Loss") == "损失"
    assert tr("Gradient") == "梯度"
    assert tr("Epochs") == "轮次"
    assert "zero_grad" in tr("One phase of the epoch: forward, loss, zero_grad, backward, step")
