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
from optiviz.engine.networks.spec import NETWORK_PROBLEM
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


def noise_line(std: float) -> str:
    """Added gradient noise, as the engine adds it (a stand-in for a batch, not a batch)."""
    return (
        "params.grad.add_(torch.randn(params.grad.shape, generator=noise), "
        f"alpha={literal(float(std))})"
    )


def clip_line(config: RunConfig) -> str | None:
    """torch's gradient clipping of ``config``, or None without clipping."""
    if config.clip_grad_norm is not None:
        return f"torch.nn.utils.clip_grad_norm_([params], {literal(float(config.clip_grad_norm))})"
    if config.clip_grad_value is not None:
        value = literal(float(config.clip_grad_value))
        return f"torch.nn.utils.clip_grad_value_([params], {value})"
    return None


def zero_grad_code(config: RunConfig | None) -> tuple[str, ...]:
    """``optimizer.zero_grad()``, or nothing for a run that forgets it (``.grad`` adds up)."""
    return () if config is not None and not config.zero_grad else ("optimizer.zero_grad()",)


def phase_code(
    problem: Problem,
    info: OptimizerInfo,
    scheduler: SchedulerInfo | None,
    config: RunConfig | None = None,
) -> dict[str, tuple[str, ...]]:
    """The tutorial's lines of each teaching phase: forward, loss, zero_grad, backward, step.

    Without data (a test function) the forward pass is the loss itself and "loss" is empty.
    With ``config``'s batch size the forward pass and the loss read the batch ``xb, yb``, and
    the scheduler steps on the epoch's loss; added gradient noise belongs to backward, and
    clipping is a phase of its own ("clip", only when the run clips). A run without
    ``optimizer.zero_grad()`` has no zero_grad line.
    """
    p = params_expression(info.layout)
    batched = config is not None and config.batch_size is not None
    if problem.dataset is not None:
        x, y = ("xb", "yb") if batched else ("x", "y")
        forward: tuple[str, ...] = (f"y_p = model({x}, *{p})",)
        loss: tuple[str, ...] = (f"loss = loss_fn(y_p, {y})",)
    else:
        forward, loss = (f"loss = {function_name(problem)}(*{p})",), ()
    step: tuple[str, ...] = (
        ("optimizer.step(closure)",) if info.uses_closure else ("optimizer.step()",)
    )
    if scheduler is not None:
        value = "epoch_loss" if batched else "loss.item()"
        step += (f"scheduler.step({value})",) if scheduler.takes_loss else ("scheduler.step()",)
    backward: tuple[str, ...] = ("loss.backward()",)
    if config is not None and config.grad_noise > 0:
        backward += (noise_line(config.grad_noise),)
    code = {
        "forward": forward,
        "loss": loss,
        "zero_grad": zero_grad_code(config),
        "backward": backward,
        "step": step,
    }
    clip = None if config is None else clip_line(config)
    if clip is not None:
        code = {**{k: code[k] for k in PHASE_ORDER[:4]}, "clip": (clip,), "step": step}
    return code


#: The order of the phases :func:`phase_code` returns, clipping included.
PHASE_ORDER = ("forward", "loss", "zero_grad", "backward", "clip", "step")


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
    config: RunConfig,
) -> list[str]:
    """``def training_loop``: one step an epoch, or with a batch size one step per batch of
    ``loader`` and the epoch's loss, the mean of its batch losses, printed."""
    code = phase_code(problem, info, sched, config)
    batched = config.batch_size is not None
    data_args = ", loader" if batched else ", x, y" if problem.dataset is not None else ""
    noise_arg = ", noise" if config.grad_noise > 0 else ""
    sched_arg = ", scheduler" if sched is not None else ""
    head = f"def training_loop(n_epochs, optimizer{sched_arg}, params{data_args}{noise_arg}):"
    body = ["    for epoch in range(1, n_epochs + 1):"]
    indent = " " * 8
    if batched:
        body.append(indent + "losses = []")
        body.append(indent + "for xb, yb in loader:")
        indent = " " * 12
    after_grad = (*code["backward"][1:], *code.get("clip", ()))
    if info.uses_closure and not info.origin:  # LBFGS: the closure gives the first loss too
        body.append(indent + "def closure():")
        body += [indent + "    " + line for line in code["zero_grad"]]
        body += [indent + "    " + line for line in (*code["forward"], *code["loss"])]
        body.append(indent + "    loss.backward()")
        body += [indent + "    " + line for line in after_grad]
        body.append(indent + "    return loss")
        body.append("")
        body.append(indent + "loss = optimizer.step(closure)")
    else:
        for phase in ("forward", "loss", "zero_grad", "backward", "clip"):
            body += [indent + line for line in code.get(phase, ())]
        if info.uses_closure:  # BSAM: evaluated again where it moved
            body += _closure_lines(code, indent)
        body.append(indent + code["step"][0])
        if info.create_graph:  # the step differentiates the gradient (a Hessian estimate)
            body = [line.replace("backward()", "backward(create_graph=True)") for line in body]
    sched_lines = code["step"][1:]
    printed = "loss.item()"
    if batched:
        body.append(indent + "losses.append(loss.item())")
        indent = " " * 8
        body.append(indent + "epoch_loss = sum(losses) / len(losses)")
        printed = "epoch_loss"
    body += [indent + line for line in sched_lines]
    if print_every > 0:
        body.append(indent + f"if epoch % {print_every} == 0:")
        body.append(indent + f"    print('Epoch %d, Loss %f' % (epoch, {printed}))")
    body.append("    return params")
    return [head, *body]


def _stochastic_setup(config: RunConfig) -> tuple[list[str], list[str]]:
    """The DataLoader and the noise generator, and the training loop's arguments for them."""
    lines: list[str] = []
    args: list[str] = []
    if config.batch_size is not None:
        lines += _call(
            "loader = DataLoader",
            "TensorDataset(x, y)",
            {
                "batch_size": str(config.batch_size),
                "shuffle": str(config.shuffle),
                "generator": f"torch.Generator().manual_seed({config.seed})",
            },
        )
        args.append("loader=loader")
    if config.grad_noise > 0:
        lines.append("# added gradient noise (no batches here): Gaussian, seeded")
        lines.append(f"noise = torch.Generator().manual_seed({config.seed})")
        args.append("noise=noise")
    return lines, args


def plain_script(
    config: RunConfig, print_every: int = 100, data_path: str | os.PathLike[str] | None = None
) -> str:
    """A self-contained PyTorch script of the run ``config`` (raises :class:`ConfigError`).

    ``data_path``: a network's CSV file, which the script reads (its table keeps no path).
    """
    if isinstance(print_every, bool) or not isinstance(print_every, int) or print_every < 0:
        raise ConfigError(("print_every",), f"must be 0 or more, got {print_every!r}")
    config = validate_config(config)
    if config.problem == NETWORK_PROBLEM:
        from optiviz.engine.networks.codegen import network_script

        return network_script(config, print_every, data_path)
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
    blocks.append(_loop(problem, info, sched, print_every, config))

    start = [float(problem.start[0]), float(problem.start[1])]
    setup = [f"torch.manual_seed({config.seed})"] if config.stochastic else []
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
    stochastic_lines, stochastic_args = _stochastic_setup(config)
    setup += stochastic_lines
    if config.batch_size is not None:
        call_args += stochastic_args
    else:
        call_args += (["x=x", "y=y"] if problem.dataset is not None else []) + stochastic_args
    setup += _call("training_loop", call_args[0], dict(a.split("=", 1) for a in call_args[1:]))
    setup.append("print(params)")
    blocks.append(setup)

    header = [
        f'"""{_title(problem, info, sched, config)}, as a plain PyTorch script."""',
        "",
        *(f"import {m}" for m in sorted(modules)),
        *_outside_import(info),
    ]
    if config.batch_size is not None:
        header.append("from torch.utils.data import DataLoader, TensorDataset")
    return "\n\n\n".join("\n".join(block) for block in [header, *blocks]) + "\n"


def _closure_lines(code: dict[str, tuple[str, ...]], indent: str) -> list[str]:
    lines = [indent + "def closure():", *(indent + "    " + z for z in code["zero_grad"])]
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


def _title(
    problem: Problem, info: OptimizerInfo, sched: SchedulerInfo | None, config: RunConfig
) -> str:
    text = f"{problem.title}: {info.qualified}"
    if sched is not None:
        text += f" with {sched.name}"
    if config.batch_size is not None:
        text += f", mini-batches of {config.batch_size}"
    if config.grad_noise > 0:
        text += f", added gradient noise σ={config.grad_noise:g}"
    if not config.zero_grad:
        text += ", without optimizer.zero_grad() (.grad adds up)"
    return text
