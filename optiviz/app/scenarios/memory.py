"""What the window remembers of scenarios: the recent files and the last session's runs.

Both live in the window's :class:`~optiviz.app.settings.Settings`: the recent files as a JSON
list, the last session as scenario TOML (the same text a saved file holds, so it is checked
by the same reader when it comes back).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from optiviz.app.settings import Settings
from optiviz.engine.limits import MAX_FILE_BYTES, check_depth

RECENT_KEY = "scenarios/recent"
SESSION_KEY = "session/scenario"
MAX_RECENT = 8


def recent_files(settings: Settings) -> list[str]:
    """The last opened or saved scenario files, newest first (unreadable entries dropped)."""
    raw = settings.value(RECENT_KEY)
    text = str(raw) if raw else ""
    try:
        check_depth(text, RECENT_KEY, toml=False)  # json recurses once per level
        paths = json.loads(text) if text else []
    except ValueError:  # ConfigError and json's own errors
        return []
    if not isinstance(paths, list):
        return []
    return [p for p in paths if isinstance(p, str) and p][:MAX_RECENT]


def add_recent(settings: Settings, path: str | os.PathLike) -> list[str]:
    """Put ``path`` first in the recent files and return the list."""
    full = str(Path(path).resolve())
    paths = [full, *(p for p in recent_files(settings) if p != full)][:MAX_RECENT]
    settings.set_value(RECENT_KEY, json.dumps(paths))
    return paths


def forget_recent(settings: Settings, path: str) -> None:
    paths = [p for p in recent_files(settings) if p != path]
    settings.set_value(RECENT_KEY, json.dumps(paths))


def last_session(settings: Settings) -> str:
    """The scenario TOML of the last session's runs ("" if none, or if it is larger than a
    scenario file may be)."""
    value = settings.value(SESSION_KEY)
    return value if isinstance(value, str) and len(value) <= MAX_FILE_BYTES else ""


def set_last_session(settings: Settings, text: str) -> None:
    settings.set_value(SESSION_KEY, text)
