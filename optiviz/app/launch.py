"""``optiviz [FILE.toml]``: open the window, on the tutorial's example or on a scenario file.

The worker process is spawned first, before the window's own imports, so that its import of
torch (about two seconds) overlaps the building of the window.

Environment hooks for scripted runs (tests, demos):
    OPTIVIZ_AUTOPLAY=1        press Play as soon as the window is up
    OPTIVIZ_AUTOQUIT_MS=N     close the window N milliseconds after the worker is up
    OPTIVIZ_REPORT=PATH       on closing, write a JSON report: epoch, status, pane rectangles,
                              menus, what each named control shows and each run's settings
                              (see optiviz/app/report.py)
    OPTIVIZ_EXIT_AFTER_FIRST_FRAME=1
                              at the first usable frame (window shown, panes painted, controls
                              enabled) print "optiviz first frame", this process's CPU time and
                              the modules imported,
                              then close (benchmarks/startup.py, tests/app/test_startup_imports)
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from optiviz.app.worker_client import WorkerClient
from optiviz.plots.i18n import fill, tr


def _application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        # Qt 6 scales for high-DPI screens by default (pass-through rounding); keep that.
        app = QApplication([sys.argv[0] if sys.argv else "optiviz"])
    QApplication.setApplicationName("optiviz")
    QApplication.setOrganizationName("optiviz")
    QApplication.setDesktopFileName("optiviz")
    return app


def _load_scenario(path: str) -> tuple[dict[str, Any], str]:
    """The window's arguments from a scenario file, or ({}, one-line error)."""
    from optiviz.engine.errors import ConfigError
    from optiviz.engine.formats.scenario import CodeNotTrusted, load_scenario

    try:
        scenario = load_scenario(path)
        configs = scenario.configs()
    except CodeNotTrusted:
        return {}, ""  # the window opens it, asking first
    except ConfigError as err:
        return {}, f"cannot open {path}: {err}"
    speed = None if scenario.speed == "max" else float(scenario.speed)
    args = {
        "configs": configs,
        "theme": scenario.view.theme,
        "speed": speed,
    }
    return args, ""


def _report(window: Any, path: str) -> None:
    """Write what a scripted run needs to check the window (see OPTIVIZ_REPORT)."""
    from optiviz.app.report import window_report
    from optiviz.engine.formats.files import write_text_atomic

    write_text_atomic(path, json.dumps(window_report(window)))  # never half a report


def _close_after_ready(window: Any, ms: int) -> None:
    """Close ``window`` ``ms`` milliseconds after its worker's first update."""
    waiting = QTimer(window)
    waiting.setInterval(20)

    def check() -> None:
        if window.client.ready:
            waiting.stop()
            QTimer.singleShot(ms, window.close)

    waiting.timeout.connect(check)
    waiting.start()


def _close_at_first_frame(window: Any) -> None:
    """Print the first usable frame and the modules loaded by then, and close the window."""
    from optiviz.app.first_frame import when_usable

    def done() -> None:
        # The CPU seconds of this process alone (the worker is another process).
        print(f"optiviz first frame, cpu {time.process_time():.3f} s", flush=True)
        print("modules " + json.dumps(sorted(sys.modules)), flush=True)
        window.close()

    when_usable(window, done)


def _resume_collector_when_usable(window: Any) -> None:
    """Collect garbage again from the first usable frame on (paused by the command line)."""
    from optiviz.app.first_frame import when_usable
    from optiviz.app.startup_gc import resume_collector

    when_usable(window, resume_collector)
    QTimer.singleShot(RESUME_COLLECTOR_MS, resume_collector)  # a frame that never comes


#: The collector resumes this long after the window was shown, whatever its first frame did.
RESUME_COLLECTOR_MS = 10_000


def open_window(client: WorkerClient, path: str | None = None, **options: Any) -> tuple[Any, str]:
    """The main window on ``path`` (a scenario file) or on the last session; and any error.

    ``options`` go to the window (``settings=...``). The wheel policy is installed once the
    window is built, before it is shown (see optiviz/app/wheel_policy.py)."""
    from optiviz.app.main_window import MainWindow
    from optiviz.app.screen_fit import fit_to_screen
    from optiviz.app.wheel_policy import install_wheel_policy

    args, error = _load_scenario(path) if path else ({}, "")
    window = MainWindow(client, **args, **options)
    install_wheel_policy()
    fit_to_screen(window)
    if path and not error:  # the whole scenario: vectors, visibility, Save and recent files
        error = window.scenario_files.open(path)
    return window, error


def launch(path: str | None = None) -> int:
    """Open the window and run until it is closed; 0 once the worker has ended cleanly."""
    app = _application()
    client = WorkerClient()  # spawn now: the worker imports torch while the window is built
    from optiviz.app.language import SETTING, install_from_settings
    from optiviz.app.settings import Settings

    install_from_settings(Settings().value(SETTING, "auto"))  # before any widget is built
    from optiviz.app.main_window import app_icon

    app.setWindowIcon(app_icon())
    from optiviz.app.no_compiler import skip_compiler_import
    from optiviz.app.startup_gc import resume_collector

    skip_compiler_import()  # settings are checked against torch without importing its compiler
    window, error = open_window(client, path)
    app.setQuitOnLastWindowClosed(False)  # quit when the main window closes, dialogs or not
    report_path = os.environ.get("OPTIVIZ_REPORT")
    if report_path:
        window.closed.connect(lambda: _report(window, report_path))
    window.closed.connect(app.quit)
    _resume_collector_when_usable(window)
    if os.environ.get("OPTIVIZ_EXIT_AFTER_FIRST_FRAME") == "1":
        _close_at_first_frame(window)
    window.show()
    if error:
        print(f"optiviz: {error}", file=sys.stderr)
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            "optiviz",
            fill(tr("%1\n\nShowing the last session (or the tutorial's example) instead."), error),
            QMessageBox.StandardButton.Ok,
            window,
        )
        box.open()
    if os.environ.get("OPTIVIZ_AUTOPLAY") == "1":
        QTimer.singleShot(0, window.play)
    autoquit = os.environ.get("OPTIVIZ_AUTOQUIT_MS", "")
    if autoquit.isdigit():
        _close_after_ready(window, int(autoquit))
    previous = signal.signal(signal.SIGINT, lambda *_: window.close())  # Ctrl+C in a terminal
    try:
        app.exec()
    finally:
        signal.signal(signal.SIGINT, previous)
        window.close()  # already closed: a no-op; otherwise the one shutdown path
        resume_collector()
    return 0
