"""A network run's settings, checked before it starts (called by ``validate``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import torch

from optiviz.engine.errors import ConfigError
from optiviz.engine.networks.data import make_table, split
from optiviz.engine.networks.models import build_model
from optiviz.engine.networks.spec import NETWORK_PROBLEM, NetworkSpec, check_spec
from optiviz.engine.runs.stochastic import check_batch_size, check_flags

if TYPE_CHECKING:
    from optiviz.engine.catalogue.optimizers import OptimizerInfo
    from optiviz.engine.runs.config import RunConfig


def check_network(config: RunConfig, info: OptimizerInfo, kwargs: dict[str, Any]) -> NetworkSpec:
    """The run's NetworkSpec (the default one if none is given), checked with its data, batch
    size and optimizer; raises ConfigError naming the field."""
    spec = check_spec(NetworkSpec() if config.network is None else config.network)
    for name in ("start", "dataset", "expression"):
        if getattr(config, name) is not None:
            raise ConfigError(
                (name,),
                f"a network ({NETWORK_PROBLEM}) starts from torch's initialisation with its "
                f"own data; leave {name} out (the seed sets the initial weights)",
            )
    check_flags(config)
    noise = config.grad_noise
    if isinstance(noise, bool) or not isinstance(noise, (int, float)) or noise != 0:
        raise ConfigError(
            ("grad_noise",),
            "a network's stochastic gradients come from mini-batches (--batch-size), "
            "not from added noise",
        )
    if info.layout == "embedding":
        raise ConfigError(
            ("optimizer",),
            f"{info.name} needs sparse gradients (an embedding's); a network's layers give "
            "dense ones",
        )
    table = make_table(spec)
    if config.batch_size is not None:
        train = len(split(table, spec.test_fraction, spec.data_seed).train_x)
        check_batch_size(config.batch_size, train, f"{table.name} ({train} training points)")
    with torch.random.fork_rng(devices=[]):  # a check leaves torch's global generator alone
        model = build_model(spec, table)
    _try_optimizer(info, kwargs, model)
    return spec


def _try_optimizer(info: OptimizerInfo, kwargs: dict[str, Any], model: torch.nn.Module) -> None:
    """Build the optimizer on the network's own parameters: some need a shape the network
    does not have (Muon: every parameter 2-D)."""
    try:
        info.cls(list(model.parameters()), **kwargs)
    except Exception as err:
        message = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise ConfigError(
            ("optimizer",), f"{info.name} cannot train this network's parameters: {message}"
        ) from None
