"""Hundreds of repaints of a plot with axes, in a child process.

Some PySide6 releases crash pyqtgraph after a few hundred repaints (PySide6-Essentials 6.12.0
on Python 3.11 aborts with "Fatal Python error: none_dealloc" in ``AxisItem.drawPicture``).
A crash kills the process that paints, so the painting happens in a child and a crash shows
up here as a failure carrying the child's stderr.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

REPAINTS = 400

SCRIPT = textwrap.dedent(
    f"""
    import numpy as np
    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    widget = pg.PlotWidget()
    widget.resize(640, 360)
    widget.setLabel("bottom", "epoch")
    widget.setLabel("left", "loss")
    widget.setLogMode(y=True)
    widget.show()
    curve = widget.plot(pen="r")
    x = np.arange(1.0, 2001.0)
    for i in range({REPAINTS}):
        curve.setData(x[: 5 * i + 10], np.exp(-x[: 5 * i + 10] / (50.0 + i)) + 1e-3)
        image = widget.grab().toImage()
        widget.repaint()
        app.processEvents()
    assert not image.isNull()
    print("repainted", {REPAINTS})
    """
)


def test_many_repaints_do_not_crash() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=240,
        env=env,
    )
    assert done.returncode == 0, (
        f"painting process exited with {done.returncode}:\n{done.stderr[-3000:]}"
    )
    assert f"repainted {REPAINTS}" in done.stdout
