"""The run flags shared by ``optiviz run``, ``record``, ``code`` and ``lr-find``.

The flags only collect text; the engine's catalogue decides what is valid, so the CLI keeps no
list of optimizers, schedulers or hyperparameters of its own.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any, NoReturn

from optiviz.cli.network_flags import (
    add_network_flags,
    check_network_flags_apply,
    network_spec_from_args,
    one_torch_thread,
)
from optiviz.engine.catalogue.hyperparams import parse_assignment
from optiviz.engine.catalogue.optimizers import optimizer_catalogue
from optiviz.engine.catalogue.schedulers import scheduler_catalogue
from optiviz.engine.errors import ConfigError
from optiviz.engine.limits import check_float32
from optiviz.engine.networks.spec import NETWORK_PROBLEM
from optiviz.engine.problems.library import PROBLEM_NAMES, check_start
from optiviz.engine.runs.config import RunConfig

if TYPE_CHECKING:
    from optiviz.engine.formats.scenario import Scenario

EXIT_USAGE = 2
#: A write that failed while under way (a full disk, a lost folder): the old file is kept.
EXIT_WRITE = 1


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line on stderr and exit status 2."""

    def error(self, message: str) -> NoReturn:
        print(f"{self.prog}: error: {message} (see --help)", file=sys.stderr)
        sys.exit(EXIT_USAGE)


def fail(prog: str, err: Exception) -> int:
    """Print a bad-input error as one line and return the usage exit status."""
    print(f"{prog}: error: {err}", file=sys.stderr)
    return EXIT_USAGE


def fail_write(prog: str, path: object, err: BaseException) -> int:
    """Print ``PROG: cannot write PATH: REASON`` as one line and return :data:`EXIT_WRITE`."""
    reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err).strip()
    reason = reason.splitlines()[0] if reason else type(err).__name__
    print(f"{prog}: cannot write {path}: {reason}", file=sys.stderr)
    return EXIT_WRITE


def _start(text: str) -> tuple[float, float]:
    parts = [p.strip() for p in text.split(",")]
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected two numbers like 1.0,0.0, got {text!r}"
        ) from None
    if len(values) != 2:
        raise argparse.ArgumentTypeError(f"expected two numbers like 1.0,0.0, got {text!r}")
    return values  # type: ignore[return-value]


def add_run_flags(parser: argparse.ArgumentParser) -> None:
    """The flags that define a run; defaults are the tutorial's."""
    group = parser.add_argument_group("run")
    group.add_argument(
        "--problem",
        default="linear",
        help=f"one of: {', '.join(PROBLEM_NAMES)}, expression, mlp (a network; default linear)",
    )
    group.add_argument(
        "--expression", metavar="F", help="with --problem expression: f(x, y) in torch operations"
    )
    group.add_argument(
        "--optimizer",
        default="SGD",
        help="one of: "
        + ", ".join(optimizer_catalogue())
        + ", or an installed package's MODULE.CLASS (pytorch_optimizer.Lion), or"
        " path/to/file.py:CLASS, a torch.optim.Optimizer of your own (default SGD)",
    )
    group.add_argument("--lr", default="1e-2", help="learning rate (default 1e-2)")
    group.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="an optimizer hyperparameter, e.g. momentum=0.9 or betas=0.8,0.95 (repeatable)",
    )
    group.add_argument("--scheduler", help="one of: " + ", ".join(scheduler_catalogue()))
    group.add_argument(
        "--sched-param",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a scheduler argument, e.g. step_size=100 (repeatable)",
    )
    group.add_argument("--epochs", default="1000", help="epochs to run (default 1000)")
    group.add_argument(
        "--start",
        type=_start,
        metavar="W,B",
        help="start point (default: the problem's, 1.0,0.0 for linear)",
    )
    group.add_argument(
        "--data",
        metavar="FILE.csv",
        help="linear fit: a 2-column CSV of x,y points; mlp: features then a target per row",
    )
    group.add_argument(
        "--scaling",
        choices=("none", "tutorial", "standardize"),
        help="linear fit: how x is scaled (default tutorial: x * 0.1)",
    )
    add_stochastic_flags(parser)
    add_network_flags(parser)


def add_stochastic_flags(parser: argparse.ArgumentParser) -> None:
    """Mini-batches, added gradient noise, the seed and gradient clipping."""
    group = parser.add_argument_group("mini-batches, noise and clipping")
    group.add_argument(
        "--batch-size",
        metavar="N",
        help="linear fit: N points a step, through a DataLoader (default: the whole data)",
    )
    group.add_argument(
        "--no-shuffle", action="store_true", help="with --batch-size: the same batches each epoch"
    )
    group.add_argument(
        "--seed", default="0", metavar="S", help="torch.manual_seed and the batches' (default 0)"
    )
    group.add_argument(
        "--grad-noise",
        metavar="STD",
        help="test functions, expressions: add seeded Gaussian noise of this std to each gradient",
    )
    group.add_argument(
        "--clip-grad-norm", metavar="X", help="torch.nn.utils.clip_grad_norm_ before each step"
    )
    group.add_argument(
        "--clip-grad-value", metavar="X", help="torch.nn.utils.clip_grad_value_ before each step"
    )
    group.add_argument(
        "--no-zero-grad",
        action="store_true",
        help="leave out optimizer.zero_grad(): .grad adds up from step to step, as in PyTorch",
    )


def add_scenario_flag(parser: argparse.ArgumentParser, help: str) -> None:
    """``--scenario FILE.toml``: the runs come from a scenario file instead of the run flags."""
    parser.add_argument("--scenario", metavar="FILE.toml", help=help)
    parser.add_argument(
        "--run-code",
        action="store_true",
        help="run the optimizer files (.py) the scenario names without asking first",
    )


def scenario_from_args(parser: argparse.ArgumentParser, args: argparse.Namespace) -> Scenario:
    """The ``--scenario`` file, loaded (raises :class:`ConfigError` or :class:`OSError`).

    A run flag given with it is a usage error (one line, exit 2): the file defines the runs.
    """
    from optiviz.engine.formats.scenario import load_scenario

    flags = OneLineParser()
    add_run_flags(flags)
    for key, value in vars(flags.parse_args([])).items():
        if getattr(args, key) != value:
            flag = "--" + key.replace("_", "-")
            parser.error(f"argument --scenario: {flag} cannot be combined with a scenario file")
    scenario = load_scenario(args.scenario, trust=_trust_all if args.run_code else ask_to_run)
    if scenario.problem == NETWORK_PROBLEM:
        one_torch_thread()
    return scenario


def _trust_all(files: list[str]) -> bool:
    return True


def ask_to_run(files: list[str]) -> bool:
    """Ask on the terminal before running a scenario's optimizer files; no terminal is a no."""
    if not sys.stdin.isatty():
        print("the scenario names optimizer files; --run-code runs them", file=sys.stderr)
        return False
    answer = input(f"The scenario runs the code in {', '.join(files)}. Run it? [y/N] ")
    return answer.strip().lower() in ("y", "yes")


def check_flags_apply(args: argparse.Namespace) -> None:
    """Refuse run flags the chosen problem has no use for (raises :class:`ConfigError`)."""
    problem = str(args.problem).lower()
    if args.expression is not None and problem != "expression":
        raise ConfigError(
            "--expression", f"only with --problem expression, not with --problem {problem}"
        )
    check_network_flags_apply(args)
    if problem != "linear":
        data = None if problem == NETWORK_PROBLEM else args.data
        for flag, value in (("--data", data), ("--scaling", args.scaling)):
            if value is not None:
                raise ConfigError(
                    flag, f"only the linear fit has data and a scaling, not --problem {problem}"
                )


def _parsed(text: str | None, kind: type, field: str, example: str) -> Any:
    """``text`` as an int or a float (None stays None), or a ConfigError naming the flag."""
    if text is None:
        return None
    try:
        return kind(text)
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise ConfigError((field,), f"expected {what} like {example}, got {text!r}") from None


def config_from_args(args: argparse.Namespace) -> RunConfig:
    """Turn the run flags into a :class:`RunConfig` (raises :class:`ConfigError`).

    A flag that does not apply to the problem is refused rather than ignored, and the lr and
    start are checked here too, because ``lr-find`` sweeps its own lr without validating one.
    """
    check_flags_apply(args)
    try:
        lr = float(args.lr)
    except ValueError:
        raise ConfigError(("lr",), f"expected a number like 1e-2, got {args.lr!r}") from None
    check_float32(lr, ("lr",))
    if args.start is not None:
        check_start(args.start)
    try:
        epochs = int(args.epochs)
    except ValueError:
        raise ConfigError(
            ("epochs",), f"expected a whole number like 1000, got {args.epochs!r}"
        ) from None
    hyper = dict(parse_assignment(text, ("hyper",)) for text in args.param)
    sched = dict(parse_assignment(text, ("sched",)) for text in args.sched_param)
    dataset = network = None
    if args.problem.lower() == NETWORK_PROBLEM:
        network = network_spec_from_args(args)
        one_torch_thread()
    elif args.data or args.scaling:
        from optiviz.engine.problems.library import Dataset

        if args.data:
            from optiviz.engine.problems.data_io import load_csv

            dataset = load_csv(args.data, scaling=args.scaling or "tutorial")
        else:
            dataset = Dataset(scaling=args.scaling)
    return RunConfig(
        problem=args.problem.lower(),
        optimizer=args.optimizer,
        lr=lr,
        hyper=hyper,
        scheduler=args.scheduler,
        sched=sched,
        epochs=epochs,
        start=args.start,
        dataset=dataset,
        expression=args.expression,
        batch_size=_parsed(args.batch_size, int, "batch_size", "10"),
        shuffle=not args.no_shuffle,
        seed=_parsed(args.seed, int, "seed", "0"),
        grad_noise=_parsed(args.grad_noise, float, "grad_noise", "0.5") or 0.0,
        clip_grad_norm=_parsed(args.clip_grad_norm, float, "clip_grad_norm", "1.0"),
        clip_grad_value=_parsed(args.clip_grad_value, float, "clip_grad_value", "1.0"),
        zero_grad=not args.no_zero_grad,
        network=network,
    )
