"""What network a run trains, on which data: :class:`NetworkSpec` and its checks."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from optiviz.engine.errors import ConfigError

if TYPE_CHECKING:
    from optiviz.engine.networks.data import Table

#: The problem name of a network run (``--problem mlp``); ``NetworkSpec.model`` picks the net.
NETWORK_PROBLEM = "mlp"
#: The built-in data sets ("csv" is a table read from a file: ``NetworkSpec.table``).
DATASETS = ("circles", "xor", "spirals", "moons", "gauss", "sine", "digits")
CSV = "csv"
ACTIVATIONS = ("tanh", "relu", "sigmoid", "gelu")
MODELS = ("mlp", "cnn")

MIN_SAMPLES = 4
MAX_SAMPLES = 100_000
MAX_TEST_FRACTION = 0.9
#: A hidden layer wider than this would not fit a run's memory (its parameter path).
MAX_WIDTH = 4096


@dataclass(frozen=True)
class NetworkSpec:
    """A network and its data. ``data_seed`` fixes the generated points and the held-out
    split; the run's own seed (``RunConfig.seed``) fixes the initial weights and the batches,
    so runs of a race with different seeds share the data."""

    dataset: str = "circles"
    table: Table | None = None  # a CSV's data; dataset == "csv" then
    samples: int = 200  # points of a generated set
    data_seed: int = 0
    hidden: tuple[int, ...] = (8, 8)  # () = no hidden layer (logistic / linear regression)
    activation: str = "tanh"
    model: str = "mlp"  # "cnn": the small CNN, digits only
    test_fraction: float = 0.2


def parse_hidden(text: str) -> tuple[int, ...]:
    """``"8,8"`` -> ``(8, 8)``; ``""`` -> ``()`` (no hidden layer)."""
    stripped = text.strip()
    if not stripped:
        return ()
    widths: list[int] = []
    for part in stripped.split(","):
        item = part.strip()
        if not item.isdigit() or not 1 <= int(item) <= MAX_WIDTH:
            raise ConfigError(
                ("hidden",),
                f"must be layer widths from 1 to {MAX_WIDTH} separated by commas, "
                f"such as 8,8 (or empty for none), got {text!r}",
            )
        widths.append(int(item))
    return tuple(widths)


def check_spec(spec: Any) -> NetworkSpec:
    """Return ``spec`` if every field can be used, else raise ConfigError naming the field."""
    if not isinstance(spec, NetworkSpec):
        raise ConfigError(("network",), f"must be a NetworkSpec, got {type(spec).__name__}")
    names = (*DATASETS, CSV)
    if spec.dataset not in names:
        raise ConfigError(
            ("dataset",), f"unknown data set {spec.dataset!r}; choose from {', '.join(names)}"
        )
    if (spec.dataset == CSV) != (spec.table is not None):
        raise ConfigError(("dataset",), "a CSV's table goes with the data set csv, and only it")
    if spec.activation not in ACTIVATIONS:
        raise ConfigError(
            ("activation",),
            f"unknown activation {spec.activation!r}; choose from {', '.join(ACTIVATIONS)}",
        )
    if spec.model not in MODELS:
        raise ConfigError(
            ("model",), f"unknown model {spec.model!r}; choose from {', '.join(MODELS)}"
        )
    if spec.model == "cnn" and spec.dataset != "digits":
        raise ConfigError(
            ("model",), f"the CNN reads 8x8 images: use it with digits, not {spec.dataset}"
        )
    _check_hidden(spec.hidden)
    _check_whole(spec.samples, "samples", MIN_SAMPLES, MAX_SAMPLES)
    _check_whole(spec.data_seed, "data_seed", 0, 2**63 - 1)
    fraction = spec.test_fraction
    if (
        isinstance(fraction, bool)
        or not isinstance(fraction, (int, float))
        or not (math.isfinite(fraction) and 0 <= fraction <= MAX_TEST_FRACTION)
    ):
        raise ConfigError(
            ("test_fraction",), f"must be a number from 0 to {MAX_TEST_FRACTION}, got {fraction!r}"
        )
    return spec


def _check_hidden(hidden: Any) -> None:
    if not isinstance(hidden, tuple) or not all(
        isinstance(w, int) and not isinstance(w, bool) and 1 <= w <= MAX_WIDTH for w in hidden
    ):
        raise ConfigError(
            ("hidden",), f"must be layer widths from 1 to {MAX_WIDTH}, got {hidden!r}"
        )


def _check_whole(value: Any, name: str, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError((name,), f"must be a whole number from {low} to {high:,}, got {value!r}")
