"""The optimizer's arrows on the surface: true lengths or one round scale, said once."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF

from optiviz.app.teaching.vector_overlay import STYLE, VectorOverlay
from optiviz.engine.explain.vectors import optimizer_vectors
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run
from tests.app.test_panes import count_color, panes, pixels, session  # noqa: F401

SHOWN = ("neg_grad", "update", "momentum")


def drawn_length(overlay: VectorOverlay, name: str) -> float:
    """The arrow's length on screen, in pixels."""
    vb = overlay.plot.getViewBox()
    xs, ys = overlay.arrows[name].line.getData()
    start = vb.mapViewToScene(QPointF(xs[0], ys[0]))
    end = vb.mapViewToScene(QPointF(xs[1], ys[1]))
    return float(np.hypot(end.x() - start.x(), end.y() - start.y()))


def overlay_on(widget) -> VectorOverlay:
    overlay = VectorOverlay(widget.surface_pane.plot_item)
    for name in SHOWN:
        overlay.set_enabled(name, True)
    return overlay


def test_the_gradient_arrow_shrinks_as_the_run_converges(panes) -> None:  # noqa: F811
    config = RunConfig(lr=0.01, hyper={"momentum": 0.9}, epochs=300)
    state = session(config, epochs=300)
    widget = panes(state)
    problem = state.problem
    overlay = overlay_on(widget)
    lengths = []
    for epoch in (1, 60, 300):
        vectors = optimizer_vectors(Run(config).run(epoch))
        overlay.show(vectors, problem.domain, problem.param_names)
        lengths.append(drawn_length(overlay, "neg_grad"))
        if epoch == 1:
            widget.surface_pane.grab().save("/tmp/ov/plots/vectors_start.png")
    widget.surface_pane.grab().save("/tmp/ov/plots/vectors_end.png")
    assert lengths[0] > 2 * lengths[1] > 0 and lengths[1] > lengths[2]
    grad = np.hypot(*vectors["neg_grad"].components)
    drawn = np.hypot(*np.diff(overlay.arrows["neg_grad"].line.getData(), axis=1).ravel())
    assert drawn == pytest.approx(overlay.scales["neg_grad"] * grad)


def test_the_scale_is_said_once_and_labels_do_not_overlap(panes) -> None:  # noqa: F811
    config = RunConfig(lr=0.01, hyper={"momentum": 0.9}, epochs=5)
    widget = panes(session(config, epochs=5))
    problem = widget.session.problem
    overlay = overlay_on(widget)
    overlay.show(optimizer_vectors(Run(config).run(1)), problem.domain, problem.param_names)
    widget.surface_pane.grab()
    # the gradient is hundreds of surface units long: scaled by one round factor, said once
    scale = overlay.scales["neg_grad"]
    assert scale < 1 and scale == overlay.scales["momentum"]
    mantissa = scale / 10 ** np.floor(np.log10(scale))
    assert np.isclose(mantissa, [1, 2, 5]).any()
    assert overlay.note.isVisible() and overlay.note.toPlainText().startswith("arrows ×")
    texts = [overlay.arrows[n].label.toPlainText() for n in SHOWN]
    assert texts == [STYLE[n].short for n in SHOWN]  # no "×9e+03" at the tips
    rects = list(overlay.label_rects.values())
    assert len(rects) == 3
    for i, a in enumerate(rects):
        for b in rects[i + 1 :]:
            assert not a.intersects(b)
    # the labels are drawn where they were placed, and the note inside the view
    view = widget.surface_pane.plot_item.getViewBox().sceneBoundingRect()
    assert view.contains(overlay.note.sceneBoundingRect())
    for name in SHOWN:
        label = overlay.arrows[name].label.sceneBoundingRect()
        placed = overlay.label_rects[name]
        assert abs(label.center().x() - placed.center().x()) < 3
        assert abs(label.center().y() - placed.center().y()) < 3
