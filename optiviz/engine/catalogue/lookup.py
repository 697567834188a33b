"""Name lookups shared by the optimizer and scheduler catalogues."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar

from optiviz.engine.catalogue.hyperparams import HyperParam
from optiviz.engine.errors import ConfigError
from optiviz.engine.fields import Field

Entry = TypeVar("Entry")


def find_by_name(
    catalogue: Mapping[str, Entry], name: object, field: Field | str, what: str
) -> Entry:
    """The entry whose name equals ``name`` ignoring case (``adam`` finds ``Adam``).

    Raises :class:`ConfigError` on ``field`` listing every name, for an unknown ``what``.
    """
    wanted = str(name).lower()
    for key, entry in catalogue.items():
        if key.lower() == wanted:
            return entry
    raise ConfigError(field, f"unknown {what} {name!r}; choose from {', '.join(catalogue)}")


def find_spec(
    specs: Sequence[HyperParam], key: str, field: Field | str, missing: str
) -> HyperParam:
    """The hyperparameter named exactly ``key``; else a :class:`ConfigError` on ``field`` that
    says ``missing`` and lists the names there are."""
    for spec in specs:
        if spec.name == key:
            return spec
    allowed = ", ".join(s.name for s in specs)
    raise ConfigError(field, f"{missing}; it has {allowed}")
