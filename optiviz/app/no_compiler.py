"""Keep torch's compiler out of the window's process.

torch wraps ``Optimizer.add_param_group``, ``zero_grad``, ``state_dict`` and a few others in
``torch._disable_dynamo``, which imports ``torch._dynamo`` (and sympy with it) the first time
one of them is called: 1 to 3 seconds, more than the rest of the window takes to build. The
window builds optimizers only to check settings against torch (``validate``) and never
compiles anything, and outside a compiled region the wrapper only calls the function it wraps.
:func:`skip_compiler_import` makes each wrapper call its function directly, in this process
only; the worker, which steps the runs, is a process of its own and keeps torch as it is.
"""

from __future__ import annotations

import inspect
from typing import Any


def _wrappers_code() -> Any:
    """The code object shared by every wrapper that ``torch._disable_dynamo`` makes."""
    import torch

    return torch._disable_dynamo(lambda: None).__code__


def _classes() -> list[type]:
    """The optimizer and scheduler classes whose methods the window calls."""
    import torch.optim
    import torch.optim.lr_scheduler as schedulers

    found: list[type] = []
    for module in (torch.optim, schedulers):
        for _, cls in inspect.getmembers(module, inspect.isclass):
            for klass in cls.__mro__:
                if klass.__module__.startswith("torch.optim") and klass not in found:
                    found.append(klass)
    return found


def skip_compiler_import() -> int:
    """Let torch's dynamo-disabling wrappers on optimizers and schedulers call their function
    directly; the number of wrappers changed (0 if torch changed how it wraps them)."""
    code = _wrappers_code()
    changed = 0
    for cls in _classes():
        for value in vars(cls).values():
            wrapped = getattr(value, "__wrapped__", None)
            if getattr(value, "__code__", None) is code and wrapped is not None:
                # The wrapper calls this attribute when it is set (torch/_compile.py).
                wrapped.__dynamo_disable = wrapped
                changed += 1
    return changed
