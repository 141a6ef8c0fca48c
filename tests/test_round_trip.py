"""Property: a record written in any format, read, and exported as a table reads back the same.

Every precision (day, month, quarter, year, approximate), periods, `ongoing` and `reported`,
at any year RegTimeline reads (BCE too), through CSV, XLSX, JSON and Parquet, then through the
CSV and XLSX table exports: the dates the export writes are the dates the file held (in CSV a
BCE date carries the `'` a spreadsheet needs not to compute it), and the record read back
equals the record read first (issue 17.1: `2026` was written `202`).
"""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from viewer.export.table import export_table
from viewer.io import load
from viewer.shown.content import make_content

SETTINGS = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HEADER = ["id", "date", "end_date", "reported", "company", "regulator", "title"]
FIELDS = ["id", "start", "stop", "precision", "end", "end_stop", "end_precision", "ongoing"]
FIELDS += ["reported_at"]


@st.composite
def day(draw) -> tuple[int, int, int]:
    """Any day of the years RegTimeline reads (-9999 to 9999, no year 0)."""
    y = draw(st.integers(-9999, 9999).filter(lambda y: y != 0))
    m = draw(st.integers(1, 12))
    month = np.datetime64(f"{year(y)}-{m:02d}", "M")
    length = int(((month + 1).astype("datetime64[D]") - month.astype("datetime64[D]")).astype(int))
    return y, m, draw(st.integers(1, length))


def year(y: int) -> str:
    """A year as the data format writes it: four digits, a minus before 1 CE (`-0500`)."""
    return f"-{-y:04d}" if y < 0 else f"{y:04d}"


@st.composite
def date_text(draw, when: tuple[int, int, int]) -> str:
    """The date of a day as the data format writes it, at any precision (the day, or the
    month, quarter or year holding it), maybe approximate."""
    y, m, d = when
    form = draw(st.sampled_from(["day", "month", "quarter", "year"]))
    text = {
        "day": f"{year(y)}-{m:02d}-{d:02d}",
        "month": f"{year(y)}-{m:02d}",
        "quarter": f"{year(y)}-Q{(m - 1) // 3 + 1}",
        "year": year(y),
    }[form]
    return text + ("~" if draw(st.booleans()) else "")


@st.composite
def records(draw) -> list[dict[str, str]]:
    rows = []
    for k in range(draw(st.integers(1, 8))):
        first = draw(day())
        start = draw(date_text(first))
        kind = draw(st.sampled_from(["point", "period", "ongoing"]))
        end = ""
        if kind == "ongoing":
            end = "ongoing"
        elif kind == "period":  # (ending on or after its first day: never backwards)
            end = draw(date_text(max(first, draw(day()))))
        reported = ""
        if draw(st.booleans()):
            y, m, d = draw(day())
            reported = f"{year(y)}-{m:02d}-{d:02d}"
        rows.append(
            {
                "id": f"e{k}",
                "date": start,
                "end_date": end,
                "reported": reported,
                "company": "Acme",
                "regulator": "US BIS",
                "title": f"Event {k}",
            }
        )
    return rows


def _write(rows: list[dict[str, str]], path) -> None:
    suffix = path.suffix
    if suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, HEADER)
            writer.writeheader()
            writer.writerows(rows)
    elif suffix == ".json":
        path.write_text(json.dumps(rows), encoding="utf-8")
    elif suffix == ".xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = "Events"
        sheet.append(HEADER)
        for row in rows:
            sheet.append([row[c] for c in HEADER])
        book.save(path)
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.table({c: [r[c] for r in rows] for c in HEADER}), path)


def _records(model):
    return model.events[FIELDS].sort_values("id").reset_index(drop=True)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json", ".parquet"])
@SETTINGS
@given(rows=records())
def test_a_table_export_reads_back_as_the_record_written(suffix, rows, tmp_path_factory):
    folder = tmp_path_factory.mktemp("trip")
    source = folder / ("written" + suffix)
    _write(rows, source)
    first = load(source)
    assert not first.problems, first.problems
    assert sorted(first.events["id"]) == sorted(r["id"] for r in rows)
    for out_suffix in (".csv", ".xlsx"):
        out = folder / ("exported" + out_suffix)
        export_table(make_content(first), out)
        again = load(out)
        assert not again.problems, again.problems
        assert _records(again).equals(_records(first))
        written = {r["id"]: (r["date"], r["end_date"]) for r in rows}
        got = again.events.set_index("id")
        mark = "'" if out_suffix == ".csv" else ""
        for event_id, (date, end) in written.items():
            assert got.loc[event_id, "date"] == (mark + date if date[0] == "-" else date)
            assert got.loc[event_id, "end_date"] == (mark + end if end[:1] == "-" else end)
