"""``examples/optiviz.ipynb`` runs cell by cell as Jupyter would, without Jupyter or a display."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "examples" / "optiviz.ipynb"

#: Runs each code cell in one namespace and, as Jupyter does, shows the value of a cell's last
#: expression: its ``_repr_html_()`` when it has one, between marker lines.
HARNESS = """
import ast, json, sys
cells = json.load(open(sys.argv[1]))["cells"]
namespace = {"__name__": "__main__"}
for cell in cells:
    if cell["cell_type"] != "code":
        continue
    tree = ast.parse("".join(cell["source"]))
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, "<cell>", "exec"), namespace)
    if last is not None:
        value = eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace)
        if hasattr(value, "_repr_html_"):
            print("<<html>>" + value._repr_html_().replace("\\n", " "))
"""


def test_the_notebook_is_plain_json_without_outputs():
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert notebook["nbformat"] == 4
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert code and all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    assert NOTEBOOK.stat().st_size < 20_000


def test_the_notebook_prints_the_lessons_lines_plots_and_animates(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    env.update(PYTHONPATH=str(ROOT), MPLBACKEND="Agg", MPLCONFIGDIR=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-c", HARNESS, str(NOTEBOOK)],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        cwd=NOTEBOOK.parent,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    cli = subprocess.run(
        [sys.executable, "-m", "optiviz", "run"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=True,
    ).stdout.splitlines()
    assert [line for line in lines if line.startswith("Epoch ")] == cli[:10]
    shown = [line for line in lines if line.startswith("<<html>>")]
    assert cli[-1].startswith("finished after 1000 epochs: w=17.947")
    assert cli[-1] in shown[0]  # the result's summary is the CLI's last line
    assert any('<source src="data:video/mp4;base64,' in html for html in shown)
    race = [line for line in lines if "finished after 3000 epochs" in line]
    assert [line.split(":")[0] for line in race] == [
        "SGD + momentum 0.9 finished after 3000 epochs",
        "Adam finished after 3000 epochs",
        "RMSprop finished after 3000 epochs",
    ]
