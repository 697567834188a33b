"""The window the app tests open: a MainWindow on an inline worker, shown and active.

Its timer is stopped, so a test drives the frames itself with ``window.frame()``. A test module
that needs other defaults overrides the ``window_options`` fixture, e.g. a wider window.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from optiviz.app.main_window import MainWindow
from optiviz.app.settings import Settings
from optiviz.app.worker_client import INLINE_BUDGET, WorkerClient
from optiviz.engine.runs.config import RunConfig


@pytest.fixture
def window_options() -> dict:
    """Defaults of :func:`make_window` for a module: any of its keyword arguments, and
    ``configs`` (used when a test passes none)."""
    return {}


@pytest.fixture
def make_window(qtbot, window_options: dict) -> Callable[..., MainWindow]:
    """``make_window(configs=None, *, settings=None, budget=..., size=None, first_frame=False)``.

    ``configs``: one RunConfig, a list, or None (the window restores its last session).
    ``size``: (width, height), else the window's own first size. ``first_frame``: draw one.
    """

    def make(
        configs: RunConfig | list[RunConfig] | None = None,
        *,
        settings: Settings | None = None,
        budget: float = window_options.get("budget", INLINE_BUDGET),
        size: tuple[int, int] | None = window_options.get("size"),
        first_frame: bool = window_options.get("first_frame", False),
    ) -> MainWindow:
        if configs is None:
            configs = window_options.get("configs")
        if isinstance(configs, RunConfig):
            configs = [configs]
        configs = list(configs) if configs is not None else None
        client = WorkerClient(configs, inline=True, budget=budget)
        window = MainWindow(
            client, configs, speed=None, settings=settings or Settings(persistent=False)
        )
        window.timer.stop()  # the tests drive the frames themselves
        qtbot.addWidget(window)
        if size is not None:
            window.resize(*size)
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        if first_frame:
            window.frame()
        return window

    return make


@pytest.fixture(autouse=True)
def no_modal_questions(monkeypatch):
    """A modal question would block a test forever: asking one fails the test instead (a test
    that expects a question replaces the asker itself)."""

    def asked(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a modal question was asked: {args[1:3]}")

    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", asked)
