"""The layers point one way: the engine never imports Qt, the app never imports the recorder."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "optiviz"
QT_MODULES = ("PySide6", "pyqtgraph", "shiboken6", "PyQt5", "PyQt6")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_engine_sources_import_no_qt_and_nothing_above_them():
    offenders = []
    for path in (PACKAGE / "engine").rglob("*.py"):
        for name in _imports(path):
            top = name.split(".")[0]
            if top in QT_MODULES or name.startswith(
                ("optiviz.app", "optiviz.recorder", "optiviz.cli")
            ):
                offenders.append(f"{path.name}: {name}")
    assert not offenders, offenders


def test_importing_every_engine_module_loads_no_qt():
    modules = sorted(
        ".".join(("optiviz", *p.relative_to(PACKAGE).with_suffix("").parts))
        for p in (PACKAGE / "engine").rglob("*.py")
        if p.stem != "__init__"
    )
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        f"loaded = [m for m in sys.modules if m.split('.')[0] in {QT_MODULES!r}]\n"
        "print(','.join(loaded))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.strip() == ""


def test_app_does_not_import_the_recorder_at_module_level():
    for path in (PACKAGE / "app").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:  # module level only: the Record action may import lazily
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.startswith("optiviz.recorder")
            ):
                raise AssertionError(f"{path.name} imports {node.module} at module level")


def test_plots_and_recorder_never_import_the_window():
    """The panes are shared: the recorder draws them without any of the window's code."""
    offenders = []
    for folder in ("plots", "recorder"):
        for path in (PACKAGE / folder).rglob("*.py"):
            for name in _imports(path):
                if name.startswith(("optiviz.app", "optiviz.cli")):
                    offenders.append(f"{folder}/{path.name}: {name}")
    assert not offenders, offenders
