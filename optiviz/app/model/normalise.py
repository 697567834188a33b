"""Configs as the model keeps them: only the settings that differ from torch's defaults."""

from __future__ import annotations

from typing import Any

from optiviz.engine.catalogue.hyperparams import HyperParam
from optiviz.engine.catalogue.optimizers import optimizer_info
from optiviz.engine.catalogue.schedulers import scheduler_info
from optiviz.engine.errors import ConfigError
from optiviz.engine.networks.data import make_table, split
from optiviz.engine.networks.spec import NETWORK_PROBLEM, NetworkSpec
from optiviz.engine.problems.library import Problem
from optiviz.engine.runs.config import RunConfig, build_problem
from optiviz.engine.runs.stochastic import data_size


def non_default(
    specs: tuple[HyperParam, ...], values: dict[str, Any], keep_required: bool = False
) -> dict[str, Any]:
    """``values`` without the entries equal to torch's defaults (required ones kept)."""
    known = {spec.name: spec for spec in specs}
    out: dict[str, Any] = {}
    for key, value in values.items():
        spec = known.get(key)
        if spec is None or (keep_required and spec.required) or value != spec.default:
            out[key] = value
    return out


def sched_specs(name: str | None) -> tuple[HyperParam, ...]:
    return scheduler_info(name).hyperparams if name else ()


def normalised(config: RunConfig) -> RunConfig:
    """``config`` with only the hyperparameters and scheduler arguments that differ from torch."""
    hyper = non_default(optimizer_info(config.optimizer).hyperparams, config.hyper)
    sched = non_default(sched_specs(config.scheduler), config.sched, keep_required=True)
    return config.copy(hyper=hyper, sched=sched)


def training_points(config: RunConfig, problem: Problem) -> int | None:
    """How many points a run's batches are drawn from: a network's training split, else the
    problem's data (None: a problem without data)."""
    if config.problem == NETWORK_PROBLEM:
        spec = config.network or NetworkSpec()
        return len(split(make_table(spec), spec.test_fraction, spec.data_seed).train_x)
    return data_size(problem)


def fit_to_problem(config: RunConfig) -> RunConfig:
    """``config`` with a batch size or added noise its problem cannot take left out.

    Another problem or other data changes what the stochastic settings can be: a problem
    without data has no batches (its gradients may take added noise instead), data have no
    added noise, and a batch size above the data's points is the full batch. Anything else is
    left for :func:`validate` to refuse.
    """
    if config.batch_size is None and not config.grad_noise:
        return config  # nothing to fit (and no problem to build: an expression's is costly)
    try:
        points = training_points(config, build_problem(config))
    except ConfigError:
        return config
    batch_size, noise = config.batch_size, config.grad_noise
    if points is None:
        batch_size = None
    else:
        noise = 0.0
        if isinstance(batch_size, int) and batch_size > points:
            batch_size = None
    if (batch_size, noise) == (config.batch_size, config.grad_noise):
        return config
    return config.copy(batch_size=batch_size, grad_noise=noise)
