"""optiviz: a desktop visual simulator of PyTorch optimizers.

``optiviz.run(...)`` and ``optiviz.animate(...)`` (from :mod:`optiviz.api`) are loaded on
first use, so ``import optiviz`` stays cheap: no torch and no Qt until they are called.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

#: Names this package lends from :mod:`optiviz.api`, imported when first asked for.
_API = ("run", "animate", "RunResult", "RaceResult", "Animation", "UsageError")

__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    if name in _API:
        from importlib import import_module

        # by name: the engine's type check stops here, not in the Qt recorder behind it
        return getattr(import_module("optiviz.api"), name)
    raise AttributeError(f"module 'optiviz' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
