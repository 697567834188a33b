"""The network flags of the run commands (``--problem mlp``): what they add and how they
become a :class:`NetworkSpec`.

Every flag defaults to None, so one given without ``--problem mlp`` is refused by name rather
than ignored. Errors are :class:`ConfigError` named by the flag (``--hidden: ...``).
"""

from __future__ import annotations

import argparse

from optiviz.engine.errors import ConfigError
from optiviz.engine.networks.spec import (
    ACTIVATIONS,
    CSV,
    DATASETS,
    MODELS,
    NETWORK_PROBLEM,
    NetworkSpec,
    check_spec,
    parse_hidden,
)

#: The attribute of each network flag, in the order --help lists them.
NETWORK_FLAGS = (
    "hidden",
    "activation",
    "dataset",
    "model",
    "samples",
    "data_seed",
    "test_fraction",
)


def add_network_flags(parser: argparse.ArgumentParser) -> None:
    """``--hidden``, ``--activation``, ``--dataset``, ``--model``, ``--samples``, ``--data-seed``,
    ``--test-fraction`` (``--data FILE.csv`` is shared with the linear fit)."""
    group = parser.add_argument_group(f"networks (--problem {NETWORK_PROBLEM})")
    group.add_argument(
        "--hidden", metavar="W,W", help="hidden layer widths (default 8,8; empty: none)"
    )
    group.add_argument(
        "--activation", metavar="NAME", help=f"one of: {', '.join(ACTIVATIONS)} (default tanh)"
    )
    group.add_argument(
        "--dataset",
        metavar="NAME",
        help=f"one of: {', '.join(DATASETS)} (default circles); or --data FILE.csv, whose "
        "last column is the target (named label: classes from 0)",
    )
    group.add_argument(
        "--model", metavar="NAME", help=f"one of: {', '.join(MODELS)} (cnn: digits only)"
    )
    group.add_argument("--samples", metavar="N", help="points of a generated set (default 200)")
    group.add_argument(
        "--data-seed", metavar="S", help="seeds the generated points and the split (default 0)"
    )
    group.add_argument(
        "--test-fraction", metavar="F", help="share of points held out (default 0.2)"
    )


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def check_network_flags_apply(args: argparse.Namespace) -> None:
    """Network flags are for ``--problem mlp`` only (raises ConfigError naming the flag)."""
    problem = str(args.problem).lower()
    if problem == NETWORK_PROBLEM:
        return
    for name in NETWORK_FLAGS:
        if getattr(args, name, None) is not None:
            raise ConfigError(
                _flag(name), f"only with --problem {NETWORK_PROBLEM}, not with --problem {problem}"
            )


def _whole(text: str, name: str, example: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ConfigError(
            _flag(name), f"expected a whole number like {example}, got {text!r}"
        ) from None


def network_spec_from_args(args: argparse.Namespace) -> NetworkSpec:
    """The network of the flags, checked; a bad value raises ConfigError naming its flag."""
    from optiviz.engine.networks.data import read_labelled_csv

    fields: dict[str, object] = {}
    try:
        if args.hidden is not None:
            fields["hidden"] = parse_hidden(args.hidden)
        if args.samples is not None:
            fields["samples"] = _whole(args.samples, "samples", "200")
        if args.data_seed is not None:
            fields["data_seed"] = _whole(args.data_seed, "data_seed", "0")
        if args.test_fraction is not None:
            try:
                fields["test_fraction"] = float(args.test_fraction)
            except ValueError:
                raise ConfigError(
                    ("test_fraction",), f"expected a number like 0.2, got {args.test_fraction!r}"
                ) from None
        for name in ("activation", "model"):
            if getattr(args, name) is not None:
                fields[name] = str(getattr(args, name)).lower()
        if args.data is not None:
            if args.dataset is not None:
                raise ConfigError(("dataset",), "give --dataset or --data FILE.csv, not both")
            fields["dataset"] = CSV
            fields["table"] = read_labelled_csv(args.data)
        elif args.dataset is not None:
            fields["dataset"] = str(args.dataset).lower()
            if fields["dataset"] == CSV:
                raise ConfigError(("dataset",), "a CSV is given as --data FILE.csv")
        return check_spec(NetworkSpec(**fields))  # type: ignore[arg-type]
    except ConfigError as err:
        raise as_flag_error(err) from None


def as_flag_error(err: ConfigError) -> ConfigError:
    """The error named by its command-line flag (``("hidden",)`` -> ``--hidden``)."""
    field = err.field
    if isinstance(field, tuple) and len(field) == 1 and isinstance(field[0], str):
        return ConfigError(_flag(field[0]), err.message)
    return err


def one_torch_thread() -> None:
    """Train networks on one torch thread, as the window's worker does: the same order of
    sums, so the same numbers bit for bit, and on a loaded machine many times faster (threads
    contending for the cores stall each small step). ``optiviz code`` writes the same line."""
    import torch

    torch.set_num_threads(1)
