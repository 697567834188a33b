"""The :class:`Problem` a network run presents to what draws and labels runs.

Its two "parameters" are the coordinates ``(a, b)`` on the run's plane. It has no closed-form
surface: the loss over a plane is computed from the network itself (the landscape grid), so
``function`` gives NaN everywhere and there are no known minima.
"""

from __future__ import annotations

import torch

from optiviz.engine.networks.data import Table, make_table
from optiviz.engine.networks.models import architecture
from optiviz.engine.networks.spec import NETWORK_PROBLEM, NetworkSpec, check_spec
from optiviz.engine.problems.library import Problem


def _no_surface(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return torch.full(torch.broadcast_shapes(a.shape, b.shape), float("nan"), dtype=a.dtype)


def network_problem(spec: NetworkSpec, table: Table) -> Problem:
    shape = architecture(spec, table)
    return Problem(
        name=NETWORK_PROBLEM,
        title=f"{shape} on {table.name}",
        param_names=("a", "b"),
        start=(0.0, 0.0),
        domain=((-1.0, 1.0), (-1.0, 1.0)),
        minima=(),
        formula=shape,
        function=_no_surface,
        log_surface=False,
    )


def spec_problem(spec: NetworkSpec) -> Problem:
    """The problem of a network spec, its data built (generated sets and digits are cached)."""
    return network_problem(spec, make_table(check_spec(spec)))
