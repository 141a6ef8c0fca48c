"""Date cells become UTC intervals that keep their precision; bad cells give reasons."""

import numpy as np
import pandas as pd
import pytest

from tests.conftest import secs
from viewer.record import dates as D


@pytest.mark.parametrize(
    ("text", "start", "stop", "precision"),
    [
        ("2026-01-30", secs(2026, 1, 30), secs(2026, 1, 31), D.DAY),
        ("2026-02", secs(2026, 2, 1), secs(2026, 3, 1), D.MONTH),
        ("2026-Q1", secs(2026, 1, 1), secs(2026, 4, 1), D.QUARTER),
        ("2026-Q4", secs(2026, 10, 1), secs(2027, 1, 1), D.QUARTER),
        ("2026", secs(2026, 1, 1), secs(2027, 1, 1), D.YEAR),
        ("2026-02-15~", secs(2026, 2, 15), secs(2026, 2, 16), D.APPROX),
        ("2024-02-29", secs(2024, 2, 29), secs(2024, 3, 1), D.DAY),
        ("30 January 2026", secs(2026, 1, 30), secs(2026, 1, 31), D.DAY),
        ("1969-07-20", secs(1969, 7, 20), secs(1969, 7, 21), D.DAY),
    ],
)
def test_parses_each_precision(text, start, stop, precision):
    col = D.parse_dates(pd.Series([text]))
    assert col.errors == {}
    assert col.start[0] == start
    assert col.stop[0] == stop
    assert col.precision[0] == precision


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2026-13-01", "month 13 does not exist"),
        ("2026-02-30", "day 30 does not exist"),
        ("2025-02-29", "day 29 does not exist"),
        ("soon", "not a date"),
        ("2026-00", "month 0 does not exist"),
        ("2026-01- 1", "not a date"),  # (once taken by strptime, then a crash)
    ],
)
def test_bad_cells_give_reasons(text, reason):
    col = D.parse_dates(pd.Series(["2026-01-01", text]))
    assert col.precision[0] == D.DAY
    assert col.precision[1] == D.NO_DATE
    assert reason in col.errors[1]


def test_empty_cells_are_not_errors():
    col = D.parse_dates(pd.Series(["", None, "  "]))
    assert col.errors == {}
    assert (col.precision == D.NO_DATE).all()


def test_slash_dates_follow_the_column():
    dayfirst = D.parse_dates(pd.Series(["13/04/2026", "05/06/2026"]))
    assert dayfirst.errors == {}
    assert dayfirst.start[1] == secs(2026, 6, 5)
    monthfirst = D.parse_dates(pd.Series(["04/13/2026", "05/06/2026"]))
    assert monthfirst.start[1] == secs(2026, 5, 6)


def test_ambiguous_slash_column_is_reported_with_an_example():
    col = D.parse_dates(pd.Series(["03/04/2026", "05/06/2026"]), column="Effective Date")
    assert set(col.errors) == {0, 1}
    assert "ambiguous" in col.errors[0]
    assert "Effective Date" in col.errors[0]
    assert "03/04/2026" in col.errors[0]


def test_formats_state_the_precision():
    def fmt(text):
        col = D.parse_dates(pd.Series([text]))
        return D.format_long(col.start[0], col.stop[0], int(col.precision[0]))

    assert fmt("2026-01-30") == "30 January 2026"
    assert fmt("2026-02") == "February 2026 (month)"
    assert fmt("2026-Q1") == "Q1 2026 (quarter)"
    assert fmt("2026") == "2026 (year)"
    assert fmt("2026-02-15~") == "about 15 February 2026"


def test_iso_round_trip():
    texts = ["2026-01-30", "2026-02", "2026-Q3", "2026", "2026-02-15~"]
    col = D.parse_dates(pd.Series(texts))
    triples = zip(col.start, col.stop, col.precision, strict=True)
    out = [D.format_iso(a, b, int(p)) for a, b, p in triples]
    assert out == texts


def test_a_column_of_dates_is_written_as_one_date_is():
    """iso_dates (tables, registers) and format_iso (one date) write every date alike,
    approximate ones at the precision their interval spans, BCE years too."""
    texts = ["2026-01-30", "2026-02", "2026-Q3", "2026", "2026-02-15~", "-0044-03-15", ""]
    col = D.parse_dates(pd.Series(texts))
    triples = zip(col.start, col.stop, col.precision, strict=True)
    one = [D.format_iso(a, b, int(p)) for a, b, p in triples]
    assert D.iso_dates(col.start, col.stop, col.precision).tolist() == one == texts


def test_days_and_years_of_any_instant():
    assert D.long_day(secs(2026, 1, 30) + 3600) == "30 January 2026"
    assert D.iso_day(secs(2026, 1, 30) + 3600) == "2026-01-30"
    assert D.year_of(secs(1969, 12, 31) + 86399) == 1969
    assert D.year_of(D.parse_one("-0500")[0]) == -500
    assert D.year_text(D.year_of(D.parse_one("-0500-06")[0])) == "500 BCE"


def test_large_columns_parse_vectorised():
    texts = pd.Series(np.repeat(["2026-01-30", "2025-12", "2024-Q2", "bad"], 5000))
    col = D.parse_dates(texts)
    assert len(col.errors) == 5000
    assert (col.precision[:5000] == D.DAY).all()
    assert (col.precision[5000:10000] == D.MONTH).all()
    assert (col.precision[10000:15000] == D.QUARTER).all()


def test_parse_one_raises_for_nonsense():
    assert D.parse_one("2026-01")[2] == D.MONTH
    with pytest.raises(ValueError):
        D.parse_one("next tuesday")


def test_fixed_width_cells_read_from_bytes_match_the_general_parsers(monkeypatch):
    """`YYYY-MM-DD`, `YYYY-MM`, `YYYY` and `YYYY-Qn` cells (also ending in `~`) are read
    straight from the bytes; every cell gives what the general parsers give, including leap
    days, impossible days and quarters, and far years."""
    rng = np.random.default_rng(6)
    years = rng.integers(900, 2300, 3000)
    months = rng.integers(0, 14, 3000)
    days = rng.integers(0, 33, 3000)
    cells = [f"{y:04d}-{m:02d}-{d:02d}" for y, m, d in zip(years, months, days, strict=True)]
    cells += [f"{y:04d}-{m:02d}" for y, m in zip(years, months, strict=True)]
    cells += ["2000-02-29", "1900-02-29", "2100-02-29", "1600-02-29", "1000-01-01", "0999-12-31"]
    cells += ["9999-12-31", "9999-12", "1969-12-31", "1970-01", "2026-1-05", "2026-0a-01"]
    cells += ["2026--1-01", "+026-01-01", "2026/01/05", "2026-01-05~", "2026-12", "", " 2026-03 "]
    cells += [f"{y:04d}" + mark for y, mark in zip(years, "~?%x " * 600, strict=True)]
    cells += [f"{y:04d}-{q}{m % 6}" for y, q, m in zip(years, "Qq-" * 1000, months, strict=True)]
    cells += [c + "~" for c in cells[:6000]] + ["9999", "9999-Q4~", "2026Q1", "2026-Q1 ~"]
    column = pd.Series(cells, dtype="string")
    fast = D.parse_dates(column)
    assert all((fast.precision == p).sum() > 500 for p in (D.DAY, D.MONTH, D.QUARTER, D.YEAR))
    assert (fast.precision == D.APPROX).sum() > 1000
    monkeypatch.setattr(D, "_fixed_width_iso", lambda *args: None)
    general = D.parse_dates(column)
    np.testing.assert_array_equal(fast.start, general.start)
    np.testing.assert_array_equal(fast.stop, general.stop)
    np.testing.assert_array_equal(fast.precision, general.precision)
    assert fast.errors == general.errors
