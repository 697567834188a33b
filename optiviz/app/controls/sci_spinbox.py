"""Spin boxes that type and show numbers the way people write hyperparameters.

``1e-5`` and ``0.01`` both type and show as written. Typed values are not clamped: a value
outside the hyperparameter's range is passed on, so that the panel can say why it is refused
instead of silently ignoring a keystroke. The arrows step within the range only.
"""

from __future__ import annotations

import math
import re
import sys

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QAbstractSpinBox, QDoubleSpinBox, QSpinBox

NONE_TEXT = "none"
_FLOAT_BOUND = 1e300
_NONE_FLOAT = -sys.float_info.max  # the value that stands for None
_INT_BOUND = 2**31 - 1
_PARTIAL = re.compile(r"^[+-]?(\d+\.?\d*|\.\d*)?([eE][+-]?\d*)?$")
_NICE_MANTISSAS = (1.0, 2.0, 5.0)


def format_number(value: float) -> str:
    """The shortest text that reads back as ``value``: ``0.01``, ``1e-5``, ``3.4445``, ``1e6``."""
    if value == 0:
        return "0"
    if not math.isfinite(value):
        return str(value)
    if 1e-3 <= abs(value) < 1e6:
        text = repr(float(value))
        return text[:-2] if text.endswith(".0") else text
    for digits in range(17):
        text = f"{value:.{digits}e}"
        if float(text) == value:
            break
    mantissa, exponent = text.split("e")
    return f"{mantissa}e{int(exponent)}"


def nice_step(value: float, steps: int) -> float:
    """Step ``value`` along the 1-2-5 sequence (…, 0.01, 0.02, 0.05, 0.1, …) ``steps`` times."""
    for _ in range(abs(steps)):
        value = _next_nice(value, up=steps > 0)
    return value


def _next_nice(value: float, up: bool) -> float:
    if value <= 0:
        return 1e-6 if up else 0.0
    exponent = math.floor(math.log10(value))
    grid = [m * 10.0**e for e in (exponent - 1, exponent, exponent + 1) for m in _NICE_MANTISSAS]
    grid = [float(f"{g:.1e}") for g in grid]
    if up:
        return min(g for g in grid if g > value * (1 + 1e-9))
    lower = [g for g in grid if g < value * (1 - 1e-9)]
    return max(lower) if value > 1e-12 else 0.0


def linear_step(value: float) -> float:
    """One tenth of the value's decade: 0.9 steps by 0.01, 25 by 1, 0 by 0.1."""
    if value == 0:
        return 0.1
    return 10.0 ** (math.floor(math.log10(abs(value))) - 1)


def _clamp(value, lo, hi):
    """``value`` kept within the optional bounds ``lo`` and ``hi``."""
    if lo is not None:
        value = max(value, lo)
    if hi is not None:
        value = min(value, hi)
    return value


def _step_flags(box) -> QAbstractSpinBox.StepEnabledFlag:
    """Which arrows work for a spin box that may show "none" below its lower bound."""
    flags = QAbstractSpinBox.StepEnabledFlag.StepNone
    value = box.value()
    none = box.is_none()
    if none or box._hi is None or value < box._hi:
        flags |= QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
    if not none and (box._allow_none or box._lo is None or value > box._lo):
        flags |= QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
    return flags


class SciSpinBox(QDoubleSpinBox):
    """A float spin box in shortest scientific/decimal notation, optionally accepting ``none``.

    ``lo``/``hi`` bound the arrows; ``log`` steps along 1-2-5 instead of by a tenth of the
    decade. ``allow_none`` lets ``none`` be typed or reached by stepping below ``lo``.
    """

    def __init__(
        self,
        parent=None,
        *,
        lo: float | None = None,
        hi: float | None = None,
        log: bool = False,
        allow_none: bool = False,
    ) -> None:
        super().__init__(parent)
        self._lo, self._hi, self._log, self._allow_none = lo, hi, log, allow_none
        self.setDecimals(323)  # never round: the value is exactly what was typed
        floor = _NONE_FLOAT if allow_none else -_FLOAT_BOUND
        self.setRange(floor, _FLOAT_BOUND)
        self.setKeyboardTracking(False)
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)
        self.setValue(lo if lo is not None and lo > 0 else 0.0)

    # -- None -----------------------------------------------------------------------------
    def is_none(self) -> bool:
        return self._allow_none and self.value() == _NONE_FLOAT

    def number(self) -> float | None:
        """The value, or None when ``none`` is shown."""
        return None if self.is_none() else float(self.value())

    def set_number(self, value: float | None) -> None:
        if value is None:
            if not self._allow_none:
                raise ValueError("this field does not accept none")
            self.setValue(_NONE_FLOAT)
        else:
            self.setValue(float(value))

    # -- text -----------------------------------------------------------------------------
    def textFromValue(self, value: float) -> str:
        if self._allow_none and value == _NONE_FLOAT:
            return NONE_TEXT
        return format_number(value)

    def valueFromText(self, text: str) -> float:
        text = text.strip()
        if self._allow_none and text.lower() == NONE_TEXT:
            return _NONE_FLOAT
        try:
            return float(text)
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        stripped = text.strip()
        state = QValidator.State.Invalid
        if self._allow_none and stripped.lower() == NONE_TEXT:
            state = QValidator.State.Acceptable
        elif self._allow_none and stripped and NONE_TEXT.startswith(stripped.lower()):
            state = QValidator.State.Intermediate
        elif _PARTIAL.match(stripped):
            try:
                number = float(stripped)
            except ValueError:
                state = QValidator.State.Intermediate
            else:
                finite = math.isfinite(number) and abs(number) <= _FLOAT_BOUND
                state = QValidator.State.Acceptable if finite else QValidator.State.Invalid
        return state, text, pos

    def fixup(self, text: str) -> str:
        return text

    # -- stepping -------------------------------------------------------------------------
    def stepBy(self, steps: int) -> None:
        if self.is_none():
            if steps > 0:
                self.setValue(self._lo if self._lo is not None else 0.0)
            return
        value = float(self.value())
        if self._allow_none and steps < 0 and self._lo is not None and value <= self._lo:
            self.setValue(_NONE_FLOAT)
            return
        if self._log:
            value = nice_step(value, steps)
        else:
            value = round(value + steps * linear_step(value), 12)
        self.setValue(_clamp(value, self._lo, self._hi))

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:
        return _step_flags(self)


class IntSpinBox(QSpinBox):
    """A whole-number spin box whose arrows stay in ``lo``..``hi``, optionally with ``none``.

    Typing is not clamped, for the same reason as :class:`SciSpinBox`.
    """

    def __init__(
        self,
        parent=None,
        *,
        lo: float | None = None,
        hi: float | None = None,
        allow_none: bool = False,
    ) -> None:
        super().__init__(parent)
        self._lo = None if lo is None else int(lo)
        self._hi = None if hi is None else int(hi)
        self._allow_none = allow_none
        self.setRange(-_INT_BOUND, _INT_BOUND)
        self.setKeyboardTracking(False)
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)
        self.setValue(self._lo or 0)

    def is_none(self) -> bool:
        return self._allow_none and self.value() == self.minimum()

    def textFromValue(self, value: int) -> str:
        if self._allow_none and value == self.minimum():
            return NONE_TEXT
        return str(value)

    def valueFromText(self, text: str) -> int:
        if self._allow_none and text.strip().lower() == NONE_TEXT:
            return self.minimum()
        return super().valueFromText(text)

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        typed = text.strip().lower()
        if self._allow_none and typed == NONE_TEXT:
            return QValidator.State.Acceptable, text, pos
        if self._allow_none and typed and NONE_TEXT.startswith(typed):
            return QValidator.State.Intermediate, text, pos
        return super().validate(text, pos)

    def number(self) -> int | None:
        return None if self.is_none() else int(self.value())

    def set_number(self, value: int | None) -> None:
        if value is None:
            if not self._allow_none:
                raise ValueError("this field does not accept none")
            self.setValue(self.minimum())
        else:
            self.setValue(int(value))

    def stepBy(self, steps: int) -> None:
        if self.is_none():
            if steps > 0:
                self.setValue(self._lo if self._lo is not None else 0)
            return
        value = self.value()
        if self._allow_none and steps < 0 and self._lo is not None and value <= self._lo:
            self.setValue(self.minimum())
            return
        value += steps
        self.setValue(_clamp(value, self._lo, self._hi))

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:
        return _step_flags(self)
