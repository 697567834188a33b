"""``optiviz run``: a run without a window, printed as the tutorial prints it."""

from __future__ import annotations

import argparse
import json
import math
import sys

from optiviz.cli.parsing import (
    OneLineParser,
    add_run_flags,
    add_scenario_flag,
    config_from_args,
    fail,
    fail_write,
    scenario_from_args,
)
from optiviz.cli.race_summary import summary_object, summary_text
from optiviz.cli.tune_output import tuning_text
from optiviz.engine.catalogue.external import STEP_ERROR
from optiviz.engine.errors import ConfigError
from optiviz.engine.formats.export import check_history_path, write_history
from optiviz.engine.formats.files import STDOUT
from optiviz.engine.networks.spec import NETWORK_PROBLEM
from optiviz.engine.runs.factory import make_run
from optiviz.engine.runs.run import Run
from optiviz.engine.runs.summary import TOLERANCE
from optiviz.engine.runs.tune_lr import HI, LO, POINTS, tune_lr


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="optiviz run",
        description="Run a torch.optim optimizer without a window and print its progress.",
    )
    add_run_flags(parser)
    add_scenario_flag(parser, "run every run of a scenario file instead of the run flags")
    out = parser.add_argument_group("output")
    out.add_argument(
        "--print-every",
        type=int,
        default=100,
        metavar="N",
        help="print 'Epoch N, Loss L' every N epochs (default 100; 0: never)",
    )
    out.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    out.add_argument(
        "--summary",
        action="store_true",
        help="with --scenario: print the race's summary table (final loss, the epoch each run "
        "reaches the minimum within --tolerance, divergence, wall time); --json includes it",
    )
    out.add_argument(
        "--tune-lr",
        action="store_true",
        help=f"with --scenario: first find each optimizer's best lr on a log grid ({LO:g} to "
        f"{HI:g}, {POINTS} lrs, a full run each), then race the runs at their best lrs",
    )
    out.add_argument(
        "--tolerance",
        type=float,
        default=TOLERANCE,
        metavar="T",
        help="--summary: a run reaches the minimum at loss <= minimum + T * max(1, |minimum|) "
        f"(default {TOLERANCE:g})",
    )
    out.add_argument(
        "--history",
        metavar="FILE",
        help="write every step (an epoch, or a batch with --batch-size) to FILE.csv or "
        "FILE.json (-: CSV on standard output, instead of the progress lines)",
    )
    return parser


def result_object(run: Run) -> dict:
    """The ``--json`` object of one run.

    ``loss`` has one value per epoch (with mini-batches, the mean of its batch losses);
    ``step_loss`` and ``lr`` one per optimizer step, and ``steps`` counts them (a full-batch
    run steps once an epoch). ``params`` are the parameters at the end; ``diverged_at`` is
    the step that diverged.
    """
    history = run.history
    params = run.params()
    out = {
        "status": run.status if run.done else "finished",
        "epochs": run.epoch,
        "params": [float(v) for v in params],
        "loss": history.epoch_loss.tolist(),
        "steps": run.steps,
        "step_loss": history.loss.tolist(),
        "lr": history.lr.tolist(),
        "problem": run.problem.name,
        "optimizer": run.config.optimizer,
        "hyperparameters": {"lr": run.config.lr, **run.config.hyper},
        "scheduler": run.config.scheduler,
    }
    if run.problem.dataset is not None:
        out["raw_params"] = list(run.problem.dataset.raw_coefficients(*params))
    if run.diverged_at is not None:
        out["diverged_at"] = run.diverged_at
        out["reason"] = run.divergence_reason
    return out


def summary_line(run: Run) -> str:
    names = run.problem.param_names
    params = run.params()
    text = f"{names[0]}={params[0]:.6g} {names[1]}={params[1]:.6g}"
    if run.problem.dataset is not None:
        raw = run.problem.dataset.raw_coefficients(*params)
        text += f" (raw units: {names[0]}={raw[0]:.6g} {names[1]}={raw[1]:.6g})"
    if run.status == "diverged":
        at = f"epoch {run.diverged_at}"
        if run.config.batch_size is not None and run.diverged_at is not None:
            at = (
                f"step {run.diverged_at} (epoch {(run.diverged_at - 1) // run.steps_per_epoch + 1})"
            )
        return f"diverged at {at} ({run.divergence_reason}); last finite {text}"
    return f"{run.status} after {run.epoch} epochs: {text}"


def write_any_history(run: Run, path: str) -> None:
    """A 2-parameter run's history, or a network run's (see engine.networks.history_file)."""
    if run.config.problem == NETWORK_PROBLEM:
        from optiviz.engine.networks.history_file import write_network_history

        write_network_history(run, path)  # type: ignore[arg-type]
    else:
        write_history(run, path)


def final_lines(run: Run) -> list[str]:
    """The lines after the Epoch lines: the parameters and how the run ended."""
    if run.config.problem == NETWORK_PROBLEM:
        from optiviz.cli.network_output import network_summary

        return [network_summary(run)]  # type: ignore[arg-type]
    leaf = run.leaf if run.info.layout == "vector" else run.leaf.detach().reshape(2)
    return [str(leaf), summary_line(run)]


def any_result(run: Run) -> dict:
    """The ``--json`` object of either kind of run."""
    if run.config.problem == NETWORK_PROBLEM:
        from optiviz.cli.network_output import network_result

        return network_result(run)  # type: ignore[arg-type]
    return result_object(run)


def main(argv: list[str]) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:  # `optiviz run | head`: the reader left; nothing more to say
        sys.stderr.close()
        return 0
    except (RuntimeError, ValueError) as err:  # torch refused something in the middle of a run
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        print(f"optiviz run: error: torch stopped the run: {first}", file=sys.stderr)
        return 1


def _main(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.print_every < 0:
        parser.error("argument --print-every: must be 0 or more")
    if args.history == STDOUT and args.json:
        parser.error("--history - and --json both write to standard output; choose one")
    for flag, given in (("--summary", args.summary), ("--tune-lr", args.tune_lr)):
        if given and not args.scenario:
            parser.error(f"{flag} needs --scenario (a race of the file's runs)")
    if not (math.isfinite(args.tolerance) and args.tolerance >= 0):
        parser.error("argument --tolerance: must be a number of 0 or more")
    if args.scenario:
        return run_scenario(parser, args)
    try:
        config = config_from_args(args)
        run = make_run(config)
        if args.history is not None:
            check_history_path(args.history)
    except (ConfigError, OSError) as err:
        return fail(parser.prog, err)
    every = 0 if args.history == STDOUT else args.print_every
    for epoch in run:
        if not args.json and every and epoch % every == 0:
            print("Epoch %d, Loss %f" % (epoch, run.history.epoch_loss[-1]))
    if STEP_ERROR in run.divergence_reason:  # the optimizer's own code raised: its last line
        print(f"{parser.prog}: error: {run.divergence_reason.splitlines()[-1]}", file=sys.stderr)
        return 2
    if args.history is not None:
        try:
            write_any_history(run, args.history)
        except OSError as err:
            return fail_write(parser.prog, args.history, err)
        if args.history == STDOUT:
            return 0
    if args.json:
        json.dump(any_result(run), sys.stdout)
        sys.stdout.write("\n")
    else:
        print("\n".join(final_lines(run)))
    return 0


def _history_path(path: str, index: int, count: int) -> str:
    """``hist.csv`` for one run; ``hist-1.csv``, ``hist-2.csv``... for several."""
    if count == 1:
        return path
    from pathlib import Path

    target = Path(path)
    return str(target.with_name(f"{target.stem}-{index}{target.suffix}"))


def run_scenario(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """``--scenario FILE``: every run of the file, stepped together, printed one after another."""
    from optiviz.engine.runs.race import run_all

    try:
        scenario = scenario_from_args(parser, args)
        configs = scenario.configs()
        if args.history is not None:
            check_history_path(args.history)
            if args.history == STDOUT and len(configs) > 1:
                count = len(configs)
                raise ConfigError(("history",), f"'-' holds one run; the scenario has {count}")
        tuned = tune_lr(configs) if args.tune_lr else None
        if tuned is not None:
            best = tuned.best_lrs(len(configs))
            configs = [c.copy(lr=lr or c.lr) for c, lr in zip(configs, best, strict=True)]
        clock: list[float] = []
        runs = run_all(configs, same_problem=False, clock=clock)
    except (ConfigError, OSError) as err:
        return fail(parser.prog, err)
    if args.history is not None:
        path = args.history
        try:
            for i, run in enumerate(runs, start=1):
                path = _history_path(args.history, i, len(runs))
                write_any_history(run, path)
        except OSError as err:
            return fail_write(parser.prog, path, err)
        if args.history == STDOUT:
            return 0
    labels = [spec.label for spec in scenario.runs]
    if tuned is not None:  # a label such as "lr 0.3" no longer names a tuned run
        asked = zip(labels, scenario.configs(), runs, strict=True)
        labels = [label if a.lr == r.config.lr else "" for label, a, r in asked]
    if args.json:
        objects = []
        for label, run in zip(labels, runs, strict=True):
            obj = any_result(run)
            if label:
                obj["label"] = label
            objects.append(obj)
        out: dict = objects[0] if len(objects) == 1 else {"runs": objects}
        if args.summary:
            out["summary"] = summary_object(runs, labels, clock, args.tolerance)
        if tuned is not None:
            out["tune_lr"] = [t.as_dict() for t in tuned.tunings]
        json.dump(out, sys.stdout)
        sys.stdout.write("\n")
        return 0
    from optiviz.engine.worker.session_state import run_label

    if tuned is not None:
        print(tuning_text(tuned))
        print()
    every = args.print_every
    for i, (label, run) in enumerate(zip(labels, runs, strict=True), start=1):
        if i > 1:
            print()
        print(f"== Run {i}: {label or run_label(run.config)} ==")
        for epoch in range(every, run.epoch + 1, every) if every else ():
            print("Epoch %d, Loss %f" % (epoch, run.history.epoch_loss[epoch - 1]))
        print("\n".join(final_lines(run)))
    if args.summary:
        print()
        print("== Summary ==")
        print(summary_text(runs, labels, clock, args.tolerance))
    return 0
