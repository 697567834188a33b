"""A ``[[runs]]`` table's mini-batch, seed, added-noise and clipping keys.

They are per-run settings, like ``lr``: a race may compare batch sizes, seeds or clipping
thresholds on one problem. Each key is the :class:`RunConfig` field of the same name; a key
left out is the field's default (the whole data a step, shuffled, seed 0, no noise, no
clipping, ``optimizer.zero_grad()`` each step: ``zero_grad = false`` leaves it out), and only
settings that differ from it are written. Types are checked here, values by
:func:`config.validate`, whose errors the scenario names ``runs[i].batch_size``...
"""

from __future__ import annotations

from typing import Any

from optiviz.engine.errors import ScenarioError
from optiviz.engine.runs.config import RunConfig

#: Key, and the kind of value it holds ("int", "bool" or "float").
TRAINING_KEYS: dict[str, str] = {
    "batch_size": "int",
    "shuffle": "bool",
    "seed": "int",
    "grad_noise": "float",
    "clip_grad_norm": "float",
    "clip_grad_value": "float",
    "zero_grad": "bool",
}
_DEFAULTS = RunConfig()
_EXPECTED = {
    "int": "a whole number like 10",
    "bool": "true or false",
    "float": "a number like 0.5",
}


def read_training(table: dict[str, Any], i: int) -> dict[str, Any]:
    """The training keys of run ``i``'s table, as RunConfig fields (types checked)."""
    out: dict[str, Any] = {}
    for key, kind in TRAINING_KEYS.items():
        if key not in table:
            continue
        value = table[key]
        is_bool = isinstance(value, bool)
        ok = {
            "int": isinstance(value, int) and not is_bool,
            "bool": is_bool,
            "float": isinstance(value, (int, float)) and not is_bool,
        }[kind]
        if not ok:
            raise ScenarioError(("runs", i, key), f"expected {_EXPECTED[kind]}, got {value!r}")
        out[key] = float(value) if kind == "float" else value
    return out


def training_settings(config: RunConfig) -> dict[str, Any]:
    """The config's training settings that differ from the defaults."""
    return {
        key: getattr(config, key)
        for key in TRAINING_KEYS
        if getattr(config, key) != getattr(_DEFAULTS, key)
    }
