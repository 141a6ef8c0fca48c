"""The window as a user drives it: open, look at lanes, click, hover, select in the table."""

import numpy as np
import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication

from tests.conftest import BUNDLED_COMPANIES, BUNDLED_EVENTS, DATA, event_point, hover
from viewer.record.vocab import ALL_COMPANIES


@pytest.fixture
def window(make_window):
    return make_window(size=(1500, 900))


def test_opens_bundled_data_with_groups_and_counts(window):
    w = window
    groups = [g.name for g in w.document.content.layout.groups]
    assert groups[0] == ALL_COMPANIES
    assert {"Nvidia", "DeepSeek", "ByteDance", "Alibaba", "Tencent", "AMD"} <= set(groups)
    assert w.table.model().rowCount() == BUNDLED_EVENTS
    assert w.status.summary_label.text().startswith(
        f"{BUNDLED_EVENTS} events · {len(BUNDLED_COMPANIES)} companies"
    )
    assert "h200_china.csv" in w.windowTitle()
    assert w.status.problems_label.text() == f"{BUNDLED_EVENTS} events loaded · no problems"


def test_lane_axis_labels_every_group_and_track(window):
    axis = window.timeline.lane_axis
    rects = axis.row_rects()
    assert len(rects) == len(window.document.content.layout.groups)
    assert axis.group_at(rects[0][0].center().y()) == ALL_COMPANIES


def test_click_on_deepseek_approval_shows_its_sources(window, qtbot):
    w = window
    m = w.document.model
    i = m.index_of("cn-deepseek-approval")
    w.timeline.set_window(
        m.events["start"].iat[i] - 20 * 86400, m.events["start"].iat[i] + 20 * 86400
    )
    w.timeline.ensure_event_visible(i)
    pos = event_point(w, i)
    qtbot.mouseClick(w.timeline.plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: w.document.state.selected == "cn-deepseek-approval", timeout=2000)
    text = w.detail.toPlainText()
    assert "DeepSeek cleared" in text or m.events["title"].iat[i] in text
    assert "conditional" in text
    assert "Reuters FR (via Boursorama)" in text
    assert "30 January 2026" in text
    assert w.timeline.marks_item.selected_event == i
    assert w.table.currentIndex().row() == w.table.table_model.row_of_event(i)
    html = w.detail.toHtml()
    assert "https://www.boursorama.com/" in html


def test_source_links_open_only_http(window):
    w = window
    w.select_id("cn-deepseek-approval")
    w.detail.anchorClicked.emit(QUrl("https://www.tradingpedia.com/2026/01/30/x?a=1"))
    box = w.detail.link_box
    assert box.isVisible()
    assert box.informativeText() == "https://www.tradingpedia.com/2026/01/30/x?a=1"
    assert w.opened_urls == []  # nothing opens before the user has seen the address
    box.open_button.click()
    w.detail.anchorClicked.emit(QUrl("file:///etc/passwd"))
    w.detail.anchorClicked.emit(QUrl("javascript:alert(1)"))
    assert w.opened_urls == ["https://www.tradingpedia.com/2026/01/30/x?a=1"]


def test_a_link_is_not_opened_when_the_user_cancels(window):
    w = window
    w.detail.anchorClicked.emit(QUrl("https://example.com/far/away"))
    w.detail.link_box.reject()
    assert w.opened_urls == []


def test_copy_citation_puts_it_on_the_clipboard(window):
    w = window
    w.select_id("cn-deepseek-approval")
    w.detail.anchorClicked.emit(QUrl("copy:0"))
    text = QGuiApplication.clipboard().text()
    assert text.startswith("Reuters FR (via Boursorama), “La Chine approuve")
    assert "https://www.boursorama.com/" in text


def test_related_link_selects_that_event(window):
    w = window
    w.select_id("nv-prepay-denial")
    assert "disputes" in w.detail.toPlainText()
    w.detail.anchorClicked.emit(QUrl("event:nv-prepay-report"))
    assert w.document.state.selected == "nv-prepay-report"


def _related_lines(w) -> list[str]:
    text = w.detail.toPlainText()
    if "Related events" not in text:
        return []
    section = text.split("Related events", 1)[1].split("Status history", 1)[0]
    return [line.strip() for line in section.splitlines() if line.strip()]


def test_detail_pane_lists_each_related_event_once(window):
    w = window
    table = w.table
    row = table.table_model.row_of_event(w.document.model.index_of("nv-prepay-report"))
    table.selectRow(row)  # as a user picks it in the Events table
    lines = _related_lines(w)
    denial = [line for line in lines if "Nvidia denies" in line]
    assert len(denial) == 1 and denial[0].endswith("(disputes this event)"), lines
    pause = [line for line in lines if line.startswith("2026-") and "pause" in line.lower()]
    assert len(pause) == 1, lines  # named on both sides: still one line
    for event_id in w.document.model.events["id"]:
        w.select_id(event_id, reveal=False)
        lines = _related_lines(w)
        assert len(lines) == len(set(lines)), (event_id, lines)


def test_table_row_selects_event_and_brings_it_into_view(window, qtbot):
    w = window
    m = w.document.model
    w.timeline.set_window(1.0e9, 1.0e9 + 30 * 86400)  # far away
    row = w.table.table_model.row_of_event(m.index_of("us-bis-h200-rule"))
    w.table.selectRow(row)
    assert w.document.state.selected == "us-bis-h200-rule"
    i = m.index_of("us-bis-h200-rule")
    assert w.timeline.marks_item.selected_event == i
    t0, t1 = w.timeline.time_window()
    assert t0 <= m.events["start"].iat[i] <= t1


def test_hover_shows_tooltip(window, qtbot):
    w = window
    m = w.document.model
    i = m.index_of("us-bis-2022-rule")
    w.timeline.set_window(
        m.events["start"].iat[i] - 40 * 86400, m.events["start"].iat[i] + 40 * 86400
    )
    tip = hover(w, qtbot, i)
    assert "7 October 2022" in tip
    assert m.events["title"].iat[i] in tip
    assert "US BIS · in force" in tip


def test_wheel_zooms_time_and_keeps_rows(window, qtbot):
    w = window
    before = w.timeline.time_window()
    rows_before = w.timeline.viewbox.viewRange()[1]
    w.timeline.zoom(0.5)
    after = w.timeline.time_window()
    assert after[1] - after[0] == pytest.approx((before[1] - before[0]) / 2, rel=1e-3)
    assert w.timeline.viewbox.viewRange()[1] == pytest.approx(rows_before)
    w.fit_action.trigger()
    span = w.document.content.span()
    t0, t1 = w.timeline.time_window()
    assert t0 < span[0] and t1 > span[1]


def test_markup_in_data_is_shown_literally(window, write):
    w = window
    path = write(
        "markup.csv",
        "id,date,company,regulator,title,description\n"
        "x,2026-01-01,Acme,US BIS,<b>Bold</b> & <script>x</script>,<img src=x> <a href='y'>l</a>\n",
    )
    assert w.open_file(path)
    w.select_id("x")
    text = w.detail.toPlainText()
    assert "<b>Bold</b> & <script>x</script>" in text
    assert "<img src=x>" in text


def test_bad_file_keeps_current_data(window, write):
    w = window
    assert not w.open_file(write("broken.csv", "nothing,useful\n1,2\n"))
    assert w.document.model.path == DATA
    assert "no 'date'" in w.last_warning and "broken.csv" in w.last_warning
    assert not w.open_file(write("empty.csv", ""))
    assert len(w.document.model) == BUNDLED_EVENTS


def test_export_from_window_writes_png(window, tmp_path):
    out = tmp_path / "snap.png"
    assert window.exporter.export_to(out)
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert image.width() == window.timeline.width()
    assert not np.isnan(image.width())
