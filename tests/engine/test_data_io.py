"""CSV points: read with or without a header, refused row by row, written back equal."""

from __future__ import annotations

import os

import pytest

from optiviz.engine.errors import ConfigError
from optiviz.engine.problems.data_io import load_csv, parse_csv_text, save_csv
from optiviz.engine.problems.library import TUTORIAL_X, TUTORIAL_Y, Dataset
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run

TUTORIAL_CSV = "\n".join(f"{x},{y}" for x, y in zip(TUTORIAL_X, TUTORIAL_Y, strict=True))


def test_the_tutorials_points_read_equal_the_built_in_data(tmp_path):
    path = tmp_path / "points.csv"
    path.write_text("x,y\n" + TUTORIAL_CSV + "\n")
    dataset = load_csv(path)
    assert dataset == Dataset()
    assert parse_csv_text(TUTORIAL_CSV) == Dataset()  # no header
    # A run on the file's points is the tutorial's run.
    ours = Run(RunConfig(epochs=100, dataset=dataset)).run()
    tutorial = Run(RunConfig(epochs=100)).run()
    assert ours.history.loss.tolist() == tutorial.history.loss.tolist()


def test_a_spreadsheets_byte_order_mark_is_not_part_of_the_header(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffx,y\r\n1,2\r\n3,4\r\n".encode())
    assert load_csv(path).x == (1.0, 3.0)


def test_separators_blank_lines_comments_and_scaling():
    text = "# measured in May\n\ntemp;reading\n1;2\n\n3 ;4\n"
    dataset = parse_csv_text(text, scaling="none")
    assert (dataset.x, dataset.y, dataset.scaling) == ((1.0, 3.0), (2.0, 4.0), "none")
    assert parse_csv_text("1\t2\n3\t4").x == (1.0, 3.0)
    assert parse_csv_text("1 2\n3   4\n5 6").y == (2.0, 4.0, 6.0)


BAD = [
    ("x,y\n1,2\n3,4\nabc,5\n", "data: row 4: 'abc' is not a number"),
    ("1,2\n3,nan\n", "row 2: 'nan' is not a finite number"),
    ("1,2\n3,inf\n", "row 2: 'inf' is not a finite number"),
    ("1,2\n3,4,5\n", "row 2: expected 2 values (x, y), got 3"),
    ("1,2\n3\n", "row 2: expected 2 values (x, y), got 1"),
    ("1,2\n", "has 1 point(s); at least 2 are needed"),
    ("x,y\n", "has 0 point(s); at least 2 are needed"),
    ("", "is empty"),
    ("\n  \n# nothing\n", "is empty"),
    ("1,abc\n2,3\n", "row 1: 'abc' is not a number"),  # half numeric: not a header
]


@pytest.mark.parametrize(("text", "message"), BAD, ids=[b[1][:30] for b in BAD])
def test_malformed_text_names_the_row(text, message):
    with pytest.raises(ConfigError) as caught:
        parse_csv_text(text)
    assert caught.value.field == ("data",)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_files_that_cannot_be_read(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_csv(tmp_path / "missing.csv")
    with pytest.raises(ConfigError, match="is a folder"):
        load_csv(tmp_path)
    binary = tmp_path / "image.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00")
    with pytest.raises(ConfigError, match="not a text file"):
        load_csv(binary)
    bad = tmp_path / "bad.csv"
    bad.write_text("1,2\n3,4\nfive,6\n")
    with pytest.raises(ConfigError, match=r"^data: bad.csv row 3: 'five' is not a number$"):
        load_csv(bad)
    with pytest.raises(ConfigError, match="scaling"):
        parse_csv_text("1,2\n3,4", scaling="log")


def test_save_then_load_gives_equal_points(tmp_path):
    dataset = Dataset((0.1, 1 / 3, -2e-9, 1e10), (2.5, -7.25, 3.0000000000000004, 0.0), "none")
    path = tmp_path / "out.csv"
    save_csv(dataset, path)
    assert path.read_text().splitlines()[0] == "x,y"
    assert load_csv(path, scaling="none") == dataset
    save_csv(Dataset(), path)  # overwrite in place
    assert load_csv(path) == Dataset()
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"], "no temporary file is left"


def test_a_failed_save_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "keep.csv"
    save_csv(Dataset(), path)
    before = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        save_csv(Dataset((1.0, 2.0), (3.0, 4.0)), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["keep.csv"]


def test_a_header_names_the_columns_without_changing_equality(tmp_path):
    path = tmp_path / "study.csv"
    path.write_text("hours,score\n" + TUTORIAL_CSV + "\n")
    named = load_csv(path)
    assert (named.x_name, named.y_name) == ("hours", "score")
    assert named == Dataset() and hash(named) == hash(Dataset())  # same points, same data
    assert parse_csv_text(TUTORIAL_CSV).x_name is None  # no header: no names
    out = tmp_path / "out.csv"
    save_csv(named, out)
    assert out.read_text().splitlines()[0] == "hours,score"
    assert load_csv(out).y_name == "score"
