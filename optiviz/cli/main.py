"""The command line: ``optiviz [FILE.toml]`` opens the window; subcommands work without one."""

from __future__ import annotations

import sys

COMMANDS = {
    "run": "optiviz.cli.run_command",
    "record": "optiviz.cli.record_command",
    "code": "optiviz.cli.code_command",
    "lr-find": "optiviz.cli.lr_find_command",
}

USAGE = """usage: optiviz [FILE.toml]           open the simulator (on a scenario file)
       optiviz run [run flags]         run headless and print 'Epoch N, Loss L' lines
       optiviz record -o OUT [flags]   record an MP4, GIF or PNG frames
       optiviz code [run flags]        print the run as a plain PyTorch script
       optiviz lr-find [run flags]     learning-rate range test
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
    if (argv and argv[0].startswith("-")) or len(argv) > 1:
        print(
            f"optiviz: error: unknown command or option {' '.join(argv)!r}\n{USAGE}",
            file=sys.stderr,
        )
        return 2
    from optiviz.app.launch import launch

    return launch(argv[0] if argv else None)
