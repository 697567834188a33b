"""The errors the notebook functions raise where the command line would print a line and exit.

A bad setting is the engine's :class:`~optiviz.engine.errors.ConfigError` itself (its text is
what ``optiviz run`` prints after ``optiviz run: error:``); these two cover the rest.
"""

from __future__ import annotations


class UsageError(ValueError):
    """An argument the command line's parser refuses (an unknown keyword, a bad choice, a run
    flag beside a scenario): the text ``optiviz run`` prints before ``(see --help)``."""


class OptimizerCodeError(RuntimeError):
    """The optimizer's own code (a package's or a file's) raised in ``step``: its last line."""
