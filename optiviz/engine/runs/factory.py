"""One constructor for either kind of run: a 2-parameter :class:`Run` or a
:class:`NetworkRun` (problem "mlp")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from optiviz.engine.networks.spec import NETWORK_PROBLEM
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run

if TYPE_CHECKING:
    from optiviz.engine.networks.network_run import NetworkRun


def make_run(config: RunConfig | None = None, **kwargs: Any) -> Run | NetworkRun:
    """``NetworkRun(config, **kwargs)`` for a network, else ``Run(config, **kwargs)``."""
    if config is not None and config.problem == NETWORK_PROBLEM:
        from optiviz.engine.networks.network_run import NetworkRun  # torch.nn, data: on demand

        return NetworkRun(config, **kwargs)
    return Run(config, **kwargs)
