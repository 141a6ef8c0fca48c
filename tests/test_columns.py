"""Whole-column text operations give what the one-cell Python operations give."""

import numpy as np
import pandas as pd
import pyarrow as pa

from viewer.record import columns as C
from viewer.record.schema import split_list

CELLS = ["", " a ; b;;c ", ";", " ", "x", "é ;\u00a0y\u00a0", "a;b", "  ;  ", "z", "s1;s2;s3"]


def test_split_cells_matches_split_list_for_every_kind_of_column():
    one_item = [c for c in CELLS if ";" not in c]
    for cells in (CELLS, one_item, ["a", "b"], ["", ""], [], ["s1;s2", "s3"]):
        rows, items = C.split_cells(pd.Series(cells, dtype="string"))
        expected = [(i, item) for i, cell in enumerate(cells) for item in split_list(cell)]
        assert list(zip(rows.tolist(), items.to_pylist(), strict=True)) == expected
        assert rows.dtype == np.int64


def test_strip_and_emptiness_of_a_sliced_array_read_the_right_cells():
    """Arrays that start inside their buffers (the CSV table without its header) are read
    from their own first cell."""
    arr = pa.array(["header", " a", "b ", "", "c", "  "], type=pa.large_string()).slice(1)
    column = C.series(arr)
    assert C.strip(column).tolist() == ["a", "b", "", "c", ""]
    assert C.is_empty(column).tolist() == [False, False, True, False, False]
    assert C.longest_bytes(column) == 2


def test_per_unique_gives_the_column_back_when_nothing_changes():
    column = C.series(pa.array(["US BIS", "US  BIS", "US BIS"], type=pa.large_string()))
    tidy, upper = C.per_unique_all(column, [lambda v: " ".join(v.split()), str.upper])
    assert tidy.tolist() == ["US BIS", "US BIS", "US BIS"]
    assert upper.tolist() == ["US BIS", "US  BIS", "US BIS"]
    assert str(tidy.dtype) == str(column.dtype) == str(upper.dtype)


def test_all_distinct_tells_repeats_in_short_and_long_cells():
    cases = {
        ("a", "a\x00", "b"): True,
        ("a", "b", "a"): False,
        ("", ""): False,
        ("", "x"): True,
        ("abcdefg", "abcdefh"): True,
        ("abcdefgh", "abcdefgh"): False,
        ("abcdefgh", "abcdefg"): True,
        ("x",): True,
        (): True,
    }
    for cells, distinct in cases.items():
        assert C.all_distinct(pd.Series(list(cells), dtype="string")) is distinct, cells
    ids = pa.array([f"e{i}" for i in range(5000)] + ["e0"], type=pa.large_string())
    assert C.all_distinct(C.series(ids.slice(1))) is True
    assert C.all_distinct(C.series(ids)) is False
