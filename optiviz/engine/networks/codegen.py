"""A network run written out as a plain PyTorch script (``optiviz code --problem mlp``).

The script draws the same data (a built-in set's generator, its source printed verbatim;
scikit-learn's digits; ``numpy.loadtxt`` of the CSV), holds out the same seeded split, seeds
torch right before the ``nn.Sequential`` as the run does, and trains with the same loss,
optimizer, scheduler, clipping and seeded DataLoader. It prints the same ``Epoch N, Loss L``
lines as ``optiviz run`` and, at the end, the same accuracy (or loss) line.
"""

from __future__ import annotations

import inspect
import math
import os
from pathlib import Path

import torch
from torch import nn

from optiviz.engine.catalogue.optimizers import OptimizerInfo, optimizer_info
from optiviz.engine.catalogue.schedulers import SchedulerInfo, scheduler_info
from optiviz.engine.errors import ConfigError
from optiviz.engine.networks.data import BINARY, MULTICLASS, REGRESSION, Table, make_table
from optiviz.engine.networks.generators import GENERATORS
from optiviz.engine.networks.models import architecture, build_model
from optiviz.engine.networks.spec import CSV, NetworkSpec
from optiviz.engine.runs.config import RunConfig, optimizer_kwargs, scheduler_kwargs

LINE = 88


def _call(name: str, args: list[str]) -> list[str]:
    """``name(a, b)`` on one line if short, else one argument per line."""
    line = f"{name}({', '.join(args)})"
    if len(line) <= LINE:
        return [line]
    return [f"{name}(", *(f"    {a}," for a in args), ")"]


def module_line(module: nn.Module) -> str:
    """The constructor call of one layer of the built network."""
    if isinstance(module, nn.Linear):
        return f"nn.Linear({module.in_features}, {module.out_features})"
    if isinstance(module, nn.Conv2d):
        kernel, padding = module.kernel_size[0], module.padding
        pad = padding if isinstance(padding, str) else padding[0]
        return f"nn.Conv2d({module.in_channels}, {module.out_channels}, {kernel}, padding={pad!r})"
    if isinstance(module, nn.MaxPool2d):
        return f"nn.MaxPool2d({module.kernel_size!r})"
    if isinstance(module, nn.Unflatten):
        return f"nn.Unflatten({module.dim}, {tuple(module.unflattened_size)!r})"
    if isinstance(module, (nn.Flatten, nn.Tanh, nn.ReLU, nn.Sigmoid, nn.GELU)):
        return f"nn.{type(module).__name__}()"
    raise ConfigError(("model",), f"{type(module).__name__} cannot be written in a script")


def _loss_name(task: str) -> str:
    return {
        BINARY: "BCEWithLogitsLoss",
        MULTICLASS: "CrossEntropyLoss",
        REGRESSION: "MSELoss",
    }[task]


def _data_lines(
    spec: NetworkSpec, table: Table, path: str | os.PathLike[str] | None
) -> tuple[list[str], list[str], set[str]]:
    """(definitions, the lines making x and y, imports) of the spec's data."""
    if spec.dataset == "digits":
        lines = [
            "digits = load_digits()  # scikit-learn's 8x8 handwritten digits, no download",
            "x = torch.tensor(digits.data / 16.0, dtype=torch.float32)  # pixels 0..16 -> 0..1",
            "y = torch.tensor(digits.target).long()",
        ]
        return [], lines, {"from sklearn.datasets import load_digits"}
    if spec.dataset == CSV:
        return [], _csv_lines(table, path), {"import numpy"}
    source = inspect.getsource(GENERATORS[spec.dataset])
    imports = {"import math"} if "math." in source else set()
    lines = [
        f"# {spec.samples} points drawn by a generator seeded with the data seed",
        f"x, y = {spec.dataset}({spec.samples}, torch.Generator().manual_seed({spec.data_seed}))",
    ]
    lines.append(_target_line(table.task))
    return source.rstrip("\n").splitlines(), lines, imports


def _target_line(task: str) -> str:
    if task == MULTICLASS:
        return "y = y.long()  # CrossEntropyLoss takes class indices"
    if task == BINARY:
        return "y = y.float().reshape(-1, 1)  # BCEWithLogitsLoss takes float targets, (n, 1)"
    return "y = y.float().reshape(-1, 1)  # MSELoss: (n, 1) like the model's output"


def _csv_lines(table: Table, path: str | os.PathLike[str] | None) -> list[str]:
    """``numpy.loadtxt`` of the file the run read (its header row skipped)."""
    from optiviz.engine.networks.data import _is_number, read_labelled_csv

    if path is None:
        raise ConfigError(("data",), f"the file of {table.name} is not known; give it as --data")
    path = Path(path).resolve()
    again = read_labelled_csv(path)  # the file as the run reads it now
    if again.features.shape != table.features.shape or again.task != table.task:
        raise ConfigError(("data",), f"{path.name} changed since it was read")
    with path.open(encoding="utf-8-sig") as handle:
        first = next(line for line in handle if line.strip(", \t\r\n"))
    header = int(not all(_is_number(cell) for cell in first.rstrip("\r\n").split(",")))
    if table.task == REGRESSION or table.task == BINARY:
        target = "y = torch.tensor(data[:, -1], dtype=torch.float32).reshape(-1, 1)"
    else:
        target = "y = torch.tensor(data[:, -1]).long()"
    return [
        f"data = numpy.loadtxt({str(path)!r}, delimiter=',', skiprows={header}, ndmin=2)",
        "x = torch.tensor(data[:, :-1], dtype=torch.float32)  # the features",
        target + "  # the last column",
    ]


def _optimizer_lines(info: OptimizerInfo, config: RunConfig) -> list[str]:
    kwargs = optimizer_kwargs(info, config)
    args = ["model.parameters()", "lr=learning_rate"]
    for hyper in info.hyperparams:
        if hyper.name != "lr":
            args.append(f"{hyper.name}={kwargs.get(hyper.name, hyper.default)!r}")
    lines = [f"learning_rate = {float(kwargs['lr'])!r}"]
    lines += _call(f"optimizer = {info.qualified}", args)
    if info.train_mode:
        lines.append("optimizer.train()  # Schedule-Free steps in train mode")
    return lines


def _scheduler_lines(sched: SchedulerInfo, config: RunConfig) -> list[str]:
    args = ["optimizer", *(f"{k}={v!r}" for k, v in scheduler_kwargs(sched, config).items())]
    return _call(f"scheduler = torch.optim.lr_scheduler.{sched.name}", args)


def _clip_line(config: RunConfig) -> list[str]:
    if config.clip_grad_norm is not None:
        return [f"torch.nn.utils.clip_grad_norm_(model.parameters(), {config.clip_grad_norm!r})"]
    if config.clip_grad_value is not None:
        value = repr(config.clip_grad_value)
        return [f"torch.nn.utils.clip_grad_value_(model.parameters(), {value})"]
    return []


def _step_lines(info: OptimizerInfo, config: RunConfig, x: str, y: str) -> list[str]:
    """One optimizer step on ``x, y``, ending with ``loss`` the step's loss."""
    zero = ["optimizer.zero_grad()"] if config.zero_grad else []
    backward = "loss.backward(create_graph=True)" if info.create_graph else "loss.backward()"
    if info.uses_closure:
        if not config.zero_grad:
            raise ConfigError(
                ("zero_grad",), f"{info.name}'s closure is written with optimizer.zero_grad()"
            )
        return [
            "def closure():",
            *(f"    {line}" for line in zero),
            f"    loss = loss_fn(model({x}), {y})",
            f"    {backward}",
            *(f"    {line}" for line in _clip_line(config)),
            "    return loss",
            "",
            "loss = optimizer.step(closure)",
        ]
    return [
        f"loss = loss_fn(model({x}), {y})",
        *zero,
        backward,
        *_clip_line(config),
        "optimizer.step()",
    ]


def _indent(line: str, spaces: int) -> str:
    return " " * spaces + line if line else ""


def _loop_lines(
    info: OptimizerInfo, sched: SchedulerInfo | None, config: RunConfig, print_every: int
) -> list[str]:
    lines = [f"for epoch in range(1, {config.epochs} + 1):"]
    if config.batch_size is not None:
        lines.append("    losses = []")
        lines.append("    for xb, yb in loader:")
        lines += [_indent(line, 8) for line in _step_lines(info, config, "xb", "yb")]
        lines.append("        losses.append(loss.item())")
        lines.append("    epoch_loss = sum(losses) / len(losses)")
    else:
        lines += [_indent(line, 4) for line in _step_lines(info, config, "train_x", "train_y")]
        lines.append("    epoch_loss = loss.item()")
    if sched is not None:
        lines.append(
            "    scheduler.step(epoch_loss)" if sched.takes_loss else "    scheduler.step()"
        )
    if print_every > 0:
        lines.append(f"    if epoch % {print_every} == 0:")
        lines.append("        print('Epoch %d, Loss %f' % (epoch, epoch_loss))")
    return lines


def _final_lines(spec: NetworkSpec, table: Table, config: RunConfig, held: int) -> list[str]:
    """How well the trained network does on the training and held-out points, printed as
    ``optiviz run`` prints it."""
    what = f"finished after {config.epochs} epochs: {architecture(spec, table)} on {table.name}"
    if table.task == REGRESSION:
        lines = [
            "with torch.no_grad():",
            "    train_loss = loss_fn(model(train_x), train_y).item()",
            "    test_loss = loss_fn(model(test_x), test_y).item()"
            if held
            else "    test_loss = float('nan')  # no held-out points",
            f"summary = {what!r}",
            "print(f'{summary}, train loss {train_loss:.6f}, test loss {test_loss:.6f}')",
        ]
        return lines
    predicted = "(out[:, 0] > 0).long()" if table.task == BINARY else "out.argmax(dim=1)"
    truth = "y[:, 0].long()" if table.task == BINARY else "y"
    test = "f'{accuracy(test_x, test_y):.4f}'" if held else "'n/a'  # no held-out points"
    return [
        "def accuracy(x, y):",
        '    """The fraction of points whose predicted class is right."""',
        "    with torch.no_grad():",
        "        out = model(x)",
        f"    right = int(({predicted} == {truth}).sum())",
        "    return right / len(x)",
        "",
        "",
        f"summary = {what!r}",
        f"test_accuracy = {test}",
        "print(f'{summary}, train accuracy {accuracy(train_x, train_y):.4f}, '",
        "      f'test accuracy {test_accuracy}')",
    ]


def network_script(
    config: RunConfig, print_every: int = 100, data_path: str | os.PathLike[str] | None = None
) -> str:
    """The plain script of the validated network run ``config``; ``data_path`` is the CSV
    its table was read from (a CSV's table does not keep its path)."""
    spec = config.network or NetworkSpec()
    table = make_table(spec)
    info = optimizer_info(config.optimizer)
    sched = scheduler_info(config.scheduler) if config.scheduler else None
    with torch.random.fork_rng(devices=[]):
        model = build_model(spec, table)
    definitions, data, imports = _data_lines(spec, table, data_path)
    held = math.floor(len(table) * spec.test_fraction)
    data += [
        f"# hold out {held} of the {len(table)} points, chosen by a permutation seeded with "
        "the data seed",
        f"data_rng = torch.Generator().manual_seed({spec.data_seed})",
        "order = torch.randperm(len(x), generator=data_rng)",
        f"train_x, train_y = x[order[{held}:]], y[order[{held}:]]",
        f"test_x, test_y = x[order[:{held}]], y[order[:{held}]]",
    ]
    setup = [
        "torch.set_num_threads(1)  # as optiviz trains: the same sums in the same order",
        f"torch.manual_seed({config.seed})  # right before the model: its initial weights",
        "model = nn.Sequential(",
        *(f"    {module_line(m)}," for m in model.children()),
        ")",
        f"loss_fn = nn.{_loss_name(table.task)}()",
        *_optimizer_lines(info, config),
    ]
    if sched is not None:
        setup += _scheduler_lines(sched, config)
    if config.batch_size is not None:
        setup += _call(
            "loader = DataLoader",
            [
                "TensorDataset(train_x, train_y)",
                f"batch_size={config.batch_size}",
                f"shuffle={config.shuffle}",
                f"generator=torch.Generator().manual_seed({config.seed})",
            ],
        )
    from optiviz.engine.explain.codegen import _outside_import

    header_imports = sorted({"import torch", *(i for i in imports if i.startswith("import "))})
    header_imports += sorted(i for i in imports if i.startswith("from "))
    header_imports.append("from torch import nn")
    if config.batch_size is not None:
        header_imports.append("from torch.utils.data import DataLoader, TensorDataset")
    header_imports += _outside_import(info)
    title = f"{architecture(spec, table)} on {table.name}: {info.qualified}"
    if sched is not None:
        title += f" with {sched.name}"
    if config.batch_size is not None:
        title += f", mini-batches of {config.batch_size}"
    if not config.zero_grad:
        title += ", without optimizer.zero_grad() (.grad adds up)"
    blocks = [
        [f'"""{title}, as a plain PyTorch script."""', "", *header_imports],
        *([definitions] if definitions else []),
        data,
        setup,
        _loop_lines(info, sched, config, print_every),
        _final_lines(spec, table, config, held),
    ]
    return "\n\n\n".join("\n".join(block) for block in blocks) + "\n"
