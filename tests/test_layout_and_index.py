"""Lane layout, filters and the mark index, checked against direct pandas queries."""

import numpy as np
import pandas as pd

from viewer.record.vocab import ALL_COMPANIES, TRACKS
from viewer.shown.content import LayoutOptions, make_content
from viewer.shown.filters import Filters, apply, from_options
from viewer.shown.layout import compute_layout
from viewer.shown.mark_index import build_index
from viewer.shown.mark_looks import POINT


def test_groups_all_companies_first_then_rows_per_track(h200_model):
    m = h200_model
    layout = compute_layout(m, np.ones(len(m.marks), dtype=bool))
    names = [g.name for g in layout.groups]
    assert names[0] == ALL_COMPANIES
    assert names[1] == "Nvidia"  # the most events
    assert set(names) == set(m.companies)
    deepseek = next(g for g in layout.groups if g.name == "DeepSeek")
    tracks = [m.tracks[r.track] for r in layout.rows[deepseek.first_row :][: deepseek.n_rows]]
    # (the US official's claim that DeepSeek trained on banned chips: US government)
    assert tracks == ["US export permission", "CN ministry approval", "NDRC condition", "Other"]
    assert all(t in TRACKS for t in tracks)


def test_group_orders_and_collapse(h200_model):
    m = h200_model
    mask = np.ones(len(m.marks), dtype=bool)
    by_name = [g.name for g in compute_layout(m, mask, order="name").groups]
    assert by_name == [ALL_COMPANIES, *sorted(set(m.companies) - {ALL_COMPANIES}, key=str.lower)]
    collapsed = compute_layout(m, mask, collapsed=frozenset({"Nvidia"}))
    nv = next(g for g in collapsed.groups if g.name == "Nvidia")
    assert nv.n_rows == 1 and nv.collapsed


def test_company_filter_keeps_all_companies_lane(h200_model):
    m = h200_model
    sel = apply(m, from_options(m, companies=["DeepSeek"]))
    shown = {m.companies[c] for c in np.unique(m.marks.company[sel.marks])}
    assert shown == {"DeepSeek", ALL_COMPANIES}
    ev = m.events
    expected = ev["company"].str.contains("DeepSeek") | (ev["company"].str.lower() == "all")
    assert (sel.events == expected.to_numpy()).all()


def test_regulator_and_date_filters_match_pandas(h200_model):
    m = h200_model
    f = from_options(m, regulators=["CN MIIT", "cn ndrc"], date_from="2026-01", date_to="2026-01")
    sel = apply(m, f)
    ev = m.events
    start = ev["start"]
    # (a joint act names several bodies, `;`-separated: any of them matches)
    named = [
        bool({b.strip() for b in cell.split(";")} & {"CN MIIT", "CN NDRC"})
        for cell in ev["regulator"]
    ]
    expected = pd.Series(named, index=ev.index) & start.between(1767225600, 1769903999)
    assert (sel.events == expected.to_numpy()).all()
    assert sel.count == int(expected.sum()) > 0


def test_text_search_covers_sources(h200_model):
    m = h200_model
    sel = apply(m, Filters(text="boursorama"))
    ids = set(m.events["id"][sel.events])
    assert "cn-deepseek-approval" in ids


def test_hit_test_finds_each_point_at_its_date(h200_model):
    content = make_content(h200_model)
    idx = content.index
    for j in np.flatnonzero(idx.kind == POINT):
        row, x = int(idx.row[j]), float(idx.x0[j])
        hit = idx.hit(row, x + 60, 3600.0)
        assert hit >= 0
        assert idx.x0[hit] == x
    assert idx.hit(0, 0.0, 1.0) == -1


def test_index_rows_are_contiguous_and_sorted(h200_model):
    m = h200_model
    content = make_content(m, options=LayoutOptions(order="first"))
    idx = content.index
    assert (np.diff(idx.row) >= 0).all()
    for r in range(idx.n_rows):
        a, b = idx.row_ptr[r], idx.row_ptr[r + 1]
        assert (np.diff(idx.x0[a:b]) >= 0).all()
    assert len(idx) == len(m.marks)


def test_window_returns_overlapping_periods():
    import pandas as pd

    from viewer.record.build import build_model
    from viewer.record.raw import RawTable

    raw = RawTable(
        path=__import__("pathlib").Path("mem.csv"),
        events=pd.DataFrame(
            {
                "date": ["2020-01-01", "2026-01-10", "2026-03-01"],
                "end_date": ["2030-01-01", "", ""],
                "company": ["A", "A", "A"],
                "regulator": ["US BIS"] * 3,
                "title": ["long", "point", "later"],
            }
        ),
        lines=np.array([2, 3, 4]),
    )
    m = build_model(raw)
    content = make_content(m)
    idx = build_index(m, content.layout, np.ones(len(m.marks), dtype=bool))
    jan = 1767225600.0
    a, b = idx.window(0, jan, jan + 20 * 86400)
    titles = {m.events["title"].iat[int(idx.event[k])] for k in range(a, b)}
    assert {"long", "point"} <= titles


def test_marks_in_a_time_window_are_those_drawn_there(h200_model):
    """MarkIndex.in_window (a picture's events and rows) against a direct test of every mark:
    a point in the window, or a period crossing it."""
    content = make_content(h200_model)
    idx = content.index
    for t0, t1 in [(1.7e9, 1.76e9), (1.764e9, 1.772e9), (0.0, 1.0), (1.0e9, 3.0e9)]:
        inside = (idx.x0 <= t1) & (np.maximum(idx.x1, idx.x0) >= t0)
        assert idx.in_window(t0, t1).tolist() == np.flatnonzero(inside).tolist()
        kept = content.without_empty_rows((t0, t1))
        assert len(kept.layout.rows) == len(np.unique(idx.row[inside]))
