"""One constructor for either kind of run: a 2-parameter :class:`Run` or a
:class:`NetworkRun` (problem "mlp")."""

from __future__ import annotations

from typing import Any, cast

from optiviz.engine.networks.spec import NETWORK_PROBLEM
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run


def make_run(config: RunConfig | None = None, **kwargs: Any) -> Run:
    """``NetworkRun(config, **kwargs)`` for a network, else ``Run(config, **kwargs)``.

    Typed as :class:`Run`: the session, races and the CLI drive a NetworkRun through the part
    of Run's protocol they use (step, phases, seek, set_hyper, history, status...); code that
    needs either kind's own parts (Run.theta, NetworkRun.path) checks with isinstance.
    """
    if config is not None and config.problem == NETWORK_PROBLEM:
        from optiviz.engine.networks.network_run import NetworkRun  # torch.nn, data: on demand

        return cast(Run, NetworkRun(config, **kwargs))
    return Run(config, **kwargs)
