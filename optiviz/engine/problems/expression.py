"""A loss typed as text, ``f(x, y)`` in torch operations, parsed safely into a Problem.

The text is parsed with :mod:`ast` and checked against a whitelist: numbers, ``x``, ``y``,
``pi``, ``e``, ``+ - * / **``, unary minus, parentheses and calls of the functions in
:data:`FUNCTIONS` (also spelled ``torch.sin``...). Nothing is ever passed to ``eval``: the tree
is compiled into nested torch calls, so the same function broadcasts over the surface grid and
gives the per-epoch loss with autograd. Parts without ``x`` or ``y`` are computed once, in
float64, so ``9**9**9`` is refused at once instead of hanging on a huge integer.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from optiviz.engine.errors import ConfigError
from optiviz.engine.fields import Field
from optiviz.engine.problems.library import Box, Problem

FIELD: Field = ("expression",)
MAX_LENGTH = 500
MAX_NODES = 256
DEFAULT_DOMAIN: Box = ((-3.0, 3.0), (-3.0, 3.0))
DEFAULT_START = (-2.0, 2.0)
GRID = 201  # grid points per axis for the minimum estimate and log_surface

Fn = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]
#: A compiled subtree: a plain number (no x or y in it) or a function of the tensors x and y.
Node = float | int | Fn

F = torch.nn.functional
#: Functions of one tensor.
UNARY: dict[str, Callable[[torch.Tensor], torch.Tensor]] = {
    "sin": torch.sin,
    "cos": torch.cos,
    "tan": torch.tan,
    "asin": torch.asin,
    "acos": torch.acos,
    "atan": torch.atan,
    "sinh": torch.sinh,
    "cosh": torch.cosh,
    "tanh": torch.tanh,
    "exp": torch.exp,
    "log": torch.log,
    "log2": torch.log2,
    "log10": torch.log10,
    "log1p": torch.log1p,
    "sqrt": torch.sqrt,
    "abs": torch.abs,
    "sigmoid": torch.sigmoid,
    "relu": torch.relu,
    "softplus": F.softplus,
    "erf": torch.erf,
}
#: Functions of two tensors.
BINARY: dict[str, Callable[[torch.Tensor, torch.Tensor], torch.Tensor]] = {
    "minimum": torch.minimum,
    "maximum": torch.maximum,
    "atan2": torch.atan2,
    "hypot": torch.hypot,
}
FUNCTIONS = (*UNARY, *BINARY)
CONSTANTS = {"pi": math.pi, "e": math.e}
VARIABLES = ("x", "y")
ALLOWED = "use numbers, x, y, pi, e, + - * / ** and " + ", ".join(FUNCTIONS)

_OPERATORS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
}
_SPELLINGS = {
    ast.BitXor: "'^' (use ** for powers)",
    ast.Mod: "'%'",
    ast.FloorDiv: "'//'",
    ast.MatMult: "'@'",
    ast.BitAnd: "'&'",
    ast.BitOr: "'|'",
    ast.LShift: "'<<'",
    ast.RShift: "'>>'",
    ast.Invert: "'~'",
    ast.Not: "'not'",
    ast.Attribute: "attribute access",
    ast.Subscript: "indexing",
    ast.Lambda: "a lambda",
    ast.ListComp: "a comprehension",
    ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension",
    ast.GeneratorExp: "a comprehension",
    ast.Compare: "a comparison",
    ast.BoolOp: "'and'/'or'",
    ast.IfExp: "'if ... else'",
    ast.NamedExpr: "':='",
    ast.JoinedStr: "text",
    ast.Tuple: "a tuple",
    ast.List: "a list",
    ast.Dict: "a dict",
    ast.Set: "a set",
    ast.Starred: "'*'",
    ast.Await: "'await'",
    ast.Yield: "'yield'",
}


class _Compiler:
    """Turns a checked syntax tree into nested torch calls."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.uses_variables = False

    def fail(self, node: ast.AST, message: str, hint: bool = False) -> ConfigError:
        """An error at ``node``'s column (1-based), with the whitelist if ``hint``."""
        column = len(self.text.encode()[: getattr(node, "col_offset", 0)].decode("utf-8", "ignore"))
        return ConfigError(
            FIELD, f"{message} at column {column + 1}" + (f": {ALLOWED}" if hint else "")
        )

    def source(self, node: ast.AST) -> str:
        return ast.get_source_segment(self.text, node) or type(node).__name__

    def compile(self, node: ast.AST) -> Node:
        if isinstance(node, ast.Expression):
            return self.compile(node.body)
        if isinstance(node, ast.Constant):
            return self.constant(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            operand = self.compile(node.operand)
            if isinstance(node.op, ast.UAdd):
                return operand
            if isinstance(operand, (int, float)):
                return -operand
            return lambda x, y: -operand(x, y)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            return self.binary(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        op = getattr(node, "op", None)
        what = _SPELLINGS.get(type(op)) or _SPELLINGS.get(type(node)) or repr(self.source(node))
        where = node
        if isinstance(node, ast.BinOp):  # point at the operator, not at the left operand
            line = self.text.encode()
            end = node.left.end_col_offset or 0  # always set on a parsed node
            gap = line[end : node.right.col_offset]
            skip = len(gap) - len(gap.lstrip(b" ()"))
            where = ast.Name(id="", col_offset=end + skip)
        raise self.fail(where, f"{what} is not allowed", hint=True)

    def constant(self, node: ast.Constant) -> float | int:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(node, f"{self.source(node)} is not a real number", hint=True)
        if isinstance(value, int) and abs(value) > 2**53:
            return self.finite(node, float, value)
        if isinstance(value, float) and not math.isfinite(value):
            raise self.fail(node, f"the number {self.source(node)} is too large")
        return value

    def name(self, node: ast.Name) -> Node:
        if node.id in VARIABLES:
            self.uses_variables = True
            return (lambda x, y: x) if node.id == "x" else (lambda x, y: y)
        if node.id in CONSTANTS:
            return CONSTANTS[node.id]
        if node.id in FUNCTIONS:
            raise self.fail(node, f"{node.id} is a function: call it, as in {node.id}(x)")
        raise self.fail(node, f"unknown name {node.id!r}", hint=True)

    def finite(self, node: ast.AST, compute: Callable[..., Any], *args: Any) -> float | int:
        """Compute a part without x or y, refusing huge, complex or undefined results."""
        try:
            value = compute(*args)
        except ZeroDivisionError:
            raise self.fail(node, f"{self.source(node)} divides by zero") from None
        except OverflowError:
            raise self.fail(node, f"{self.source(node)} is too large a number") from None
        if isinstance(value, complex):
            raise self.fail(node, f"{self.source(node)} is not a real number")
        if isinstance(value, int) and abs(value) > 2**53:
            return self.finite(node, float, value)
        if not math.isfinite(value):
            raise self.fail(node, f"{self.source(node)} is not a finite number")
        return value

    def binary(self, node: ast.BinOp) -> Node:
        left = self.compile(node.left)
        right = self.compile(node.right)
        op = _OPERATORS[type(node.op)]
        if isinstance(left, (int, float)):
            if isinstance(right, (int, float)):
                if isinstance(node.op, ast.Pow):  # in floats: an int power could take forever
                    return self.finite(node, op, float(left), float(right))
                return self.finite(node, op, left, right)
            return lambda x, y: op(left, right(x, y))
        if isinstance(right, (int, float)):
            return lambda x, y: op(left(x, y), right)
        return lambda x, y: op(left(x, y), right(x, y))

    def call(self, node: ast.Call) -> Node:
        name = self.function_name(node.func)
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            raise self.fail(node, f"{name}() takes plain arguments only")
        arity = 1 if name in UNARY else 2
        if len(node.args) != arity:
            raise self.fail(
                node,
                f"{name}() takes {arity} argument{'s' if arity > 1 else ''}, got {len(node.args)}",
            )
        args = [self.compile(a) for a in node.args]
        if name in UNARY:
            fn = UNARY[name]
            (arg,) = args
            if isinstance(arg, (int, float)):
                return self.finite(node, _float_call, fn, arg)
            return lambda x, y: fn(arg(x, y))
        fn2 = BINARY[name]
        first, second = args
        if isinstance(first, (int, float)):
            if isinstance(second, (int, float)):
                return self.finite(node, _float_call, fn2, first, second)
            return lambda x, y: _with_number(fn2, second(x, y), first, swap=True)
        if isinstance(second, (int, float)):
            return lambda x, y: _with_number(fn2, first(x, y), second)
        return lambda x, y: fn2(first(x, y), second(x, y))

    def function_name(self, func: ast.AST) -> str:
        if isinstance(func, ast.Name) and func.id in FUNCTIONS:
            return func.id
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == "torch"
            and func.attr in FUNCTIONS
        ):
            return func.attr
        if isinstance(func, ast.Name):
            raise self.fail(func, f"unknown function {func.id!r}", hint=True)
        raise self.fail(func, f"{self.source(func)!r} is not an allowed function", hint=True)


def _float_call(fn: Callable, *values: float) -> float:
    return float(fn(*(torch.tensor(float(v), dtype=torch.float64) for v in values)))


def _with_number(
    fn: Callable[..., torch.Tensor], tensor: torch.Tensor, number: float, swap: bool = False
) -> torch.Tensor:
    other = torch.as_tensor(number, dtype=tensor.dtype)
    return fn(other, tensor) if swap else fn(tensor, other)


def compile_expression(text: str) -> Fn:
    """The function ``f(x, y)`` of ``text``, or :class:`ConfigError` saying what is wrong."""
    if not isinstance(text, str) or not text.strip():
        raise ConfigError(FIELD, "type a formula in x and y, like x**2 + 3*y**2")
    if len(text) > MAX_LENGTH:
        raise ConfigError(FIELD, f"is {len(text)} characters long; at most {MAX_LENGTH}")
    flat = text.replace("\r", " ").replace("\n", " ").replace("\t", " ")
    stripped = flat.lstrip()
    try:
        tree = ast.parse(stripped, mode="eval")
    except SyntaxError as err:
        reason = (err.msg or "invalid syntax").split(" (")[0]
        if "decimal literal" in reason:
            reason = "a number cannot be followed by a letter (write 2*x, not 2x)"
        if not err.offset or err.offset > len(stripped):
            raise ConfigError(FIELD, f"the formula ends too early ({reason})") from None
        column = err.offset + len(flat) - len(stripped)
        raise ConfigError(FIELD, f"{reason} at column {column}") from None
    except (ValueError, MemoryError, RecursionError):
        raise ConfigError(FIELD, f"cannot be read as a formula; {ALLOWED}") from None
    if sum(1 for _ in ast.walk(tree)) > MAX_NODES:
        raise ConfigError(FIELD, f"is too long a formula (more than {MAX_NODES} parts)")
    compiler = _Compiler(flat)
    if stripped is not flat:  # keep columns counted on the text as typed
        _shift_columns(tree, len(flat) - len(stripped))
    root = compiler.compile(tree)
    if isinstance(root, (int, float)) or not compiler.uses_variables:
        raise ConfigError(FIELD, "the formula must use x or y")
    fn: Fn = root

    def function(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        out = fn(x, y)
        shape = torch.broadcast_shapes(x.shape, y.shape)
        return out if out.shape == shape else torch.broadcast_to(out, shape)

    return function


def _shift_columns(tree: ast.AST, offset: int) -> None:
    for node in ast.walk(tree):
        if hasattr(node, "col_offset"):
            node.col_offset += offset


def expression_problem(
    text: str, start: tuple[float, float] | None = None, domain: Box | None = None
) -> Problem:
    """A Problem for the typed ``f(x, y)``; its minimum is estimated on a grid (approximate)."""
    function = compile_expression(text)
    box = _check_domain(domain) if domain is not None else DEFAULT_DOMAIN
    (x0, x1), (y0, y1) = box
    if start is None:
        inside = x0 <= DEFAULT_START[0] <= x1 and y0 <= DEFAULT_START[1] <= y1
        start = DEFAULT_START if inside else (x0 + (x1 - x0) / 6, y1 - (y1 - y0) / 6)
    start = (float(start[0]), float(start[1]))
    a, b = np.meshgrid(np.linspace(x0, x1, GRID), np.linspace(y0, y1, GRID))
    z = _evaluate(function, a, b)
    finite = np.isfinite(z)
    if not finite.any():
        raise ConfigError(FIELD, "f(x, y) is not a finite number anywhere in the domain")
    at_start = float(_evaluate(function, np.array(start[0]), np.array(start[1])))
    if not math.isfinite(at_start):
        raise ConfigError(
            FIELD, f"f{start} is {at_start}; choose a start where the formula is defined"
        )
    minimum = _grid_minimum(function, a, b, z)
    return Problem(
        name="expression",
        title=f"f(x, y) = {text.strip()}",
        param_names=("x", "y"),
        start=start,
        domain=box,
        minima=(minimum,) if minimum is not None else (),
        formula=text.strip(),
        function=function,
        log_surface=bool(z[finite].min() >= 0),
        minima_approximate=True,
    )


def _evaluate(function: Fn, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    with torch.no_grad():
        out = function(
            torch.from_numpy(np.asarray(a, np.float64)), torch.from_numpy(np.asarray(b, np.float64))
        )
    return out.numpy()


def _grid_minimum(
    function: Fn, a: np.ndarray, b: np.ndarray, z: np.ndarray
) -> tuple[float, float] | None:
    """The grid's lowest point, refined on finer grids; None when it lies on the border
    (then the domain holds no minimum, only a slope)."""
    index = np.unravel_index(np.argmin(np.where(np.isfinite(z), z, np.inf)), z.shape)
    if not all(0 < i < n - 1 for i, n in zip(index, z.shape, strict=True)):
        return None
    x, y = float(a[index]), float(b[index])
    dx, dy = float(a[0, 1] - a[0, 0]), float(b[1, 0] - b[0, 0])
    for _ in range(3):  # zoom in: each pass shrinks the cell 20 times
        fa, fb = np.meshgrid(np.linspace(x - dx, x + dx, 41), np.linspace(y - dy, y + dy, 41))
        fz = _evaluate(function, fa, fb)
        if not np.isfinite(fz).any():
            break
        i = np.unravel_index(np.argmin(np.where(np.isfinite(fz), fz, np.inf)), fz.shape)
        x, y = float(fa[i]), float(fb[i])
        dx, dy = dx / 20, dy / 20
    return x, y


def _check_domain(domain: Any) -> Box:
    try:
        (x0, x1), (y0, y1) = ((float(p[0]), float(p[1])) for p in domain)
    except (TypeError, ValueError, IndexError):
        raise ConfigError(
            ("domain",), f"expected [[xmin, xmax], [ymin, ymax]], got {domain!r}"
        ) from None
    if not all(math.isfinite(v) for v in (x0, x1, y0, y1)) or not (x0 < x1 and y0 < y1):
        raise ConfigError(("domain",), f"expected finite bounds with min < max, got {domain!r}")
    return (x0, x1), (y0, y1)
