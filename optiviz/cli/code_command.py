"""``optiviz code``: print (or write) the run as a plain PyTorch script in the tutorial's style."""

from __future__ import annotations

import argparse

from optiviz.cli.parsing import (
    OneLineParser,
    add_run_flags,
    config_from_args,
    fail,
    fail_write,
)
from optiviz.engine.errors import ConfigError
from optiviz.engine.explain.codegen import plain_script
from optiviz.engine.formats.files import STDOUT, check_writable, write_text_atomic


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="optiviz code",
        description="Print the run as a self-contained PyTorch script that needs only torch.",
    )
    add_run_flags(parser)
    out = parser.add_argument_group("output")
    out.add_argument(
        "--print-every",
        type=int,
        default=100,
        metavar="N",
        help="the script prints 'Epoch N, Loss L' every N epochs (default 100; 0: never)",
    )
    out.add_argument(
        "-o", "--output", metavar="FILE.py", help="write the script to FILE.py (-: standard output)"
    )
    return parser


def main(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.print_every < 0:
        parser.error("argument --print-every: must be 0 or more")
    try:
        script = plain_script(config_from_args(args), args.print_every, args.data)
        if args.output is not None:
            check_writable(args.output, "-o", stdout_ok=True)
    except (ConfigError, OSError) as err:
        return fail(parser.prog, err)
    out = STDOUT if args.output is None else args.output
    try:  # the old file stays whole if this fails
        write_text_atomic(out, script, stdout_ok=True)
    except OSError as err:
        return fail_write(parser.prog, "standard output" if out == STDOUT else out, err)
    return 0
