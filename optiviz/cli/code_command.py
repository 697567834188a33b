"""``optiviz code``: print (or write) the run as a plain PyTorch script in the tutorial's style."""

from __future__ import annotations

import argparse
import sys

from optiviz.cli.parsing import OneLineParser, add_run_flags, config_from_args, fail
from optiviz.engine.errors import ConfigError
from optiviz.engine.explain.codegen import plain_script
from optiviz.engine.formats.files import check_writable, write_text_atomic


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
    out.add_argument("-o", "--output", metavar="FILE.py", help="write the script to FILE.py")
    return parser


def write_atomically(path: str, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file, so no half script is ever left."""
    target = check_writable(path, "-o")
    try:
        write_text_atomic(target, text)
    except OSError as err:
        raise ConfigError("-o", f"cannot write {path!r}: {err.strerror}") from None


def main(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.print_every < 0:
        parser.error("argument --print-every: must be 0 or more")
    try:
        script = plain_script(config_from_args(args), args.print_every)
        if args.output:
            write_atomically(args.output, script)
    except (ConfigError, OSError) as err:
        return fail(parser.prog, err)
    if not args.output:
        sys.stdout.write(script)
    return 0
