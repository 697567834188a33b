"""Start-up: the garbage collector waits until the window is usable, then resumes with what
exists by then frozen (optiviz/app/startup_gc.py)."""

from __future__ import annotations

import gc
import textwrap

from optiviz.app import startup_gc
from tests.app.test_startup_imports import run_to_first_frame


def test_pause_then_resume_freezes_what_exists_and_collects_again(monkeypatch):
    monkeypatch.setattr(startup_gc, "_paused", False)
    try:
        startup_gc.pause_collector()
        assert not gc.isenabled()
        kept = [[] for _ in range(100)]
        frozen = gc.get_freeze_count()
        startup_gc.resume_collector()
        assert gc.isenabled()
        assert gc.get_freeze_count() >= frozen + len(kept)
        gc.disable()  # a collector someone else turned off stays off
        startup_gc.resume_collector()
        assert not gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()


def test_resume_without_pause_leaves_the_collector_alone(monkeypatch):
    monkeypatch.setattr(startup_gc, "_paused", False)
    startup_gc.resume_collector()
    assert gc.isenabled() and gc.get_freeze_count() == 0


WATCH = textwrap.dedent(
    """
    import gc, sys
    full = []
    gc.callbacks.append(lambda phase, info: phase == "start" and info["generation"] == 2
                        and full.append(1))
    from optiviz.cli.main import main
    code = main([])
    print("full collections", len(full), "enabled", gc.isenabled(),
          "frozen", gc.get_freeze_count() > 100_000, flush=True)
    sys.exit(code)
    """
)


def test_the_window_starts_without_a_full_collection():
    lines = run_to_first_frame("-c", WATCH)
    assert lines[0].startswith("optiviz first frame")
    # importing torch, Qt and pyqtgraph alone walks every object two or three times
    assert lines[-1] == "full collections 0 enabled True frozen True"
