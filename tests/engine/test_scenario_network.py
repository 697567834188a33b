"""A scenario's ``[network]`` table and a run's own ``network``: read, checked with the command
line's messages, saved and read back; the example race loads and runs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from optiviz.engine.errors import ConfigError
from optiviz.engine.formats.scenario import (
    Scenario,
    dumps_scenario,
    load_scenario,
    loads_scenario,
    save_scenario,
)
from optiviz.engine.networks.network_run import NetworkRun
from optiviz.engine.networks.spec import NetworkSpec
from optiviz.engine.runs.race import run_all

RACE = Path(__file__).resolve().parents[2] / "assets" / "scenarios" / "network_circles_race.toml"

BASE = """
epochs = 3
[problem]
name = "mlp"
"""


def _scenario(network: str = "", run: str = "") -> Scenario:
    text = BASE + (f"[network]\n{network}\n" if network else "")
    return loads_scenario(text + f'[[runs]]\noptimizer = "Adam"\nlr = 0.01\n{run}\n')


def test_the_circles_race_loads_and_runs_a_few_epochs():
    scenario = load_scenario(RACE)
    configs = scenario.configs()
    assert [c.optimizer for c in configs] == ["SGD", "Adam", "RMSprop"]
    spec = configs[0].network
    assert spec == NetworkSpec(dataset="circles", hidden=(8, 8), activation="tanh", samples=200)
    runs = run_all(configs, epochs=3, same_problem=False)
    for config, run in zip(configs, runs, strict=True):
        assert isinstance(run, NetworkRun) and run.epoch == 3
        alone = NetworkRun(config).run(3)
        np.testing.assert_array_equal(run.history.loss, alone.history.loss)
        assert np.isfinite(run.metrics.train_accuracy).all()


def test_keys_become_the_network_and_a_run_overrides_them():
    scenario = _scenario(
        'dataset = "gauss"\nhidden = "4"\nactivation = "ReLU"\nsamples = 60\ndata_seed = 2',
        "network = { hidden = [], test_fraction = 0.5 }",
    )
    (config,) = scenario.configs()
    assert config.network == NetworkSpec(
        dataset="gauss", hidden=(), activation="relu", samples=60, data_seed=2, test_fraction=0.5
    )


def test_no_network_table_is_the_default_network():
    (config,) = _scenario().configs()
    assert config.network == NetworkSpec()


@pytest.mark.parametrize(
    ("network", "run", "start"),
    [
        ('hidden = "8,x"', "", "network.hidden: must be layer widths"),
        ("hidden = [8, 0]", "", "network.hidden: must be layer widths"),
        ("hidden = 8", "", "network.hidden: expected widths like [8, 8]"),
        ('activation = "swish"', "", "network.activation: unknown activation 'swish'"),
        ('model = "cnn"', "", "network.model: the CNN reads 8x8 images"),
        ("samples = 2", "", "network.samples: must be a whole number from 4"),
        ('samples = "many"', "", "network.samples: expected a whole number"),
        ("test_fraction = 1.5", "", "network.test_fraction: must be a number from 0 to 0.9"),
        ("depth = 3", "", "network: unknown key 'depth'"),
        ('dataset = "mnist"', "", "network.dataset: unknown data set 'mnist'"),
        ("", 'network = { activation = "x" }', "runs[1].network.activation: unknown activation"),
        ('dataset = "xor"', 'network = { model = "cnn" }', "runs[1].network.model: the CNN"),
    ],
)
def test_bad_values_are_named_by_their_key(network, run, start):
    with pytest.raises(ConfigError) as caught:
        _scenario(network, run)
    assert str(caught.value).startswith(start)


def test_network_keys_need_the_mlp_problem():
    text = '[problem]\nname = "linear"\n[network]\nhidden = [4]\n[[runs]]\nlr = 0.01\n'
    with pytest.raises(ConfigError, match=r'^network: only with \[problem\] name = "mlp"'):
        loads_scenario(text)


def test_a_csv_is_read_relative_to_the_file_and_checked(tmp_path):
    (tmp_path / "pts.csv").write_text(
        "a,b,label\n" + "".join(f"{i},{i % 4},{i % 2}\n" for i in range(12))
    )
    path = tmp_path / "s.toml"
    path.write_text(BASE + '[network]\ndata = "pts.csv"\n[[runs]]\nlr = 0.1\n')
    (config,) = load_scenario(path).configs()
    assert config.network is not None and config.network.dataset == "csv"
    assert config.network.table is not None and config.network.table.classes == 2
    (tmp_path / "bad.csv").write_text("a,label\n1,0\n2\n3,1\n4,0\n")
    path.write_text(BASE + '[network]\ndata = "bad.csv"\n[[runs]]\nlr = 0.1\n')
    with pytest.raises(ConfigError, match=r"^network\.data: bad\.csv row 3 has 1 cells"):
        load_scenario(path)


def test_save_then_load_keeps_the_networks(tmp_path):
    (tmp_path / "pts.csv").write_text(
        "a,b,label\n" + "".join(f"{i},{i % 4},{i % 2}\n" for i in range(12))
    )
    source = tmp_path / "s.toml"
    source.write_text(
        BASE + '[network]\ndata = "pts.csv"\nhidden = [5]\n'
        "[[runs]]\nlr = 0.1\nnetwork = { hidden = [8, 8] }\n[[runs]]\nlr = 0.2\n"
    )
    scenario = load_scenario(source)
    elsewhere = tmp_path / "sub"
    elsewhere.mkdir()
    save_scenario(scenario, elsewhere / "copy.toml")
    text = (elsewhere / "copy.toml").read_text()
    assert 'data = "../pts.csv"' in text
    again = load_scenario(elsewhere / "copy.toml")
    assert [c.network.hidden for c in again.configs()] == [(8, 8), (5,)]
    np.testing.assert_array_equal(
        again.configs()[1].network.table.features, scenario.configs()[1].network.table.features
    )


def test_from_configs_writes_what_the_window_holds():
    configs = _scenario('dataset = "moons"\nhidden = [3]').configs()
    wide = configs[0].copy(network=NetworkSpec(dataset="moons", hidden=(6, 6)))
    text = dumps_scenario(Scenario.from_configs([configs[0], wide]))
    again = loads_scenario(text)
    assert [c.network for c in again.configs()] == [configs[0].network, wide.network]
