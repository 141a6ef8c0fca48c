"""Level of detail at scale: density rows, their counts, hover and click, and the fast index.

Uses a seeded synthetic table (tests/synthetic.py) large enough that rows crowd when zoomed out.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic

from viewer.io import load
from viewer.shown import density as Dn
from viewer.shown.content import LayoutOptions, make_content
from viewer.shown.filters import Filters
from viewer.shown.layout import compute_layout
from viewer.shown.mark_index import build_index


@pytest.fixture(scope="module")
def big_model(tmp_path_factory):
    path = synthetic.write(20_000, tmp_path_factory.mktemp("syn") / "syn.csv", seed=11)
    return load(path)


def naive_index(model, layout, mask):
    """The index as a plain sort would build it: entries by row, then start."""
    rows = layout.mark_rows(model)
    keep = np.flatnonzero(mask & (rows >= 0))
    order = np.lexsort((model.marks.start[keep], rows[keep]))
    return keep[order], rows[keep][order]


@pytest.mark.parametrize(
    "options",
    [LayoutOptions(), LayoutOptions(order="name"), LayoutOptions(collapsed=frozenset({"Nvidia"}))],
)
def test_index_from_lane_blocks_equals_a_full_sort(big_model, options):
    m = big_model
    rng = np.random.default_rng(2)
    for share in (1.0, 0.5, 0.02):
        mask = rng.random(len(m.marks)) < share
        layout = compute_layout(m, mask, options.order, options.collapsed)
        idx = build_index(m, layout, mask)
        keep, rows = naive_index(m, layout, mask)
        # Same entries per row, each row by start (ties may come in either order).
        assert np.array_equal(idx.row, rows)
        assert np.array_equal(np.sort(idx.entry_mark), np.sort(keep))
        assert np.array_equal(idx.x0, m.marks.start[keep])
        for r in range(idx.n_rows):
            a, b = idx.row_ptr[r], idx.row_ptr[r + 1]
            assert np.all(np.diff(idx.x0[a:b]) >= 0)
            assert np.array_equal(idx.end_max[a:b], np.maximum.accumulate(idx.x1[a:b]))


def test_lane_counts_and_first_dates_match_a_plain_count(big_model):
    m = big_model
    mask = np.random.default_rng(5).random(len(m.marks)) < 0.3
    layout = compute_layout(m, mask, order="first")
    counts = np.bincount(m.marks.company[mask], minlength=len(m.companies))
    assert {g.company: g.count for g in layout.groups} == {
        c: int(counts[c]) for c in np.flatnonzero(counts)
    }
    first = {c: m.marks.start[mask & (m.marks.company == c)].min() for c in np.flatnonzero(counts)}
    named = [g.company for g in layout.groups if m.companies[g.company] != "All companies"]
    assert named == sorted(named, key=lambda c: (first[c], m.companies[c].lower()))


def test_crowded_rows_become_density_and_the_budget_holds(big_model):
    content = make_content(big_model)
    idx = content.index
    t0, t1 = float(idx.x0.min()), float(idx.x1.max())
    marks, dense = Dn.plan_frame(idx, range(idx.n_rows), t0, t1, 1600.0)
    assert dense, "zoomed out, 20,000 events crowd some rows"
    limit = 1600.0 / Dn.MARK_SPACING_PX
    assert all(b - a > limit for _r, a, b in dense) or sum(b - a for _r, a, b in marks) <= (
        Dn.FRAME_MARKS
    )
    assert sum(b - a for _r, a, b in marks) <= Dn.FRAME_MARKS
    # Every row with marks in view is either drawn or counted: nothing vanishes silently.
    shown = {r for r, a, b in marks} | {r for r, a, b in dense}
    assert shown == {r for r in range(idx.n_rows) if idx.row_ptr[r + 1] > idx.row_ptr[r]}


def test_running_totals_count_like_the_marks_themselves(big_model):
    idx = make_content(big_model).index
    t0, t1 = float(idx.x0.min()), float(idx.x1.max())
    px0, px1 = 270.0, 1870.0
    sx = (px1 - px0) / (t1 - t0)
    dx = px0 - sx * t0
    dense = [(r, *idx.window(r, t0, t1)) for r in range(idx.n_rows)]
    fast = Dn.bin_rows(idx, dense, sx, dx, px0, px1)
    exact = Dn.bin_rows(idx, dense, sx, dx, px0, px1, use_totals=False)
    assert fast.counts.shape == exact.counts.shape
    # The grid may move a mark into the next bin (by under a third of a bin), never further:
    # every bin with marks in one has marks in the same or a neighbouring bin of the other.
    for a, b in ((fast.counts > 0, exact.counts > 0), (exact.counts > 0, fast.counts > 0)):
        near = b.copy()
        near[:, 1:] |= b[:, :-1]
        near[:, :-1] |= b[:, 1:]
        assert not (a & ~near).any()
    assert (fast.counts > 0).sum() == pytest.approx((exact.counts > 0).sum(), rel=0.02)
    assert abs(int(fast.counts.sum()) - int(exact.counts.sum())) <= exact.counts.sum() * 0.01


def test_a_small_index_counts_directly_rather_than_build_a_finer_grid(big_model):
    idx = make_content(big_model).index
    coarse = Dn.running_totals(idx)
    assert Dn.running_totals(idx, 2 * coarse.step) is None
    assert ("running_totals", 1) not in idx.cache


def test_zoomed_in_crowded_rows_use_a_finer_grid(big_model, monkeypatch):
    # (20,000 events are few for a finer grid: let this one have the cells of a large table)
    monkeypatch.setattr(Dn, "CELLS_PER_MARK", 400)
    idx = make_content(big_model).index
    coarse = Dn.running_totals(idx)
    # Bins of two coarse grid steps: too fine for the first grid, not for the second.
    bin_s = 2 * coarse.step
    px0, px1 = 0.0, 1600.0
    sx = Dn.BIN_PX / bin_s
    row = int(np.argmax(np.diff(idx.row_ptr)))
    mid = float(np.median(idx.x0[idx.row_ptr[row] : idx.row_ptr[row + 1]]))
    dx = -sx * (mid - 800.0 / sx)
    t0, t1 = (px0 - dx) / sx, (px1 - dx) / sx
    dense = [(row, *idx.window(row, t0, t1))]
    fast = Dn.bin_rows(idx, dense, sx, dx, px0, px1)
    exact = Dn.bin_rows(idx, dense, sx, dx, px0, px1, use_totals=False)
    fine = Dn.running_totals(idx, bin_s)
    assert fine is not None and fine.step < coarse.step / 2
    assert ("running_totals", 1) in idx.cache
    assert fine.starts.size <= Dn.GRID_CELLS
    assert abs(int(fast.counts.sum()) - int(exact.counts.sum())) <= exact.counts.sum() * 0.02
    near = exact.counts > 0
    near[:, 1:] |= exact.counts[:, :-1] > 0
    near[:, :-1] |= exact.counts[:, 1:] > 0
    assert not ((fast.counts > 0) & ~near).any()


def test_bin_lookup_titles_and_zoom_window(big_model):
    content = make_content(big_model)
    idx = content.index
    t0, t1 = float(idx.x0.min()), float(idx.x1.max())
    sx = 1600.0 / (t1 - t0)
    row = int(np.argmax(np.diff(idx.row_ptr)))
    frame = Dn.bin_rows(idx, [(row, *idx.window(row, t0, t1))], sx, -sx * t0, 0.0, 1600.0)
    k = int(np.argmax(frame.counts[0]))
    px = frame.px0 + (k + 0.5) * frame.bin_px
    assert frame.bin_at(row, px) == k
    assert frame.bin_at(row + 1000, px) == -1
    count = frame.count(row, k)
    a, b = frame.bin_times(k)
    first = Dn.entries_in(idx, row, a, b)
    assert 1 <= len(first) <= 3
    assert np.all(idx.x0[first] < b) and np.all(np.maximum(idx.x1[first], idx.x0[first]) >= a)
    z0, z1 = Dn.zoom_window(a, b, count, 1600.0)
    slack = (b - a) * 1e-6  # (floating point)
    assert z0 <= a + slack and b - slack <= z1 and (z1 - z0) < (t1 - t0) / 4


@pytest.fixture
def dense_view(qtbot, big_model):
    from viewer.timeline.view import TimelineView

    view = TimelineView()
    qtbot.addWidget(view)
    view.resize(1400, 700)
    view.show()
    qtbot.waitExposed(view)
    view.set_content(make_content(big_model))
    view.plot.viewport().repaint()
    return view


def bin_point(view) -> tuple[QPoint, int, int]:
    """Widget point at the middle of the fullest bin of the first dense row on screen."""
    d = view.marks_item.density
    assert d is not None and len(d), "zoomed out, some rows show density"
    i = 0
    k = int(np.argmax(d.counts[i]))
    row = int(d.rows[i])
    px = d.px0 + (k + 0.5) * d.bin_px
    view_pos = view.marks_item.sceneTransform().inverted()[0].map(QPointF(px, 0))
    scene = view.viewbox.mapViewToScene(QPointF(view_pos.x(), row + 0.5))
    return view.plot.mapFromScene(scene), row, k


def test_hover_on_a_dense_bin_names_its_count_and_first_titles(dense_view, qtbot):
    view = dense_view
    pos, row, k = bin_point(view)
    qtbot.mouseMove(view.plot.viewport(), pos)
    qtbot.waitUntil(lambda: "Click to zoom in" in view.hover_text, timeout=2000)
    count = view.marks_item.density.count(row, k)
    tip = view.hover_text.splitlines()
    assert tip[0].startswith(f"{count:,} event")
    titles = [line for line in tip if line.startswith("• ")]
    assert 1 <= len(titles) <= 3
    known = set(view.content.model.events["title"])
    assert all(t[2:] in known for t in titles)
    if count > len(titles):
        assert f"… and {count - len(titles):,} more" in tip
    assert view.marks_item.hover_bin == (row, k)


def test_click_on_a_dense_bin_zooms_to_it(dense_view, qtbot):
    view = dense_view
    pos, _row, k = bin_point(view)
    a, b = view.marks_item.density.bin_times(k)
    before = view.time_window()
    clicked = []
    view.eventClicked.connect(clicked.append)
    qtbot.mouseClick(view.plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: view.time_window() != before, timeout=2000)
    t0, t1 = view.time_window()
    assert t0 < (a + b) / 2 < t1
    assert (t1 - t0) < (before[1] - before[0]) / 2
    assert clicked == []  # a zoom, not a selection


def test_filter_then_table_order_is_the_sorted_subset(big_model, qtbot):
    from viewer.panels.event_table import EventTable

    table = EventTable()
    qtbot.addWidget(table)
    m = big_model
    sel = make_content(m, Filters(regulators=frozenset(m.regulators[:2]))).selection
    table.set_events(m, sel.events)
    rows = table.table_model.rows
    assert set(rows.tolist()) == set(np.flatnonzero(sel.events).tolist())
    start = m.events["start"].to_numpy()[rows]
    assert np.all(np.diff(start) >= 0)
    table.table_model.sort(3, Qt.SortOrder.AscendingOrder)  # Title
    titles = m.events["title"].to_numpy()[table.table_model.rows]
    lowered = [t.lower() for t in titles]
    assert lowered == sorted(lowered)


def test_levels_of_every_bin_match_the_shades_of_the_filled_ones(big_model):
    idx = make_content(big_model).index
    t0, t1 = float(idx.x0.min()), float(idx.x1.max())
    sx = 1600.0 / (t1 - t0)
    dense = [(r, *idx.window(r, t0, t1)) for r in range(idx.n_rows)]
    frame = Dn.bin_rows(idx, dense, sx, -sx * t0, 0.0, 1600.0)
    levels = frame.levels()
    rows, k, shade = frame.shades()
    assert levels.shape == frame.counts.shape
    assert np.array_equal(levels[np.searchsorted(frame.rows, rows), k], shade)
    assert not levels[frame.counts == 0].any()


def test_a_grid_built_on_the_second_core_equals_one_built_in_place(big_model, monkeypatch):
    """Large indexes start their grid's two halves on the workers; the grid is the same."""
    monkeypatch.setattr(Dn, "PREFETCH_ENTRIES", 0)
    ahead = make_content(big_model, Filters(regulators=frozenset(big_model.regulators[:4]))).index
    assert ("pending", 0) in ahead.cache
    got = Dn.running_totals(ahead)
    want = Dn._build_grid(ahead, 0)
    assert (got.t0, got.step) == (want.t0, want.step)
    assert np.array_equal(got.starts, want.starts) and np.array_equal(got.ends, want.ends)


def test_table_rows_picked_ahead_are_the_rows_picked_in_place(big_model, qtbot, monkeypatch):
    """A filter change on a large table picks its rows on the second core (start_rows) while
    the lanes are laid out; the table shows the same rows, in either sort order."""
    from viewer.panels import event_table
    from viewer.panels.event_table import EventTable

    monkeypatch.setattr(event_table, "PREFETCH_ROWS", 0)
    table = EventTable()
    qtbot.addWidget(table)
    m = big_model
    model = table.table_model
    table.set_events(m, make_content(m).selection.events)
    for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder):
        model.sort(0, order)
        for f in (Filters(regulators=frozenset(m.regulators[:2])), Filters(statuses=frozenset())):
            content = make_content(m, f, selected=lambda s: model.start_rows(m, s.events))
            assert model._ahead is not None
            table.set_events(m, content.selection.events)
            assert model._ahead is None
            want = event_table._shown_in_order(model._full_order(0), content.selection.events)
            descending = order == Qt.SortOrder.DescendingOrder
            assert np.array_equal(model.rows, want[::-1] if descending else want)
