"""Every input is bounded and checked where it enters: files, nesting, numbers, run counts."""

from __future__ import annotations

import os

import pytest
import torch

from optiviz.engine.errors import ConfigError
from optiviz.engine.formats.reading import read_text_file
from optiviz.engine.formats.scenario import load_scenario, loads_scenario
from optiviz.engine.limits import FLOAT32_MAX, MAX_DEPTH, MAX_FILE_BYTES, MAX_RUNS, nesting_depth
from optiviz.engine.problems import data_io
from optiviz.engine.problems.data_io import load_csv, parse_csv_text
from optiviz.engine.problems.library import Dataset, make_problem
from optiviz.engine.runs.config import RunConfig, validate
from optiviz.engine.runs.race import run_all

RUN = "[[runs]]\nlr = 0.1\n"


def test_float32_max_is_torchs():
    assert FLOAT32_MAX == torch.finfo(torch.float32).max
    assert torch.isfinite(torch.tensor(FLOAT32_MAX))
    assert not torch.isfinite(torch.tensor(FLOAT32_MAX * 1.01))


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_devices_are_refused_before_reading(device):
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    with pytest.raises(ConfigError, match="not a regular file"):
        load_csv(device)
    with pytest.raises(ConfigError, match="not a regular file"):
        load_scenario(device)


def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)  # opening it for reading would block until a writer comes
    with pytest.raises(ConfigError, match=r"^data: .*pipe.csv' is not a regular file"):
        load_csv(fifo)
    with pytest.raises(ConfigError, match="not a regular file"):
        load_scenario(fifo)


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path):
    big = tmp_path / "big.csv"
    with open(big, "wb") as handle:  # sparse: no disk space taken
        handle.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(ConfigError, match="at most 64 MB"):
        load_csv(big)


def test_binary_files_are_refused(tmp_path):
    binary = tmp_path / "points.csv"
    binary.write_bytes(b"x,y\n1,2\n\x00\x01\x02")
    with pytest.raises(ConfigError, match="binary"):
        load_csv(binary)
    text = tmp_path / "ok.txt"
    text.write_text("x,y\n", encoding="utf-8")
    assert read_text_file(text, ("data",)) == "x,y\n"


def test_rows_are_limited(monkeypatch):
    monkeypatch.setattr(data_io, "MAX_POINTS", 3)
    text = "".join(f"{i},{i}\n" for i in range(4))
    with pytest.raises(ConfigError, match="more than 3 points"):
        parse_csv_text(text)
    assert len(parse_csv_text(text[: text.rindex("3,")]).x) == 3


@pytest.mark.parametrize("x", ["1e40", "3.5e39", "-1e300"])
def test_csv_values_beyond_float32_are_refused_with_their_row(x):
    with pytest.raises(ConfigError, match=f"row 2: '{x}' is too large for float32"):
        parse_csv_text(f"1,2\n{x},3\n")


def test_a_dataset_beyond_float32_is_refused_before_any_fit():
    with pytest.raises(ConfigError, match="float32"):
        Dataset((1e300, 2.0), (1.0, 2.0))
    with pytest.raises(ConfigError, match="float32"):
        Dataset((1.0, 2.0), (1.0, -1e39))
    big = Dataset((3e38, 1.0), (1.0, 2.0), "none")
    assert torch.isfinite(big.tensors[0]).all()  # what passes stays finite in float32


def test_a_start_beyond_float32_is_refused_naming_start():
    with pytest.raises(ConfigError, match=r"^--start: .*got 1e\+39"):
        make_problem("linear", (1e39, 0.0))
    with pytest.raises(ConfigError, match=r"^--start: "):
        validate(RunConfig(problem="rosenbrock", start=(0.0, -1e39)))


@pytest.mark.parametrize(
    ("config", "field"),
    [
        (RunConfig(lr=1e39), "--lr"),
        (RunConfig(hyper={"momentum": 1e39}), "--param momentum"),
        (RunConfig(optimizer="Adam", hyper={"betas": (0.9, 1e40)}), "--param betas"),
        (
            RunConfig(scheduler="StepLR", sched={"step_size": 10, "gamma": 1e39}),
            "--sched-param gamma",
        ),
    ],
)
def test_every_number_that_becomes_a_tensor_is_float32(config, field):
    with pytest.raises(ConfigError) as caught:
        validate(config)
    assert str(caught.value).startswith(f"{field}: must be a finite number")


@pytest.mark.parametrize(
    ("sizes", "message"),
    [((50.0, 1e-6), "must not exceed the maximum"), ((-1.0, 50.0), "two positive numbers")],
)
def test_rprop_step_sizes_are_checked(sizes, message):
    with pytest.raises(ConfigError, match=f"^--param step_sizes: .*{message}"):
        validate(RunConfig(optimizer="Rprop", hyper={"step_sizes": sizes}))
    assert validate(RunConfig(optimizer="Rprop", hyper={"step_sizes": (1e-6, 50.0)}))


def test_nesting_is_counted_outside_strings_and_comments():
    assert nesting_depth('a = [[1, 2], [3]]\nb = "[[[[" # [[[[[\n') == 2
    assert nesting_depth("c = '''[[[\n[[['''\nd = {e = [1]}\n") == 2
    assert nesting_depth('["[[[", [["\\"[["]]]', toml=False) == 3


@pytest.mark.parametrize("text", ["x = " + "[" * 5000 + "]" * 5000, "x = " + "[" * 100_000])
def test_a_deep_scenario_is_refused_before_parsing(text):
    with pytest.raises(ConfigError, match=f"nested more than {MAX_DEPTH} levels"):
        loads_scenario(text + "\n" + RUN)


@pytest.mark.parametrize(
    ("problem", "key"),
    [
        ("points = [[1e300, 1.0], [2.0, 3.0]]", "problem.points[1]"),
        ("points = [[1.0, 1.0], [1e40, 3.0]]", "problem.points[2]"),
        ("start = [1e39, 0.0]", "problem.start"),
        ("start = [1" + "0" * 60 + ", 0]", "problem.start"),
    ],
)
def test_scenario_numbers_beyond_float32_name_their_key(problem, key):
    with pytest.raises(ConfigError) as caught:
        loads_scenario(f"[problem]\n{problem}\n{RUN}")
    assert str(caught.value).startswith(f"{key}: must be a finite number")


@pytest.mark.parametrize(
    ("run", "key"),
    [
        ("lr = 1e39", "runs[1].lr"),
        ("lr = 0.1\nparams = { momentum = 1e39 }", "runs[1].params.momentum"),
        (
            'lr = 0.1\nscheduler = "StepLR"\nsched_params = { step_size = 5, gamma = 1e39 }',
            "runs[1].sched_params.gamma",
        ),
    ],
)
def test_scenario_run_numbers_beyond_float32_name_their_key(run, key):
    with pytest.raises(ConfigError) as caught:
        loads_scenario(f"[[runs]]\n{run}\n")
    assert str(caught.value).startswith(f"{key}: must be a finite number")


def test_one_limit_on_runs_for_scenarios_and_races():
    assert len(loads_scenario(RUN * MAX_RUNS).runs) == MAX_RUNS
    with pytest.raises(ConfigError, match=f"at most {MAX_RUNS}"):
        loads_scenario(RUN * (MAX_RUNS + 1))
    with pytest.raises(ConfigError, match=f"at most {MAX_RUNS} runs, got 1000"):
        run_all([RunConfig(epochs=1)] * 1000)


def test_a_huge_integer_speed_is_refused():
    with pytest.raises(ConfigError, match=r"^speed: "):
        loads_scenario("speed = 1" + "0" * 400 + "\n" + RUN)
