"""What the window remembers between sessions: geometry, theme and speed.

Values live in ``QSettings`` (organisation and application "optiviz"). The last session's runs
are a scenario (see :mod:`optiviz.app.scenarios.memory`), read back by the scenario reader.
With ``OPTIVIZ_NO_SETTINGS=1`` (the tests) nothing touches the user's settings: values are kept
in memory for this object only.
"""

from __future__ import annotations

import math
import os
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = APPLICATION = "optiviz"


class Settings:
    """Typed access to the window's remembered values."""

    def __init__(self, persistent: bool | None = None) -> None:
        if persistent is None:
            persistent = os.environ.get("OPTIVIZ_NO_SETTINGS", "") not in ("1", "true", "yes")
        self.persistent = persistent
        self._store: QSettings | None = QSettings(ORGANISATION, APPLICATION) if persistent else None
        self._memory: dict[str, Any] = {}

    # -- raw values ----------------------------------------------------------------------------
    def value(self, key: str, default: Any = None) -> Any:
        if self._store is None:
            return self._memory.get(key, default)
        return self._store.value(key, default)

    def set_value(self, key: str, value: Any) -> None:
        if self._store is None:
            self._memory[key] = value
        else:
            self._store.setValue(key, value)

    def sync(self) -> None:
        if self._store is not None:
            self._store.sync()

    # -- typed ---------------------------------------------------------------------------------
    def geometry(self) -> QByteArray | None:
        value = self.value("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_geometry(self, geometry: QByteArray) -> None:
        self.set_value("window/geometry", geometry)

    def window_state(self) -> QByteArray | None:
        value = self.value("window/state")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_window_state(self, state: QByteArray) -> None:
        self.set_value("window/state", state)

    def theme(self, default: str = "dark") -> str:
        value = self.value("view/theme", default)
        return value if value in ("dark", "light") else default

    def set_theme(self, theme: str) -> None:
        self.set_value("view/theme", theme)

    def speed(self, default: float | None = 100.0) -> float | None:
        """Epochs per second; None runs as fast as possible."""
        value = self.value("run/speed")
        if value is None:
            return default
        if value == "max":
            return None
        try:
            speed = float(value)
        except (TypeError, ValueError):
            return default
        return speed if math.isfinite(speed) and speed > 0 else default

    def set_speed(self, speed: float | None) -> None:
        self.set_value("run/speed", "max" if speed is None else str(float(speed)))
