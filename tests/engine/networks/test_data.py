"""The built-in data sets, the CSV reader and the held-out split."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from optiviz.engine.errors import ConfigError
from optiviz.engine.networks.data import make_table, read_labelled_csv, split
from optiviz.engine.networks.spec import NetworkSpec

GENERATED = ("circles", "xor", "spirals", "moons", "gauss", "sine")


@pytest.mark.parametrize("name", GENERATED)
def test_generated_sets_are_fixed_by_their_seed(name):
    a = make_table(NetworkSpec(dataset=name, samples=90, data_seed=4))
    b = make_table(NetworkSpec(dataset=name, samples=90, data_seed=4))
    c = make_table(NetworkSpec(dataset=name, samples=90, data_seed=5))
    assert np.array_equal(a.features, b.features) and np.array_equal(a.targets, b.targets)
    assert not np.array_equal(a.features, c.features)
    assert a.features.dtype == np.float32 and not a.features.flags.writeable
    assert a.features.shape == (90, 1 if name == "sine" else 2)
    assert np.isfinite(a.features).all()


def test_tasks_classes_and_balanced_labels():
    circles = make_table(NetworkSpec(dataset="circles", samples=100))
    assert (circles.task, circles.classes, circles.targets.dtype) == ("binary", 2, np.int64)
    assert np.bincount(circles.targets).tolist() == [50, 50]
    gauss = make_table(NetworkSpec(dataset="gauss", samples=99))
    assert (gauss.task, gauss.classes) == ("multiclass", 3)
    assert np.bincount(gauss.targets).tolist() == [33, 33, 33]
    sine = make_table(NetworkSpec(dataset="sine", samples=500))
    assert (sine.task, sine.classes, sine.targets.dtype) == ("regression", 0, np.float32)
    residual = sine.targets - np.sin(sine.features[:, 0])
    assert 0.07 < residual.std() < 0.13  # y = sin(x) + noise of std 0.1
    circles_radius = np.hypot(*circles.features.T)
    inner = circles_radius[circles.targets == 1].mean()
    outer = circles_radius[circles.targets == 0].mean()
    assert abs(inner - 0.5) < 0.05 and abs(outer - 1.0) < 0.05
    xor = make_table(NetworkSpec(dataset="xor", samples=200))
    same_sign = xor.features[:, 0] * xor.features[:, 1] > 0
    assert np.array_equal(xor.targets, same_sign.astype(np.int64))


def test_digits_are_scikit_learns_scaled_to_one():
    from sklearn.datasets import load_digits

    table = make_table(NetworkSpec(dataset="digits"))
    digits = load_digits()
    assert table.features.shape == (1797, 64) and table.image_shape == (8, 8)
    assert np.array_equal(table.features, (digits.data / 16).astype(np.float32))
    assert table.features.max() == 1.0 and table.classes == 10
    assert np.array_equal(table.targets, digits.target)


def test_split_holds_out_a_seeded_permutation():
    table = make_table(NetworkSpec(dataset="circles", samples=50))
    parts = split(table, 0.2, seed=1)
    assert parts.train_x.shape == (40, 2) and parts.test_x.shape == (10, 2)
    assert parts.train_y.shape == (40, 1) and parts.train_y.dtype == torch.float32
    order = torch.randperm(50, generator=torch.Generator().manual_seed(1))
    assert torch.equal(parts.test_x, torch.from_numpy(np.array(table.features))[order[:10]])
    everything = torch.cat([parts.train_x, parts.test_x])
    assert sorted(map(tuple, everything.tolist())) == sorted(map(tuple, table.features.tolist()))
    none = split(table, 0.0, seed=1)
    assert none.test_x.shape == (0, 2) and len(none.train_x) == 50
    gauss = split(make_table(NetworkSpec(dataset="gauss", samples=30)), 0.5, 0)
    assert gauss.train_y.dtype == torch.int64 and gauss.train_y.shape == (15,)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "points.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_with_a_label_column_is_a_classification(tmp_path):
    table = read_labelled_csv(write(tmp_path, "a,b,label\n0,1,0\n1,0,2\n2,2,1\n3,1,0\n"))
    assert (table.task, table.classes) == ("multiclass", 3)
    assert table.feature_names == ("a", "b") and table.target_name == "label"
    assert table.features.tolist() == [[0, 1], [1, 0], [2, 2], [3, 1]]
    assert table.targets.tolist() == [0, 2, 1, 0] and table.name == "points"
    binary = read_labelled_csv(write(tmp_path, "x,label\n0,0\n1,1\n2,1\n3,0\n"))
    assert binary.task == "binary"


def test_csv_without_a_label_column_is_a_regression(tmp_path):
    table = read_labelled_csv(write(tmp_path, "1,2,3.5\n4,5,6\n7,8,9\n1,1,1\n"))
    assert (table.task, table.classes, table.feature_names) == ("regression", 0, ("x1", "x2"))
    assert table.targets.tolist() == [3.5, 6, 9, 1]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a,b,label\n1,2,0\n3,4\n5,6,1\n7,8,0\n", "row 3 has 2 cells, expected 3"),
        ("a,b,y\n1,2,0\n3,x,1\n5,6,1\n7,8,0\n", "row 3, column b: 'x' is not a finite"),
        ("a,label\n1,0\n2,1.5\n3,1\n4,0\n", "row 3, column label: labels must be whole"),
        ("a,label\n1,0\n2,-1\n3,1\n4,0\n", "row 3, column label: labels must be whole"),
        ("a,label\n1,0\n2,0\n3,0\n4,0\n", "at least 2 classes"),
        ("a,label\n1,0\n2,1\n3,1\n", "has 3 rows; at least 4 are needed"),
        ("1\n2\n3\n4\n", "each row needs features then a target"),
    ],
)
def test_csv_errors_are_one_line_naming_the_place(tmp_path, text, message):
    with pytest.raises(ConfigError) as caught:
        read_labelled_csv(write(tmp_path, text))
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert caught.value.field == ("data",)
