"""Shared test set-up: Qt runs offscreen unless a test starts its own X server."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests import leaks as leaks_module

pytest_plugins = ["pytester"]  # tests/test_leaks.py runs a leaky test through the leak check

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPTIVIZ_NO_SETTINGS", "1")  # tests never read or write the user's settings


@pytest.fixture(autouse=True)
def no_leaks() -> Iterator[None]:
    """Fail a test that leaves a child process, a running QTimer or an open window behind."""
    before = leaks_module.snapshot()
    yield
    left = leaks_module.leaks(before)
    if left:
        pytest.fail("the test left behind:\n  " + "\n  ".join(left), pytrace=False)
