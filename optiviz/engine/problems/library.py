"""Problems: a loss over two parameters that an optimizer minimises.

The default is the tutorial's linear fit ``y = w*x + b`` by mean squared error. Its loss is
computed with exactly the tutorial's operations, so every number equals the tutorial's. The
classic 2-D test functions share one interface: a torch function of the two parameters that
broadcasts, used both for the per-epoch loss and for the loss-surface grid.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import torch

from optiviz.engine.errors import ConfigError
from optiviz.engine.fields import Field
from optiviz.engine.limits import FLOAT32_MAX, MAX_POINTS, check_float32
from optiviz.engine.problems.moments import LinearMoments
from optiviz.engine.problems.points import Column, as_array, frozen

TUTORIAL_X = (0.5, 14.0, 15.0, 28.0, 11.0, 8.0, 3.0, -4.0, 6.0, 13.0, 21.0)
TUTORIAL_Y = (35.7, 55.9, 58.2, 81.9, 56.3, 48.9, 33.9, 21.8, 48.4, 60.4, 68.4)
SCALINGS = ("none", "tutorial", "standardize")

Box = tuple[tuple[float, float], tuple[float, float]]


@dataclass(frozen=True, eq=False)
class Dataset:
    """Points ``(x, y)`` in raw units, and how x is scaled before fitting.

    ``tutorial`` multiplies x by 0.1 as the tutorial does; ``standardize`` subtracts the mean
    and divides by the standard deviation. The fit's coefficients convert back to raw units
    with :meth:`raw_coefficients`.

    ``x`` and ``y`` read as tuples of floats (an array or list given becomes one when first
    read, see :mod:`points`); the same values are kept as read-only float64 arrays
    (:attr:`arrays`), from which the checks, the tensors and a digest are computed once. Two
    datasets are equal when their points (as floats, ``0.0 == -0.0``) and scaling are: a
    million points compare and hash by the digest, not element by element, and cross a pipe
    as arrays, not as two million float objects.
    """

    # Descriptor-typed fields: the default is the descriptor's, one instance per class.
    x: Column = Column(TUTORIAL_X, 0)  # noqa: RUF009
    y: Column = Column(TUTORIAL_Y, 1)  # noqa: RUF009
    scaling: str = "tutorial"
    #: The columns' names from a CSV header (``hours``, ``score``), for the axes. They are not
    #: part of equality or the hash: the same points under other names fit the same line.
    x_name: str | None = field(default=None, compare=False)
    y_name: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.scaling not in SCALINGS:
            raise ConfigError(
                ("scaling",), f"{self.scaling!r} is not one of: {', '.join(SCALINGS)}"
            )
        given_x, given_y = self.__dict__["x"], self.__dict__["y"]  # as given, before reading
        if len(given_x) != len(given_y):
            raise ConfigError(("data",), f"x has {len(given_x)} values but y has {len(given_y)}")
        if len(given_x) < 2:
            raise ConfigError(("data",), "at least 2 points are needed")
        if len(given_x) > MAX_POINTS:
            raise ConfigError(("data",), f"at most {MAX_POINTS:,} points, got {len(given_x):,}")
        xa, ya = as_array(given_x), as_array(given_y)
        if not (np.isfinite(xa).all() and np.isfinite(ya).all()):
            raise ConfigError(("data",), "every x and y must be a finite number")
        if not (np.abs(xa).max() <= FLOAT32_MAX and np.abs(ya).max() <= FLOAT32_MAX):
            raise ConfigError(
                ("data",), f"every x and y must be at most {FLOAT32_MAX:.4g} in size (float32)"
            )
        for name, given in (("x", given_x), ("y", given_y)):
            if not isinstance(given, tuple):
                del self.__dict__[name]  # read from the array when asked for
        object.__setattr__(self, "_arrays", (xa, ya))

    @property
    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """x and y (raw units) as read-only float64 arrays."""
        return self._arrays  # type: ignore[attr-defined]

    def __len__(self) -> int:
        return len(self.arrays[0])

    @cached_property
    def digest(self) -> bytes:
        """A fingerprint of the points and scaling (``-0.0`` hashed as ``0.0``)."""
        h = hashlib.blake2b(digest_size=16)
        h.update(self.scaling.encode())
        for array in self.arrays:
            h.update(len(array).to_bytes(8, "little"))
            h.update((array + 0.0).tobytes())  # + 0.0 turns -0.0 into 0.0
        return h.digest()

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if not isinstance(other, Dataset):
            return NotImplemented
        if self.scaling != other.scaling or len(self) != len(other):
            return False
        if self.digest != other.digest:
            return False
        return all(np.array_equal(a, b) for a, b in zip(self.arrays, other.arrays, strict=True))

    def __hash__(self) -> int:
        return hash(self.digest)

    def __reduce__(self) -> tuple:
        """Pickle the arrays (and the digest), not a million float objects."""
        state = (*self.arrays, self.scaling, self.x_name, self.y_name, self.digest)
        return (_restore_dataset, state)

    @cached_property
    def shift_factor(self) -> tuple[float, float]:
        """``x_scaled = (x - shift) * factor``."""
        if self.scaling == "tutorial":
            return 0.0, 0.1
        if self.scaling == "standardize":
            xs = self.arrays[0]
            std = float(xs.std())
            return float(xs.mean()), (1.0 / std if std > 0 else 1.0)
        return 0.0, 1.0

    @cached_property
    def tensors(self) -> tuple[torch.Tensor, torch.Tensor]:
        """x (scaled) and y as float32 tensors, built with the tutorial's operations.

        ``torch.tensor(self.x)`` rounds each float to float32; casting the float64 array
        rounds the same way, in one pass instead of one Python float at a time.
        """
        xa, ya = self.arrays
        x = torch.from_numpy(xa.astype(np.float32))
        y = torch.from_numpy(ya.astype(np.float32))
        if self.scaling == "tutorial":
            x = 0.1 * x
        elif self.scaling == "standardize":
            shift, factor = self.shift_factor
            x = (x - shift) * factor
        return x, y

    @cached_property
    def moments(self) -> LinearMoments:
        """The fit's sufficient statistics on :attr:`tensors` in float64 (what the loss sees)."""
        return LinearMoments.of(self.scaled_x(), self.tensors[1].numpy().astype(np.float64))

    @cached_property
    def fit(self) -> tuple[float, float, float]:
        """:func:`least_squares` of these points, computed once."""
        x = self.scaled_x()
        y = self.arrays[1]
        design = np.stack([x, np.ones_like(x)], axis=1)
        (w, b), *_ = np.linalg.lstsq(design, y, rcond=None)
        loss = float(np.mean((w * x + b - y) ** 2))
        return float(w), float(b), loss

    def raw_coefficients(self, w: float, b: float) -> tuple[float, float]:
        """The fitted line's slope and intercept in the data's raw units."""
        shift, factor = self.shift_factor
        return w * factor, b - w * factor * shift

    def scaled_x(self) -> np.ndarray:
        return self.tensors[0].numpy().astype(np.float64)


def _restore_dataset(
    xa: np.ndarray,
    ya: np.ndarray,
    scaling: str,
    x_name: str | None,
    y_name: str | None,
    digest: bytes,
) -> Dataset:
    """A pickled :class:`Dataset` back, without checking its points again (x and y are read
    from the arrays when first asked for)."""
    data = object.__new__(Dataset)
    for name, value in (
        ("scaling", scaling),
        ("x_name", x_name),
        ("y_name", y_name),
        ("_arrays", (frozen(xa), frozen(ya))),
        ("digest", digest),
    ):
        object.__setattr__(data, name, value)
    return data


@dataclass(frozen=True)
class Problem:
    """A loss over two parameters with what the panes need to draw it."""

    name: str
    title: str
    param_names: tuple[str, str]
    start: tuple[float, float]
    domain: Box
    minima: tuple[tuple[float, float], ...]
    formula: str
    #: ``f(a, b)`` on broadcastable tensors: the surface, and the loss of test functions.
    function: Callable[[torch.Tensor, torch.Tensor], torch.Tensor] = field(repr=False)
    dataset: Dataset | None = None
    log_surface: bool = True  # colour the surface by log(loss)
    saddles: tuple[tuple[float, float], ...] = ()
    #: True when ``minima`` are estimates (a typed expression's grid argmin), not exact.
    minima_approximate: bool = False

    def predict(self, theta: torch.Tensor) -> torch.Tensor | None:
        """The forward pass: the model's predictions ``w*x + b``, or None without data."""
        if self.dataset is None:
            return None
        return _model(self.dataset.tensors[0], theta)

    def loss(self, theta: torch.Tensor, predictions: torch.Tensor | None = None) -> torch.Tensor:
        """The loss at ``theta`` (shape (2,)), with autograd, in the tutorial's operations."""
        if self.dataset is not None:
            x, y = self.dataset.tensors
            y_p = _model(x, theta) if predictions is None else predictions
            squared_diffs = (y_p - y) ** 2
            return squared_diffs.mean()
        return self.function(theta[0], theta[1])

    def grid(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """The loss on a grid of parameter values (float64, no autograd)."""
        with torch.no_grad():
            out = self.function(
                torch.from_numpy(np.asarray(a, np.float64)),
                torch.from_numpy(np.asarray(b, np.float64)),
            )
        return out.numpy()

    def value(self, a: float, b: float) -> float:
        return float(self.grid(np.array(a), np.array(b)))

    def nearest_minimum(self, a: float, b: float) -> tuple[tuple[float, float], float] | None:
        """The closest known minimum and the distance to it, or None if there is none."""
        if not self.minima:
            return None
        best = min(self.minima, key=lambda m: math.hypot(a - m[0], b - m[1]))
        return best, math.hypot(a - best[0], b - best[1])

    def with_start(self, start: tuple[float, float] | None) -> Problem:
        if start is None:
            return self
        from dataclasses import replace

        return replace(self, start=(float(start[0]), float(start[1])))


def least_squares(dataset: Dataset) -> tuple[float, float, float]:
    """The exact minimum of the linear fit: ``(w, b, loss)`` in scaled units, in float64."""
    return dataset.fit


def linear_problem(
    dataset: Dataset | None = None, start: tuple[float, float] = (1.0, 0.0)
) -> Problem:
    """The tutorial's linear fit, on its data unless given other data."""
    data = dataset or Dataset()
    # The same numbers as broadcasting over every point (float64), from five moments: the
    # grid's cost does not grow with the points (see moments.py).
    surface = data.moments.loss

    w_min, b_min, _ = least_squares(data)
    domain = _box_around([(w_min, b_min), start], margin=0.35)
    return Problem(
        name="linear",
        title="Linear fit y = w·x + b (MSE)",
        param_names=("w", "b"),
        start=start,
        domain=domain,
        minima=((w_min, b_min),),
        formula="mean((w*x + b - y)**2)",
        function=surface,
        dataset=data,
    )


def _box_around(points: list[tuple[float, float]], margin: float) -> Box:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    span_x = max(max(xs) - min(xs), 1.0)
    span_y = max(max(ys) - min(ys), 1.0)
    span = max(span_x, span_y)
    pad = margin * span
    return (
        (min(xs) - pad, max(xs) + pad),
        (min(ys) - pad, max(ys) + pad),
    )


def _rosenbrock(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def _beale(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2


def _himmelblau(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2


def _rastrigin(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    two_pi = 2 * math.pi
    return 20 + x**2 - 10 * torch.cos(two_pi * x) + y**2 - 10 * torch.cos(two_pi * y)


def _saddle(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    return x**2 - y**2


_C = math.cos(math.pi / 4)


def _quadratic(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    # diag(1, 100) rotated by 45 degrees: 0.5 * (u**2 + 100 * v**2) in rotated coordinates.
    u = _C * (x + y)
    v = _C * (y - x)
    return 0.5 * (u**2 + 100 * v**2)


def _model(x: torch.Tensor, theta: torch.Tensor) -> torch.Tensor:
    """The tutorial's ``model(x, *params)``: ``w * x + b``."""
    w, b = theta.unbind(0)
    return w * x + b


def linear_model(x: torch.Tensor, theta: torch.Tensor) -> torch.Tensor:
    """The linear fit's forward pass on any batch ``x`` (the tutorial's ``model``)."""
    return _model(x, theta)


def _test_functions() -> dict[str, Problem]:
    def make(
        name: str,
        title: str,
        start: tuple[float, float],
        domain: Box,
        minima: tuple[tuple[float, float], ...],
        formula: str,
        fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
        log: bool = True,
        saddles: tuple[tuple[float, float], ...] = (),
    ) -> Problem:
        return Problem(
            name,
            title,
            ("x", "y"),
            start,
            domain,
            minima,
            formula,
            fn,
            log_surface=log,
            saddles=saddles,
        )

    return {
        "rosenbrock": make(
            "rosenbrock",
            "Rosenbrock",
            (-2.0, 2.0),
            ((-2.5, 2.5), (-1.5, 4.0)),
            ((1.0, 1.0),),
            "(1-x)**2 + 100*(y-x**2)**2",
            _rosenbrock,
        ),
        "beale": make(
            "beale",
            "Beale",
            (3.0, 4.0),
            ((-4.5, 4.5), (-4.5, 4.5)),
            ((3.0, 0.5),),
            "(1.5-x+x*y)**2 + (2.25-x+x*y**2)**2 + (2.625-x+x*y**3)**2",
            _beale,
        ),
        "himmelblau": make(
            "himmelblau",
            "Himmelblau",
            (0.0, 0.0),
            ((-5.0, 5.0), (-5.0, 5.0)),
            ((3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)),
            "(x**2+y-11)**2 + (x+y**2-7)**2",
            _himmelblau,
        ),
        "rastrigin": make(
            "rastrigin",
            "Rastrigin",
            (-2.0, 3.5),
            ((-5.12, 5.12), (-5.12, 5.12)),
            ((0.0, 0.0),),
            "20 + x**2 - 10*cos(2πx) + y**2 - 10*cos(2πy)",
            _rastrigin,
            log=False,
        ),
        "saddle": make(
            "saddle",
            "Saddle x² − y²",
            (-1.5, 0.01),
            ((-2.0, 2.0), (-2.0, 2.0)),
            (),
            "x**2 - y**2",
            _saddle,
            log=False,
            saddles=((0.0, 0.0),),
        ),
        "quadratic": make(
            "quadratic",
            "Ill-conditioned quadratic (κ = 100, rotated 45°)",
            (-2.5, 1.5),
            ((-3.0, 3.0), (-3.0, 3.0)),
            ((0.0, 0.0),),
            "0.5*(u**2 + 100*v**2), (u, v) = (x, y) rotated by 45°",
            _quadratic,
        ),
    }


PROBLEM_NAMES = ("linear", "rosenbrock", "beale", "himmelblau", "rastrigin", "saddle", "quadratic")


def check_start(start: tuple[float, float]) -> None:
    """Refuse a start that is not two numbers within float32's finite range."""
    if (
        not isinstance(start, (tuple, list))
        or len(start) != 2
        or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in start)
        or not all(math.isfinite(v) for v in start)
    ):
        raise ConfigError(("start",), f"expected two finite numbers like 1.0,0.0, got {start!r}")
    check_float32(start, ("start",))


def make_problem(
    name: str = "linear",
    start: tuple[float, float] | None = None,
    dataset: Dataset | None = None,
    field_name: Field | str = ("problem",),
) -> Problem:
    """Build a problem by its CLI name, with an optional start and (for linear) data."""
    if start is not None:
        check_start(start)
    key = str(name).lower()
    if key == "linear":
        problem = linear_problem(dataset)
        return linear_problem(dataset, start) if start is not None else problem
    functions = _test_functions()
    if key not in functions:
        raise ConfigError(
            field_name, f"unknown problem {name!r}; choose from {', '.join(PROBLEM_NAMES)}"
        )
    return functions[key].with_start(start)
