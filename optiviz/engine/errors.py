"""The one error type the engine raises for bad settings."""

from __future__ import annotations

from optiviz.engine.fields import Field, cli_name, scenario_key


class ConfigError(ValueError):
    """A setting that cannot be used, with the field it belongs to.

    ``field`` is a tuple path (see :mod:`optiviz.engine.fields`); code outside the engine that
    has no structured field may still pass its own name as text. ``str(err)`` is one line meant
    for a person: the field as the command line names it, then what is allowed.
    """

    def __init__(self, field: Field | str, message: str) -> None:
        super().__init__(message)
        self.field: Field | str = field
        self.message = message

    def name(self) -> str:
        """The field as this error's reader names it."""
        return cli_name(self.field)

    def __str__(self) -> str:
        return f"{self.name()}: {self.message}"

    def __reduce__(self) -> tuple[type[ConfigError], tuple[Field | str, str]]:
        return (type(self), (self.field, self.message))


class ScenarioError(ConfigError):
    """A :class:`ConfigError` read from a scenario file: named by the file's keys."""

    def name(self) -> str:
        return scenario_key(self.field)
