"""The one error type the engine raises for bad settings."""


class ConfigError(ValueError):
    """A setting that cannot be used, with the field it belongs to.

    ``str(err)`` is one line meant for a person: it names the field and says what is allowed.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
