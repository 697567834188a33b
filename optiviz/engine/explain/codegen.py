"""A run written out as a plain PyTorch script in the tutorial's style.

The script imports torch alone and prints the same ``Epoch N, Loss L`` lines as ``optiviz run``
with the same settings. Everything in it is read from the run's configuration and the
catalogues: the optimizer's hyperparameters (every one, defaults included, so a learner sees
them all), the scheduler's arguments, the data and its scaling, the parameter layout
(a 1x2 matrix for Muon, an embedding row with sparse gradients for SparseAdam).
:func:`phase_code` gives the lines of one epoch, shared with the step-by-step teaching mode.
"""

from __future__ import annotations

import ast
import math
import os
import textwrap
from typing import Any, cast

import torch

from optiviz.engine.catalogue.optimizers import OptimizerInfo, optimizer_info
from optiviz.engine.catalogue.schedulers import SchedulerInfo, scheduler_info
from optiviz.engine.errors import ConfigError
from optiviz.engine.fields import Field
from optiviz.engine.problems.library import Problem
from optiviz.engine.runs.config import RunConfig, build_problem, optimizer_kwargs, scheduler_kwargs
from optiviz.engine.runs.config import validate as validate_config

#: Test functions whose ``Problem.formula`` is not Python: their torch source, same operations.
_FUNCTION_SOURCES = {
    "rastrigin": (
        "def rastrigin(x, y):\n"
        "    two_pi = 2 * math.pi\n"
        "    return 20 + x**2 - 10 * torch.cos(two_pi * x) + y**2 - 10 * torch.cos(two_pi * y)\n"
    ),
    "quadratic": (
        "C = math.cos(math.pi / 4)\n"
        "\n"
        "\n"
        "def quadratic(x, y):\n"
        "    # diag(1, 100) rotated by 45 degrees: 0.5 * (u**2 + 100 * v**2), u and v rotated\n"
        "    u = C * (x + y)\n"
        "    v = C * (y - x)\n"
        "    return 0.5 * (u**2 + 100 * v**2)\n"
    ),
}

_DATA_MODEL = """def model(x, w, b):
    return w * x + b


def loss_fn(y_p, y):
    squared_diffs = (y_p - y) ** 2
    return squared_diffs.mean()
"""

_ROW = '''index = torch.tensor([0])


def row(params):
    """SparseAdam needs sparse gradients: (w, b) is row 0 of an embedding, looked up sparsely."""
    return torch.nn.functional.embedding(index, params, sparse=True)[0]
'''


def params_expression(layout: str) -> str:
    """How the loop reads the two parameters from the optimizer's tensor ``params``."""
    return {"vector": "params", "matrix": "params[0]", "embedding": "row(params)"}[layout]


def function_name(problem: Problem) -> str:
    return "f" if problem.name == "expression" else problem.name


def phase_code(
    problem: Problem, info: OptimizerInfo, scheduler: SchedulerInfo | None
) -> dict[str, tuple[str, ...]]:
    """The tutorial's lines of each teaching phase: forward, loss, zero_grad, backward, step.

    Without data (a test function) the forward pass is the loss itself and "loss" is empty.
    """
    p = params_expression(info.layout)
    if problem.dataset is not None:
        forward: tuple[str, ...] = (f"y_p = model(x, *{p})",)
        loss: tuple[str, ...] = ("loss = loss_fn(y_p, y)",)
    else:
        forward, loss = (f"loss = {function_name(problem)}(*{p})",), ()
    step: tuple[str, ...] = (
        ("optimizer.step(closure)",) if info.uses_closure else ("optimizer.step()",)
    )
    if scheduler is not None:
        step += ("scheduler.step(loss.item())",) if scheduler.takes_loss else ("scheduler.step()",)
    return {
        "forward": forward,
        "loss": loss,
        "zero_grad": ("optimizer.zero_grad()",),
        "backward": ("loss.backward()",),
        "step": step,
    }


def literal(value: Any) -> str:
    """A Python literal that reads back as exactly ``value``."""
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ConfigError(("value",), f"{value} cannot be written in a script")
        return repr(value)
    if isinstance(value, (list, tuple)):
        inner = ", ".join(literal(v) for v in value)
        if isinstance(value, tuple):
            return f"({inner},)" if len(value) == 1 else f"({inner})"
        return f"[{inner}]"
    return repr(value)


def _float_list(values: tuple[float, ...]) -> str:
    return "[" + ", ".join(repr(float(v)) for v in values) + "]"


def _call(name: str, first: str, kwargs: dict[str, str]) -> list[str]:
    """``name(first, k=v, ...)`` on one line if short, else one argument per line."""
    args = [first, *(f"{k}={v}" for k, v in kwargs.items())]
    line = f"{name}({', '.join(args)})"
    if len(line) <= 88:
        return [line]
    return [f"{name}(", *(f"    {a}," for a in args), ")"]


def _test_function_source(problem: Problem, config: RunConfig) -> tuple[str, set[str]]:
    """The loss function's source and the modules it needs."""
    if problem.name in _FUNCTION_SOURCES:
        return _FUNCTION_SOURCES[problem.name], {"math", "torch"}
    if problem.name == "expression":
        return _expression_source(config.expression or "")
    try:
        ast.parse(problem.formula, mode="eval")
    except SyntaxError:
        raise ConfigError(
            ("problem",), f"{problem.name} cannot be written as a plain PyTorch script"
        ) from None
    return f"def {problem.name}(x, y):\n    return {problem.formula}\n", {"torch"}


def _expression_source(expression: str) -> tuple[str, set[str]]:
    """``def f(x, y)`` for a typed expression, with the operations the engine's compiler uses.

    The compiler computes every part without x or y once, in float64: parts with a function
    call are written as that number; functions become their torch spelling.
    """
    from optiviz.engine.problems import expression as ex

    ex.compile_expression(expression)  # refuses what the engine refuses, with its message
    text = expression.strip()
    tree = ast.parse(text, mode="eval")
    torch_names = {}
    for name, fn in ex.UNARY.items():
        module = "torch" if getattr(torch, name, None) is fn else "torch.nn.functional"
        torch_names[name] = f"{module}.{name}"
    torch_names.update({name: f"torch.{name}" for name in ex.BINARY})

    def has_variable(node: ast.AST) -> bool:
        return any(isinstance(n, ast.Name) and n.id in ex.VARIABLES for n in ast.walk(node))

    class Writer(ast.NodeTransformer):
        def visit_Name(self, node: ast.Name) -> ast.AST:
            if node.id in ex.CONSTANTS:
                return ast.parse(f"math.{node.id}", mode="eval").body
            return node

        def visit_Call(self, node: ast.Call) -> ast.AST:
            if not has_variable(node):
                value = ex._Compiler(text).compile(node)
                assert isinstance(value, (int, float))  # no x or y: a number
                return ast.Constant(float(value))
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else cast(ast.Name, func).id
            args = [self.visit(a) for a in node.args]
            if name in ex.BINARY:  # a number beside a tensor becomes a tensor of its dtype
                args = [
                    a if has_variable(orig) else _call_node("torch.tensor", [a])
                    for a, orig in zip(args, node.args, strict=True)
                ]
            return _call_node(torch_names[name], args)

    body = ast.unparse(Writer().visit(tree))
    return f"def f(x, y):\n    return {body}\n", {"math", "torch"} if "math." in body else {"torch"}


def _call_node(dotted: str, args: list[ast.AST]) -> ast.Call:
    exprs = [cast(ast.expr, a) for a in args]
    return ast.Call(func=ast.parse(dotted, mode="eval").body, args=exprs, keywords=[])


def _check_function(source: str, problem: Problem) -> None:
    """The written function must give the engine's numbers (an expression is checked here)."""
    namespace: dict[str, Any] = {"torch": torch, "math": math}
    exec(compile(source, "<optiviz code>", "exec"), namespace)
    fn = namespace[function_name(problem)]
    point = torch.tensor(problem.start, dtype=torch.float32)
    theirs = problem.function(point[0], point[1])
    try:
        mine = torch.as_tensor(fn(*point))
    except (TypeError, RuntimeError, ValueError):
        mine = None
    if mine is None or not torch.equal(mine, theirs):
        field: Field = ("expression",) if problem.name == "expression" else ("problem",)
        raise ConfigError(field, "this loss cannot be written as a plain PyTorch script")


def _data_lines(problem: Problem) -> list[str]:
    data = problem.dataset
    assert data is not None
    lines = [
        f"x = {_float_list(data.x)}",
        f"y = {_float_list(data.y)}",
        "x = torch.tensor(x)",
        "y = torch.tensor(y)",
    ]
    if data.scaling == "tutorial":
        lines.append("x = 0.1 * x")
    elif data.scaling == "standardize":
        shift, factor = data.shift_factor
        lines.append("# standardize: subtract the mean of x, divide by its standard deviation")
        lines.append(f"x = (x - {literal(shift)}) * {literal(factor)}")
    return lines


def _loop(
    problem: Problem,
    info: OptimizerInfo,
    sched: SchedulerInfo | None,
    print_every: int,
) -> list[str]:
    code = phase_code(problem, info, sched)
    data_args = ", x, y" if problem.dataset is not None else ""
    sched_arg = ", scheduler" if sched is not None else ""
    head = f"def training_loop(n_epochs, optimizer{sched_arg}, params{data_args}):"
    body = ["    for epoch in range(1, n_epochs + 1):"]
    indent = " " * 8
    if info.uses_closure and not info.origin:  # LBFGS: the closure gives the first loss too
        body.append(indent + "def closure():")
        body.append(indent + "    optimizer.zero_grad()")
        body += [indent + "    " + line for line in (*code["forward"], *code["loss"])]
        body.append(indent + "    loss.backward()")
        body.append(indent + "    return loss")
        body.append("")
        body.append(indent + "loss = optimizer.step(closure)")
        body += [indent + line for line in code["step"][1:]]
    else:
        for phase in ("forward", "loss", "zero_grad", "backward", "step"):
            if phase == "step" and info.uses_closure:  # BSAM: evaluated again where it moved
                body += _closure_lines(code, indent)
            body += [indent + line for line in code[phase]]
        if info.create_graph:  # the step differentiates the gradient (a Hessian estimate)
            body = [line.replace("backward()", "backward(create_graph=True)") for line in body]
    if print_every > 0:
        body.append(indent + f"if epoch % {print_every} == 0:")
        body.append(indent + "    print('Epoch %d, Loss %f' % (epoch, loss.item()))")
    body.append("    return params")
    return [head, *body]


def plain_script(config: RunConfig, print_every: int = 100) -> str:
    """A self-contained PyTorch script of the run ``config`` (raises :class:`ConfigError`)."""
    if isinstance(print_every, bool) or not isinstance(print_every, int) or print_every < 0:
        raise ConfigError(("print_every",), f"must be 0 or more, got {print_every!r}")
    config = validate_config(config)
    problem = build_problem(config)
    info = optimizer_info(config.optimizer)
    sched = scheduler_info(config.scheduler) if config.scheduler else None
    modules = {"torch"}
    blocks: list[list[str]] = []
    if problem.dataset is not None:
        blocks.append(_data_lines(problem))
        blocks.append(_DATA_MODEL.rstrip("\n").splitlines())
    else:
        source, needed = _test_function_source(problem, config)
        _check_function(source, problem)
        modules |= needed
        blocks.append(source.rstrip("\n").splitlines())
    if info.layout == "embedding":
        blocks.append(_ROW.rstrip("\n").splitlines())
    blocks.append(_loop(problem, info, sched, print_every))

    start = [float(problem.start[0]), float(problem.start[1])]
    setup = []
    if info.layout == "vector":
        setup.append(f"params = torch.tensor({literal(start)}, requires_grad=True)")
    else:
        setup += ["# " + line for line in textwrap.wrap(info.layout_note(), 88)]
        setup.append(f"params = torch.tensor([{literal(start)}], requires_grad=True)")
    kwargs = optimizer_kwargs(info, config)
    written = {"lr": "learning_rate"}
    for spec in info.hyperparams:
        if spec.name != "lr":
            written[spec.name] = literal(kwargs.get(spec.name, spec.default))
    setup.append(f"learning_rate = {literal(float(kwargs['lr']))}")
    setup += _call(f"optimizer = {info.qualified}", "[params]", written)
    if info.train_mode:
        setup.append("optimizer.train()  # Schedule-Free steps in train mode")
    call_args = ["n_epochs=" + str(config.epochs), "optimizer=optimizer"]
    if sched is not None:
        sched_args = {k: literal(v) for k, v in scheduler_kwargs(sched, config).items()}
        setup += _call(
            f"scheduler = torch.optim.lr_scheduler.{sched.name}", "optimizer", sched_args
        )
        call_args.append("scheduler=scheduler")
    call_args.append("params=params")
    if problem.dataset is not None:
        call_args += ["x=x", "y=y"]
    setup += _call("training_loop", call_args[0], dict(a.split("=", 1) for a in call_args[1:]))
    setup.append("print(params)")
    blocks.append(setup)

    header = [
        f'"""{_title(problem, info, sched)}, as a plain PyTorch script."""',
        "",
        *(f"import {m}" for m in sorted(modules)),
        *_outside_import(info),
    ]
    return "\n\n\n".join("\n".join(block) for block in [header, *blocks]) + "\n"


def _closure_lines(code: dict[str, tuple[str, ...]], indent: str) -> list[str]:
    lines = [indent + "def closure():", indent + "    optimizer.zero_grad()"]
    lines += [indent + "    " + line for line in (*code["forward"], *code["loss"])]
    lines += [indent + "    loss.backward()", indent + "    return loss", ""]
    return lines  # its loss is its own: the epoch's loss stays the one printed


def _outside_import(info: OptimizerInfo) -> list[str]:
    """The import of an optimizer from outside torch.optim: its package, or its file."""
    if not info.origin:
        return []
    if not info.origin.endswith(".py"):
        return (
            [f"import {info.origin.split('.')[0]}"]
            if "." in info.origin
            else [f"import {info.origin}"]
        )
    folder, file = os.path.split(os.path.abspath(info.origin))
    return [
        "import sys",
        "",
        f"sys.path.insert(0, {folder!r})  # the folder of {file}",
        f"from {file[:-3]} import {info.cls.__name__}  # noqa: E402",
    ]


def _title(problem: Problem, info: OptimizerInfo, sched: SchedulerInfo | None) -> str:
    text = f"{problem.title}: {info.qualified}"
    if sched is not None:
        text += f" with {sched.name}"
    return text
