"""Readers deliver text cells with the file line of every row, whatever the file's shape."""

import datetime as dt

import pytest

from viewer.io import read_table
from viewer.io.csv_reader import read_csv_cells
from viewer.record.problems import LoadError

HEADER = "id,date,company,regulator,title\n"


def test_line_numbers_survive_blank_lines_and_quoted_newlines(write):
    path = write(
        "t.csv",
        HEADER
        + "a,2026-01-01,Nvidia,US BIS,one\n"
        + "\n"
        + 'b,2026-01-02,Nvidia,US BIS,"two\nlines"\n'
        + "c,2026-01-03,Nvidia,US BIS,three\n",
    )
    frame, lines, problems = read_csv_cells(path)
    assert list(frame["id"]) == ["a", "b", "c"]
    assert list(lines) == [2, 4, 6]
    assert frame["title"][1] == "two\nlines"
    assert problems == []


def test_rows_with_wrong_field_counts_are_reported_with_their_line(write):
    path = write(
        "t.csv",
        HEADER
        + "a,2026-01-01,Nvidia,US BIS,one\n"
        + "b,2026-01-02,Nvidia\n"
        + "c,2026-01-03,Nvidia,US BIS,three,extra\n"
        + "d,2026-01-04,Nvidia,US BIS,four\n",
    )
    frame, lines, problems = read_csv_cells(path)
    assert list(frame["id"]) == ["a", "d"]
    assert list(lines) == [2, 5]
    assert [(p.line, p.reason) for p in problems] == [
        (3, "row has 3 fields, the header has 5"),
        (4, "row has 6 fields, the header has 5"),
    ]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiters_are_detected(write, delimiter):
    text = HEADER.replace(",", delimiter) + delimiter.join(
        ["a", "2026-01-01", "Nvidia", "US BIS", "t, with comma"]
    )
    if delimiter == ",":
        text = HEADER + 'a,2026-01-01,Nvidia,US BIS,"t, with comma"'
    frame, _, _ = read_csv_cells(write("t.csv", text + "\n"))
    assert frame["title"][0] == "t, with comma"


def test_windows_1252_and_bom_and_crlf(write):
    text = (HEADER + "a,2026-01-01,Nvidia,US BIS,Café crème\n").replace("\n", "\r\n")
    cp = write("cp.csv", text.encode("cp1252"))
    bom = write("bom.csv", b"\xef\xbb\xbf" + text.encode("utf-8"))
    for path in (cp, bom):
        frame, lines, _ = read_csv_cells(path)
        assert next(iter(frame.columns)) == "id"
        assert frame["title"][0] == "Café crème"
        assert list(lines) == [2]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary\x00", "binary"),
        (b"PK\x03\x04rest", "zip"),
    ],
)
def test_files_that_are_not_tables(write, content, reason):
    with pytest.raises(LoadError) as err:
        read_table(write("bad.csv", content))
    assert reason in str(err.value)
    assert "bad.csv" in str(err.value)


def test_missing_file_and_unknown_type(tmp_path, write):
    with pytest.raises(LoadError, match="no such file"):
        read_table(tmp_path / "nope.csv")
    with pytest.raises(LoadError, match="unsupported file type"):
        read_table(write("x.docx", "hello"))


def test_sources_file_is_read_beside_the_events(h200_path):
    table = read_table(h200_path)
    assert table.sources is not None
    assert table.sources_path.name == "h200_china.sources.csv"
    assert {"id", "publisher", "title", "url"} <= set(table.sources.columns)


def test_xlsx_events_and_sources_sheets(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    ev = book.active
    ev.title = "Events"
    ev.append(["id", "date", "company", "regulator", "title", "sources"])
    ev.append(["a", dt.datetime(2026, 1, 30), "DeepSeek", "CN MIIT", "Approval", "S1"])
    ev.append([])
    ev.append(["b", "2026-02", "Nvidia", "US BIS", "Rule", ""])
    src = book.create_sheet("Sources")
    src.append(["id", "publisher", "title", "url", "published"])
    src.append(["S1", "Reuters", "Título", "https://example.com/a", dt.date(2026, 1, 30)])
    path = tmp_path / "book.xlsx"
    book.save(path)
    table = read_table(path)
    assert list(table.events["date"]) == ["2026-01-30", "2026-02"]
    assert list(table.lines) == [2, 4]
    assert table.sources["published"][0] == "2026-01-30"


def test_broken_workbook(write):
    with pytest.raises(LoadError, match="not a readable Excel workbook"):
        read_table(write("broken.xlsx", b"PK\x03\x04 definitely not a workbook"))
