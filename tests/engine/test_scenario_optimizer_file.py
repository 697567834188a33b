"""A scenario that names an optimizer file asks before running the file's code."""

from __future__ import annotations

from pathlib import Path

import pytest

from optiviz.cli.main import main
from optiviz.engine.errors import ConfigError
from optiviz.engine.formats.scenario import load_scenario
from tests.engine.test_user_optimizer import MY_SGD, write

SCENARIO = """
epochs = 30

[[runs]]
optimizer = "my_opt.py:MySGD"
lr = 0.01
params = { friction = 0.4 }
"""


def _files(tmp_path: Path) -> tuple[Path, Path]:
    marker = tmp_path / "ran.txt"
    source = f"import pathlib\npathlib.Path({str(marker)!r}).write_text('ran')\n" + MY_SGD
    write(tmp_path, source)
    scenario = tmp_path / "race.toml"
    scenario.write_text(SCENARIO)
    return scenario, marker


def test_without_consent_the_file_is_never_run(tmp_path: Path) -> None:
    scenario, marker = _files(tmp_path)
    asked: list[list[str]] = []
    for trust in (None, lambda files: asked.append(files) or False):
        with pytest.raises(ConfigError, match="loading it runs its code") as err:
            load_scenario(scenario, trust=trust)
        assert err.value.name() == "runs[1].optimizer"
    assert asked == [[str(tmp_path / "my_opt.py")]]  # the path beside the scenario
    assert not marker.exists()


def test_with_consent_the_run_uses_the_file_beside_the_scenario(tmp_path: Path) -> None:
    scenario, marker = _files(tmp_path)
    loaded = load_scenario(scenario, trust=lambda files: True)
    assert marker.read_text() == "ran"
    (config,) = loaded.configs()
    assert config.optimizer == f"{tmp_path / 'my_opt.py'}:MySGD"
    assert config.hyper == {"friction": 0.4}


def test_the_cli_asks_and_run_code_answers(tmp_path: Path, capsys) -> None:
    scenario, marker = _files(tmp_path)
    assert main(["run", "--scenario", str(scenario)]) == 2  # no terminal to ask on: no
    assert "--run-code" in capsys.readouterr().err
    assert not marker.exists()
    assert main(["run", "--scenario", str(scenario), "--run-code", "--print-every", "0"]) == 0
    assert marker.exists()
