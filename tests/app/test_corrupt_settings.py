"""Corrupt remembered values never stop the window from opening; labels are plain text."""

from __future__ import annotations

import pytest

from optiviz.app.scenarios import memory
from optiviz.app.settings import Settings
from optiviz.engine.runs.config import RunConfig, validate

RUN = '[[runs]]\noptimizer = "SGD"\nlr = 0.1\n'
HTML_LABEL = "<h1>BIG</h1><img src='/etc/passwd'>"

CORRUPT_SESSIONS = {
    "toml 5000 deep": "x = " + "[" * 5000 + "]" * 5000 + "\n" + RUN,
    "json-like 100000 deep": "x = " + "{a = " * 100_000 + "1" + "}" * 100_000 + "\n" + RUN,
    "points of 1e300": f"[problem]\npoints = [[1e300, 1.0], [2.0, 3.0]]\n{RUN}",
    "x of 1e40": f"[problem]\npoints = [[1e40, 1.0], [2.0, 3.0]]\n{RUN}",
    "x of 3.5e39": f"[problem]\npoints = [[3.5e39, 1.0], [2.0, 3.0]]\n{RUN}",
    "start of 1e39": f"[problem]\nstart = [1e39, 0.0]\n{RUN}",
    "lr of 1e39": '[[runs]]\noptimizer = "SGD"\nlr = 1e39\n',
    "100 runs": RUN * 100,
    "rprop min above max": '[[runs]]\noptimizer = "Rprop"\nlr = 0.1\n'
    "params = { step_sizes = [50, 1e-6] }\n",
}


@pytest.mark.parametrize("text", CORRUPT_SESSIONS.values(), ids=CORRUPT_SESSIONS.keys())
def test_a_corrupt_last_session_opens_the_default_run_with_a_notice(make_window, text):
    settings = Settings(persistent=False)
    memory.set_last_session(settings, text)
    window = make_window(settings=settings)
    window.frame()
    assert [run.config for run in window.client.state.runs] == [validate(RunConfig())]
    assert "the last session was not restored" in window.status.currentMessage()
    assert memory.last_session(settings) == ""  # dropped: the next start is clean


def test_corrupt_remembered_values_are_dropped(make_window):
    settings = Settings(persistent=False)
    settings.set_value(memory.RECENT_KEY, "[" * 100_000 + "]" * 100_000)
    settings.set_value("run/speed", "1e400")
    assert memory.recent_files(settings) == []
    assert settings.speed() == 100.0
    window = make_window(settings=settings)
    assert window.client.state.runs


def test_a_label_with_html_is_shown_literally(make_window, tmp_path):
    path = tmp_path / "labels.toml"
    path.write_text(
        f'{RUN}label = "{HTML_LABEL}"\n[[runs]]\noptimizer = "Adam"\nlr = 0.1\n',
        encoding="utf-8",
    )
    window = make_window(size=(1400, 900))
    assert window.scenario_files.open(path) == ""
    window.frame()
    window.panes.refresh(None)
    legend = window.panes.loss_pane.legend
    labels = [label for _sample, label in legend.items]
    first = labels[0]
    assert "&lt;h1&gt;" in first.text
    drawn = first.item.document().toPlainText()
    assert drawn.startswith("<h1>BIG")  # the raw text, not a heading
    assert "<img" not in first.item.document().toHtml()  # no image element: nothing loaded
    assert window.race.panel.list.item(0).text().endswith(HTML_LABEL)


def test_a_title_with_markup_is_shown_literally(make_window):
    window = make_window()
    pane = window.panes.fit_pane
    pane.set_title("<b>x</b> & y")
    assert pane.plot_item.titleLabel.item.toPlainText() == "<b>x</b> & y"
