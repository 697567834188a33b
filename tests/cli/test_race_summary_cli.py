"""``optiviz run --scenario FILE --summary``: the race's table, as text and in ``--json``."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

from optiviz.cli.main import main
from optiviz.engine.runs.tune_lr import lr_grid
from tests.engine.plain_loops import X, Y, plain_linear_fit

ASSETS = Path(__file__).resolve().parents[2] / "assets" / "scenarios"
RACE = ASSETS / "lr_too_large.toml"  # SGD at lr 0.3, 0.38 and 0.45 (diverges), 300 epochs
LRS = (0.3, 0.38, 0.45)


def _status(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exit_:
        return int(exit_.code)


def plain_rows(tolerance: float) -> list[tuple[float, int | None, int | None]]:
    """(final loss, first epoch within tolerance, divergence epoch) from plain loops."""
    x = (0.1 * torch.tensor(X)).double().numpy()
    y = np.array(Y, dtype=np.float64)
    w, b = np.polyfit(x, y, 1)
    minimum = float(np.mean((w * x + b - y) ** 2))
    bound = minimum + tolerance * max(1.0, minimum)
    rows = []
    for lr in LRS:
        losses, _, _ = plain_linear_fit("SGD", {"lr": lr}, 300)
        finite = np.isfinite(losses)
        diverged = None if finite.all() else int(np.argmin(finite)) + 1
        kept = losses if diverged is None else losses[: diverged - 1]
        hits = [e for e, loss in enumerate(kept, start=1) if loss <= bound]
        rows.append((float(kept[-1]), hits[0] if hits else None, diverged))
    return rows


def test_summary_table_is_printed_after_the_runs(capsys):
    assert main(["run", "--scenario", str(RACE), "--summary", "--print-every", "0"]) == 0
    out = capsys.readouterr().out
    table = out.split("== Summary ==\n", 1)[1].splitlines()
    assert table[0].split() == ["run", "final", "loss", "reached", "diverged", "wall", "time"]
    labels = ["lr 0.3", "lr 0.38 (just below the limit)", "lr 0.45 (above the limit)"]
    for line, label, (final, reached, diverged) in zip(
        table[1:4], labels, plain_rows(1e-3), strict=True
    ):
        assert line.startswith(label)
        cells = line[len(label) :].split()
        expected = [
            f"{final:.6g}",
            *(f"epoch {reached}" if reached else "—").split(),
            *(f"epoch {diverged}" if diverged else "—").split(),
        ]
        assert cells[:-2] == expected
        assert cells[-1] == "ms" and float(cells[-2]) > 0
    assert table[4].startswith("reached: first epoch with loss <=")


def test_json_includes_the_summary_and_a_tolerance(capsys):
    argv = ["run", "--scenario", str(RACE), "--summary", "--json", "--tolerance", "1e-2"]
    assert main(argv) == 0
    result = json.loads(capsys.readouterr().out)
    rows = result["summary"]["rows"]
    assert result["summary"]["tolerance"] == 1e-2
    assert [r["label"] for r in rows] == [r["label"] for r in result["runs"]]
    for row, (final, reached, diverged) in zip(rows, plain_rows(1e-2), strict=True):
        assert row["final_loss"] == final
        assert row["reached_at"] == reached
        assert row["diverged_at"] == diverged
        assert row["wall_time"] > 0
    assert rows[0]["reached_at"] < rows[1]["reached_at"]
    assert rows[2]["diverged_at"] is not None and rows[2]["reached_at"] is None


@pytest.mark.parametrize(
    "argv, message",
    [
        (["run", "--summary"], "--summary needs --scenario"),
        (["run", "--scenario", str(RACE), "--summary", "--tolerance", "-1"], "--tolerance"),
        (["run", "--scenario", str(RACE), "--summary", "--tolerance", "nan"], "--tolerance"),
    ],
)
def test_refusals_are_one_line(capsys, argv, message):
    assert _status(argv) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


TWO_OPTIMIZERS = """
epochs = 60

[problem]
name = "linear"

[[runs]]
optimizer = "SGD"
lr = 0.001
label = "SGD at 1e-3"

[[runs]]
optimizer = "Adam"
lr = 0.001
"""


def test_tune_lr_races_each_optimizer_at_its_best_lr(tmp_path, capsys):
    path = tmp_path / "race.toml"
    path.write_text(TWO_OPTIMIZERS)
    assert main(["run", "--scenario", str(path), "--tune-lr", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    grid = lr_grid()
    for tuning, name, run in zip(result["tune_lr"], ("SGD", "Adam"), result["runs"], strict=True):
        finals = []
        for lr in grid:
            losses, _, _ = plain_linear_fit(name, {"lr": lr}, 60)
            finals.append(float(losses[-1]) if np.isfinite(losses).all() else None)
        assert tuning["lr"] == grid
        assert tuning["final_loss"] == finals  # None where the plain loop diverged
        best = min((f, lr) for f, lr in zip(finals, grid, strict=True) if f is not None)[1]
        assert tuning["best_lr"] == best
        assert run["hyperparameters"]["lr"] == best  # the race ran at the best lr
        assert "label" not in run  # "SGD at 1e-3" no longer names it
    assert result["tune_lr"][0]["best_lr"] != result["tune_lr"][1]["best_lr"]


def test_tune_lr_text_marks_the_best(tmp_path, capsys):
    path = tmp_path / "race.toml"
    path.write_text(TWO_OPTIMIZERS)
    assert main(["run", "--scenario", str(path), "--tune-lr", "--print-every", "0"]) == 0
    out = capsys.readouterr().out
    assert out.count("<- best") == 2 and "== Tune lr: SGD (run 1) ==" in out
    assert "diverged at epoch" in out  # SGD at lr 10
    assert _status(["run", "--tune-lr"]) == 2
