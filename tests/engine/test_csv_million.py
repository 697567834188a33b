"""CSV files of a million rows load; one more is refused; the bulk reader and the row-by-row
reader agree on every file, well-formed or not."""

from __future__ import annotations

import pytest

from optiviz.engine.errors import ConfigError
from optiviz.engine.limits import MAX_FILE_BYTES, MAX_POINTS
from optiviz.engine.problems import data_io, fast_csv
from optiviz.engine.problems.data_io import load_csv, parse_csv_text


def rows(n: int, first: int = 0) -> str:
    return "".join(f"{i},{i % 97}.5\n" for i in range(first, first + n))


def test_the_limit_is_at_least_a_million_points() -> None:
    assert MAX_POINTS >= 1_000_000


def test_a_million_row_csv_loads(tmp_path) -> None:
    path = tmp_path / "million.csv"
    path.write_text("hours,score\n" + rows(1_000_000))
    assert path.stat().st_size <= MAX_FILE_BYTES
    data = load_csv(path, "standardize")
    assert len(data) == 1_000_000 and len(data.y) == 1_000_000
    assert (data.x_name, data.y_name) == ("hours", "score")
    assert data.x[:3] == (0.0, 1.0, 2.0) and data.y[-1] == float(999_999 % 97) + 0.5
    assert data.tensors[0].shape == (1_000_000,)


def test_a_million_and_one_rows_are_refused_with_a_message(tmp_path) -> None:
    path = tmp_path / "too_many.csv"
    path.write_text(rows(MAX_POINTS + 1))
    with pytest.raises(ConfigError, match=f"too_many.csv has more than {MAX_POINTS:,} points"):
        load_csv(path)
    header = tmp_path / "header.csv"
    header.write_text("x,y\n" + rows(MAX_POINTS + 1))
    with pytest.raises(ConfigError, match=f"has more than {MAX_POINTS:,} points"):
        load_csv(header)


def test_a_file_beyond_the_size_limit_is_refused_before_it_is_read(tmp_path) -> None:
    path = tmp_path / "huge.csv"
    with open(path, "wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(ConfigError, match="MB can be read"):
        load_csv(path)


FILES = {
    "header": "x,y\n1,2\n3,4\n",
    "no header": "1,2\n3,4\n5,6\n",
    "quoted header": "'a';\"b\"\n1;2\n3;4\n",
    "semicolons": "1;2\n3;4\n",
    "tabs": "1\t2\n3\t4\n",
    "spaces": "1 2\n  3    4  \n",
    "spaced cells": " 1 , 2 \n3,4\n",
    "comments and blanks": "# points\n\n1,2\n  # more\n3,4\n\n",
    "crlf": "x,y\r\n1,2\r\n3,4\r\n",
    "underscores": "1_000,2\n3,4\n",
    "exponents": "1e-3,2E5\n-3.5e+2,4\n",
    "mixed separators": "1,2\n3;4\n5\t6\n7 8\n",
    "three cells": "1,2,3\n4\n",
    "one cell": "1\n2,3\n4,5\n",
    "empty cell": "1,\n3,4\n",
    "text cell": "1,2\n3,four\n",
    "nan": "1,2\nnan,4\n",
    "inf": "1,2\n3,inf\n",
    "float32 overflow": "1,2\n3,1e39\n",
    "semicolon after comma": "1,2\n3;4,5\n",
    "header only": "x,y\n",
    "one point": "x,y\n1,2\n",
    "empty": "",
    "only comments": "# nothing\n",
    "second header": "x,y\na,b\n1,2\n",
    "tab after comma rows": "1,2\n3\t4\n",
    "spaces with tab": "1 2\n3\t4\n",
    "blank line inside": "1,2\n\n3,4\n",
    "trailing blank lines": "1,2\n3,4\n\n  \n",
    "no final newline": "1,2\n3,4",
    "trailing spaces": "1,2  \n3,4\t\n",
    "leading spaces": "  x,y\n 1,2\n3,4\n",
    "header with other separator": "x;y\n1,2\n3,4\n",
    "form feed": "1\f,2\n3,4\n5,6\n",
    "unicode line end": "1,2\u20283,4\n5,6\n",
    "old mac": "1,2\r3,4\r",
    "accented header": "température,durée\n1,2\n3,4\n",
    "tab header, comma data": "x\ty\n1,2\n3,4\n",
    "trailing tab on spaces": "1 2\t\n3 4\n",
}


def outcome(read, text: str) -> object:
    try:
        data = read(text)
    except ConfigError as err:
        return ("refused", str(err))
    return ("read", data.x, data.y, data.x_name, data.y_name)


@pytest.mark.parametrize("text", FILES.values(), ids=FILES.keys())
def test_the_bulk_reader_agrees_with_the_row_by_row_reader(text: str) -> None:
    bulk = outcome(lambda t: parse_csv_text(t, "none", source="f.csv"), text)
    by_row = outcome(lambda t: data_io._parse_rows(t, "none", "f.csv "), text)
    assert bulk == by_row


def test_a_well_formed_file_takes_a_bulk_path() -> None:
    number, limit = data_io._number, MAX_POINTS
    for name in ("header", "semicolons", "tabs", "accented header", "no final newline"):
        assert fast_csv.quick(FILES[name], number, limit) is not None
    for name in ("spaces", "comments and blanks", "crlf", "blank line inside"):
        assert fast_csv.quick(FILES[name], number, limit) is None
        assert fast_csv.columns(fast_csv.data_rows(FILES[name]), number) is not None
    for name in ("mixed separators", "three cells", "text cell", "nan", "form feed"):
        assert fast_csv.quick(FILES[name], number, limit) is None
        assert fast_csv.columns(fast_csv.data_rows(FILES[name]), number) is None
