"""A scenario's ``[network]`` table (``[problem] name = "mlp"``), and a run's own ``network``.

::

    [problem]
    name = "mlp"

    [network]
    dataset = "circles"        # circles, xor, spirals, moons, gauss, sine, digits
    # data = "points.csv"      # ... or a CSV, relative to the scenario file (last column the
    #                          # target; named label: classes from 0)
    hidden = [8, 8]            # or "8,8"; [] or "": no hidden layer
    activation = "tanh"        # tanh, relu, sigmoid, gelu
    model = "mlp"              # or "cnn" (digits)
    samples = 200
    data_seed = 0
    test_fraction = 0.2

    [[runs]]
    optimizer = "Adam"
    lr = 0.01
    network = { hidden = [16] }   # this run's own keys over the shared table's

Keys left out are :class:`NetworkSpec`'s defaults. Values are checked with the command line's
own messages, named by the key (``network.hidden``, ``runs[2].network.hidden``).
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Any

from optiviz.engine.errors import ConfigError
from optiviz.engine.networks.spec import CSV, NetworkSpec, check_spec, parse_hidden

NETWORK_KEYS = (
    "dataset",
    "data",
    "hidden",
    "activation",
    "model",
    "samples",
    "data_seed",
    "test_fraction",
)
_TEXT = ("dataset", "data", "activation", "model")
_WHOLE = ("samples", "data_seed")


def read_network(table: Any, where: str, base_dir: Path | None) -> dict[str, Any]:
    """The keys of a ``network`` table as NetworkSpec fields (a CSV read into its table);
    types and each value checked, the combination by :func:`network_spec`."""
    if not isinstance(table, dict):
        raise ConfigError(where, f"expected a table, got {table!r}")
    out: dict[str, Any] = {}
    for key, value in table.items():
        name = f"{where}.{key}"
        if key not in NETWORK_KEYS:
            raise ConfigError(where, f"unknown key {key!r}; allowed: {', '.join(NETWORK_KEYS)}")
        if key in _TEXT and not isinstance(value, str):
            raise ConfigError(name, f"expected text in quotes, got {value!r}")
        if key in _WHOLE and (isinstance(value, bool) or not isinstance(value, int)):
            raise ConfigError(name, f"expected a whole number, got {value!r}")
        if key == "test_fraction" and (
            isinstance(value, bool) or not isinstance(value, (int, float))
        ):
            raise ConfigError(name, f"expected a number like 0.2, got {value!r}")
        try:
            out.update(_field(key, value, base_dir))
        except ConfigError as err:
            raise ConfigError(name, err.message) from None
    if "data" in table and "dataset" in table:
        raise ConfigError(f"{where}.data", "give dataset or data, not both")
    return out


def _field(key: str, value: Any, base_dir: Path | None) -> dict[str, Any]:
    if key == "hidden":
        if isinstance(value, str):
            return {"hidden": parse_hidden(value)}
        if not isinstance(value, list) or not all(
            isinstance(w, int) and not isinstance(w, bool) for w in value
        ):
            raise ConfigError(("hidden",), f'expected widths like [8, 8] or "8,8", got {value!r}')
        return {"hidden": parse_hidden(",".join(str(w) for w in value)) if value else ()}
    if key == "data":
        from optiviz.engine.networks.data import read_labelled_csv

        path = Path(value)
        if not path.is_absolute() and base_dir is not None:
            path = base_dir / path
        # the path kept absolute, so the scenario can be saved to another folder
        return {"dataset": CSV, "table": read_labelled_csv(path), "_data": str(path.resolve())}
    if key in ("activation", "model", "dataset"):
        value = value.lower()
        if key == "dataset" and value == CSV:
            raise ConfigError(("dataset",), 'a CSV is given as data = "FILE.csv"')
    if key == "test_fraction":
        value = float(value)
    return {key: value}


def network_spec(shared: dict[str, Any], own: dict[str, Any], where: str) -> NetworkSpec:
    """The spec of one run: its own keys over the shared table's, checked; an error is named
    ``where.KEY`` (the run's table if it set the key, else the shared one)."""
    merged = {**shared, **own}
    if "dataset" in own or "table" in own:  # a run's data replaces the shared data
        for key in ("dataset", "table", "_data"):
            if key not in own:
                merged.pop(key, None)
    spec_fields = {f.name for f in fields(NetworkSpec)}
    try:
        return check_spec(NetworkSpec(**{k: v for k, v in merged.items() if k in spec_fields}))
    except ConfigError as err:
        key = str(err.field[-1]) if isinstance(err.field, tuple) and err.field else "network"
        place = where if key in own or not shared else "network"
        raise ConfigError(f"{place}.{key}", err.message) from None


def network_table(spec: NetworkSpec, data: str | None = None) -> dict[str, Any]:
    """The keys to write for ``spec`` (those that differ from the defaults); a CSV's table is
    written as its path ``data``, or left out when the path is not known."""
    default = NetworkSpec()
    out: dict[str, Any] = {}
    for key in ("dataset", "hidden", "activation", "model", "samples", "data_seed"):
        value = getattr(spec, key)
        if key == "dataset" and value == CSV:
            if data is not None:
                out["data"] = data
            continue
        if value != getattr(default, key):
            out[key] = list(value) if key == "hidden" else value
    if spec.test_fraction != default.test_fraction:
        out["test_fraction"] = spec.test_fraction
    return out
