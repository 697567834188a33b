"""The 3-D view of a network: the landscape plane as the mesh, the paths on it (Xvfb)."""

from __future__ import annotations

import textwrap

import numpy as np
import pyqtgraph as pg
import pytest

from optiviz.app.explore.view3d import LIFT, Scale, lifted_path, mesh_arrays, tick_labels
from optiviz.engine.networks.problem import spec_problem
from optiviz.engine.networks.spec import NetworkSpec
from optiviz.engine.worker.live_landscape import LandscapeView
from optiviz.plots.landscape_grid import ALPHA_LABEL, BETA_LABEL, landscape_grid
from tests.app.test_view3d import run_gl_child


def plane_view() -> LandscapeView:
    alpha, beta = np.linspace(-2.0, 3.0, 21), np.linspace(-1.0, 1.0, 11)
    loss = (0.1 + (alpha[:, None] - 0.5) ** 2 + 4 * beta[None, :] ** 2).astype(np.float32)
    return LandscapeView(
        version=1,
        kind="pca",
        alpha=alpha,
        beta=beta,
        loss=loss,
        explained=(0.8, 0.14),
        seconds=0.01,
        points=160,
        line_t=np.linspace(-0.25, 1.25, 7),
        line_loss=np.ones(7),
    )


def test_a_networks_path_lies_on_the_planes_mesh():
    problem = spec_problem(NetworkSpec())  # no formula: its loss is NaN everywhere
    grid = landscape_grid(plane_view())
    x, y, z, _colors = mesh_arrays(grid, pg.colormap.get("viridis"))
    i, j = 4, 7
    pos = lifted_path(problem, Scale(grid), np.array([[grid.a[i], grid.b[j]]]))
    assert np.isfinite(pos).all()
    assert pos[0, 0] == pytest.approx(x[i]) and pos[0, 1] == pytest.approx(y[j])
    assert pos[0, 2] == pytest.approx(z[i, j] + LIFT, abs=1e-5)
    texts = [text for _pos, text in tick_labels(problem, grid)]
    assert ALPHA_LABEL in texts and BETA_LABEL in texts


CHILD = textwrap.dedent(
    """
    import sys
    import numpy as np
    from PySide6.QtWidgets import QApplication
    app = QApplication(sys.argv)
    from optiviz.app.main_window import MainWindow
    from optiviz.app.settings import Settings
    from optiviz.app.worker_client import WorkerClient
    from optiviz.engine.runs.config import RunConfig
    from optiviz.engine.worker.session import STEP
    configs = [RunConfig(problem="mlp", optimizer="Adam", lr=0.05, epochs=30)]
    window = MainWindow(
        WorkerClient(configs, inline=True), configs, speed=None,
        settings=Settings(persistent=False),
    )
    window.timer.stop()
    window.resize(1200, 760)
    window.show()
    app.processEvents()
    explore = window.explore
    action = explore.actions["view3d"]
    if not action.isEnabled():
        print("SKIP", action.toolTip())
        sys.exit(0)
    action.trigger()
    for _ in range(20):
        window.client.send(STEP)
        window.frame()
    app.processEvents()
    view = explore.view3d
    state = window.client.state
    assert state.landscape is not None
    assert view._grid_key == ("plane", state.landscape.version), view._grid_key
    np.testing.assert_allclose(view.scale.grid.z, state.landscape.loss.T)
    assert len(view.lines[0].pos) == 21, len(view.lines[0].pos)
    texts = [label.text for label in view.labels]
    assert "α (d₁)" in texts and "β (d₂)" in texts, texts
    image = view.render_image(400, 300)
    colours = len(np.unique(image[:, :, :3].reshape(-1, 3), axis=0))
    assert colours > 50, colours
    window.close()
    print("OK")
    """
)


@pytest.mark.timeout(120)
def test_the_3d_view_draws_a_networks_plane_under_xvfb(tmp_path):
    run_gl_child(tmp_path, CHILD)
