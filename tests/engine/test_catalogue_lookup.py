"""Optimizers and schedulers are found by name the same way: case-insensitively."""

from __future__ import annotations

import pytest
import torch

from optiviz.engine.catalogue.lookup import find_by_name
from optiviz.engine.catalogue.optimizers import optimizer_catalogue, optimizer_info
from optiviz.engine.catalogue.schedulers import scheduler_catalogue, scheduler_info
from optiviz.engine.errors import ConfigError


@pytest.mark.parametrize("typed", ["adam", "ADAM", "Adam", "aDaM"])
def test_optimizer_names_ignore_case(typed):
    assert optimizer_info(typed).cls is torch.optim.Adam


@pytest.mark.parametrize("typed", ["steplr", "STEPLR", "StepLR"])
def test_scheduler_names_ignore_case(typed):
    assert scheduler_info(typed).cls is torch.optim.lr_scheduler.StepLR


@pytest.mark.parametrize(
    ("look", "catalogue", "field", "what"),
    [
        (optimizer_info, optimizer_catalogue, ("optimizer",), "optimizer"),
        (scheduler_info, scheduler_catalogue, ("scheduler",), "scheduler"),
    ],
)
def test_an_unknown_name_lists_every_name(look, catalogue, field, what):
    with pytest.raises(ConfigError) as caught:
        look("Nope")
    assert caught.value.field == field
    assert f"unknown {what} 'Nope'; choose from " in str(caught.value)
    assert ", ".join(catalogue()) in str(caught.value)


def test_find_by_name_on_any_mapping():
    assert find_by_name({"Alpha": 1, "beta": 2}, "BETA", "f", "thing") == 2
    with pytest.raises(ConfigError, match="unknown thing 'gamma'; choose from Alpha, beta"):
        find_by_name({"Alpha": 1, "beta": 2}, "gamma", "f", "thing")


def test_unknown_hyperparameters_name_the_ones_there_are():
    with pytest.raises(ConfigError) as caught:
        optimizer_info("SGD").spec("Momentum")  # exact: keys are Python names
    assert caught.value.field == ("hyper", "Momentum")
    assert "SGD has no such hyperparameter; it has lr, momentum" in str(caught.value)
    with pytest.raises(ConfigError) as caught:
        scheduler_info("StepLR").spec("nope")
    assert caught.value.field == ("sched", "nope")
    assert "StepLR has no such argument; it has step_size" in str(caught.value)
