"""Optimizers from outside ``torch.optim``: a class of an installed package
(``pytorch_optimizer.Lion``) or of a learner's own file (``path/to/my_opt.py:MyAdam``).

Both are read like torch's: the hyperparameters come from the class's ``__init__``. The name
stays the config's ``optimizer`` string, so the worker process, scenarios and the code export
load the same class from it. A file is imported again whenever it changes on disk. Anything
the engine cannot give such an optimizer (a whole model, another optimizer to wrap) is refused
in plain words; an error in a learner's code is a :class:`UserCodeError` carrying the learner's
own traceback lines.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import inspect
import os
import re
import sys
import traceback
import warnings
from functools import cache
from types import ModuleType

import torch

from optiviz.engine.catalogue.optimizers import OptimizerInfo, hyperparams_of
from optiviz.engine.errors import ConfigError
from optiviz.engine.fields import Field

#: Packages whose optimizers the window lists in a group of their own, when installed.
KNOWN_PACKAGES = ("pytorch_optimizer", "torch_optimizer")

#: Constructor arguments that cannot be two numbers, and why optiviz refuses them.
_REFUSED_ARGUMENTS = {
    "model": "builds its state from a whole model (model=...), not a list of parameters",
    "base_optimizer": "wraps another optimizer (base_optimizer=...)",
    "optimizer": "wraps another optimizer (optimizer=...)",
}

#: In a run's reason, what marks an exception in the optimizer's step (not a divergence).
STEP_ERROR = "raised an error in step()"

_NEEDS_CLOSURE = re.compile(r"NoClosureError|closure is None:\s*\n\s*raise")


class UserCodeError(ConfigError):
    """An exception raised by a learner's optimizer file; ``details`` are its own lines."""

    def __init__(self, field: Field | str, message: str, details: str = "") -> None:
        super().__init__(field, message)
        self.details = details

    def __reduce__(self) -> tuple[type[UserCodeError], tuple[Field | str, str, str]]:  # type: ignore[override]
        return (type(self), (self.field, self.message, self.details))


def is_file_name(name: str) -> bool:
    """``path/to/file.py:CLASS`` rather than ``MODULE.CLASS``."""
    path, sep, _ = name.rpartition(":")
    return bool(sep) and path.endswith(".py")


def short_name(name: str) -> str:
    """An optimizer's name for a legend: ``MySGD (my_opt.py)`` for a file's, else the name."""
    if not is_file_name(name):
        return name
    path, _, cls_name = name.rpartition(":")
    return f"{cls_name} ({os.path.basename(path)})"


def user_traceback(err: BaseException, path: str) -> str:
    """The frames of ``err`` that lie in ``path`` (the learner's file), then its last line."""
    wanted = os.path.realpath(path)
    frames = [
        frame
        for frame in traceback.extract_tb(err.__traceback__)
        if os.path.realpath(frame.filename) == wanted
    ]
    if isinstance(err, SyntaxError) and err.filename and err.lineno:
        lines = [f'  File "{err.filename}", line {err.lineno}\n    {(err.text or "").strip()}\n']
    else:
        lines = traceback.format_list(frames)
    last = traceback.format_exception_only(type(err), err)[-1]
    return ("".join(lines) + last).rstrip("\n")


def last_line(err: BaseException) -> str:
    return traceback.format_exception_only(type(err), err)[-1].strip()


def code_error(err: BaseException, path: str, where: str, field: Field | str) -> UserCodeError:
    """A :class:`UserCodeError` for ``err`` raised ``where`` (at import, in __init__...)."""
    return UserCodeError(field, f"{where}: {last_line(err)}", user_traceback(err, path))


def step_error_reason(err: BaseException, info: OptimizerInfo) -> str:
    """Why a run stopped at an exception in an outside optimizer's step: one line, then the
    learner's own traceback lines (the whole traceback for a package's code)."""
    head = f"{info.name} {STEP_ERROR}: {last_line(err)}"
    if info.origin.endswith(".py"):
        return head + "\n" + user_traceback(err, info.origin)
    return head + "\n" + "".join(traceback.format_exception(err)).rstrip("\n")


def backward_keeping_graph(loss: torch.Tensor) -> None:
    """``loss.backward(create_graph=True)``, as Hessian-based optimizers ask. torch warns of a
    parameter-gradient cycle; the next ``zero_grad()`` sets the gradient to None, breaking it."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Using backward\\(\\) with create_graph=True")
        loss.backward(create_graph=True)


# -- loading -----------------------------------------------------------------------------------
def _import_file(path: str, field: Field | str) -> ModuleType:
    try:
        stat = os.stat(path)
    except OSError as err:
        raise ConfigError(field, f"cannot read {path}: {err.strerror}") from None
    return _import_file_version(os.path.realpath(path), stat.st_mtime_ns, stat.st_size, field)


@cache
def _import_file_version(real: str, mtime_ns: int, size: int, field: Field | str) -> ModuleType:
    """One import per version of the file on disk (its path, time and size)."""
    digest = hashlib.sha1(f"{real}:{mtime_ns}:{size}".encode()).hexdigest()[:12]
    module_name = f"optiviz_user_optimizer_{digest}"
    spec = importlib.util.spec_from_file_location(module_name, real)
    if spec is None or spec.loader is None:
        raise ConfigError(field, f"{real} is not a Python file")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # dataclasses and pickling look classes up here
    try:
        spec.loader.exec_module(module)
    except Exception as err:
        del sys.modules[module_name]
        raise code_error(err, real, f"importing {os.path.basename(real)}", field) from None
    return module


def _class_in(module: ModuleType, cls_name: str, where: str, field: Field | str) -> type:
    cls = getattr(module, cls_name, None)
    if not (isinstance(cls, type) and issubclass(cls, torch.optim.Optimizer)):
        found = ", ".join(sorted(optimizer_classes(module))) or "none"
        what = "no class" if cls is None else "not a torch.optim.Optimizer subclass:"
        raise ConfigError(
            field, f"{where} has {what} {cls_name!r}; its torch.optim.Optimizer classes: {found}"
        )
    return cls


def optimizer_classes(module: ModuleType) -> dict[str, type[torch.optim.Optimizer]]:
    """The :class:`torch.optim.Optimizer` subclasses a module defines or exports, by name."""
    found = {}
    for name in dir(module):
        value = getattr(module, name, None)
        if (
            isinstance(value, type)
            and issubclass(value, torch.optim.Optimizer)
            and value is not torch.optim.Optimizer
            and not name.startswith("_")
            and not value.__module__.startswith("torch.optim")
        ):
            found[name] = value
    return found


def file_optimizer_classes(path: str) -> list[str]:
    """The optimizer classes a learner's file defines (importing it runs its code)."""
    module = _import_file(path, ("optimizer",))
    return [
        name for name, cls in optimizer_classes(module).items() if cls.__module__ == module.__name__
    ]


def external_info(name: str, field: Field | str = ("optimizer",)) -> OptimizerInfo:
    """The catalogue entry of ``MODULE.CLASS`` or ``path/to/file.py:CLASS``."""
    if is_file_name(name):
        path, _, cls_name = name.rpartition(":")
        module = _import_file(path, field)
        return describe(name, _class_in(module, cls_name, path, field), path, field)
    module_name, _, cls_name = name.rpartition(".")
    if not module_name or not cls_name:
        raise ConfigError(field, f"expected MODULE.CLASS or path/to/file.py:CLASS, got {name!r}")
    if importlib.util.find_spec(module_name.split(".")[0]) is None:
        hint = " (pip install optiviz[optimizers])" if module_name in KNOWN_PACKAGES else ""
        raise ConfigError(field, f"the package {module_name!r} is not installed{hint}")
    module = importlib.import_module(module_name)
    return describe(name, _class_in(module, cls_name, module_name, field), module_name, field)


def describe(name: str, cls: type, origin: str, field: Field | str) -> OptimizerInfo:
    """Read ``cls`` as the catalogue reads torch's, or refuse what optiviz cannot give it.

    Entries are kept by name and class (a changed file is a new class): the lookup runs at
    every edit, and reading a class's source takes milliseconds.
    """
    key = (name, cls, origin)
    found = _DESCRIBED.get(key)
    if found is None:
        found = _DESCRIBED[key] = _describe(name, cls, origin, field)
    return found


_DESCRIBED: dict[tuple[str, type, str], OptimizerInfo] = {}


def _describe(name: str, cls: type, origin: str, field: Field | str) -> OptimizerInfo:
    parameters = list(inspect.signature(cls.__init__).parameters)[1:]  # type: ignore[misc]
    for argument, why in _REFUSED_ARGUMENTS.items():
        if argument in parameters:
            raise ConfigError(
                field, f"{name} {why}; optiviz steps two numbers, so it cannot run it"
            )
    if not parameters or parameters[0] != "params":
        raise ConfigError(field, f"{name}'s constructor does not take params first")
    specs = hyperparams_of(cls)
    if "lr" not in {s.name for s in specs}:
        raise ConfigError(field, f"{name} has no lr argument; optiviz needs one to set its lr")
    return OptimizerInfo(
        name=name,
        cls=cls,
        hyperparams=specs,
        layout="vector",
        uses_closure=bool(_NEEDS_CLOSURE.search(_source(cls.step))),  # type: ignore[attr-defined]
        doc=_first_line(cls.__doc__),
        origin=origin,
        create_graph="create_graph=True" in _source(cls),
        train_mode=callable(getattr(cls, "train", None)) and callable(getattr(cls, "eval", None)),
    )


def _source(obj: object) -> str:
    try:
        return inspect.getsource(obj)  # type: ignore[arg-type]
    except (OSError, TypeError):
        return ""


def _first_line(doc: str | None) -> str:
    for line in (doc or "").strip().splitlines():
        if line.strip():
            return line.strip().rstrip(".") + "."
    return ""


# -- the window's list -------------------------------------------------------------------------
def installed_packages() -> list[str]:
    """The :data:`KNOWN_PACKAGES` installed here (found without importing them)."""
    return [name for name in KNOWN_PACKAGES if importlib.util.find_spec(name) is not None]


@cache
def package_optimizers(package: str) -> dict[str, OptimizerInfo]:
    """The optimizers of ``package`` that optiviz can run, as ``package.Class`` names."""
    module = importlib.import_module(package)
    found: dict[str, OptimizerInfo] = {}
    for cls_name in sorted(optimizer_classes(module), key=str.lower):
        name = f"{package}.{cls_name}"
        try:
            found[name] = external_info(name)
        except (ConfigError, ValueError, TypeError):
            continue  # refused: it needs a model or another optimizer, or takes no lr
    return found
