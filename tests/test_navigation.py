"""Keyboard navigation, Find, the overview strip and saved views, through the window."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt

from tests.conftest import BUNDLED_EVENTS, mentions
from viewer.shown import navigation as N
from viewer.shown.content import make_content
from viewer.shown.filters import from_options


def focus_timeline(w, qtbot) -> None:
    w.timeline.plot.setFocus()
    qtbot.waitUntil(lambda: w.timeline.plot.hasFocus(), timeout=2000)


def in_view(w, event: int) -> bool:
    t0, t1 = w.timeline.time_window()
    start = w.document.model.events["start"].iat[event]
    return t0 <= start <= t1


def test_ctrl_right_visits_every_event_in_date_order(window, qtbot):
    w = window
    focus_timeline(w, qtbot)
    visited = []
    for _ in range(BUNDLED_EVENTS + 5):  # past the last event: it stays there
        qtbot.keyClick(w.timeline.plot, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
        i = w.document.model.index_of(w.document.state.selected)
        if not visited or visited[-1] != i:
            visited.append(i)
        assert in_view(w, i)
        assert w.timeline.marks_item.focus_ring
        assert w.timeline.marks_item.focus_entry == w.navigator.focus_entry
    starts = w.document.model.events["start"].to_numpy()[visited]
    assert len(visited) == BUNDLED_EVENTS and len(set(visited)) == BUNDLED_EVENTS
    assert np.all(np.diff(starts) >= 0)
    # And back, in reverse.
    qtbot.keyClick(w.timeline.plot, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert w.document.model.index_of(w.document.state.selected) == visited[-2]


def test_right_stays_in_the_lane_in_date_order(window, qtbot):
    w = window
    focus_timeline(w, qtbot)
    qtbot.keyClick(w.timeline.plot, Qt.Key.Key_Right)  # the first event
    idx = w.document.content.index
    row = int(idx.row[w.navigator.focus_entry])
    lo, hi = int(idx.row_ptr[row]), int(idx.row_ptr[row + 1])
    expected = [int(e) for e in idx.event[lo:hi]]
    seen = [w.document.model.index_of(w.document.state.selected)]
    for _ in range(hi - lo + 2):
        qtbot.keyClick(w.timeline.plot, Qt.Key.Key_Right)
        i = w.document.model.index_of(w.document.state.selected)
        if seen[-1] != i:
            seen.append(i)
        assert int(idx.row[w.navigator.focus_entry]) == row
    assert seen == expected and len(expected) > 1


def test_up_down_move_between_lanes_and_z_zooms(window, qtbot):
    w = window
    w.select_id("cn-deepseek-approval")
    focus_timeline(w, qtbot)
    idx = w.document.content.index
    row = int(idx.row[w.navigator.focus_entry])
    qtbot.keyClick(w.timeline.plot, Qt.Key.Key_Down)
    assert int(idx.row[w.navigator.focus_entry]) == row + 1
    qtbot.keyClick(w.timeline.plot, Qt.Key.Key_Up)
    qtbot.keyClick(w.timeline.plot, Qt.Key.Key_Up)
    assert int(idx.row[w.navigator.focus_entry]) == row - 1
    before = w.timeline.time_window()
    qtbot.keyClick(w.timeline.plot, Qt.Key.Key_Z)
    t0, t1 = w.timeline.time_window()
    assert t1 - t0 < (before[1] - before[0]) / 4
    assert in_view(w, w.document.model.index_of(w.document.state.selected))
    qtbot.keyClick(w.timeline.plot, Qt.Key.Key_Minus)
    assert w.timeline.time_window()[1] - w.timeline.time_window()[0] > t1 - t0
    qtbot.keyClick(w.timeline.plot, Qt.Key.Key_F)
    assert w.timeline.time_window()[1] - w.timeline.time_window()[0] > before[1] - before[0] - 1
    qtbot.keyClick(w.timeline.plot, Qt.Key.Key_Escape)
    assert w.document.state.selected is None and not w.timeline.marks_item.focus_ring


def test_find_next_cycles_through_every_result(window, qtbot):
    w = window
    qtbot.keyClick(w, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert w.find_bar.edit.hasFocus()
    qtbot.keyClicks(w.find_bar.edit, "ndrc")
    qtbot.keyClick(w.find_bar.edit, Qt.Key.Key_Return)
    hits = w.navigator.hits
    n = len(hits)
    m = w.document.model
    expected = set(np.flatnonzero(mentions(m, "ndrc")).tolist())
    assert set(hits.tolist()) == expected and n > 3
    assert w.find_bar.count_label.text() == f"1 of {n}"
    seen = [m.index_of(w.document.state.selected)]
    for k in range(n):
        qtbot.keyClick(w.find_bar.edit, Qt.Key.Key_Return)
        seen.append(m.index_of(w.document.state.selected))
        assert in_view(w, seen[-1])
        assert w.find_bar.count_label.text() == f"{(k + 1) % n + 1} of {n}"
    assert set(seen) == expected and seen[0] == seen[-1]  # all of them, then round again
    starts = m.events["start"].to_numpy()[seen[:-1]]
    assert np.all(np.diff(starts) >= 0)
    # Highlighted in the timeline and the table.
    assert w.timeline.marks_item.highlight[hits].all()
    row = w.table.table_model.row_of_event(int(hits[0]))
    assert w.table.table_model.data(
        w.table.table_model.index(row, 0), Qt.ItemDataRole.BackgroundRole
    )
    qtbot.keyClick(w.find_bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert m.index_of(w.document.state.selected) == seen[-2]
    qtbot.mouseClick(w.find_bar.next_button, Qt.MouseButton.LeftButton)
    assert m.index_of(w.document.state.selected) == seen[-1]


def test_find_counts_only_shown_events(window, qtbot):
    w = window
    w.document.state.filters = from_options(w.document.model, companies=["AMD"])
    w.find_bar.set_text("h200")
    shown = w.document.content.selection.events
    assert all(shown[w.navigator.hits])
    assert w.find_bar.count_label.text() == f"{len(w.navigator.hits)} found"


def test_navigation_model_directly(h200_model):
    content = make_content(h200_model)
    order = N.date_order(content)
    assert N.step_overall(content, None, 1) == order[0]
    assert N.step_overall(content, int(order[-1]), 1) == order[-1]  # stays at the end
    entry = N.first_entry(content, int(order[0]))
    assert N.step_in_lane(content, entry, -1) == entry
    assert N.neighbour_row(content, entry, -1) == entry or content.index.row[entry] > 0


def test_overview_region_and_timeline_follow_each_other(window, qtbot):
    w = window
    m = w.document.model
    lo = m.events["start"].min()
    w.timeline.set_window(lo, lo + 90 * 86400)
    a, b = w.overview.window()
    assert a == pytest.approx(lo) and b == pytest.approx(lo + 90 * 86400)
    # Dragging the region (as its handles do) moves the timeline.
    w.overview.region.setRegion((lo + 30 * 86400, lo + 200 * 86400))
    t0, t1 = w.timeline.time_window()
    assert t0 == pytest.approx(lo + 30 * 86400) and t1 == pytest.approx(lo + 200 * 86400)
    # A click outside the region centres it there.
    target = m.events["start"].max()
    w.overview.viewbox.clickedAt.emit(float(target))
    t0, t1 = w.timeline.time_window()
    assert t0 < target < t1
    # Histogram: every event in the grey one, shown events in the blue one.
    _, every = w.overview.all_curve.getData()
    assert every.sum() == BUNDLED_EVENTS
    w.document.state.filters = from_options(m, companies=["Tencent"])
    _, shown = w.overview.shown_curve.getData()
    assert shown.sum() == w.document.content.selection.count < BUNDLED_EVENTS


def drag_to(widget, pos) -> None:
    """A mouse move with the left button held (QTest's move does not say the button is down)."""
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    event = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(pos),
        QPointF(widget.mapToGlobal(pos)),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)


def test_overview_drag_with_the_mouse(window, qtbot):
    w = window
    w.timeline.zoom(0.25)
    before = w.timeline.time_window()
    plot = w.overview.plot
    vb = w.overview.viewbox
    centre = (before[0] + before[1]) / 2
    start = plot.mapFromScene(vb.mapViewToScene(QPointF(centre, 0.5)))
    end_x = plot.mapFromScene(vb.mapViewToScene(QPointF(centre - 200 * 86400, 0.5))).x()
    qtbot.mousePress(plot.viewport(), Qt.MouseButton.LeftButton, pos=start)
    pos = QPoint(int(end_x), start.y())
    drag_to(plot.viewport(), pos)
    qtbot.mouseRelease(plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    after = w.timeline.time_window()
    assert after[0] < before[0] - 100 * 86400
    assert after[1] - after[0] == pytest.approx(before[1] - before[0], rel=1e-3)


def test_saved_view_round_trips_exactly(window, qtbot, tmp_path):
    w = window
    m = w.document.model
    w.document.state.filters = from_options(
        m,
        companies=["DeepSeek", "ByteDance"],
        regulators=["CN NDRC", "CN MIIT"],
        statuses=["conditional", "pending"],
        date_from="2025-12",
        date_to="2026-02-10",
        text="h200",
    )
    w.filter_panel.order_combo.setCurrentIndex(w.filter_panel.order_combo.findData("name"))
    w.document.state.toggle_collapsed("ByteDance")
    w.timeline.set_window(1764547200.0, 1772323200.0)
    w.select_id("cn-deepseek-approval")
    w.find_bar.set_text("conditions")
    path = tmp_path / "view.json"
    assert w.view_files.save_to(path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["regtimeline_view"] == 1
    assert saved["lanes"] == {"order": "name", "collapsed": ["ByteDance"], "keep_empty": False}
    assert saved["window"] == {"from": "2025-12-01T00:00:00Z", "to": "2026-03-01T00:00:00Z"}
    before = (
        w.document.state.to_dict(),
        set(w.table.table_model.rows.tolist()),
    )
    # Change everything, then open the view again.
    w.filter_panel.reset()
    w.document.state.layout = type(w.document.state.layout)()
    w.timeline.fit_all()
    w.document.state.selected = None
    w.find_bar.set_text("")
    assert w.document.state.to_dict() != before[0]
    assert w.view_files.open(path)
    assert w.document.state.to_dict() == before[0] == saved
    assert set(w.table.table_model.rows.tolist()) == before[1]
    assert w.view_files.last_notice == ""
    assert w.timeline.time_window() == pytest.approx((1764547200.0, 1772323200.0))
    assert w.filter_panel.item("companies", "ByteDance").checkState(0) == Qt.CheckState.Checked
    assert w.chips.chip("h200") is None and w.chips.chip("“h200”") is not None


def test_view_with_unknown_names_opens_with_a_notice(window, tmp_path):
    w = window
    path = tmp_path / "other.json"
    path.write_text(
        json.dumps(
            {
                "regtimeline_view": 1,
                "filters": {"companies": ["Huawei", "DeepSeek", "All companies"]},
                "selected": "no-such-event",
            }
        ),
        encoding="utf-8",
    )
    assert w.view_files.open(path)
    assert "no company named 'Huawei'" in w.view_files.last_notice
    assert "no event with id 'no-such-event'" in w.view_files.last_notice
    assert w.document.state.filters.companies == {"Huawei", "DeepSeek", "All companies"}
    assert w.chips.chip("Huawei (not in the data)") is not None
    assert w.chips.chip("DeepSeek") is not None
    assert 0 < w.document.content.selection.count < BUNDLED_EVENTS


def test_unreadable_view_changes_nothing(window, tmp_path):
    w = window
    w.document.state.filters = from_options(w.document.model, companies=["AMD"])
    before = w.document.state.to_dict()
    for text in ("{not json", '{"regtimeline_view": 1, "lanes": {"order": "size"}}', "[]"):
        path = tmp_path / "bad.json"
        path.write_text(text, encoding="utf-8")
        assert not w.view_files.open(path)
        assert "bad.json" in w.last_warning
        assert w.document.state.to_dict() == before
    assert not w.view_files.open(tmp_path / "missing.json")
    assert "missing.json: no such file" in w.last_warning
