"""The record as known on a day, status history, flags and changes: models only, no Qt."""

import numpy as np
import pandas as pd
import pytest

from tests.conftest import BUNDLED_EVENTS, secs
from viewer.io import load
from viewer.record import dates as D
from viewer.record.as_of import format_as_of, known_on, parse_as_of, report_range
from viewer.record.changes import CHANGED, NEW, UNCHANGED, change_kinds, changes_since, describe
from viewer.record.claims import claims_of
from viewer.shown.content import make_content
from viewer.shown.mark_looks import APPROX, PERIOD, POINT, SPAN
from viewer.shown.palette import regulator_colours

DAY = 86400.0


def day(text: str) -> float:
    return parse_as_of(text)


HISTORY = (
    "id,date,end_date,company,regulator,title,status,related,sources,reported\n"
    # x: pending when first reported on the 23rd, conditional from the 30th (status history)
    "x,2026-01-20,,DeepSeek,CN MIIT,approval,pending,,,2026-01-23\n"
    "x,2026-01-20,,DeepSeek; Tencent,CN MOFCOM,approval,conditional,,,2026-01-30\n"
    # y: no reported column: its date
    "y,2026-01-25,,Nvidia,US BIS,rule,in force,,,\n"
    # z: disputes y, reported on its date
    "z,2026-01-27,,Nvidia,Nvidia,denial,statement,disputes:y,,\n"
    # w: an expected launch, known since the 2nd
    "w,2026-02-15~,,DeepSeek,DeepSeek,launch,expected,x,,2026-01-02\n"
    # v: an ongoing review
    "v,2026-01-10,ongoing,AMD,US Commerce,review,pending,,,\n"
)


@pytest.fixture
def history(write):
    m = load(write("h.csv", HISTORY))
    assert m.problems == []
    m.today = secs(2026, 3, 1)
    return m


def ids(model):
    return list(model.events["id"])


def test_as_of_keeps_rows_reported_by_the_end_of_the_day(history):
    m = history
    assert ids(known_on(m, day("2026-01-01"))) == []
    assert ids(known_on(m, day("2026-01-02"))) == ["w"]
    assert ids(known_on(m, day("2026-01-22"))) == ["w", "v"]  # v reported on its date, 10 Jan
    assert sorted(ids(known_on(m, day("2026-01-23")))) == ["v", "w", "x"]
    assert sorted(ids(known_on(m, day("2026-01-29")))) == ["v", "w", "x", "y", "z"]
    assert known_on(m, None) is m


def test_status_changes_between_two_reported_dates(history):
    m = history

    def state(on):
        d = known_on(m, day(on))
        i = d.index_of("x")
        return d.events["status"].iat[i], d.events["regulator"].iat[i], d.event_companies(i)

    assert state("2026-01-23") == ("pending", "CN MIIT", ["DeepSeek"])
    assert state("2026-01-29") == ("pending", "CN MIIT", ["DeepSeek"])
    assert state("2026-01-30") == ("conditional", "CN MOFCOM", ["DeepSeek", "Tencent"])
    # The history shown on a day stops at that day.
    early = known_on(m, day("2026-01-29"))
    assert list(early.history(early.index_of("x"))["status"]) == ["pending"]
    late = known_on(m, day("2026-01-30"))
    assert list(late.history(late.index_of("x"))["status"]) == ["pending", "conditional"]
    # The full model shows the latest report.
    assert m.events.loc[m.events["id"] == "x", "status"].item() == "conditional"


def test_derived_models_keep_the_full_models_codes(history):
    m = history
    d = known_on(m, day("2026-01-23"))  # only MIIT, DeepSeek... are in use
    assert d.regulators[: len(m.regulators)] == m.regulators
    assert d.companies[: len(m.companies)] == m.companies
    assert d.statuses == m.statuses and d.tracks == m.tracks
    for i in range(len(d.events)):
        code = d.events["regulator_code"].iat[i]
        assert d.regulators[code] == d.events["regulator"].iat[i]
        assert d.statuses[d.events["status_code"].iat[i]] == d.events["status"].iat[i]
    assert regulator_colours(d.regulators)[: len(m.regulators)] == regulator_colours(m.regulators)
    for k in range(len(d.marks)):
        i = d.marks.event[k]
        assert d.companies[d.marks.company[k]] in d.events["company"].iat[i]
    lane = d.marks.company.astype(np.int64) * 100 + d.marks.track
    assert (np.lexsort((d.marks.start, lane)) == np.arange(len(d.marks))).all()


def test_derived_models_are_cached_and_know_their_day(history):
    m = history
    a = known_on(m, day("2026-01-29"))
    assert known_on(m, day("2026-01-29")) is a
    assert known_on(a, day("2026-01-23")) is known_on(
        m, day("2026-01-23")
    )  # always from the full model
    assert a.as_of == secs(2026, 1, 29) and a.base is m
    assert a.today == secs(2026, 1, 30)  # the end of the as-of day
    assert format_as_of(a.as_of) == "29 January 2026"


def test_ongoing_period_runs_to_the_as_of_day(history):
    m = history
    d = known_on(m, day("2026-01-20"))
    content = make_content(d)
    idx = content.index
    j = idx.entries_of_event(d.index_of("v"))[0]
    assert idx.kind[j] == PERIOD and idx.open_end[j]
    assert idx.x1[j] == secs(2026, 1, 21)
    full = make_content(m).index
    k = full.entries_of_event(m.index_of("v"))[0]
    assert full.x1[k] == m.today


def test_parse_as_of_takes_the_last_day_of_an_interval():
    assert parse_as_of("2026-01-20") == secs(2026, 1, 20)
    assert parse_as_of("2026-01") == secs(2026, 1, 31)
    assert parse_as_of("2025") == secs(2025, 12, 31)
    with pytest.raises(ValueError, match="not a date"):
        parse_as_of("last tuesday")


def test_report_range_runs_from_first_report_to_today(history):
    first, last = report_range(history)
    assert first == secs(2026, 1, 2)
    assert last == secs(2026, 3, 1)


# -- the bundled record -------------------------------------------------------------------------


def expected_ids_known_on(model, on: str) -> set[str]:
    """An independent reading: ids with a row whose reported date is on or before the day."""
    rows = model.rows
    cutoff = day(on) + DAY
    return set(rows.loc[rows["reported_at"] < cutoff, "id"])


@pytest.mark.parametrize("on", ["2025-12-31", "2026-01-14", "2026-01-20", "2026-01-29", "2026-02"])
def test_bundled_record_as_of_matches_an_independent_reading(h200_model, on):
    d = known_on(h200_model, day(on))
    assert set(d.events["id"]) == expected_ids_known_on(h200_model, on)
    assert d.events["id"].is_unique


def test_bundled_approvals_appear_when_reported(h200_model):
    m = h200_model
    assert known_on(m, day("2026-01-27")).index_of("cn-h200-first-batch") is None
    first = known_on(m, day("2026-01-28"))
    i = first.index_of("cn-h200-first-batch")
    assert list(first.event_sources(i).index) == ["S45"]
    assert first.index_of("cn-deepseek-approval") is None
    assert first.index_of("nv-huang-no-confirmation") is None  # said on the 29th
    later = known_on(m, day("2026-01-30"))
    j = later.index_of("cn-h200-first-batch")
    assert list(later.event_sources(j).index) == ["S45", "S48", "S49", "S50"]
    assert later.index_of("cn-deepseek-approval") is not None
    assert later.events["status"].iat[j] == "conditional"  # never in force on sources alone


def test_bundled_reported_dates_never_precede_what_they_report(h200_model):
    """Sources dated only to a month count from the event's own date within that month."""
    rows = h200_model.rows
    early = rows["reported_at"] < rows["start"]
    # Announced before they take effect or happen: a rule, two plans, a planned summit.
    assert set(rows.loc[early, "id"]) == {
        "us-bis-h200-rule",
        "nv-h200-ship-plan",
        "ds-v4-expected",
        "us-beijing-summit",
    }
    ev = h200_model.events
    huang = ev.loc[ev["id"] == "nv-huang-no-confirmation", "reported_at"].item()
    assert huang == secs(2026, 1, 29)
    v4 = rows.loc[rows["id"] == "ds-v4-expected", "reported_at"].min()
    assert v4 == secs(2026, 1, 30)  # the dated source; the other is only "January 2026"


def test_month_dated_source_reports_from_the_event_date(tmp_path):
    (tmp_path / "t.csv").write_text(
        "id,date,company,regulator,title,status,sources\n"
        "a,2026-01-29,Nvidia,Nvidia,said,statement,S1\n"
        "b,2026-02-15~,DeepSeek,DeepSeek,launch,expected,S1\n"
        "c,2025-12-10,Nvidia,Nvidia,before,statement,S1\n"
    )
    (tmp_path / "t.sources.csv").write_text("id,publisher,title,published\nS1,P,T,2026-01\n")
    m = load(tmp_path / "t.csv")
    got = [D.format_iso(t, t + DAY, D.DAY) for t in m.events["reported_at"]]
    assert got == ["2026-01-29", "2026-01-31", "2026-01-01"]


# -- flags ----------------------------------------------------------------------------------------


def test_expected_event_is_flagged_once_its_date_has_passed(history):
    m = history
    w = m.index_of("w")
    m.today = secs(2026, 2, 20)  # inside the approximate date's margin: still planned
    assert not claims_of(m).overdue[w]
    m.today = secs(2026, 2, 23)  # 15 Feb + 1 day + 7 days of margin
    assert claims_of(m).overdue[w]
    assert claims_of(m).overdue.sum() == 1
    # As known on a day before, it was not yet due.
    assert not claims_of(known_on(m, day("2026-02-10"))).overdue.any()


def test_a_later_report_clears_the_expected_flag(write):
    m = load(
        write(
            "t.csv",
            "id,date,company,regulator,title,status,reported\n"
            "a,2026-02-15~,DeepSeek,DeepSeek,V4,expected,2026-01-20\n"
            "a,2026-04-24,DeepSeek,DeepSeek,V4 preview,statement,2026-04-24\n",
        )
    )
    m.today = secs(2026, 5, 1)
    assert not claims_of(m).overdue.any()
    d = known_on(m, day("2026-03-01"))
    assert d.events["status"].item() == "expected"
    assert claims_of(d).overdue.all()


def test_disputes_mark_both_claims_and_pairs_point_at_the_disputed(history):
    m = history
    c = claims_of(m)
    y, z, x, w = (m.index_of(k) for k in "yzxw")
    assert c.disputes[z] and not c.disputes[y]
    assert c.disputed[y] and not c.disputed[z]
    assert set(np.flatnonzero(c.contested)) == {y, z}
    pairs = set(zip(c.pair_a.tolist(), c.pair_b.tolist(), c.pair_dispute.tolist(), strict=True))
    assert pairs == {(z, y, True), (w, x, False)}
    # Before the denial was reported, nothing was disputed.
    d = known_on(m, day("2026-01-26"))
    assert not claims_of(d).contested.any()


def test_bundled_conflicts_are_flagged(h200_model):
    m = h200_model
    m_today = m.today
    try:
        m.today = secs(2026, 11, 28)
        c = claims_of(m)
        assert not c.overdue.any()  # later reports closed both expectations

        def overdue_on(day: str) -> set[str]:
            known = known_on(m, parse_as_of(day))
            return set(known.events["id"][claims_of(known).overdue])

        assert overdue_on("2026-02-20") == set()
        assert overdue_on("2026-02-23") == {"ds-v4-expected", "nv-h200-ship-plan"}
        assert overdue_on("2026-02-25") == {"ds-v4-expected"}  # no deliveries, said on the 24th
        assert overdue_on("2026-04-25") == set()  # the V4 preview of 24 April
        contested = set(m.events["id"][c.contested])
        assert {
            "cn-customs-h200-block",
            "cn-h200-first-batch",
            "cn-deepseek-approval",
            "nv-prepay-report",
            "nv-prepay-denial",
            "nv-huang-no-confirmation",
        } <= contested
        blocks = m.index_of("cn-customs-h200-block")
        disputers = set(m.events["id"].to_numpy()[c.pair_a[c.pair_dispute & (c.pair_b == blocks)]])
        assert disputers == {"cn-h200-first-batch", "cn-deepseek-approval"}
    finally:
        m.today = m_today


def test_bundled_interagency_review_is_a_thirty_day_period(h200_model):
    m = h200_model
    i = m.index_of("us-h200-interagency-review")
    ev = m.events.iloc[i]
    assert ev["start"] == secs(2025, 12, 18)
    assert ev["end_stop"] == secs(2026, 1, 18)  # through 17 January
    idx = make_content(m).index
    assert (idx.kind[idx.entries_of_event(i)] == PERIOD).all()


# -- precision ---------------------------------------------------------------------------------


def test_precision_intervals_and_mark_kinds(write):
    m = load(
        write(
            "p.csv",
            "id,date,company,regulator,title\n"
            "d,2026-01-30,A,US BIS,day\n"
            "m,2026-02,A,US BIS,month\n"
            "q,2026-Q1,A,US BIS,quarter\n"
            "y,2026,A,US BIS,year\n"
            "a,2026-02-15~,A,US BIS,about\n",
        )
    )
    ev = m.events.set_index("id")
    spans = {k: ((ev.at[k, "stop"] - ev.at[k, "start"]) / DAY) for k in "dmqya"}
    assert spans == {"d": 1, "m": 28, "q": 90, "y": 365, "a": 1}
    texts = {
        k: D.format_long(ev.at[k, "start"], ev.at[k, "stop"], int(ev.at[k, "precision"]))
        for k in "dmqya"
    }
    assert texts == {
        "d": "30 January 2026",
        "m": "February 2026 (month)",
        "q": "Q1 2026 (quarter)",
        "y": "2026 (year)",
        "a": "about 15 February 2026",
    }
    idx = make_content(m).index
    kinds = {m.events["id"].iat[int(e)]: int(k) for e, k in zip(idx.event, idx.kind, strict=True)}
    assert kinds == {"d": POINT, "m": SPAN, "q": SPAN, "y": SPAN, "a": APPROX}
    # Sorted by the start of each interval: the year and the quarter (1 January) come first.
    order = [m.events["id"].iat[int(e)] for e in idx.event]
    assert set(order[:2]) == {"y", "q"} and order[2:] == ["d", "m", "a"]


# -- changes since ----------------------------------------------------------------------------


def test_changes_since_a_day_new_and_changed(history):
    m = history
    kinds = dict(zip(m.events["id"], change_kinds(m, day("2026-01-24")), strict=True))
    assert kinds == {"x": CHANGED, "y": NEW, "z": NEW, "w": UNCHANGED, "v": UNCHANGED}
    brief = changes_since(m, day("2026-01-24"))
    assert [m.events["id"].iat[c.event] for c in brief] == ["x", "z", "y"]  # latest first
    x = brief[0]
    assert (x.kind, x.before, x.after) == (CHANGED, "pending", "conditional")
    assert describe(x) == "changed: pending → conditional"
    assert describe(brief[1]) == "new"
    # As known on the 29th, the conditional report had not come out: x is unchanged.
    d = known_on(m, day("2026-01-29"))
    kinds = dict(zip(d.events["id"], change_kinds(d, day("2026-01-24")), strict=True))
    assert kinds["x"] == UNCHANGED and kinds["y"] == NEW
    assert (change_kinds(m, None) == 0).all()


def test_changes_since_on_the_bundled_record(h200_model):
    m = h200_model
    brief = changes_since(m, day("2026-01-29"))
    got = {m.events["id"].iat[c.event]: describe(c) for c in brief}
    assert got["cn-h200-first-batch"] == "changed (new report)"  # conditional both times
    assert got["cn-deepseek-approval"] == "new"
    rows = m.rows
    reported = rows.groupby("id")["reported_at"]
    expected_new = set(reported.min()[reported.min() >= day("2026-01-30")].index)
    assert {k for k, v in got.items() if v == "new"} == expected_new
    assert isinstance(pd.Series(list(got)), pd.Series)


def test_lane_groups_keep_the_full_records_order_on_any_day(h200_model):
    full = [g.name for g in make_content(h200_model).layout.groups]
    for on in ("2025-12-31", "2026-01-13", "2026-01-29"):
        shown = [g.name for g in make_content(known_on(h200_model, day(on))).layout.groups]
        assert shown == [name for name in full if name in shown]


def test_snapshot_caption_and_table_provenance_name_the_as_of_day(h200_model):
    from viewer.export.describe import caption
    from viewer.export.table import provenance
    from viewer.shown.filters import Filters

    d = known_on(h200_model, day("2026-01-20"))
    text = caption(d, Filters(), (secs(2026, 1, 1), secs(2026, 2, 1)), len(d))
    assert text.startswith(f"As known on 20 January 2026 · {len(d)} of {BUNDLED_EVENTS} events")
    assert provenance(make_content(d))["as_of"] == "20 January 2026"
    assert provenance(make_content(h200_model))["as_of"] == "latest reports"
