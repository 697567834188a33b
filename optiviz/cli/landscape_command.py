"""``optiviz landscape``: run the configuration, then write its loss landscape to a file."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from optiviz.cli.network_flags import as_flag_error
from optiviz.cli.parsing import OneLineParser, add_run_flags, config_from_args, fail, fail_write
from optiviz.engine.errors import ConfigError
from optiviz.engine.formats.files import check_writable

#: Grid points from which progress is reported on stderr.
PROGRESS_FROM = 101 * 101
FORMATS = (".npz", ".csv")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="optiviz landscape",
        description="Run the configuration, then write the loss over a plane through parameter "
        "space, theta0 + alpha*d1 + beta*d2, and the run's path projected onto it.",
    )
    add_run_flags(parser)
    out = parser.add_argument_group("landscape")
    out.add_argument("--grid", default="41", metavar="N", help="N x N grid points (default 41)")
    out.add_argument(
        "--directions",
        metavar="KIND",
        help="networks: pca (the path's principal directions, default) or random "
        "(filter-normalised, seeded by --seed); 2-parameter problems: axes (default)",
    )
    out.add_argument(
        "--span",
        metavar="S",
        help="both axes from -S to S around the start (default: the path with a margin)",
    )
    out.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        help="FILE.npz (alpha, beta, loss, theta0, d1, d2, path) or FILE.csv (the surface)",
    )
    return parser


def _number(text: str, kind: type, flag: str) -> int | float:
    try:
        return kind(text)
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise ConfigError(flag, f"expected {what}, got {text!r}") from None


def progress_reporter(points: int) -> Callable[[int, int], None] | None:
    """A progress bar on stderr for a big grid (tqdm if installed, else a plain line)."""
    if points < PROGRESS_FROM:
        return None
    try:
        from tqdm import tqdm  # type: ignore[import-untyped]
    except ImportError:
        tqdm = None
    if tqdm is not None:
        bar = tqdm(total=points, unit="point", file=sys.stderr)

        def report_bar(done: int, total: int) -> None:
            bar.update(done * points // total - bar.n)
            if done == total:
                bar.close()

        return report_bar

    def report_line(done: int, total: int) -> None:
        end = "\n" if done == total else "\r"
        print(f"landscape: {done}/{total} grid rows", end=end, file=sys.stderr, flush=True)

    return report_line


def main(argv: list[str]) -> int:
    from optiviz.engine.landscape.export import write_csv, write_npz
    from optiviz.engine.landscape.offline import check_directions, check_grid, run_landscape
    from optiviz.engine.networks.spec import NETWORK_PROBLEM
    from optiviz.engine.runs.factory import make_run

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        try:
            grid = int(_number(args.grid, int, "--grid"))
            span = None if args.span is None else float(_number(args.span, float, "--span"))
            check_grid(grid, span)
        except ConfigError as err:
            raise as_flag_error(err) from None
        target = check_writable(args.out, "--out", suffixes=FORMATS)
        config = config_from_args(args)
        try:
            check_directions(config.problem == NETWORK_PROBLEM, args.directions)
        except ConfigError as err:
            raise as_flag_error(err) from None
        run = make_run(config)
    except (ConfigError, OSError) as err:
        return fail(parser.prog, err)
    run.run()
    try:
        landscape = run_landscape(run, grid, args.directions, span, progress_reporter(grid * grid))
    except ConfigError as err:
        return fail(parser.prog, as_flag_error(err))
    try:
        (write_csv if target.suffix.lower() == ".csv" else write_npz)(landscape, target)
    except OSError as err:
        return fail_write(parser.prog, args.out, err)
    explained = ""
    if landscape.explained is not None:
        explained = ", explaining {:.1%} and {:.1%} of the path's variance".format(
            *landscape.explained
        )
    print(
        f"wrote {args.out} ({grid} x {grid} {landscape.kind} grid after {run.epoch} epochs, "
        f"{run.status}{explained})"
    )
    return 0
