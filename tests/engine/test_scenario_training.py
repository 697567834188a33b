"""Scenario keys for mini-batches, the seed, added gradient noise and clipping (per run)."""

from __future__ import annotations

import json

import pytest

from optiviz.cli.main import main
from optiviz.engine.errors import ConfigError
from optiviz.engine.formats.scenario import Scenario, dumps_scenario, loads_scenario
from optiviz.engine.problems.library import TUTORIAL_X, TUTORIAL_Y
from optiviz.engine.runs.config import RunConfig, validate
from optiviz.engine.runs.run import Run
from tests.engine.plain_minibatch import plain_minibatch_fit

RACE = """
epochs = 5
[[runs]]
lr = 0.01
batch_size = 4
seed = 3
[[runs]]
lr = 0.01
batch_size = 5
shuffle = false
clip_grad_norm = 2
[[runs]]
lr = 0.01
"""


def test_each_run_reads_its_own_batch_size_seed_and_clipping():
    first, second, third = loads_scenario(RACE).configs()
    assert (first.batch_size, first.shuffle, first.seed) == (4, True, 3)
    assert (second.batch_size, second.shuffle, second.clip_grad_norm) == (5, False, 2.0)
    assert third.batch_size is None and not third.stochastic


def test_a_scenario_run_steps_through_the_dataloader(tmp_path, capsys):
    path = tmp_path / "race.toml"
    path.write_text(RACE)
    assert main(["run", "--scenario", str(path), "--json"]) == 0
    runs = json.loads(capsys.readouterr().out)["runs"]
    plain = plain_minibatch_fit(TUTORIAL_X, TUTORIAL_Y, "SGD", {"lr": 0.01}, 5, 4, seed=3)
    assert runs[0]["step_loss"] == plain["step_loss"].tolist()
    assert runs[0]["loss"] == plain["epoch_loss"].tolist()
    assert [r["steps"] for r in runs] == [15, 15, 5]


def test_a_batch_flag_cannot_be_combined_with_a_scenario(tmp_path, capsys):
    path = tmp_path / "race.toml"
    path.write_text(RACE)
    with pytest.raises(SystemExit) as caught:
        main(["run", "--scenario", str(path), "--batch-size", "2"])
    assert caught.value.code == 2
    assert "--batch-size cannot be combined with a scenario file" in capsys.readouterr().err


@pytest.mark.parametrize(
    "configs",
    [
        [RunConfig(batch_size=4, shuffle=False, seed=12), RunConfig(clip_grad_value=0.25)],
        [
            RunConfig(problem="rosenbrock", grad_noise=0.5, seed=1, clip_grad_norm=3.0),
            RunConfig(problem="rosenbrock", optimizer="Adam", lr=0.1),
        ],
    ],
)
def test_save_then_load_gives_the_same_runs(configs):
    configs = [validate(c) for c in configs]
    text = dumps_scenario(Scenario.from_configs(configs))
    assert "shuffle = true" not in text and "seed = 0" not in text  # defaults are left out
    again = loads_scenario(text).configs()
    assert again == configs
    first = Run(again[0].copy(epochs=3)).run()
    assert first.history.loss.tolist() == Run(configs[0].copy(epochs=3)).run().history.loss.tolist()


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ('batch_size = "4"', r"^runs\[1\]\.batch_size: expected a whole number like 10, got '4'$"),
        ("batch_size = 2.5", r"^runs\[1\]\.batch_size: expected a whole number"),
        ("batch_size = 0", r"^runs\[1\]\.batch_size: must be at least 1 point, got 0$"),
        ("batch_size = 40", r"^runs\[1\]\.batch_size: is 40 but the data have 11 points"),
        ("shuffle = 1", r"^runs\[1\]\.shuffle: expected true or false, got 1$"),
        ("seed = -4", r"^runs\[1\]\.seed: must be a whole number from 0"),
        ("seed = true", r"^runs\[1\]\.seed: expected a whole number"),
        ("grad_noise = 0.5", r"^runs\[1\]\.grad_noise: .* has data"),
        ('clip_grad_norm = "1"', r"^runs\[1\]\.clip_grad_norm: expected a number like 0\.5"),
        ("clip_grad_value = -1", r"^runs\[1\]\.clip_grad_value: must be a finite number above 0"),
        ("clip_grad_norm = 1\nclip_grad_value = 1", r"^runs\[1\]\.clip_grad_value: .*not both"),
        ("batchsize = 4", r"^runs\[1\]: unknown key 'batchsize'.*batch_size, shuffle, seed"),
    ],
)
def test_bad_values_name_the_runs_key(key, message):
    with pytest.raises(ConfigError, match=message):
        loads_scenario(f"[[runs]]\nlr = 0.01\n{key}\n")
