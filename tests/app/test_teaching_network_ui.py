"""Step by step on a network in the window (inline worker): the phases, the layer table with
the changed column highlighted, and the vectors projected onto the plane."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PySide6.QtGui import QAction

from optiviz.app.language import install_language
from optiviz.app.teaching.code_panel import HIGHLIGHT
from optiviz.engine.networks.network_run import NetworkRun
from optiviz.engine.networks.spec import NETWORK_PROBLEM
from optiviz.engine.runs.config import RunConfig
from tests.app.drive import phase, steps

NET = RunConfig(problem=NETWORK_PROBLEM, optimizer="Adam", lr=0.05, epochs=40)


@pytest.fixture
def window_options() -> dict:
    return {"configs": NET, "size": (1400, 900)}


def test_a_network_steps_phase_by_phase_and_shows_its_layers(make_window):
    window = make_window()
    actions = {a.objectName(): a for a in window.findChildren(QAction)}
    assert actions["step_phase"].isEnabled() and actions["vector_neg_grad"].isEnabled()
    assert not actions["predict_reveal"].isEnabled()
    panel = window.teaching.panel
    alone = NetworkRun(NET)
    for _ in range(2):
        seen = [phase(window).phase for _ in range(4)]
        assert seen == ["forward", "zero_grad", "backward", "step"]
        alone.step()
    record = panel.record
    assert record is not None and record.layers is not None
    params = alone.model.named_parameters()
    norms = {n: float(torch.linalg.vector_norm(p.detach())) for n, p in params}
    assert {row.name: row.param_norm for row in record.layers} == norms
    text = panel.numbers.toPlainText()
    assert "0.weight" in text and "(8, 2)" in text and "4.bias" in text and "(1,)" in text
    assert panel.highlighted_text() == ["optimizer.step()"]
    history = window.client.state.runs[0].history
    assert len(history) == 2
    np.testing.assert_array_equal(history.loss, alone.history.loss)  # (params: another plane)

    record = phase(window)  # forward
    record = phase(window)  # zero_grad: the gradient column is the one highlighted
    assert record.phase == "zero_grad"
    html = panel.numbers.toHtml().lower()
    assert HIGHLIGHT.lower() in html
    assert "none" in panel.numbers.toPlainText().lower()
    assert panel.highlighted_text() == ["optimizer.zero_grad()"]
    assert "zero_grad" in panel.numbers.toPlainText()


def test_the_vectors_of_a_network_are_drawn_projected(make_window):
    config = NET.copy(optimizer="SGD", hyper={"momentum": 0.9})
    window = make_window(config)
    actions = window.teaching.actions.vectors
    for name in ("neg_grad", "update", "momentum"):
        actions[name].setChecked(True)
    steps(window, 3)
    window.frame()
    drawn = window.teaching.vectors.drawn
    assert set(drawn) == {"neg_grad", "update", "momentum"}
    assert window.teaching.vectors.arrows["update"].line.isVisible()
    alone = NetworkRun(config)
    for _ in range(3):
        alone.step()
    state = alone.optimizer.state
    momentum = torch.cat(
        [state[p]["momentum_buffer"].reshape(-1) for p in alone.model.parameters()]
    )
    worker_run = window.client._session.runs[0]  # the inline worker's run: its plane
    projector = worker_run.projector
    np.testing.assert_allclose(
        drawn["momentum"].components, -projector.vectors(momentum.double().numpy()[None])[0]
    )
    flat_grad = alone.flat_grad().double().numpy()
    np.testing.assert_allclose(drawn["neg_grad"].components, -projector.vectors(flat_grad[None])[0])


def test_a_networks_step_panel_speaks_chinese(qapp, make_window):
    assert install_language("zh_CN")
    try:
        window = make_window()
        records = [phase(window) for _ in range(3)]  # forward, zero_grad, backward
        assert records[-1].phase == "backward"
        text = window.teaching.panel.numbers.toPlainText()
        assert "层" in text and "形状" in text and "填入每一层的 .grad" in text
        assert "0.weight" in text and "(8, 2)" in text
    finally:
        install_language("en")
