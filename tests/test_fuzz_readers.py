"""Property-based: whatever the file holds, loading gives events and problems or one LoadError."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from viewer.io import load
from viewer.record.problems import LoadError

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

cell_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            *("2026-01-30", "2026-02", "2026-Q1", "2026", "2026-02-15~", "03/04/2026"),
            *("25/12/2025", "ongoing", "US BIS", "CN MIIT", "all", "a; b", "disputes:x"),
            *('"', ",", ";", "\n"),
        ]
    ),
)
header_names = st.lists(
    st.sampled_from(
        [
            *("id", "date", "end_date", "company", "regulator", "title", "status", "related"),
            *("sources", "reported", "Notes", "", "date", "x,y", 'q"t'),
        ]
    ),
    min_size=1,
    max_size=9,
)


@st.composite
def tables(draw):
    header = draw(header_names)
    rows = draw(
        st.lists(
            st.lists(cell_text, min_size=max(0, len(header) - 1), max_size=len(header) + 1),
            max_size=12,
        )
    )
    return header, rows


def _load_or_error(path):
    try:
        return load(path)
    except LoadError as exc:
        assert str(path) in str(exc)
        return None


@SETTINGS
@given(
    table=tables(),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_random_csv_tables(tmp_path, table, delimiter, encoding, newline):
    header, rows = table
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    path = tmp_path / "random.csv"
    path.write_bytes(buf.getvalue().encode(encoding, errors="replace"))
    model = _load_or_error(path)
    if model is not None:
        assert all(p.file for p in model.problems)
        lines = set(model.rows["line"].tolist())
        dropped = {p.line for p in model.problems if p.dropped and p.file == str(path)}
        assert not (lines & dropped)


@SETTINGS
@given(table=tables())
def test_random_json_tables(tmp_path, table):
    header, rows = table
    objects = [dict(zip(header, row, strict=False)) for row in rows]
    path = tmp_path / "random.json"
    path.write_text(json.dumps(objects), encoding="utf-8")
    model = _load_or_error(path)
    if model is not None:
        assert len(model.rows) + model.dropped_rows <= len(objects)


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".json", ".xlsx", ".parquet"])
@SETTINGS
@given(data=st.binary(max_size=2000))
def test_random_bytes(tmp_path, suffix, data):
    path = tmp_path / ("random" + suffix)
    path.write_bytes(data)
    _load_or_error(path)


@SETTINGS
@given(data=st.binary(max_size=400))
def test_random_bytes_after_a_valid_header(tmp_path, data):
    path = tmp_path / "tail.csv"
    path.write_bytes(b"id,date,company,regulator,title\n" + data)
    _load_or_error(path)
