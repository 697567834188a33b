"""Start-up: the window's first usable frame leaves out what it does not need.

``python -m optiviz`` with OPTIVIZ_EXIT_AFTER_FIRST_FRAME=1 prints the modules loaded at its
first usable frame (shown, panes painted, controls enabled) and closes; none of the deferred
ones may be among them. Timing is benchmarks/startup.py's job, not a test's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: Loaded later, if ever: torch's compiler (and sympy, its dependency), PyOpenGL and the
#: 3-D view, the recorder; the dialogs and windows opened from menus (lr fan, Tune lr, the lr
#: range test, the code dialog, Help and About, Record) and the history export.
DEFERRED = (
    "torch._dynamo",
    "sympy",
    "OpenGL.GL",
    "pyqtgraph.opengl",
    "optiviz.app.explore.view3d",
    "optiviz.recorder",
    "optiviz.app.race.fan_dialog",
    "optiviz.app.race.tune",  # and tune_dialog
    "optiviz.app.explore.lr_dialog",
    "optiviz.app.teaching.code_dialog",
    "optiviz.app.help.help_window",
    "optiviz.app.help.guide",
    "optiviz.app.help.about",
    "optiviz.app.recording.record_dialog",
    "optiviz.app.recording.job",
    "optiviz.engine.formats.export",
)


def child_env() -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", OPTIVIZ_NO_SETTINGS="1")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def run_to_first_frame(*argv: str) -> list[str]:
    """The lines a new ``python argv...`` prints when it opens the window and closes it at
    its first usable frame."""
    env = child_env()
    env["OPTIVIZ_EXIT_AFTER_FIRST_FRAME"] = "1"
    done = subprocess.run(
        [sys.executable, *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def first_frame_modules() -> list[str]:
    lines = run_to_first_frame("-m", "optiviz")
    assert lines[0].startswith("optiviz first frame, cpu "), lines[:2]
    assert lines[1].startswith("modules ")
    return json.loads(lines[1].removeprefix("modules "))


def test_the_first_frame_imports_nothing_deferred():
    modules = first_frame_modules()
    # The frame is the real window's: its panes, controls and features are there.
    for needed in ("optiviz.app.main_window", "optiviz.plots.surface_pane", "torch.optim"):
        assert needed in modules
    # the features whose dialogs wait are installed: their menus are there
    for needed in ("optiviz.app.race.install", "optiviz.app.help.install"):
        assert needed in modules
    loaded = [m for m in modules if m.startswith(DEFERRED)]
    assert loaded == [], f"imported before the first frame: {loaded[:10]}"


CHECKS = textwrap.dedent(
    """
    import sys
    from optiviz.app.no_compiler import skip_compiler_import
    from optiviz.engine.errors import ConfigError
    from optiviz.engine.runs.config import RunConfig, validate

    assert skip_compiler_import() >= 1
    good = validate(
        RunConfig(optimizer="Adam", hyper={"betas": (0.8, 0.9)}, scheduler="StepLR",
                  sched={"step_size": 10})
    )
    assert good.hyper["betas"] == (0.8, 0.9), good.hyper
    try:
        validate(RunConfig(optimizer="Adam", hyper={"betas": (1.5, 0.9)}))
    except ConfigError as err:  # torch itself refused it, as before
        print("refused", err.field)
    print("compiler", "torch._dynamo" in sys.modules, "sympy" in sys.modules)
    """
)


def test_optimizer_checks_leave_the_compiler_out():
    done = subprocess.run(
        [sys.executable, "-c", CHECKS],
        cwd=ROOT,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["refused ('hyper', 'betas')", "compiler False False"]


def test_the_vector_arrows_are_made_when_first_shown(make_window):
    window = make_window(first_frame=True)
    teaching = window.teaching
    assert teaching._vectors is None  # not at start-up
    teaching.set_vector("neg_grad", True)
    assert teaching.vectors.enabled == {"neg_grad"}
    assert teaching._vectors is teaching.vectors  # made once, kept
