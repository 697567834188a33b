"""``optiviz lr-find``: the learning-rate range test on the run the flags describe."""

from __future__ import annotations

import argparse
import json
import math
import sys

from optiviz.cli.parsing import OneLineParser, add_run_flags, config_from_args, fail
from optiviz.engine.errors import ConfigError
from optiviz.engine.runs.lr_find import MAX_LR, MIN_LR, STEPS, LRFindResult, lr_find


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number like 1e-3, got {text!r}") from None


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="optiviz lr-find",
        description="Sweep the learning rate exponentially, one step per lr, on a fresh run "
        "and suggest the lr where the smoothed loss falls fastest. A --scheduler is left out: "
        "the sweep sets the lr itself. With --batch-size each step is one batch.",
    )
    add_run_flags(parser)
    sweep = parser.add_argument_group("sweep")
    sweep.add_argument("--min-lr", type=_number, default=MIN_LR, help="first lr (default 1e-6)")
    sweep.add_argument("--max-lr", type=_number, default=MAX_LR, help="last lr (default 10)")
    sweep.add_argument(
        "--steps", type=_whole, default=STEPS, help="steps, one per lr (default 100)"
    )
    out = parser.add_argument_group("output")
    out.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    return parser


def _finite(values: list[float]) -> list[float | None]:
    return [v if math.isfinite(v) else None for v in values]


def print_table(result: LRFindResult, rows: int = 20) -> None:
    n = len(result.lr)
    every = max(1, math.ceil(n / rows))
    print(f"{'step':>5}  {'lr':>10}  {'loss':>12}  {'smoothed':>12}")
    for i in range(n):
        if i % every and i != n - 1 and i != result.suggestion_index:
            continue
        mark = "  <- suggestion" if i == result.suggestion_index else ""
        print(
            f"{i + 1:>5}  {result.lr[i]:>10.3g}  {result.loss[i]:>12.6g}  "
            f"{result.smoothed[i]:>12.6g}{mark}"
        )
    if result.stopped_early:
        print(f"stopped early after {n} of {result.steps} steps ({result.reason})")
    if result.suggestion is None:
        print("no suggestion: the loss never fell; try a wider range or more steps")
    else:
        print(f"suggested lr: {result.suggestion:.3g}")


def main(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        config = config_from_args(args)
        result = lr_find(config, args.min_lr, args.max_lr, args.steps)
    except ConfigError as err:
        return fail(parser.prog, err)
    if args.json:
        data = result.as_dict()
        data["loss"] = _finite(data["loss"])
        data["smoothed_loss"] = _finite(data["smoothed_loss"])
        json.dump(data, sys.stdout)
        sys.stdout.write("\n")
    else:
        print_table(result)
    return 0
