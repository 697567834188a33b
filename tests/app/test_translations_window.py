"""The Chinese window beyond its menus: the controls' fields, the status bar, the stability
hint and the engine's problem titles, all in Chinese under zh_CN; and Chinese text drawn as
glyphs, not boxes, when a CJK font is installed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter, QRawFont
from PySide6.QtWidgets import QLabel

from optiviz.app.language import install_language
from optiviz.app.main_window import MainWindow
from optiviz.engine.problems.library import PROBLEM_NAMES, make_problem
from optiviz.engine.runs.config import RunConfig
from optiviz.plots.base import legend_fate
from optiviz.plots.engine_words import engine_words
from optiviz.plots.i18n import tr
from optiviz.recorder.caption import entry_text
from tests.app.drive import phase
from tests.app.untranslated import untranslated_in, untranslated_tables, untranslated_tables_in

#: Names of people: the same in every language.
NAMES = frozenset({"Rosenbrock", "Beale", "Himmelblau", "Rastrigin"})
#: torch's functions in a formula, the same in every language.
FUNCTIONS = re.compile(r"\b(mean|cos|sin|exp|log|sqrt)\b")


@pytest.fixture
def chinese(qapp) -> Iterator[None]:
    assert install_language("zh_CN")
    yield
    install_language("en")


@pytest.fixture
def window_options() -> dict:
    return {"configs": RunConfig(epochs=1000), "first_frame": True}


def test_the_controls_status_and_hints_speak_chinese(chinese, make_window):
    window: MainWindow = make_window()
    controls = window.controls
    labels = {label.text() for label in controls.findChildren(QLabel)}
    assert {"问题", "缩放", "优化器", "调度器", "轮次", "速度", "批大小", "种子"} <= labels
    assert not labels & {"problem", "scaling", "start", "optimizer", "scheduler", "epochs"}
    assert controls.batches.title() == "批次"
    assert controls.scheduler_combo.itemText(0) == "无"
    assert controls.speed_combo.itemText(0) == "尽可能快"
    assert controls.speed_combo.itemText(1) == "10 轮次/秒"
    scaling = window.explore.fields.scaling_combo
    assert scaling.itemText(scaling.findData("tutorial")) == "教程（x × 0.1）"
    assert controls.problem_note.text() == "线性拟合 y = w·x + b (MSE)"
    assert controls.batches.batch_spin.text() == "全批"
    status = window.status
    assert status.state_label.text() == "就绪"
    assert status.epoch_label.text() == "轮次 0/1,000"
    assert status.loss_label.text() == "损失 -"
    assert "原始 x：斜率 0.1" in status.params_label.text()
    assert window.panes.surface_pane._title == "线性拟合 y = w·x + b (MSE)"
    assert window.recording.action.iconText() == "录制"
    assert window.windowTitle() == "optiviz — 教程中的线性拟合上的 SGD"
    vectors = window.teaching.actions.vectors
    assert vectors["momentum"].text() == "动量缓冲" and vectors["step_size"].iconText() == "步长"
    hint = window.teaching.stability_label.text()
    assert hint.startswith("κ = ") and "SGD 稳定" in hint and "stable" not in hint


def test_a_diverged_run_warns_in_chinese_by_its_state_not_its_words(chinese, make_window):
    window: MainWindow = make_window()
    run = window.client.state.runs[0]
    run.status, run.diverged_at, run.reason = "diverged", 3, "the loss is inf"
    window.status.show_state(window.client.state, False)
    label = window.status.state_label
    assert label.text() == "在第 3 轮次发散：损失为 inf"
    assert label.font().bold()  # the warning look, though no "diverged" is in the text
    assert legend_fate(run) == " — 在第 3 轮次发散"
    assert "在第 3 轮次发散" in entry_text(window.client.state, run, 1000)  # presenter's caption


def test_the_presenters_caption_and_the_colour_scale_speak_chinese(chinese, make_window):
    window: MainWindow = make_window()
    state = window.client.state
    label, where, loss = entry_text(state, state.runs[0], 1000).split("  ·  ")
    assert (label, where) == ("SGD lr=0.01", "轮次 0 / 1000") and loss.startswith("损失 ")
    axis = window.panes.surface_pane.colorbar.getAxis("left")
    assert axis.labelText == "log₁₀(损失 − 最小值)"


def test_a_step_phase_names_its_rows_in_chinese(chinese, make_window):
    window: MainWindow = make_window(RunConfig(epochs=5))
    teaching = window.teaching
    records = [phase(window) for _ in range(5)]  # forward, loss, zero_grad, backward, step
    assert records[-1].phase == "step"
    rows = dict(teaching.panel.rows)
    assert {"之前的 params", "Δ = 之后 − 之前", "之后的 params"} <= set(rows)
    assert teaching.panel.heading.text().startswith("<b>第 1 轮次：step</b> 完成。")


def test_every_problem_title_and_formula_with_words_is_translated(chinese):
    for name in PROBLEM_NAMES:
        problem = make_problem(name)
        if problem.title not in NAMES:
            assert engine_words(problem.title) != problem.title, name
        if re.search(r"[A-Za-z]{3}", FUNCTIONS.sub("", problem.formula)):
            assert engine_words(problem.formula) != problem.formula, name
    assert engine_words("f(x, y) = x**2") == "f(x, y) = x**2"  # a typed one is shown as is


# -- glyphs, not boxes --------------------------------------------------------------------------
def _cjk_family() -> str | None:
    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    return families[0] if families else None


def _ink(text: str, font: QFont) -> QImage:
    image = QImage(200, 60, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(QColor("black"))
    painter.drawText(4, 44, text)
    painter.end()
    return image


def _dark_pixels(image: QImage) -> set[tuple[int, int]]:
    return {
        (x, y)
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).lightness() < 128
    }


def test_a_chinese_pane_title_is_drawn_as_glyphs_not_boxes(chinese):
    family = _cjk_family()
    if family is None:
        pytest.skip("no font for Simplified Chinese is installed: the window would draw boxes")
    title = tr("Loss")
    assert title == "损失"
    pane_font = QFont()  # the panes' and widgets' font: Qt falls back to a CJK font per glyph
    assert all(QRawFont.fromFont(QFont(family)).supportsCharacter(c) for c in title)
    glyphs = [_dark_pixels(_ink(c, pane_font)) for c in title]
    # a character no font has is drawn as a box (or not at all); every missing one alike
    box = _dark_pixels(_ink("\U000f0000", pane_font))
    assert all(glyphs) and all(g != box for g in glyphs)
    assert glyphs[0] != glyphs[1]  # 损 and 失 are two drawings, as two boxes would not be


def test_the_scan_finds_combo_entries_html_legends_and_questions():
    source = (
        'combo.addItem("as fast as possible", None)\n'
        'combo.addItem(name, "not shown: the item data")\n'
        'view.setHtml(f"<p>Step {n} of the loop</p>")\n'
        'frame.set_tooltip("Where the parameters start")\n'
        'form.addRow(field_label("epochs"), spin)\n'
        'plot.plot(x, y, pen=pen, name="smoothed loss")\n'
        'bar.setFormat("%v of %m runs")\n'
        'QInputDialog.getItem(window, "Export history", tr("Which run?"), names, 0, False)\n'
        'combo.setItemData(0, "No scheduler", role)\n'
        'form.addRow(field_label("lr"), box)\n'  # torch's name: the same in every language
    )
    assert sorted(untranslated_in(source, "x.py")) == [
        "x.py:1: 'as fast as possible'",
        "x.py:3: f'<p>Step {n} of the loop</p>'",
        "x.py:4: 'Where the parameters start'",
        "x.py:5: 'epochs'",
        "x.py:6: 'smoothed loss'",
        "x.py:7: '%v of %m runs'",
        "x.py:8: 'Export history'",
        "x.py:9: 'No scheduler'",
    ]


def test_the_scan_finds_a_table_of_shown_strings_without_a_mark():
    source = (
        'TIPS = ("The run\'s name in the legend", QT_TR_NOOP("The loss so far"))\n'
        'FILTER = "CSV files (*.csv)"\n'
        'MENU_ORDER = ("File", "View")\n'  # an exception: object names
        'NUMBER_FORMAT = ".4g"\n'
        'HEADERS = {"final loss": QT_TR_NOOP("Final loss")}\n'  # a key is looked up
        'lower = "not a constant table"\n'
    )
    assert untranslated_tables_in(source, "x.py") == [
        'x.py:1: TIPS "The run\'s name in the legend"',
        "x.py:2: FILTER 'CSV files (*.csv)'",
    ]


def test_every_table_of_shown_strings_is_marked_for_translation():
    root = Path(__file__).resolve().parents[2]
    folders = [root / "optiviz" / "app", root / "optiviz" / "plots"]
    found = untranslated_tables(folders, root)
    assert found == [], "mark with QT_TR_NOOP or list in TABLE_EXCEPTIONS:\n" + "\n".join(found)
