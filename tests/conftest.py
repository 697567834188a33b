"""Shared test set-up: Qt runs offscreen unless a test starts its own X server."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPTIVIZ_NO_SETTINGS", "1")  # tests never read or write the user's settings
