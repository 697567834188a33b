"""Races in the panes: a diverging run, fifty runs, an lr fan (pixels and geometry)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QColor

from optiviz.engine.runs.config import RunConfig
from optiviz.plots.epoch_pane import MAX_ENTRIES
from optiviz.plots.theme import DISTINCT_RUNS, run_color
from tests.app.test_panes import count_color, panes, pixels, session  # noqa: F401


def finite_top(state, run_ids) -> float:
    """The largest loss of the given runs, in decades."""
    return float(np.log10(max(np.nanmax(state.runs[i].history.loss) for i in run_ids)))


def test_a_diverging_run_does_not_stretch_the_loss_axis(panes) -> None:  # noqa: F811
    state = session(RunConfig(lr=1.0), RunConfig(), RunConfig(optimizer="Adam", lr=0.5))
    assert state.runs[0].status == "diverged"
    assert np.nanmax(state.runs[0].history.loss) > 1e20  # its rows before it stopped are huge
    widget = panes(state)
    pane = widget.loss_pane
    (_x0, _x1), (_y0, y1) = pane.plot_item.getViewBox().viewRange()
    assert y1 < finite_top(state, (1, 2)) + 1.0  # within a decade of the finite runs
    # the diverged run's curve is drawn clipped to the top edge, with a triangle there
    assert np.nanmax(pane.curves[0].getData()[1]) <= y1 + 1e-9
    clip = pane.clips[0]
    assert clip.isVisible()
    assert clip.getData()[1][0] == pytest.approx(y1, abs=1e-9)
    assert not pane.clips[1].isVisible() and not pane.clips[2].isVisible()
    view = pane.plot_item.getViewBox().sceneBoundingRect()
    top_band = pixels(pane)[int(view.top()) : int(view.top()) + 20, int(view.left()) :]
    assert count_color(top_band, run_color(0)) > 30


def test_hidden_runs_never_count_for_the_range(panes) -> None:  # noqa: F811
    state = session(RunConfig(), RunConfig(lr=1e-4))
    state.runs[1].visible = False
    state.runs[0].visible = True
    widget = panes(state)
    (_x0, _x1), (y0, _y1) = widget.loss_pane.plot_item.getViewBox().viewRange()
    # the slow run stays high; the shown one falls: the axis goes down to the shown one only
    assert y0 < np.log10(np.nanmin(state.runs[0].history.loss))
    assert y0 > np.log10(np.nanmin(state.runs[0].history.loss)) - 1.0


def test_an_all_diverged_race_still_has_a_finite_view(panes) -> None:  # noqa: F811
    widget = panes(session(RunConfig(lr=1.0)))
    assert np.isfinite(widget.loss_pane.plot_item.getViewBox().viewRange()).all()


def lr_fan(count: int) -> list[RunConfig]:
    return [RunConfig(lr=float(lr)) for lr in np.geomspace(1e-4, 0.05, count)]


def test_a_fifty_run_legend_is_a_summary_within_a_third_of_the_pane(panes) -> None:  # noqa: F811
    widget = panes(session(*lr_fan(50), epochs=20))
    pane = widget.loss_pane
    texts = [label.text for _sample, label in pane.legend.items]
    assert len(texts) <= MAX_ENTRIES
    assert texts[-1] == f"+ {50 - (len(texts) - 1)} more runs"
    view = pane.plot_item.getViewBox().sceneBoundingRect()
    legend = pane.legend.sceneBoundingRect()
    assert view.contains(legend)
    assert legend.height() <= view.height() / 3 + 1
    assert legend.width() * legend.height() <= view.width() * view.height() / 3
    pens = {pane.curves[i].opts["pen"].color().name() for i in range(50)}
    assert len(pens) == 50  # fifty curves, fifty colours
    pixels(pane)  # drawn without error
    pane.grab().save("/tmp/ov/plots/fifty.png")


def test_sixty_four_run_colours_are_distinct() -> None:
    colors = [run_color(i) for i in range(DISTINCT_RUNS)]
    assert len(set(colors)) == DISTINCT_RUNS == 64
    rgb = np.array([QColor(c).getRgb()[:3] for c in colors], dtype=float)
    distance = np.sqrt(((rgb[:, None] - rgb[None]) ** 2).sum(-1))
    np.fill_diagonal(distance, np.inf)
    assert distance.min() > 12  # not just different bytes: told apart by eye


def test_an_lr_fan_legend_tells_adjacent_runs_apart(panes) -> None:  # noqa: F811
    configs = [RunConfig(lr=lr) for lr in (0.0372759, 0.0372761, 0.0373, 0.05)]
    widget = panes(session(*configs, epochs=5))
    texts = [label.text for _sample, label in widget.loss_pane.legend.items]
    assert len(set(texts)) == 4
    assert texts[3] == "SGD lr=0.05"
    assert texts[2] == "SGD lr=0.0373"  # collides at three digits, so five: 0.037300
    assert texts[0] != texts[1]
