"""NetworkSpec's checks, the hidden-layer syntax and the run's validation of a network."""

from __future__ import annotations

import pytest

from optiviz.engine.errors import ConfigError
from optiviz.engine.networks.network_run import NetworkRun
from optiviz.engine.networks.spec import NetworkSpec, check_spec, parse_hidden
from optiviz.engine.runs.config import RunConfig, validate
from optiviz.engine.runs.factory import make_run
from optiviz.engine.runs.run import Run


def test_parse_hidden():
    assert parse_hidden("8,8") == (8, 8)
    assert parse_hidden(" 16 , 4 ") == (16, 4)
    assert parse_hidden("") == ()
    for bad in ("8,x", "0", "8,,8", "-3", "1.5"):
        with pytest.raises(ConfigError) as caught:
            parse_hidden(bad)
        assert caught.value.field == ("hidden",) and repr(bad) in str(caught.value)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"dataset": "iris"}, "dataset", "unknown data set 'iris'"),
        ({"activation": "swish"}, "activation", "unknown activation 'swish'"),
        ({"hidden": (8, 0)}, "hidden", "layer widths"),
        ({"model": "cnn"}, "model", "use it with digits, not circles"),
        ({"test_fraction": 0.95}, "test_fraction", "from 0 to 0.9"),
        ({"test_fraction": -0.1}, "test_fraction", "from 0 to 0.9"),
        ({"samples": 3}, "samples", "from 4 to 100,000"),
        ({"samples": 100_001}, "samples", "from 4 to 100,000"),
    ],
)
def test_spec_errors_name_the_field(changes, field, words):
    with pytest.raises(ConfigError) as caught:
        check_spec(NetworkSpec(**changes))
    assert caught.value.field == (field,)
    assert words in str(caught.value) and "\n" not in str(caught.value)


def test_validate_gives_problem_mlp_the_default_network():
    checked = validate(RunConfig(problem="mlp"))
    assert checked.network == NetworkSpec()
    assert validate(RunConfig()).network is None


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"optimizer": "Muon"}, ("optimizer",), "Muon only supports 2D parameters"),
        ({"optimizer": "SparseAdam"}, ("optimizer",), "needs sparse gradients"),
        ({"grad_noise": 0.1}, ("grad_noise",), "mini-batches (--batch-size)"),
        ({"batch_size": 161}, ("batch_size",), "the data have 160 points"),
        ({"start": (1.0, 2.0)}, ("start",), "leave start out"),
        ({"network": NetworkSpec(activation="x")}, ("activation",), "unknown activation"),
    ],
)
def test_validate_refuses_what_a_network_cannot_run(changes, field, words):
    with pytest.raises(ConfigError) as caught:
        validate(RunConfig(problem="mlp", **changes))
    assert caught.value.field == field and words in str(caught.value)


def test_a_network_on_another_problem_is_refused():
    with pytest.raises(ConfigError) as caught:
        validate(RunConfig(problem="rosenbrock", network=NetworkSpec()))
    assert caught.value.field == ("network",)


def test_make_run_picks_the_kind_of_run():
    assert type(make_run(RunConfig(problem="mlp", epochs=1))) is NetworkRun
    assert type(make_run(RunConfig(epochs=1))) is Run
    assert type(make_run(None)) is Run
