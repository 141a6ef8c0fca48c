"""The filter panel and the chips, driven through the window as a user would."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from tests.conftest import BUNDLED_EVENTS, BUNDLED_LATEST, click_check, names_in
from viewer.record.vocab import ALL_COMPANIES


@pytest.fixture
def window(make_window):
    w = make_window()
    w.filter_dock.raise_()
    return w


def marked_companies(w) -> set[str]:
    idx = w.document.content.index
    return {w.document.model.companies[c] for c in w.document.model.marks.company[idx.entry_mark]}


def table_ids(w) -> set[str]:
    tm = w.table.table_model
    return {w.document.model.events["id"].iat[int(tm.rows[r])] for r in range(tm.rowCount())}


def test_checking_a_company_changes_marks_and_rows(window, qtbot):
    w = window
    assert len(table_ids(w)) == BUNDLED_EVENTS
    assert "Nvidia" in marked_companies(w)
    item = w.filter_panel.item("companies", "DeepSeek")
    click_check(qtbot, w.filter_panel.tree, item)
    assert item.checkState(0) == Qt.CheckState.Checked
    assert marked_companies(w) == {"DeepSeek", ALL_COMPANIES}
    m = w.document.model
    expected = {
        m.events["id"].iat[int(e)]
        for e, c in zip(m.marks.event, m.marks.company, strict=True)
        if m.companies[c] in ("DeepSeek", ALL_COMPANIES)
    }
    assert table_ids(w) == expected
    assert w.status.summary_label.text().startswith(f"{len(expected)} of {BUNDLED_EVENTS} events")
    assert [g.name for g in w.document.content.layout.groups] == [ALL_COMPANIES, "DeepSeek"]
    assert w.chips.chip("DeepSeek") is not None
    # Unchecking All companies leaves DeepSeek's own events.
    click_check(qtbot, w.filter_panel.tree, w.filter_panel.item("companies", ALL_COMPANIES))
    assert marked_companies(w) == {"DeepSeek"}
    assert w.chips.chip("without All companies") is not None


def test_regulator_under_its_jurisdiction_and_counts(window, qtbot):
    w = window
    panel = w.filter_panel
    ndrc = panel.item("regulators", "CN NDRC")
    assert ndrc.parent().text(0) == "CN"
    by_ndrc = [e for e in BUNDLED_LATEST if "CN NDRC" in names_in(e["regulator"])]
    of_nvidia = [e for e in BUNDLED_LATEST if "Nvidia" in names_in(e["company"])]
    assert panel.count_of("regulators", "CN NDRC") == len(by_ndrc) > 0
    assert panel.count_of("companies", "Nvidia") == len(of_nvidia)
    click_check(qtbot, panel.tree, ndrc)
    assert w.document.content.selection.count == len(by_ndrc)
    # Companies now count what NDRC events they have; Nvidia has none: greyed out, zero.
    assert panel.count_of("companies", "Nvidia") == 0
    deepseek = [e for e in by_ndrc if "DeepSeek" in names_in(e["company"])]
    assert panel.count_of("companies", "DeepSeek") == len(deepseek) > 0
    # Checking the jurisdiction checks all its regulators.
    click_check(qtbot, panel.tree, ndrc.parent())
    cn = {n for n in w.document.model.regulators if n.startswith("CN ")}
    assert w.document.state.filters.regulators == cn


def test_chip_click_removes_that_filter(window, qtbot):
    from viewer.shown.filters import from_options

    w = window
    w.document.state.filters = from_options(
        w.document.model, companies=["DeepSeek", "ByteDance"], regulators=["CN NDRC"]
    )
    texts = [c.text() for c in w.chips.chips]
    assert texts[:3] == ["ByteDance  ✕", "DeepSeek  ✕", "CN NDRC  ✕"]
    assert w.filter_panel.item("companies", "ByteDance").checkState(0) == Qt.CheckState.Checked
    qtbot.mouseClick(w.chips.chip("CN NDRC"), Qt.MouseButton.LeftButton)
    assert w.document.state.filters.regulators is None
    assert w.filter_panel.item("regulators", "CN NDRC").checkState(0) == Qt.CheckState.Unchecked
    qtbot.mouseClick(w.chips.chip("ByteDance"), Qt.MouseButton.LeftButton)
    assert w.document.state.filters.companies == {"DeepSeek", ALL_COMPANIES}
    qtbot.mouseClick(w.chips.chip("Clear all"), Qt.MouseButton.LeftButton)
    assert not w.document.state.filters.active
    assert w.document.content.selection.count == BUNDLED_EVENTS


def test_dates_text_and_reset(window, qtbot):
    w = window
    panel = w.filter_panel
    qtbot.keyClicks(panel.from_edit.edit, "2026-01")
    qtbot.keyClick(panel.from_edit.edit, Qt.Key.Key_Return)
    qtbot.keyClicks(panel.to_edit.edit, "2026-01")
    qtbot.keyClick(panel.to_edit.edit, Qt.Key.Key_Return)
    assert w.chips.chip("Jan 2026") is not None
    starts = w.document.model.events["start"].to_numpy()[w.document.content.selection.events]
    assert len(starts) and starts.max() < 1769904000  # 1 February 2026
    assert panel.to_edit.text() == "2026-01-31"
    t0, t1 = w.timeline.time_window()  # the timeline goes to the date window
    assert t0 < 1767225600 < 1769904000 < t1 and t1 - t0 < 40 * 86400
    qtbot.keyClicks(panel.text_edit, "ndrc")
    qtbot.keyClick(panel.text_edit, Qt.Key.Key_Return)
    assert w.document.state.filters.text == "ndrc"
    assert w.chips.chip("“ndrc”") is not None
    n = w.document.content.selection.count
    assert 0 < n < BUNDLED_EVENTS
    assert w.table.table_model.rowCount() == n
    qtbot.mouseClick(panel.reset_button, Qt.MouseButton.LeftButton)
    assert not w.document.state.filters.active
    assert panel.from_edit.text() == "" and panel.text_edit.text() == ""
    assert w.table.table_model.rowCount() == BUNDLED_EVENTS


def test_bad_date_says_why_and_keeps_filters(window, qtbot):
    w = window
    panel = w.filter_panel
    qtbot.keyClicks(panel.from_edit.edit, "next week")
    qtbot.keyClick(panel.from_edit.edit, Qt.Key.Key_Return)
    assert not panel.date_error.isHidden()
    assert "'next week' is not a date" in panel.date_error.text()
    assert not w.document.state.filters.active


def test_lane_order_keep_empty_and_collapse(window, qtbot):
    w = window
    panel = w.filter_panel
    panel.order_combo.setCurrentIndex(panel.order_combo.findData("name"))
    names = [g.name for g in w.document.content.layout.groups]
    assert names[0] == ALL_COMPANIES and names[1:] == sorted(names[1:], key=str.lower)
    panel.order_combo.setCurrentIndex(panel.order_combo.findData("first"))
    firsts = [
        w.document.model.marks.start[w.document.model.marks.company == g.company].min()
        for g in w.document.content.layout.groups[1:]
    ]
    assert firsts == sorted(firsts)
    w.document.state.filters = w.document.state.filters.with_(regulators=frozenset({"CN NDRC"}))
    rows_closed = len(w.document.content.layout.rows)
    box = panel.keep_empty_check
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert w.document.state.layout.keep_empty
    assert len(w.document.content.layout.rows) > rows_closed
    qtbot.mouseClick(panel.collapse_button, Qt.MouseButton.LeftButton)
    assert all(g.collapsed for g in w.document.content.layout.groups)
    qtbot.mouseClick(panel.expand_button, Qt.MouseButton.LeftButton)
    assert not any(g.collapsed for g in w.document.content.layout.groups)


def test_every_filter_control_has_a_name_and_a_tip(window):
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QTreeWidget

    for root in (window.filter_panel, window.chips):
        for kind in (QAbstractButton, QComboBox, QLineEdit, QTreeWidget):
            for widget in root.findChildren(kind):
                assert widget.accessibleName(), widget
                assert widget.toolTip(), widget


def test_window_fits_1280_pixels(window):
    assert window.minimumSizeHint().width() <= 1280
    assert np.isfinite(QPoint(0, 0).x())


def test_the_lane_scroll_bar_keeps_its_place_as_filters_change_the_rows(window, qtbot):
    """All lanes do not fit: the bar scrolls them. A filter that leaves few lanes disables it
    rather than hiding it, so the timeline's right edge stays where it was."""
    from viewer.shown.filters import Filters

    w = window
    tl = w.timeline
    w.resize(1400, 700)  # (fewer rows fit than the bundled data has)
    qtbot.waitUntil(lambda: tl.scrollbar.isEnabled())
    bar, plot_width = tl.scrollbar, tl.plot.width()
    assert bar.isVisible() and bar.width() == bar.sizeHint().width() > 0
    assert bar.geometry().left() == plot_width
    w.document.state.filters = Filters(companies=frozenset({"DeepSeek"}))
    qtbot.waitUntil(lambda: not bar.isEnabled())
    assert bar.isVisible() and bar.width() > 0 and tl.plot.width() == plot_width
    w.document.state.filters = Filters()
    qtbot.waitUntil(lambda: bar.isEnabled())
    assert bar.width() > 0 and tl.plot.width() == plot_width
