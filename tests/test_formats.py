"""Every format and encoding reads to the same events and sources."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from viewer.io import load

EVENTS = pd.DataFrame(
    {
        "id": ["rule", "approval", "review", "talks", "ship"],
        "date": ["2026-01-13", "2026-01", "2025-12-18", "2026-Q1", "2026-02-15~"],
        "end_date": ["", "", "2026-01-17", "", ""],
        "company": ["all", "DeepSeek; Alibaba", "Nvidia", "Nvidia", "Nvidia"],
        "regulator": ["US BIS", "CN MIIT", "US Commerce", "CN MOFCOM", "Nvidia"],
        "title": [
            "Case-by-case rule",
            "Approvals, with conditions",
            'Review of "H200" licences',
            "Talks; café crème",
            "Deliveries expected",
        ],
        "status": ["in force", "conditional", "pending", "reported", "expected"],
        "description": ["Line one\nline two", "", "Déjà vu, naïve", "", ""],
        "sources": ["S1", "S1; S2", "S2", "", "S1"],
        "related": ["", "rule", "", "", ""],
    }
)
SOURCES = pd.DataFrame(
    {
        "id": ["S1", "S2"],
        "publisher": ["Reuters", "Le Monde"],
        "title": ["US allows H200", "Les puces d'Nvidia"],
        "url": ["https://example.com/1", "https://example.com/2"],
        "published": ["2026-01-13", "2026-01"],
    }
)
COLUMNS = ["id", "date", "company", "regulator", "title", "status", "description", "sources"]


def _csv(frame: pd.DataFrame, sep: str, newline: str = "\n") -> str:
    return frame.to_csv(index=False, sep=sep, lineterminator=newline)


def _summary(model) -> tuple:
    ev = model.events.sort_values("id")
    cols = ev[[*COLUMNS, "start", "stop", "precision", "end", "line"]].astype(object)
    cols = cols.where(cols.notna(), None)  # NaN != NaN: compare "no end" as None
    src = model.sources.reset_index(drop=True).sort_values("id")
    src = src[["id", "publisher", "title", "url", "published"]]
    return (
        cols.drop(columns="line").to_dict("list"),
        src.to_dict("list"),
        model.companies,
        [str(p) for p in model.problems],
    )


@pytest.fixture
def reference(tmp_path):
    path = tmp_path / "ref.csv"
    path.write_text(_csv(EVENTS, ","), encoding="utf-8")
    (tmp_path / "ref.sources.csv").write_text(_csv(SOURCES, ","), encoding="utf-8")
    model = load(path)
    assert len(model) == 5 and not model.problems
    return _summary(model)


def _write_pair(tmp_path, name, events: bytes, sources: bytes):
    folder = tmp_path / name
    folder.mkdir()
    (folder / "t.csv").write_bytes(events)
    (folder / "t.sources.csv").write_bytes(sources)
    return folder / "t.csv"


@pytest.mark.parametrize(
    ("sep", "encoding", "newline", "bom"),
    [
        (";", "utf-8", "\n", False),
        ("\t", "utf-8", "\r\n", False),
        (",", "utf-8", "\r\n", True),
        (";", "cp1252", "\r\n", False),
        ("\t", "cp1252", "\n", False),
    ],
)
def test_csv_dialects_and_encodings(tmp_path, reference, sep, encoding, newline, bom):
    prefix = b"\xef\xbb\xbf" if bom else b""
    path = _write_pair(
        tmp_path,
        "x",
        prefix + _csv(EVENTS, sep, newline).encode(encoding),
        prefix + _csv(SOURCES, sep, newline).encode(encoding),
    )
    assert _summary(load(path)) == reference


def test_xlsx_with_events_and_sources_sheets(tmp_path, reference):
    path = tmp_path / "t.xlsx"
    with pd.ExcelWriter(path) as book:
        EVENTS.to_excel(book, sheet_name="Events", index=False)
        SOURCES.to_excel(book, sheet_name="Sources", index=False)
    assert _summary(load(path)) == reference


def test_xlsx_single_sheet_with_inline_sources(tmp_path):
    frame = EVENTS.drop(columns="sources").assign(source="Reuters", source_url="https://r.example")
    path = tmp_path / "one.xlsx"
    frame.to_excel(path, sheet_name="Whatever", index=False)
    model = load(path)
    assert len(model) == 5 and not model.problems
    assert set(model.sources["publisher"]) == {"Reuters"}


def test_parquet_with_sources_beside(tmp_path, reference):
    pq.write_table(pa.Table.from_pandas(EVENTS, preserve_index=False), tmp_path / "t.parquet")
    pq.write_table(
        pa.Table.from_pandas(SOURCES, preserve_index=False), tmp_path / "t.sources.parquet"
    )
    assert _summary(load(tmp_path / "t.parquet")) == reference


def test_parquet_typed_columns_become_contract_text(tmp_path):
    table = pa.table(
        {
            "id": pa.array([1, 2], pa.int64()),
            "date": pa.array([pd.Timestamp("2026-01-30"), pd.Timestamp("2026-02-01")]),
            "company": ["Nvidia", "AMD"],
            "regulator": ["US BIS", "US BIS"],
            "title": ["a", "b"],
            "score": pa.array([1.0, 2.5]),
        }
    )
    pq.write_table(table, tmp_path / "typed.parquet")
    model = load(tmp_path / "typed.parquet")
    assert list(model.events["id"]) == ["1", "2"]
    assert list(model.events["date"]) == ["2026-01-30", "2026-02-01"]
    assert list(model.events["score"]) == ["1", "2.5"]


def _records() -> list[dict]:
    out = []
    for row in EVENTS.to_dict("records"):
        row = {k: v for k, v in row.items() if v != ""}
        out.append(row)
    return out


def test_json_with_a_separate_sources_list(tmp_path, reference):
    path = tmp_path / "t.json"
    doc = {"events": _records(), "sources": SOURCES.to_dict("records")}
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False), encoding="utf-8")
    assert _summary(load(path)) == reference


def test_json_with_sources_nested_in_each_event(tmp_path, reference):
    by_id = {s["id"]: s for s in SOURCES.to_dict("records")}
    events = []
    for row in _records():
        ids = [s.strip() for s in row.pop("sources", "").split(";") if s.strip()]
        row["company"] = [c.strip() for c in row["company"].split(";")]
        if ids:
            row["sources"] = [by_id[i] for i in ids]
        events.append(row)
    path = tmp_path / "t.json"
    path.write_text(json.dumps(events, indent=1, ensure_ascii=False), encoding="utf-8")
    assert _summary(load(path)) == reference


def test_json_lines_point_at_each_object(write):
    path = write(
        "lines.json",
        '[\n {"id": "a", "date": "2026-01-01", "company": "X", "regulator": "US BIS",'
        ' "title": "t"},\n\n {"id": "b", "date": "bad", "company": "X",\n'
        '  "regulator": "US BIS", "title": "t"}\n]',
    )
    model = load(path)
    assert list(model.events["line"]) == [2]
    assert [(p.line, p.column) for p in model.problems] == [(4, "date")]


@pytest.mark.parametrize(
    ("dates", "order"),
    [
        (["25/12/2025", "03/04/2026", "05/06/2026"], "dmy"),
        (["12/25/2025", "04/03/2026", "06/05/2026"], "mdy"),
    ],
)
def test_day_first_or_month_first_when_the_column_settles_it(write, dates, order):
    rows = "".join(f"e{k},{d},Nvidia,US BIS,t{k}\n" for k, d in enumerate(dates))
    model = load(write(f"{order}.csv", "id,date,company,regulator,title\n" + rows))
    assert not model.problems
    assert list(model.events["start"]) == [
        load_iso(["2025-12-25", "2026-04-03", "2026-06-05"])[k] for k in range(3)
    ]


def load_iso(days: list[str]) -> list[float]:
    from viewer.record import dates as D

    return list(D.parse_dates(pd.Series(days)).start)
