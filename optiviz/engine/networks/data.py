"""A network's data: a :class:`Table` (built-in, generated or read from a CSV) and its split
into training and held-out points."""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import torch

from optiviz.engine.errors import ConfigError
from optiviz.engine.limits import FLOAT32_MAX, MAX_FILE_BYTES
from optiviz.engine.networks.generators import CLASSES, GENERATORS
from optiviz.engine.networks.spec import MIN_SAMPLES, NetworkSpec

REGRESSION, BINARY, MULTICLASS = "regression", "binary", "multiclass"
LABEL = "label"


@dataclass(frozen=True, eq=False)
class Table:
    """Features and targets, read-only. Labels are int64 from 0; regression targets float32."""

    features: np.ndarray  # (n, d) float32, read-only
    targets: np.ndarray  # (n,) float32 (regression) or int64 labels 0..k-1
    task: str  # "regression" | "binary" | "multiclass"
    classes: int  # 0 for regression
    feature_names: tuple[str, ...]
    target_name: str
    image_shape: tuple[int, int] | None = None  # digits: (8, 8)
    name: str = ""  # "circles", "digits", a file's stem

    def __len__(self) -> int:
        return len(self.features)


@dataclass(frozen=True)
class Split:
    """Training and held-out tensors; y as the loss needs it (see :func:`targets_tensor`).
    With no held-out points the test tensors have 0 rows."""

    train_x: torch.Tensor
    train_y: torch.Tensor
    test_x: torch.Tensor
    test_y: torch.Tensor


def _frozen(array: np.ndarray) -> np.ndarray:
    array = np.ascontiguousarray(array)
    array.setflags(write=False)
    return array


def _task(classes: int) -> str:
    return REGRESSION if classes == 0 else BINARY if classes == 2 else MULTICLASS


def make_table(spec: NetworkSpec) -> Table:
    """The spec's data: its CSV table, digits, or a generated set (``samples`` points drawn
    from a generator seeded with ``data_seed``)."""
    if spec.table is not None:
        return spec.table
    if spec.dataset == "digits":
        return _digits()
    return _generated(spec.dataset, spec.samples, spec.data_seed)


@lru_cache(maxsize=8)
def _generated(name: str, samples: int, seed: int) -> Table:
    x, y = GENERATORS[name](samples, torch.Generator().manual_seed(seed))
    classes = CLASSES[name]
    targets = y.numpy().astype(np.int64 if classes else np.float32)
    return Table(
        features=_frozen(x.numpy().astype(np.float32)),
        targets=_frozen(targets),
        task=_task(classes),
        classes=classes,
        feature_names=tuple(f"x{i + 1}" for i in range(x.shape[1])),
        target_name="label" if classes else "y",
        name=name,
    )


@lru_cache(maxsize=1)
def _digits() -> Table:
    """scikit-learn's 8x8 handwritten digits (1797 images), pixels scaled from 0..16 to 0..1."""
    # slow to import: only when digits are asked for
    from sklearn.datasets import load_digits  # type: ignore[import-untyped]

    digits = load_digits()
    return Table(
        features=_frozen((digits.data / 16.0).astype(np.float32)),
        targets=_frozen(digits.target.astype(np.int64)),
        task=MULTICLASS,
        classes=10,
        feature_names=tuple(f"pixel{i}" for i in range(64)),
        target_name=LABEL,
        image_shape=(8, 8),
        name="digits",
    )


def targets_tensor(targets: np.ndarray, task: str) -> torch.Tensor:
    """Targets as the loss takes them: float32 (n, 1) for BCEWithLogitsLoss and MSELoss,
    int64 (n,) for CrossEntropyLoss."""
    if task == MULTICLASS:
        return torch.from_numpy(np.array(targets, dtype=np.int64))
    return torch.from_numpy(np.array(targets, dtype=np.float32)).reshape(-1, 1)


def split(table: Table, test_fraction: float, seed: int) -> Split:
    """Hold out ``floor(n * test_fraction)`` points chosen by a permutation seeded with
    ``seed``; the rest, in the permutation's order, are the training points."""
    n = len(table)
    order = torch.randperm(n, generator=torch.Generator().manual_seed(seed))
    held = math.floor(n * test_fraction)
    x = torch.from_numpy(np.array(table.features, dtype=np.float32))
    y = targets_tensor(table.targets, table.task)
    test, train = order[:held], order[held:]
    return Split(train_x=x[train], train_y=y[train], test_x=x[test], test_y=y[test])


def read_labelled_csv(path: str | Path) -> Table:
    """Read features then a target per row. The header is optional (a first row with a cell
    that is not a number); a last header named ``label`` makes it a classification with
    integer labels from 0, else the last column is a regression target."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ConfigError(("data",), f"{path.name} is larger than {MAX_FILE_BYTES:,} bytes")
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows = [row for row in csv.reader(handle) if any(cell.strip() for cell in row)]
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(("data",), f"cannot read {path}: {err}") from None
    except csv.Error as err:
        raise ConfigError(("data",), f"{path.name}: {err}") from None
    if not rows:
        raise ConfigError(("data",), f"{path.name} is empty")
    header: list[str] | None = None
    first = 1
    if not all(_is_number(cell) for cell in rows[0]):
        header, rows, first = [cell.strip() for cell in rows[0]], rows[1:], 2
    width = len(header) if header is not None else len(rows[0]) if rows else 0
    if width < 2:
        raise ConfigError(("data",), f"{path.name}: each row needs features then a target")
    values = np.empty((len(rows), width), dtype=np.float64)
    for i, row in enumerate(rows):
        line = i + first
        if len(row) != width:
            raise ConfigError(
                ("data",), f"{path.name} row {line} has {len(row)} cells, expected {width}"
            )
        for j, cell in enumerate(row):
            number = _number(cell)
            if number is None:
                column = header[j] if header else str(j + 1)
                raise ConfigError(
                    ("data",),
                    f"{path.name} row {line}, column {column}: {cell.strip()!r} is not a "
                    "finite float32 number",
                )
            values[i, j] = number
    if len(rows) < MIN_SAMPLES:
        raise ConfigError(
            ("data",), f"{path.name} has {len(rows)} rows; at least {MIN_SAMPLES} are needed"
        )
    names = tuple(header) if header else (*(f"x{j + 1}" for j in range(width - 1)), "y")
    labelled = header is not None and header[-1].lower() == LABEL
    target = values[:, -1]
    if labelled:
        whole = target == np.round(target)
        if not (whole.all() and (target >= 0).all()):
            bad = int(np.argmin(whole & (target >= 0))) + first
            raise ConfigError(
                ("data",),
                f"{path.name} row {bad}, column {LABEL}: labels must be whole numbers from 0",
            )
        classes = int(target.max()) + 1
        if classes < 2:
            raise ConfigError(("data",), f"{path.name}: the labels need at least 2 classes")
        targets = target.astype(np.int64)
    else:
        classes = 0
        targets = target.astype(np.float32)
    return Table(
        features=_frozen(values[:, :-1].astype(np.float32)),
        targets=_frozen(targets),
        task=_task(classes),
        classes=classes,
        feature_names=names[:-1],
        target_name=names[-1],
        name=path.stem,
    )


def _number(cell: str) -> float | None:
    try:
        value = float(cell.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) and abs(value) <= FLOAT32_MAX else None


def _is_number(cell: str) -> bool:
    return _number(cell) is not None
