"""The 3-D view: disabled with a reason where OpenGL is missing, drawn where it is (Xvfb)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap

import numpy as np
import pyqtgraph as pg
import pytest

from optiviz.app.explore.gl_support import gl_unavailable_reason
from optiviz.app.explore.view3d import HEIGHT, LIFT, SIZE, Scale, lifted_path, mesh_arrays
from optiviz.engine.problems.library import linear_problem, make_problem
from optiviz.engine.problems.surface import surface_grid


def test_offscreen_disables_the_action_with_a_reason(make_window):
    window = make_window()
    explore = window.explore
    action = explore.actions["view3d"]
    assert action.shortcut().toString() == "Ctrl+3"
    assert not action.isEnabled()
    assert "OpenGL" in action.toolTip() and "offscreen" in action.toolTip()
    assert action.statusTip() == action.toolTip() and "\n" not in action.toolTip()
    assert explore.set_view3d(True) is False  # asked anyway: no exception, nothing made
    assert explore.view3d is None and explore.view3d_dock is None and not action.isChecked()
    window.frame()


def test_missing_pyopengl_is_named(make_window, monkeypatch):
    monkeypatch.setitem(sys.modules, "OpenGL.GL", None)
    monkeypatch.setitem(sys.modules, "pyqtgraph.opengl", None)
    reason = gl_unavailable_reason()
    assert "PyOpenGL" in reason and "optiviz[gl]" in reason
    window = make_window()
    action = window.explore.actions["view3d"]
    assert not action.isEnabled() and "PyOpenGL" in action.toolTip()


@pytest.mark.parametrize("name", ["linear", "rosenbrock", "saddle"])
def test_paths_lie_on_the_mesh(name):
    problem = make_problem(name) if name != "linear" else linear_problem()
    grid = surface_grid(problem, 40)
    x, y, z, colors = mesh_arrays(grid, pg.colormap.get("viridis"))
    assert z.shape == (len(grid.a), len(grid.b)) == colors.shape[:2]
    assert x.min() > -SIZE / 2 and x.max() < SIZE / 2 and 0.0 <= z.min() and z.max() <= HEIGHT
    i, j = 7, 29  # a grid cell: the path's height there is the mesh's, plus the lift
    pos = lifted_path(problem, Scale(grid), np.array([[grid.a[i], grid.b[j]]]))
    assert pos[0, 0] == pytest.approx(x[i]) and pos[0, 1] == pytest.approx(y[j])
    assert pos[0, 2] == pytest.approx(z[i, j] + LIFT, abs=1e-5)
    far = lifted_path(problem, Scale(grid), np.array([[1e9, -1e9], [np.nan, np.inf]]))
    assert np.isfinite(far).all() and np.abs(far[:, :2]).max() <= SIZE / 2  # on the edge


CHILD = textwrap.dedent(
    """
    import sys
    import numpy as np
    from PySide6.QtWidgets import QApplication
    app = QApplication(sys.argv)
    from optiviz.app.main_window import MainWindow
    from optiviz.app.settings import Settings
    from optiviz.app.worker_client import WorkerClient
    from optiviz.engine.worker.session import STEP
    window = MainWindow(
        WorkerClient(None, inline=True), None, speed=None, settings=Settings(persistent=False)
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
    for _ in range(40):
        window.client.send(STEP)
    window.frame()
    app.processEvents()
    view = explore.view3d
    assert explore.view3d_dock.isVisible() and action.isChecked()
    line = view.lines[0]
    assert len(line.pos) == 41, len(line.pos)
    texts = [label.text for label in view.labels]
    assert "w" in texts and "b" in texts and len(texts) >= 9, texts  # names and tick values
    image = view.render_image(400, 300)
    background = np.array([0x16, 0x18, 0x1D])
    drawn = np.abs(image[:, :, :3].astype(int) - background).sum(axis=2) > 30
    colours = len(np.unique(image[:, :, :3].reshape(-1, 3), axis=0))
    line.setVisible(False)
    view.heads.setVisible(False)
    without = view.render_image(400, 300)
    path_pixels = int((np.abs(image.astype(int) - without).sum(axis=2) > 0).sum())
    print("DRAWN", drawn.mean(), colours, path_pixels)
    # The heads alone cover about 90 pixels; the 40-epoch line adds hundreds more.
    assert drawn.mean() > 0.15 and colours > 50 and path_pixels > 200
    action.trigger()
    assert not explore.view3d_dock.isVisible()
    window.close()
    print("OK")
    """
)


def _start_xvfb() -> tuple[subprocess.Popen, str]:
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "+extension", "GLX"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    if not number:
        server.kill()
        server.wait()
        pytest.skip("Xvfb did not start")
    return server, f":{number}"


def run_gl_child(tmp_path, source: str) -> None:
    """Run ``source`` in a child on a fresh Xvfb display: it prints OK, or SKIP without
    OpenGL; skips where Xvfb or the xcb platform is missing."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed")
    server, display = _start_xvfb()
    try:
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        env["OPTIVIZ_NO_SETTINGS"] = "1"
        script = tmp_path / "child.py"
        script.write_text(source, encoding="utf-8")
        done = subprocess.run(
            [sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=100
        )
    finally:
        server.terminate()
        server.wait(10)
    out = done.stdout + done.stderr
    if "SKIP" in done.stdout:
        pytest.skip(f"no OpenGL under Xvfb: {done.stdout.strip()}")
    if "could not connect to display" in out or 'platform plugin "xcb"' in out:
        pytest.skip(f"the xcb platform is not usable here: {out[-300:]}")
    assert done.returncode == 0 and "OK" in done.stdout, out[-2000:]


@pytest.mark.timeout(120)
def test_the_3d_view_draws_the_surface_and_paths_under_xvfb(tmp_path):
    run_gl_child(tmp_path, CHILD)
