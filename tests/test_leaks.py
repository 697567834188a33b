"""The leak check fails a test for each kind of leftover, and only for the test's own."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

from tests import leaks

CONFTEST = Path(__file__).with_name("conftest.py")


def test_a_running_child_process_is_reported():
    before = leaks.snapshot()
    child = multiprocessing.get_context("spawn").Process(
        target=time.sleep, args=(30,), name="optiviz-worker", daemon=True
    )
    child.start()
    try:
        found = leaks.leaks(before)
        assert found == [f"child process 'optiviz-worker' (pid {child.pid}) is still running"]
        assert leaks.leaks(leaks.snapshot()) == []  # one that was there before is not the test's
    finally:
        child.terminate()
        child.join()
    assert leaks.leaks(before) == []


def test_an_open_window_and_its_running_timer_are_reported(qapp):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QWidget

    from optiviz.plots.lr_pane import LrPane
    from optiviz.plots.theme import get_theme

    before = leaks.snapshot()
    window = QWidget()
    window.show()
    timer = QTimer(window)
    timer.setObjectName("ticks")
    timer.start(1000)
    hidden = LrPane(get_theme("dark"))  # never shown, never given a parent
    try:
        assert leaks.leaks(before) == [
            "QTimer 'ticks' of QWidget is still running",
            "top-level widget QWidget '' was never closed and deleted",
            "top-level widget LrPane '' is hidden but not deleted",
        ]
        timer.stop()
        window.close()
        window.deleteLater()
        hidden.deleteLater()
        assert leaks.leaks(before) == []
    finally:
        del window, hidden


def test_the_autouse_check_fails_a_test_that_leaks(pytester):
    pytester.makeconftest(CONFTEST.read_text())
    pytester.makepyfile(
        test_leaky="""
        import multiprocessing
        import time

        def test_forgets_its_worker():
            child = multiprocessing.get_context("spawn").Process(
                target=time.sleep, args=(30,), name="leaky-worker", daemon=True
            )
            child.start()

        def test_cleans_up():
            pass
        """
    )
    try:
        result = pytester.runpytest("-p", "no:cacheprovider")
    finally:
        for child in multiprocessing.active_children():
            if child.name == "leaky-worker":
                child.terminate()
                child.join()
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*the test left behind:*", "*child process 'leaky-worker'*"])
