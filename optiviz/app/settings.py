"""What the window remembers between sessions: geometry, theme, speed and the last run's config.

Values live in ``QSettings`` (organisation and application "optiviz"). The config is stored as
a small JSON dict of plain values, never a pickle, and is checked with ``validate`` when read
back: anything stale or broken is ignored. With ``OPTIVIZ_NO_SETTINGS=1`` (the tests) nothing
touches the user's settings: values are kept in memory for this object only.
"""

from __future__ import annotations

import json
import os
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from optiviz.engine.errors import ConfigError
from optiviz.engine.problems.library import TUTORIAL_X, TUTORIAL_Y, Dataset
from optiviz.engine.runs.config import RunConfig, validate

ORGANISATION = APPLICATION = "optiviz"


def config_to_dict(config: RunConfig) -> dict[str, Any]:
    """A JSON-ready dict of ``config`` (tuples become lists)."""
    out: dict[str, Any] = {
        "problem": config.problem,
        "optimizer": config.optimizer,
        "lr": config.lr,
        "hyper": {k: _plain(v) for k, v in config.hyper.items()},
        "scheduler": config.scheduler,
        "sched": {k: _plain(v) for k, v in config.sched.items()},
        "epochs": config.epochs,
        "start": list(config.start) if config.start is not None else None,
        "expression": config.expression,
    }
    data = config.dataset
    if data is not None:
        out["scaling"] = data.scaling
        if (data.x, data.y) != (TUTORIAL_X, TUTORIAL_Y):
            out["points"] = [list(data.x), list(data.y)]
    return out


def config_from_dict(raw: dict[str, Any]) -> RunConfig:
    """The checked config of a dict from :func:`config_to_dict`; raises ConfigError if bad."""
    if not isinstance(raw, dict):
        raise ConfigError("settings", "the saved config is not a table")
    try:
        dataset = None
        if "points" in raw or "scaling" in raw:
            xs, ys = raw.get("points") or (TUTORIAL_X, TUTORIAL_Y)
            dataset = Dataset(tuple(xs), tuple(ys), raw.get("scaling", "tutorial"))
        start = raw.get("start")
        config = RunConfig(
            problem=str(raw.get("problem", "linear")),
            optimizer=str(raw.get("optimizer", "SGD")),
            lr=raw.get("lr", 1e-2),
            hyper={k: _tuple(v) for k, v in dict(raw.get("hyper") or {}).items()},
            scheduler=raw.get("scheduler") or None,
            sched={k: _tuple(v) for k, v in dict(raw.get("sched") or {}).items()},
            epochs=raw.get("epochs", 1000),
            start=tuple(start) if start is not None else None,
            dataset=dataset,
            expression=raw.get("expression"),
        )
    except (TypeError, ValueError) as err:
        raise ConfigError("settings", f"the saved config is not readable: {err}") from None
    return validate(config)


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _tuple(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


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
        return speed if speed > 0 else default

    def set_speed(self, speed: float | None) -> None:
        self.set_value("run/speed", "max" if speed is None else str(float(speed)))

    def last_config(self) -> RunConfig | None:
        """The config of the previous session, or None if there is none or it no longer holds."""
        text = self.value("run/config")
        if not text:
            return None
        try:
            return config_from_dict(json.loads(str(text)))
        except (ConfigError, ValueError, TypeError):
            return None

    def set_last_config(self, config: RunConfig) -> None:
        self.set_value("run/config", json.dumps(config_to_dict(config)))
