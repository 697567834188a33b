"""``optiviz record``: a run (or a scenario's race) as an MP4, a GIF or numbered PNG frames."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from optiviz.cli.parsing import (
    OneLineParser,
    add_run_flags,
    add_scenario_flag,
    config_from_args,
    fail,
    fail_write,
    scenario_from_args,
)
from optiviz.engine.errors import ConfigError
from optiviz.engine.runs.config import RunConfig


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="optiviz record",
        description="Record a run as an MP4, a GIF or PNG frames, drawn offscreen "
        "(no display needed). Frame k shows epoch k x --epochs-per-frame.",
        epilog="Exit status: 0 written; 1 the write failed (the old file is kept); "
        "2 bad flags or an output path that cannot be used.",
    )
    add_run_flags(parser)
    add_scenario_flag(parser, "record every run of a scenario file (a race)")
    out = parser.add_argument_group("recording")
    out.add_argument(
        "-o",
        "--out",
        required=True,
        metavar="OUT",
        help="FILE.mp4, FILE.gif, or a folder ending in / for frame_00000.png... "
        "(a new or empty folder)",
    )
    out.add_argument(
        "--overwrite",
        action="store_true",
        help="PNG frames may go into a folder that holds files; only files of the frames' "
        "names are replaced, nothing else is removed",
    )
    out.add_argument("--fps", default="30", help="frames per second (default 30)")
    out.add_argument(
        "--epochs-per-frame", default="1", metavar="K", help="epochs between frames (default 1)"
    )
    out.add_argument("--size", default="1280x720", help="WIDTHxHEIGHT in pixels (default 1280x720)")
    out.add_argument(
        "--theme", choices=("dark", "light"), help="colours (default dark, or the scenario's)"
    )
    out.add_argument("--no-caption", action="store_true", help="leave out the caption bar")
    return parser


def _scenario_runs(
    parser: argparse.ArgumentParser, args: argparse.Namespace
) -> tuple[list[RunConfig], dict[str, list[Any]], str]:
    """The scenario's runs, how each is shown (labels, colours, visibility) and its theme;
    run flags cannot be mixed in."""
    scenario = scenario_from_args(parser, args)
    shown = {
        "labels": [spec.label for spec in scenario.runs],
        "colors": [spec.color for spec in scenario.runs],
        "visible": [spec.visible for spec in scenario.runs],
    }
    return scenario.configs(), shown, scenario.view.theme


@contextmanager
def _signals_between_frames() -> Iterator[list[int]]:
    """Note Ctrl+C (and SIGTERM) instead of raising at once; the loop stops between frames.

    Python raises KeyboardInterrupt wherever it is, and inside a paint routine called by Qt
    the exception is turned into another error or worse; between two frames it is safe.
    """
    caught: list[int] = []
    previous = {}
    for number in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(number) is signal.SIG_IGN:  # e.g. a background job: keep ignoring
            continue
        previous[number] = signal.signal(number, lambda signum, _frame: caught.append(signum))
    try:
        yield caught
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def main(argv: list[str]) -> int:
    try:
        return _main(argv)
    except KeyboardInterrupt:  # before the first frame: nothing was written yet
        print("optiviz record: interrupted", file=sys.stderr)
        return 128 + signal.SIGINT


def _main(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # Recording never needs a screen: draw offscreen, with or without a display.
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from optiviz.recorder import Recorder, RecordOptions
    from optiviz.recorder.options import (
        parse_epochs_per_frame,
        parse_fps,
        parse_size,
    )
    from optiviz.recorder.progress import ProgressBar

    try:
        if args.scenario:
            configs, shown, theme = _scenario_runs(parser, args)
        else:
            configs, shown, theme = [config_from_args(args)], {}, "dark"
        options = RecordOptions(
            out=args.out,
            fps=parse_fps(args.fps),
            epochs_per_frame=parse_epochs_per_frame(args.epochs_per_frame),
            size=parse_size(args.size),
            theme=args.theme or theme,
            caption=not args.no_caption,
            overwrite=args.overwrite,
        )
        recorder = Recorder(configs, options, **shown)
    except (ConfigError, OSError) as err:
        return fail(parser.prog, err)
    for note in recorder.notes:
        print(f"{parser.prog}: note: {note}", file=sys.stderr)
    bar = ProgressBar(sys.stderr)
    try:
        with _signals_between_frames() as caught:
            for step in recorder.frames():
                bar(step)
                if caught:
                    raise KeyboardInterrupt
    except KeyboardInterrupt:
        recorder.cancel()
        bar.interrupted()
        print(f"{parser.prog}: interrupted; nothing was written", file=sys.stderr)
        return 128 + (caught[0] if caught else signal.SIGINT)
    except Exception as err:  # ffmpeg or the disk failed: one line, the old file kept
        recorder.cancel()
        bar.interrupted()
        return fail_write(parser.prog, args.out, err)
    width, height = recorder.size
    print(
        f"wrote {recorder.path} ({recorder.total} frames, {width}x{height}, "
        f"{recorder.options.fps:g} frames/s)"
    )
    return 0
