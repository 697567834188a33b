"""The command line: ``optiviz [FILE.toml]`` opens the window; subcommands work without one."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

COMMANDS = {
    "run": "optiviz.cli.run_command",
    "record": "optiviz.cli.record_command",
    "code": "optiviz.cli.code_command",
    "lr-find": "optiviz.cli.lr_find_command",
    "landscape": "optiviz.cli.landscape_command",
}

USAGE = """usage: optiviz [FILE.toml]           open the simulator (on a scenario file)
       optiviz run [run flags]         run headless and print 'Epoch N, Loss L' lines
       optiviz record -o OUT [flags]   record an MP4, GIF or PNG frames
       optiviz code [run flags]        print the run as a plain PyTorch script
       optiviz lr-find [run flags]     learning-rate range test
       optiviz landscape --out F [flags]  write the loss over a plane and the path on it
Run 'optiviz COMMAND --help' for the flags of a command."""


def main(argv: list[str]) -> int:
    if argv and argv[0] in ("-h", "--help"):
        print(USAGE)
        return 0
    if argv and argv[0] in ("-V", "--version"):
        from optiviz import __version__

        print(f"optiviz {__version__}")
        return 0
    if argv and argv[0] in COMMANDS:
        import importlib

        module = importlib.import_module(COMMANDS[argv[0]])
        return int(module.main(argv[1:]) or 0)
    problem = usage_error(argv)
    if problem:
        print(f"optiviz: error: {problem} (see optiviz --help)", file=sys.stderr)
        return 2
    from optiviz.app.startup_gc import pause_collector

    pause_collector()  # until the window's first usable frame (see optiviz/app/startup_gc.py)
    from optiviz.app.launch import launch

    return launch(argv[0] if argv else None)


def usage_error(argv: list[str]) -> str:
    """Why ``argv`` is neither a command nor one scenario file to open ("" if it is fine).

    Checked before any window code is imported, so a mistyped command never opens a window.
    """
    if not argv:
        return ""
    if argv[0].startswith("-"):
        return f"unknown option {argv[0]!r}"
    if len(argv) > 1:
        return f"expected one scenario file to open, got {len(argv)} arguments"
    word = argv[0]
    path = Path(word)
    if path.suffix.lower() == ".toml":
        if not path.exists():
            return f"{word!r} does not exist"
        return "" if path.is_file() else f"{word!r} is not a file"
    if path.exists():
        return f"{word!r} is not a scenario file (FILE.toml)"
    close = difflib.get_close_matches(word, COMMANDS, n=1, cutoff=0.5)
    hint = f"; did you mean {close[0]!r}?" if close else f"; commands: {', '.join(COMMANDS)}"
    return f"unknown command {word!r}{hint}"
