"""Hyperparameter specs read from a constructor's signature, and value parsing for them.

The optimizer and scheduler catalogues both build their specs here, so the CLI, the Qt forms,
scenario files and the code export all see one description of every setting.
"""

from __future__ import annotations

import inspect
import math
import re
from dataclasses import dataclass, replace
from typing import Any

from optiviz.engine.errors import ConfigError
from optiviz.engine.fields import Field

#: Kinds of value a hyperparameter can take.
KINDS = ("float", "int", "bool", "tuple", "int_list", "choice", "str")


@dataclass(frozen=True)
class HyperParam:
    """One constructor argument of an optimizer or scheduler.

    ``kind`` is one of :data:`KINDS`. ``length`` is the tuple length for ``tuple``. ``optional``
    means ``None`` is allowed (typed as ``none``). ``lo``/``hi`` bound a number for the forms and
    the CLI; ``log`` says a log scale suits it. ``required`` arguments have no default.
    """

    name: str
    kind: str
    default: Any = None
    required: bool = False
    optional: bool = False
    length: int = 0
    choices: tuple[Any, ...] = ()
    lo: float | None = None
    hi: float | None = None
    log: bool = False
    help: str = ""

    def coerce(self, value: Any, field: Field | str | None = None) -> Any:
        """Return ``value`` converted to this kind, or raise :class:`ConfigError`."""
        field = field or (self.name,)
        if value is None or (isinstance(value, str) and value.lower() in ("none", "null")):
            if self.optional or (self.kind == "choice" and None in self.choices):
                return None
            raise ConfigError(field, f"a value is required ({self.describe()})")
        kind = self.kind
        if kind == "bool":
            if isinstance(value, bool):
                return value
            if isinstance(value, str) and value.lower() in ("true", "false", "1", "0", "yes", "no"):
                return value.lower() in ("true", "1", "yes")
            if isinstance(value, int) and value in (0, 1):
                return bool(value)
            raise ConfigError(field, f"expected true or false, got {value!r}")
        if kind in ("float", "int"):
            number = _number(value, field, self.describe())
            if kind == "int":
                if float(number) != int(number):
                    raise ConfigError(field, f"expected a whole number, got {value!r}")
                number = int(number)
            else:
                number = float(number)
            self._check_range(number, field)
            return number
        if kind in ("tuple", "int_list"):
            items = value if isinstance(value, (list, tuple)) else _split(value)
            if kind == "tuple" and self.length and len(items) != self.length:
                raise ConfigError(
                    field, f"expected {self.length} comma-separated values, got {value!r}"
                )
            out: list[float | int | None] = []
            for item in items:
                if item is None or (isinstance(item, str) and item.lower() == "none"):
                    out.append(None)
                    continue
                number = _number(item, field, self.describe())
                if kind == "int_list":
                    if float(number) != int(number):
                        raise ConfigError(field, f"expected whole numbers, got {value!r}")
                    number = int(number)
                out.append(float(number) if kind == "tuple" else number)
            if kind == "int_list" and not out:
                raise ConfigError(field, "expected at least one whole number, like 300,600")
            return tuple(out) if kind == "tuple" else list(out)
        if kind == "choice":
            for choice in self.choices:
                if value == choice or (isinstance(value, str) and str(choice) == value):
                    return choice
            allowed = ", ".join("none" if c is None else str(c) for c in self.choices)
            raise ConfigError(field, f"{value!r} is not one of: {allowed}")
        if not isinstance(value, str):
            raise ConfigError(field, f"expected text, got {value!r}")
        return value

    def _check_range(self, number: float, field: Field | str) -> None:
        if not math.isfinite(number):
            raise ConfigError(field, f"expected a finite number, got {number}")
        if self.lo is not None and number < self.lo:
            raise ConfigError(field, f"must be at least {self.lo:g}, got {number:g}")
        if self.hi is not None and number > self.hi:
            raise ConfigError(field, f"must be at most {self.hi:g}, got {number:g}")

    def describe(self) -> str:
        """A short phrase of what is allowed, for error messages and tooltips."""
        if self.kind == "bool":
            text = "true or false"
        elif self.kind == "tuple":
            text = f"{self.length or 'several'} comma-separated numbers"
        elif self.kind == "int_list":
            text = "comma-separated whole numbers"
        elif self.kind == "choice":
            text = "one of " + ", ".join("none" if c is None else str(c) for c in self.choices)
        elif self.kind in ("float", "int"):
            text = "a whole number" if self.kind == "int" else "a number"
            if self.lo is not None and self.hi is not None:
                text += f" from {self.lo:g} to {self.hi:g}"
            elif self.lo is not None:
                text += f" of at least {self.lo:g}"
        else:
            text = "text"
        if self.optional and self.kind != "choice":
            text += ", or none"
        return text


def _number(value: Any, field: Field | str, allowed: str) -> float | int:
    if isinstance(value, bool):
        raise ConfigError(field, f"expected {allowed}, got {value!r}")
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            pass
        try:
            return float(value)
        except ValueError:
            pass
    raise ConfigError(field, f"expected {allowed}, got {value!r}")


def _split(value: Any) -> list[Any]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return [value]


def parse_literal(text: str) -> Any:
    """Parse a command-line VALUE: a number, true/false, none, a comma list (a tuple), or text."""
    text = text.strip()
    low = text.lower()
    if low in ("true", "false"):
        return low == "true"
    if low in ("none", "null"):
        return None
    if "," in text:
        return tuple(parse_literal(part) for part in text.split(",") if part.strip())
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            pass
    return text


def parse_assignment(text: str, flag: Field | str) -> tuple[str, Any]:
    """Split ``KEY=VALUE`` from a ``--param``-like flag."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise ConfigError(flag, f"expected KEY=VALUE, got {text!r}")
    return key.strip(), parse_literal(value)


_LITERAL = re.compile(r"Literal\[(.*?)\]")


def spec_from_parameter(
    parameter: inspect.Parameter, curated: dict[str, dict[str, Any]]
) -> HyperParam:
    """Build a spec from one signature parameter, refined by the curated table."""
    annotation = parameter.annotation
    text = annotation if isinstance(annotation, str) else inspect.formatannotation(annotation)
    required = parameter.default is inspect.Parameter.empty
    default = None if required else parameter.default
    optional = "None" in text or (default is None and not required)
    kind, length, choices = _kind_from(text, default)
    spec = HyperParam(
        name=parameter.name,
        kind=kind,
        default=default,
        required=required,
        optional=optional and kind != "choice",
        length=length,
        choices=choices,
    )
    extra = curated.get(parameter.name, {})
    return replace(spec, **extra) if extra else spec


def _kind_from(text: str, default: Any) -> tuple[str, int, tuple[Any, ...]]:
    literal = _LITERAL.search(text)
    if literal:
        choices = tuple(part.strip().strip("'\"") for part in literal.group(1).split(","))
        return "choice", 0, choices
    if isinstance(default, bool) or text.startswith("bool"):
        return "bool", 0, ()
    if isinstance(default, tuple) or text.startswith("tuple"):
        length = len(default) if isinstance(default, tuple) else text.count(",") + 1
        return "tuple", length, ()
    if "Iterable[int]" in text or "list[int]" in text:
        return "int_list", 0, ()
    if text.startswith("int") or (isinstance(default, int) and "float" not in text):
        return "int", 0, ()
    if "float" in text or isinstance(default, float):
        return "float", 0, ()
    if "str" in text or isinstance(default, str):
        return "str", 0, ()
    return "float", 0, ()
