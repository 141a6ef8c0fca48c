"""The normalised model: validated rows, codes, marks, sources and problems. No Qt here."""

import re

import numpy as np
import pandas as pd
import pytest

from tests.conftest import BUNDLED_COMPANIES, BUNDLED_EVENTS
from viewer.io import load
from viewer.record import dates as D
from viewer.record.problems import LoadError
from viewer.record.vocab import ALL_COMPANIES

HEADER = "id,date,end_date,company,regulator,title,status,related,sources,reported\n"


def test_bundled_record_loads_cleanly(h200_model):
    m = h200_model
    assert m.problems == []
    assert len(m.events) == BUNDLED_EVENTS
    assert len(m.rows) > BUNDLED_EVENTS  # status history rows
    assert {"Nvidia", "DeepSeek", "ByteDance", "Alibaba", "Tencent", "AMD"} <= set(m.companies)
    assert m.companies[0] == ALL_COMPANIES
    assert m.summary().startswith(f"{BUNDLED_EVENTS} events · {len(BUNDLED_COMPANIES)} companies")
    assert re.search(r" · Oct 2022 – \w{3} 20\d\d$", m.summary())


def test_summary_range_ends_where_the_last_interval_ends(write):
    """A year-only last event covers the whole year; a period counts to its end."""
    year = write(
        "year.csv", "date,company,regulator,title\n1951-03-02,A,US BIS,a\n1985,A,US BIS,b\n"
    )
    assert load(year).summary().endswith("Mar 1951 – Dec 1985")
    period = write(
        "period.csv",
        "date,end_date,company,regulator,title\n2025-01-10,2025-06-30,A,US BIS,a\n"
        "2025-03-01,,A,US BIS,b\n",
    )
    assert load(period).summary().endswith("Jan 2025 – Jun 2025")


def test_bundled_record_is_honest_and_cited(h200_model):
    m = h200_model
    ev = m.events
    for i in range(len(ev)):
        sources = m.event_sources(i)
        assert len(sources) >= 1, ev["id"].iat[i]
        assert (sources["publisher"] != "").all() and (sources["title"] != "").all()
    # Approvals known only from sources are never in force.
    for eid in ("cn-deepseek-approval", "cn-h200-first-batch", "cn-ndrc-conditions"):
        assert ev.loc[ev["id"] == eid, "status"].item() in ("conditional", "reported", "pending")
    # Conflicting claims are linked.
    denial = m.index_of("nv-prepay-denial")
    assert ("nv-prepay-report", True) in m.related(denial)
    huang = m.index_of("nv-huang-no-confirmation")
    assert any(d for _, d in m.related(huang))


def test_deepseek_approval_is_conditional_with_sources(h200_model):
    m = h200_model
    i = m.index_of("cn-deepseek-approval")
    ev = m.events.iloc[i]
    assert ev["status"] == "conditional"
    assert D.format_long(ev["start"], ev["stop"], int(ev["precision"])) == "30 January 2026"
    publishers = list(m.event_sources(i)["publisher"])
    assert any("Reuters" in p for p in publishers)
    assert m.event_companies(i) == ["DeepSeek"]


def test_multi_company_event_has_one_mark_per_company(h200_model):
    m = h200_model
    i = m.index_of("cn-h200-first-batch")
    assert sorted(m.event_companies(i)) == ["Alibaba", "ByteDance", "Tencent"]


def test_marks_are_sorted_by_lane_then_start(h200_model):
    mk = h200_model.marks
    lane = mk.company.astype(np.int64) * 100 + mk.track
    key = np.lexsort((mk.start, lane))
    assert (key == np.arange(len(mk))).all()


def test_tracks_and_jurisdictions_are_derived(write):
    path = write(
        "t.csv",
        HEADER
        + "a,2026-01-01,,Nvidia,US BIS,r,,,,\n"
        + "b,2026-01-02,,Nvidia,cn  ndrc,c,,,,\n"
        + "c,2026-01-03,,Nvidia,Nvidia,s,statement,,,\n",
    )
    m = load(path)
    assert list(m.events["track"]) == ["US export permission", "NDRC condition", "Other"]
    assert list(m.events["jurisdiction"]) == ["US", "CN", ""]
    assert list(m.events["regulator"]) == ["US BIS", "cn ndrc", "Nvidia"]


def test_bad_rows_are_left_out_and_listed_with_line_and_column(write):
    path = write(
        "t.csv",
        HEADER
        + "a,2026-01-01,,Nvidia,US BIS,good,,,,\n"
        + "b,2026-13-01,,Nvidia,US BIS,bad month,,,,\n"
        + "c,2026-01-05,2026-01-01,Nvidia,US BIS,backwards,,,,\n"
        + "a,2026-01-06,,Nvidia,US BIS,duplicate,,,,\n"
        + "d,2026-01-07,,Nvidia,US BIS,dangling,,ghost,,\n"
        + "e,2026-01-08,,,US BIS,no company,,,,\n",
    )
    m = load(path)
    assert list(m.events["id"]) == ["a"]
    found = {(p.line, p.column) for p in m.problems}
    assert found == {(3, "date"), (4, "end_date"), (5, "id"), (6, "related"), (7, "company")}
    by_line = {p.line: p for p in m.problems}
    assert "month 13" in by_line[3].reason and by_line[3].value == "2026-13-01"
    assert by_line[4].reason == "end before start"
    assert "line 2" in by_line[5].reason
    assert "ghost" in by_line[6].reason
    assert by_line[7].reason == "missing required value"
    assert m.dropped_rows == 5


def test_missing_required_column_is_a_file_error(write):
    path = write("t.csv", "when,company,regulator,title\n2026-01-01,a,b,c\n")
    with pytest.raises(LoadError) as err:
        load(path)
    assert "'date'" in str(err.value) and "t.csv" in str(err.value)


def test_status_history_keeps_the_latest_report(write):
    path = write(
        "t.csv",
        HEADER
        + "x,2026-01-20,,DeepSeek,CN MIIT,approval,pending,,,2026-01-23\n"
        + "x,2026-01-20,,DeepSeek,CN MIIT,approval,conditional,,,2026-01-30\n"
        + "x,2026-01-20,,DeepSeek,CN MIIT,approval,approved,,,2026-01-30\n",
    )
    m = load(path)
    assert len(m.events) == 1
    assert m.events["status"].item() == "conditional"
    assert len(m.history(0)) == 2
    assert [(p.line, p.column) for p in m.problems] == [(4, "id")]


def test_reported_defaults_to_earliest_source_then_date(tmp_path):
    (tmp_path / "t.csv").write_text(
        HEADER
        + "a,2026-01-01,,Nvidia,US BIS,r,,,S1; S2,\n"
        + "b,2026-01-02,,Nvidia,US BIS,r,,,,\n"
        + "c,2026-01-03,,Nvidia,US BIS,r,,,S1,2026-01-04\n"
    )
    (tmp_path / "t.sources.csv").write_text(
        "id,publisher,title,url,published\nS1,P,T,,2026-01-09\nS2,P,T,,2026-01-07\n"
    )
    m = load(tmp_path / "t.csv")
    got = [D.format_iso(t, t + 86400, D.DAY) for t in m.events["reported_at"]]
    assert got == ["2026-01-07", "2026-01-02", "2026-01-04"]


def test_reported_from_sources_stays_with_its_row_when_rows_before_it_are_dropped(tmp_path):
    """Dropped rows (no date, no company) before and between citing rows: each kept row's
    reported time is still that of its own first source."""
    (tmp_path / "t.csv").write_text(
        HEADER
        + "x,,,Nvidia,US BIS,r,,,S2,\n"
        + "a,2026-01-01,,Nvidia,US BIS,r,,,S1,\n"
        + "y,2026-01-01,,,US BIS,r,,,S2,\n"
        + "b,2026-01-02,,Nvidia,US BIS,r,,,S2; S3,\n"
        + "c,2026-01-03,,Nvidia,US BIS,r,,,,\n"
    )
    (tmp_path / "t.sources.csv").write_text(
        "id,publisher,title,url,published\nS1,P,T,,2026-01-09\nS2,P,T,,2026-01-07\n"
        "S3,P,T,,2026-01-05\n"
    )
    m = load(tmp_path / "t.csv")
    assert list(m.events["id"]) == ["a", "b", "c"]
    got = [D.format_iso(t, t + 86400, D.DAY) for t in m.events["reported_at"]]
    assert got == ["2026-01-09", "2026-01-05", "2026-01-03"]


def test_unknown_source_id_is_kept_with_a_remark(tmp_path):
    (tmp_path / "t.csv").write_text(HEADER + "a,2026-01-01,,Nvidia,US BIS,r,,,S9,\n")
    m = load(tmp_path / "t.csv")
    assert len(m.events) == 1
    assert [(p.column, p.dropped) for p in m.problems] == [("sources", False)]


def test_inline_source_columns_become_sources(write):
    path = write(
        "t.csv",
        "date,company,regulator,title,source,source_url,source_date\n"
        "2026-01-01,Nvidia,US BIS,r,Reuters,https://example.com,2026-01-02\n",
    )
    m = load(path)
    src = m.event_sources(0)
    assert list(src["publisher"]) == ["Reuters"]
    assert list(src["url"]) == ["https://example.com"]
    assert m.events["id"].item() == "row-2"


def test_extra_columns_are_kept(write):
    path = write("t.csv", "date,company,regulator,title,Licence No\n2026-01-01,A,US BIS,t,L-77\n")
    m = load(path)
    assert m.extra_columns == ["Licence No"]
    assert m.events["Licence No"].item() == "L-77"


def test_all_companies_and_periods(write):
    path = write(
        "t.csv",
        "date,end_date,company,regulator,title\n"
        "2025-12-18,2026-01-17,all,US Commerce,review\n"
        "2026-02,,Nvidia; AMD; Nvidia,US BIS,month\n",
    )
    m = load(path)
    assert m.event_companies(0) == [ALL_COMPANIES]
    assert sorted(m.event_companies(1)) == ["AMD", "Nvidia"]
    review = m.events.iloc[0]
    assert review["end_stop"] - review["start"] == 31 * 86400
    assert pd.isna(m.events["end"].iat[1])


def test_one_key_sort_of_marks_matches_two_stable_sorts():
    """Marks are ordered by lane, then start, then position: the one-key sort (whole seconds)
    and the fallback (fractions, a span too wide for one key, no dates) agree."""
    from viewer.record.marks import _lane_start_order

    rng = np.random.default_rng(6)
    lane = rng.integers(0, 40, 20000)
    for start in (
        rng.integers(0, 400, 20000) * 86400.0 - 3e8,  # many ties: the position decides
        rng.integers(0, 400, 20000) * 86400.0 + 0.5 * (rng.random(20000) < 0.01),
        np.where(rng.random(20000) < 0.5, -6e10, 2.5e11) + rng.integers(0, 9, 20000),
        np.where(rng.random(20000) < 0.01, np.nan, rng.integers(0, 9, 20000) * 1.0),
    ):
        by_start = np.argsort(start, kind="stable")
        expected = by_start[np.argsort(lane[by_start], kind="stable")]
        np.testing.assert_array_equal(_lane_start_order(lane, start), expected)
    assert len(_lane_start_order(lane[:0], np.zeros(0))) == 0


def test_cells_naming_several_companies_give_one_mark_each(write):
    path = write(
        "t.csv",
        "id,date,company,regulator,title\n"
        "a,2026-01-05,Nvidia,US BIS,A\n"
        "b,2026-01-04,AMD; Nvidia; amd;Intel;AMD,US BIS,B\n"
        "c,2026-01-03,all; Nvidia,US BIS,C\n"
        "d,2026-01-02,Intel,US BIS,D\n",
    )
    model = load(path)
    assert model.companies == [ALL_COMPANIES, "Nvidia", "AMD", "amd", "Intel"]
    assert [model.event_companies(i) for i in range(4)] == [
        ["Nvidia"],
        ["Nvidia", "AMD", "amd", "Intel"],
        [ALL_COMPANIES, "Nvidia"],
        ["Intel"],
    ]
    assert model.marks.event.tolist() == [2, 2, 1, 0, 1, 1, 3, 1]  # by lane, then start


def test_relations_name_each_related_event_once(write):
    from viewer.record.relations import relations_of

    path = write(
        "rel.csv",
        "id,date,company,regulator,title,related\n"
        "a,2026-01-01,A,US BIS,a,b;disputes:c;d\n"
        "b,2026-01-02,A,US BIS,b,a\n"
        "c,2026-01-03,A,US BIS,c,disputes:a\n"
        "d,2026-01-04,A,US BIS,d,disputes:a\n"
        "e,2026-01-05,A,US BIS,e,a\n",
    )
    m = load(path)
    notes = {r.event_id: r.note for r in relations_of(m, m.index_of("a"))}
    assert notes == {
        "b": "",
        "c": "each disputes the other",
        "d": "disputes this event",
        "e": "refers to this event",
    }
    assert [r.note for r in relations_of(m, m.index_of("d"))] == ["this event disputes it"]
