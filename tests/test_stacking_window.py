"""Stacked rows, "+N" badges, compact rows and colour by, in the window as a user drives it."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from tests.conftest import secs, widget_point
from viewer.app.settings import AppSettings
from viewer.shown.palette import JURISDICTION_COLOURS

DAY = 86400.0


@pytest.fixture
def crowded(write):
    """Nine Acme events on one day (more than a row's six sub-rows hold) and one later."""
    lines = ["id,date,company,regulator,title"]
    lines += [f"d{k},2026-01-10,Acme,US BIS,Same-day approval number {k}" for k in range(9)]
    lines += ["late,2026-02-20,Acme,CN MIIT,A later ministry approval"]
    return write("crowded.csv", "\n".join(lines) + "\n")


def grab(w):
    """Paint the timeline now (as the screen would)."""
    w.timeline.plot.grab()


def test_rows_stack_in_the_window_and_compact_rows_are_remembered(make_window, qtbot):
    w = make_window(size=(1500, 900))
    tl = w.timeline
    rows = len(w.document.content.layout.rows)
    assert tl.stacking.total > rows  # the bundled record stacks at its first zoom
    action = w.view_options.compact_action
    assert not action.isChecked() and "Compact" in action.text().replace("&", "")
    action.trigger()
    assert tl.stacking.total == rows and (tl.stacking.heights == 1).all()
    assert AppSettings().compact_rows()
    # A new window starts compact, as left.
    w2 = make_window(size=(1500, 900))
    assert w2.view_options.compact_action.isChecked()
    assert w2.timeline.stacking.total == len(w2.document.content.layout.rows)
    w2.view_options.compact_action.trigger()
    assert w2.timeline.stacking.total > rows and not AppSettings().compact_rows()


def test_panning_keeps_the_rows_zooming_restacks_them(window, qtbot):
    tl = window.timeline
    tl.set_window(secs(2025, 12, 1), secs(2026, 3, 1))
    stacking = tl.stacking
    tops = stacking.tops.copy()
    for days in (3, 10, -25, 40):
        tl.pan(days / 90)
        assert tl.stacking is stacking  # the same sub-rows: nothing jumps
    assert (tl.stacking.tops == tops).all()
    tl.zoom(8.0)  # out, past several levels
    assert tl.stacking is not stacking and tl.stacking.level > stacking.level
    tl.zoom(1 / 8.0)  # back: the level seen before, as it was
    assert tl.stacking is stacking


def test_every_mark_in_view_is_drawn_in_its_sub_row_and_answers_the_pointer(window, qtbot):
    w = window
    tl = w.timeline
    tl.set_window(secs(2026, 1, 1), secs(2026, 2, 15))
    grab(w)
    idx = w.document.content.index
    st = tl.stacking
    high = np.flatnonzero((st.slot > 0) & ~st.hidden)
    t0, t1 = tl.time_window()
    high = high[(idx.x0[high] > t0) & (idx.x0[high] < t1) & (idx.kind[high] == 0)]
    assert len(high), "some events sit in a sub-row above their row's first"
    entry = int(high[0])
    tl.ensure_row_visible(int(idx.row[entry]), int(st.slot[entry]))
    grab(w)
    y = float(st.centre(np.array([entry]))[0])
    pos = widget_point(w, QPointF(float(idx.x0[entry]), y))
    qtbot.mouseMove(tl.plot.viewport(), pos)
    event = int(idx.event[entry])
    title = w.document.model.events["title"].iat[event]
    qtbot.waitUntil(lambda: title in tl.hover_text, timeout=2000)
    qtbot.mouseClick(tl.plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: w.document.state.selected is not None, timeout=2000)
    assert w.document.model.index_of(w.document.state.selected) == event
    # One sub-row down, at the same time, is some other mark or none: not this one.
    below = widget_point(w, QPointF(float(idx.x0[entry]), y - 1.0))
    assert tl.event_at(tl.viewbox.mapSceneToView(tl.plot.mapToScene(below))) != event


def test_a_row_past_its_sub_rows_counts_the_rest_and_opens_on_a_click(make_window, crowded, qtbot):
    w = make_window(crowded)
    tl = w.timeline
    tl.set_window(secs(2026, 1, 1), secs(2026, 1, 25))
    grab(w)
    st = tl.stacking
    assert st.heights[0] == 6 and st.overflow[0]
    assert tl.marks_item.last_frame_stats["stacked"] == 4
    (badge,) = tl.marks_item.overflow
    assert len(badge.entries) == 4
    # The badge sits on the row's last sub-row, at the events it counts.
    scene = tl.marks_item.sceneTransform().map(QPointF(secs(2026, 1, 10), st.badge_line(0)))
    assert abs(badge.y - scene.y()) < 1 and badge.left - 3 <= scene.x() <= badge.right
    # The pointer over the badge: the plot's scene says where it moved, as it does for a real
    # pointer (a synthetic move after earlier windows in one process may not reach it).
    pos = tl.plot.mapFromScene(QPointF((badge.left + badge.right) / 2, badge.y))  # (scene px)
    tl.plot.scene().sigMouseMoved.emit(tl.plot.mapToScene(pos))
    qtbot.waitUntil(lambda: "stacked past the row" in tl.hover_text, timeout=2000)
    titles = set(w.document.model.events["title"])
    listed = [line[2:].split(": ", 1)[1] for line in tl.hover_text.splitlines() if line[:2] == "• "]
    assert len(listed) == 4 and set(listed) <= titles
    qtbot.mouseClick(tl.plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: not tl.stacking.overflow.any(), timeout=2000)
    assert tl.stacking.heights[0] == 9 and not tl.stacking.hidden.any()
    assert w.document.state.selected is None  # an opening, not a selection
    grab(w)
    stats = tl.marks_item.last_frame_stats
    assert tl.marks_item.overflow == [] and stats["marks"] == 9 and stats["stacked"] == 0


def test_colour_by_jurisdiction_recolours_marks_and_legend_and_is_remembered(make_window):
    w = make_window()
    legend = w.legend
    assert legend.entries[0].label == "Regulator:"
    w.view_options.colour_actions["jurisdiction"].trigger()
    assert [e.label for e in legend.entries[:4]] == ["Jurisdiction:", "US", "CN", "other"]
    painter = w.timeline.marks_item.painter_styles
    assert [c.name().upper() for c in painter.colours] == list(JURISDICTION_COLOURS.values())
    assert AppSettings().colour_by() == "jurisdiction"
    # What the pictures say follows the window.
    from viewer.export import window_snapshot

    assert window_snapshot(w.timeline).colour_by == "jurisdiction"
    w2 = make_window()
    assert w2.view_options.colour_actions["jurisdiction"].isChecked()
    assert w2.legend.entries[0].label == "Jurisdiction:"


def test_the_export_dialog_offers_what_i_see_or_all_shown_events(window, qtbot, tmp_path):
    from PySide6.QtGui import QImage

    from viewer.export.describe import window_text

    w = window
    w.timeline.set_window(secs(2026, 1, 20), secs(2026, 2, 5))
    w.exporter.choose_export()
    dialog = w.exporter.snapshot_dialog
    qtbot.waitUntil(dialog.isVisible)
    seen, fitted = tmp_path / "seen.png", tmp_path / "fitted.png"
    for index, path in ((0, seen), (1, fitted)):
        dialog.window_combo.setCurrentIndex(index)
        dialog.path_edit.setText(str(path))
        dialog.try_export()
        w.exporter.choose_export()
        dialog = w.exporter.snapshot_dialog
    seen_caption = QImage(str(seen)).text("Description")
    fitted_caption = QImage(str(fitted)).text("Description")
    assert "Time window: 20 January 2026 – 4 February 2026" in seen_caption
    assert window_text(w.document.content.fit_window()) in fitted_caption
    assert w.timeline.time_window() == (secs(2026, 1, 20), secs(2026, 2, 5))  # screen as it was
