"""``optiviz.run`` in a notebook: the same runs, numbers and errors as ``optiviz run``."""

from __future__ import annotations

import csv
import json
import shlex
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

import optiviz
from optiviz.api import RaceResult, RunResult, UsageError
from optiviz.cli.main import main
from optiviz.engine.errors import ConfigError
from tests.engine.plain_loops import X, Y, loss_fn, model

ROOT = Path(__file__).resolve().parents[1]
RACE = ROOT / "assets" / "scenarios" / "rosenbrock_momentum_adam_rmsprop.toml"


def cli_json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> dict:
    assert main(["run", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def printed(obj: dict) -> dict:
    """``obj`` as ``--json`` prints it and a reader loads it back (tuples become lists)."""
    return json.loads(json.dumps(obj))


def cli_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """The one line ``optiviz run`` prints on stderr for bad input (exit status 2)."""
    try:
        status = main(["run", *argv])
    except SystemExit as exit_:
        status = int(exit_.code)
    assert status == 2
    return capsys.readouterr().err.strip()


def test_import_optiviz_loads_neither_torch_nor_qt():
    code = (
        "import sys, optiviz\n"
        "heavy = ('torch', 'numpy', 'PySide6', 'pyqtgraph')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)))\n"
        "optiviz.run\n"  # the first use loads the engine, still without Qt
        "print('torch' in sys.modules, 'PySide6' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.splitlines() == ["[]", "True False"]


CONFIGS = [
    ({}, ""),
    (
        {"optimizer": "Adam", "lr": 0.5, "param": {"betas": (0.8, 0.95)}, "epochs": 50},
        "--optimizer Adam --lr 0.5 --param betas=0.8,0.95 --epochs 50",
    ),
    (
        {"batch_size": 4, "shuffle": False, "seed": 3, "epochs": 30, "momentum": 0.9},
        "--batch-size 4 --no-shuffle --seed 3 --epochs 30 --param momentum=0.9",
    ),
    (
        {"batch_size": 3, "seed": 7, "epochs": 20, "clip_grad_norm": 5.0, "scaling": "standardize"},
        "--batch-size 3 --seed 7 --epochs 20 --clip-grad-norm 5 --scaling standardize",
    ),
    (
        {
            "problem": "rosenbrock",
            "optimizer": "RMSprop",
            "lr": 1e-3,
            "start": (-1.5, 2),
            "grad_noise": 0.5,
            "scheduler": "StepLR",
            "sched_param": {"step_size": 10, "gamma": 0.5},
            "epochs": 40,
        },
        "--problem rosenbrock --optimizer RMSprop --lr 1e-3 --start=-1.5,2 --grad-noise 0.5"
        " --scheduler StepLR --sched-param step_size=10 --sched-param gamma=0.5 --epochs 40",
    ),
    (
        {"problem": "expression", "expression": "x**2 + 3*sin(y)", "optimizer": "LBFGS"}
        | {"epochs": 5, "lr": 0.5},
        "--problem expression --expression 'x**2 + 3*sin(y)' --optimizer LBFGS --epochs 5 --lr 0.5",
    ),
]


@pytest.mark.parametrize(("kwargs", "argv"), CONFIGS)
def test_run_returns_what_the_cli_prints_as_json(kwargs, argv, capsys):
    expected = cli_json(shlex.split(argv), capsys)
    result = optiviz.run(**kwargs)
    assert isinstance(result, RunResult)
    assert printed(result.as_json()) == expected
    assert result.loss.tolist() == expected["loss"]
    assert result.step_loss.tolist() == expected["step_loss"]
    assert result.lr.tolist() == expected["lr"]
    assert result.final_params.tolist() == expected["params"]
    assert result.epochs == expected["epochs"] and result.status == expected["status"]
    assert len(result.params) == len(result.grad) == len(result.epoch) == expected["steps"]


def test_a_scenario_race_returns_one_result_per_run(capsys):
    expected = cli_json(["--scenario", str(RACE)], capsys)
    race = optiviz.run(scenario=str(RACE))
    assert isinstance(race, RaceResult) and len(race) == 3
    assert printed(race.as_json()) == expected
    assert [r.label for r in race] == [obj["label"] for obj in expected["runs"]]
    for result, obj in zip(race, expected["runs"], strict=True):
        assert result.loss.tolist() == obj["loss"]
    assert "Adam" in race._repr_html_()


def test_the_table_has_the_history_files_columns_and_numbers(tmp_path, capsys):
    path = tmp_path / "h.csv"
    argv = ["--batch-size", "4", "--epochs", "6", "--optimizer", "Adam", "--lr", "0.3"]
    assert main(["run", *argv, "--history", str(path)]) == 0
    capsys.readouterr()
    with path.open(newline="") as handle:
        rows = list(csv.reader(handle))
    table = optiviz.run(batch_size=4, epochs=6, optimizer="Adam", lr=0.3).table()
    assert list(table) == rows[0]
    assert table["step"].dtype == np.int64 and table["step"].tolist() == list(range(1, 19))
    for i, name in enumerate(rows[0]):
        np.testing.assert_array_equal(table[name], [float(r[i]) for r in rows[1:]])


def test_the_html_shows_the_summary_and_the_last_rows():
    result = optiviz.run(epochs=30)
    text = result._repr_html_()
    assert result.summary() in text
    assert text.count("<tr>") == 1 + 5  # the header and the last five epochs
    assert f"<td>30</td><td>{result.loss[-1]:.6g}</td>" in text
    assert "<td>25</td>" not in text and "25 earlier rows" in text


def test_the_epoch_lines_are_the_clis(capsys):
    result = optiviz.run(print_every=250)
    printed = capsys.readouterr().out.splitlines()
    main(["run", "--print-every", "250"])
    cli = [line for line in capsys.readouterr().out.splitlines() if line.startswith("Epoch")]
    assert printed == cli == result.epoch_lines(250)
    assert len(cli) == 4


def test_to_pandas_is_the_table_or_says_pandas_is_missing():
    result = optiviz.run(epochs=3)
    try:
        import pandas
    except ImportError:
        with pytest.raises(ImportError, match="pip install pandas"):
            result.to_pandas()
    else:
        assert result.to_pandas().equals(pandas.DataFrame(result.table()))


def test_a_hyperparameter_keyword_is_the_param_flag():
    direct = optiviz.run(optimizer="SGD", momentum=0.9, nesterov=True, epochs=20)
    given = optiviz.run(optimizer="SGD", param={"momentum": 0.9, "nesterov": True}, epochs=20)
    plain = optiviz.run(optimizer="SGD", epochs=20)
    assert direct.as_json() == given.as_json()
    assert direct.config.hyper == {"momentum": 0.9, "nesterov": True}
    assert direct.loss.tolist() != plain.loss.tolist()


def test_points_given_as_arrays_are_the_same_as_a_csv_file(tmp_path, capsys):
    path = tmp_path / "points.csv"
    path.write_text("x,y\n" + "".join(f"{a},{b}\n" for a, b in zip(X, Y, strict=True)))
    expected = cli_json(["--data", str(path), "--scaling", "none", "--epochs", "40"], capsys)
    for data in ((X, Y), np.column_stack([X, Y]), path):
        result = optiviz.run(data=data, scaling="none", epochs=40)
        assert printed(result.as_json()) == expected


def test_zero_grad_false_accumulates_gradients_like_torch():
    """The lesson of forgetting optimizer.zero_grad(): .grad sums every step's gradient."""
    result = optiviz.run(zero_grad=False, epochs=5)
    x, y = 0.1 * torch.tensor(X), torch.tensor(Y)
    params = torch.tensor([1.0, 0.0], requires_grad=True)
    opt = torch.optim.SGD([params], lr=1e-2)
    losses, grads = [], []
    for _ in range(5):
        loss = loss_fn(model(x, *params), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
        grads.append(params.grad.clone().numpy())
    assert result.config.zero_grad is False
    np.testing.assert_allclose(result.step_loss, losses, rtol=1e-6)
    np.testing.assert_allclose(result.params[-1], params.detach().numpy(), rtol=1e-6)
    assert not np.allclose(result.params[-1], optiviz.run(epochs=5).params[-1])


ERRORS = [
    ({"lr": "abc"}, ["--lr", "abc"]),
    ({"optimizer": "Adamm"}, ["--optimizer", "Adamm"]),
    ({"epochs": 0}, ["--epochs", "0"]),
    (
        {"param": {"betas": (1.5, 0.9)}, "optimizer": "Adam"},
        ["--optimizer", "Adam", "--param", "betas=1.5,0.9"],
    ),
    (
        {"problem": "rosenbrock", "scaling": "none"},
        ["--problem", "rosenbrock", "--scaling", "none"],
    ),
    ({"batch_size": "ten"}, ["--batch-size", "ten"]),
    ({"start": "1"}, ["--start", "1"]),
    ({"scaling": "bogus"}, ["--scaling", "bogus"]),
    ({"scenario": str(RACE), "lr": 0.1}, ["--scenario", str(RACE), "--lr", "0.1"]),
]


@pytest.mark.parametrize(("kwargs", "argv"), ERRORS)
def test_errors_raise_with_the_clis_message(kwargs, argv, capsys):
    line = cli_error(argv, capsys)
    with pytest.raises(ValueError) as caught:
        optiviz.run(**kwargs)
    err = caught.value
    if isinstance(err, UsageError):
        assert line == f"optiviz run: error: {err} (see --help)"
    else:
        assert isinstance(err, ConfigError)
        assert line == f"optiviz run: error: {err}"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"momentom": 0.9}, "unexpected keyword 'momentom'.*momentum, dampening"),
        ({"momentum": 0.9, "param": {"momentum": 0.5}}, "'momentum' is given twice"),
        ({"scenario": str(RACE), "momentum": 0.9}, "beside a scenario file"),
        ({"data": [[1, 2, 3]]}, "an \\(n, 2\\) array"),
        ({"run_code": "yes"}, "expected True or False"),
    ],
)
def test_keywords_that_are_no_flag_are_refused_in_plain_words(kwargs, message):
    with pytest.raises(UsageError, match=message):
        optiviz.run(**kwargs)
