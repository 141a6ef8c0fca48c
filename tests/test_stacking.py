"""Stacking rows into sub-rows (viewer/shown/stacking.py), checked without Qt."""

import numpy as np
import pytest

from tests.conftest import secs
from viewer.io import load
from viewer.shown import stacking as S
from viewer.shown.content import make_content

DAY = 86400.0


def table(rows: list[tuple[str, str, str]]) -> str:
    """Events (date, company, title) of one regulator, as a CSV table."""
    lines = ["id,date,company,regulator,title"]
    lines += [f"e{i},{d},{c},US BIS,{t}" for i, (d, c, t) in enumerate(rows)]
    return "\n".join(lines) + "\n"


@pytest.fixture
def crowded(write):
    """Acme: nine events on one day and two far apart; Beta: two events a day apart."""
    rows = [("2026-01-10", "Acme", f"same day {k}") for k in range(9)]
    rows += [("2025-06-01", "Acme", "early"), ("2026-06-01", "Acme", "late")]
    rows += [("2026-01-10", "Beta", "first"), ("2026-01-11", "Beta", "second")]
    return make_content(load(write("crowded.csv", table(rows))))


def labels(width: float):
    return lambda entries: np.full(len(entries), width)


def row_of(content, company: str) -> int:
    m = content.model
    return next(i for i, r in enumerate(content.layout.rows) if m.companies[r.company] == company)


def entries_of(content, row: int) -> np.ndarray:
    idx = content.index
    return np.arange(idx.row_ptr[row], idx.row_ptr[row + 1])


def naive_first_fit(left, right, cap):
    """Each interval in turn (by left) to the first sub-row whose last interval has ended."""
    ends: list[float] = []
    out = []
    for lo, hi in zip(left, right, strict=True):
        k = next((k for k, end in enumerate(ends) if lo >= end), None)
        if k is None and len(ends) < cap:
            ends.append(-np.inf)
            k = len(ends) - 1
        if k is not None:
            ends[k] = hi
        out.append(-1 if k is None else k)
    return out


def test_first_fit_gives_each_interval_the_first_free_sub_row():
    rng = np.random.default_rng(3)
    for cap in (1, 3, 6):
        left = np.sort(rng.uniform(0, 1000, 400))
        right = left + rng.uniform(1, 60, 400)
        slot = S._first_fit(left, right, np.full(400, cap))
        assert slot.tolist() == naive_first_fit(left, right, cap)
        for k in range(cap):  # no two intervals of a sub-row overlap
            mine = np.flatnonzero(slot == k)
            assert (left[mine][1:] >= right[mine][:-1]).all()


def test_marks_whose_labels_would_overlap_go_into_sub_rows(crowded):
    c = crowded
    beta = row_of(c, "Beta")
    week = 7 * DAY / 1300  # a week across 1300 pixels: a day apart is 186 px
    # Labels of 100 px leave the two Beta events side by side; 300 px ones stack them.
    assert S.stack(c.index, week, labels(100.0)).heights[beta] == 1
    st = S.stack(c.index, week, labels(300.0))
    assert st.heights[beta] == 2
    assert sorted(st.slot[entries_of(c, beta)].tolist()) == [0, 1]
    assert not st.hidden[entries_of(c, beta)].any()
    # Rows below a taller row move down by its extra sub-rows.
    acme = row_of(c, "Acme")
    assert st.tops[beta] == st.tops[acme] + st.heights[acme]
    assert st.total == st.heights.sum()


def test_past_the_cap_the_last_sub_row_counts_the_rest(crowded):
    c = crowded
    acme = row_of(c, "Acme")
    st = S.stack(c.index, 7 * DAY / 1300, labels(120.0), cap=6)
    mine = entries_of(c, acme)
    same_day = mine[c.index.x0[mine] == secs(2026, 1, 10)]
    assert st.heights[acme] == 6 and st.overflow[acme]
    # Five sub-rows of marks, the sixth for the "+4" badge: every event has a place or a count.
    shown = same_day[~st.hidden[same_day]]
    assert sorted(st.slot[shown].tolist()) == [0, 1, 2, 3, 4]
    assert st.hidden[same_day].sum() == 4
    assert (st.slot[same_day[st.hidden[same_day]]] == 5).all()
    # The far-apart events need no sub-row of their own.
    far = mine[c.index.x0[mine] != secs(2026, 1, 10)]
    assert not st.hidden[far].any() and (st.slot[far] == 0).all()
    # A row opened to its full height shows them all.
    opened = np.zeros(c.index.n_rows, dtype=bool)
    opened[acme] = True
    full = S.stack(c.index, 7 * DAY / 1300, labels(120.0), cap=6, opened=opened)
    assert full.heights[acme] == 9 and not full.hidden.any() and not full.overflow.any()


def test_stacking_follows_the_zoom_level_not_the_window(crowded):
    c = crowded
    spp = 7 * DAY / 1300
    level = S.zoom_level(spp)
    assert S.level_seconds(level) >= spp > S.level_seconds(level - 1)
    # Two zooms in one level stack alike (the level's seconds per pixel, rounded up); the
    # stacking takes no time window at all, so panning can't change it.
    a = S.stack(c.index, spp, labels(250.0))
    b = S.stack(c.index, S.level_seconds(level) * 0.99, labels(250.0))
    assert a.level == b.level == level
    assert (a.slot == b.slot).all() and (a.heights == b.heights).all()
    # Zoomed far in, the Beta events part; zoomed out, they stack.
    assert S.stack(c.index, 60.0, labels(250.0)).heights[row_of(c, "Beta")] == 1
    assert S.stack(c.index, 6 * 3600.0, labels(250.0)).heights[row_of(c, "Beta")] == 2


def test_rows_too_crowded_or_past_the_budget_stay_one_sub_row(write):
    # Acme: sixty events over a year; Beta: two.
    rows = [(f"2025-{1 + k // 5:02d}-{1 + 5 * (k % 5):02d}", "Acme", f"a{k}") for k in range(60)]
    rows += [("2026-01-10", "Beta", "first"), ("2026-01-11", "Beta", "second")]
    c = make_content(load(write("year.csv", table(rows))))
    load_ = S.row_load(c.index)
    acme, beta = row_of(c, "Acme"), row_of(c, "Beta")
    # Zoomed out to decades all sixty are in one view's width: more, with their labels, than
    # six sub-rows hold. Zoomed in to a week, a few at a time.
    decades = 30 * 365 * DAY / 1300
    week = 7 * DAY / 1300
    assert load_.occupancy(decades)[acme] > S.SUB_ROWS >= load_.occupancy(week)[acme]
    assert not S.stackable_rows(load_, decades)[acme]
    assert S.stackable_rows(load_, week)[acme]
    assert S.stack(c.index, decades, labels(150.0)).heights[acme] == 1
    # A budget for two marks: the smaller row (Beta) is stacked, Acme is not.
    small = S.stackable_rows(load_, week, budget=2)
    assert small[beta] and not small[acme]
    st = S.stack(c.index, 6 * 3600.0, labels(400.0), budget=2)
    assert st.heights[beta] == 2 and st.heights[acme] == 1
    assert (st.slot[entries_of(c, acme)] == 0).all()


def test_compact_rows_are_one_sub_row_each(crowded):
    st = S.compact(crowded.index)
    assert (st.heights == 1).all() and (st.slot == 0).all() and not st.hidden.any()
    assert st.total == crowded.index.n_rows


def test_geometry_lookups(crowded):
    c = crowded
    st = S.stack(c.index, 7 * DAY / 1300, labels(120.0))
    acme, beta = row_of(c, "Acme"), row_of(c, "Beta")
    assert st.row_at(st.tops[beta] + 0.5) == beta and st.row_at(st.tops[acme] + 5.5) == acme
    assert st.row_at(-0.1) == -1 and st.row_at(st.total) == -1
    assert st.sub_row_at(acme, st.tops[acme] + 2.3) == 2
    first = entries_of(c, acme)[:1]
    assert st.centre(first)[0] == st.tops[acme] + st.slot[first[0]] + 0.5
    assert st.rows_between(st.tops[beta] + 0.2, st.total) == (beta, beta)
    assert st.badge_line(acme) == st.tops[acme + 1] - 0.5


def test_a_picture_stacks_labels_that_would_run_off_its_edge_on_their_left(write):
    rows = [("2026-01-05", "Acme", "early"), ("2026-01-11", "Acme", "late")]
    c = make_content(load(write("edge.csv", table(rows))))
    spp = 20 * DAY / 1300  # a day is 65 px; the late event is 2 px from the picture's edge
    edge = secs(2026, 1, 11) + 2 * spp
    entries = np.arange(len(c.index))
    left, right = S.extents(c.index, entries, np.full(2, 300.0), spp, right_edge=edge)
    late = int(np.argmax(c.index.x0))
    x = c.index.x0[late]
    assert right[late] < x + 20 * spp and left[late] < x - 300 * spp  # (its symbol, then gap)
    assert left[1 - late] > c.index.x0[1 - late] - 10 * spp  # (room on its right: stays)
    # The window (which pans) keeps labels right: six days apart, one sub-row. The picture's
    # late label goes left, over the early one's: they take a sub-row each.
    assert S.stack(c.index, spp, labels(300.0)).heights[0] == 1
    assert S.stack(c.index, spp, labels(300.0), right_edge=edge).heights[0] == 2
