"""The window as an analyst uses it for time: the as-of bar, play, the brief, disputes, flags."""

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication

from tests.conftest import BUNDLED_EVENTS, DATA, hover, run, secs, type_into
from viewer.io import load
from viewer.record.as_of import known_on, parse_as_of

TODAY = secs(2026, 11, 28)


@pytest.fixture
def window(make_window):
    w = make_window(path=None, size=(1500, 900))
    model = load(DATA)
    model.today = TODAY  # the clock, fixed for the test
    w.show_model(model)
    return w


def known_ids(w) -> set[str]:
    table = w.table.table_model
    return {w.document.model.events["id"].iat[int(i)] for i in table.rows}


def test_date_field_shows_the_record_as_known_on_that_day(window, qtbot):
    w = window
    bar = w.as_of_bar
    assert not bar.toggle.isChecked() and bar.count_label.text() == f"all {BUNDLED_EVENTS} events"
    type_into(qtbot, bar.date_field.edit, "2026-01-20")
    assert w.document.state.as_of == secs(2026, 1, 20)
    assert bar.toggle.isChecked()
    full = load(DATA)
    expected = set(full.rows.loc[full.rows["reported_at"] < secs(2026, 1, 21), "id"])
    assert known_ids(w) == expected
    assert w.table.model().rowCount() == len(expected) < BUNDLED_EVENTS
    assert bar.count_label.text() == f"{len(expected)} of {BUNDLED_EVENTS} events known"
    assert "as known on 20 January 2026" in w.status.summary_label.text()
    assert "cn-h200-first-batch" not in known_ids(w)
    assert w.timeline.as_of_marker.line.isVisible()
    # Latest brings every report back.
    qtbot.mouseClick(bar.latest_button, Qt.MouseButton.LeftButton)
    assert w.document.state.as_of is None and w.table.model().rowCount() == BUNDLED_EVENTS
    assert not w.timeline.as_of_marker.line.isVisible()


def test_status_history_in_the_detail_pane_follows_the_day(window):
    w = window
    w.document.state.set_as_of(secs(2026, 1, 28))
    w.select_id("cn-h200-first-batch")
    text = w.detail.toPlainText()
    assert "As known on 28 January 2026" in text
    assert "Reuters (via Business Times)" in text and "Tradingpedia" not in text
    assert "Status history" not in text  # one report so far
    w.document.state.set_as_of(secs(2026, 1, 30))
    text = w.detail.toPlainText()
    assert "Tradingpedia" in text and "Status history" in text
    # An event not reported yet says so rather than vanishing silently.
    w.document.state.set_as_of(secs(2026, 1, 20))
    text = w.detail.toPlainText()
    assert "Not reported yet as known on 20 January 2026" in text
    assert "first reported on 28 January 2026" in text


def test_slider_and_week_buttons_step_by_weeks(window, qtbot):
    w = window
    bar = w.as_of_bar
    type_into(qtbot, bar.date_field.edit, "2026-01-20")
    qtbot.mouseClick(bar.forward_button, Qt.MouseButton.LeftButton)
    assert w.document.state.as_of == secs(2026, 1, 27)
    qtbot.mouseClick(bar.back_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(bar.back_button, Qt.MouseButton.LeftButton)
    assert w.document.state.as_of == secs(2026, 1, 13)
    bar.slider.setFocus()
    qtbot.keyClick(bar.slider, Qt.Key.Key_Right)  # a single step is a week
    assert w.document.state.as_of == secs(2026, 1, 20)
    assert bar.date_field.text() == "2026-01-20"


def test_play_steps_through_the_weeks(window, qtbot):
    w = window
    bar = w.as_of_bar
    bar.timer.setInterval(30)
    w.timeline.set_window(secs(2026, 1, 1), secs(2026, 3, 1))
    qtbot.mouseClick(bar.play_button, Qt.MouseButton.LeftButton)
    assert bar.play_button.isChecked()
    start = w.document.state.as_of
    assert start == secs(2026, 1, 1)  # from the left edge of the view
    seen = []
    w.document.state.events.as_of.connect(seen.append)
    qtbot.waitUntil(lambda: len(seen) >= 3, timeout=5000)
    assert [d - start for d in seen[:3]] == [7 * 86400, 14 * 86400, 21 * 86400]
    qtbot.mouseClick(bar.play_button, Qt.MouseButton.LeftButton)  # pause
    assert not bar.timer.isActive()
    # Playing stops by itself at the last day.
    bar.set_as_of(bar.last - 86400)
    w.document.state.set_as_of(bar.last - 86400)
    qtbot.mouseClick(bar.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not bar.play_button.isChecked(), timeout=5000)
    assert w.document.state.as_of == bar.last


def test_changes_since_list_badges_and_brief(window, qtbot):
    w = window
    panel = w.changes
    w.changes_dock.show()
    w.changes_dock.raise_()
    type_into(qtbot, panel.date_field.edit, "2026-01-27")  # typing a day ticks the box
    assert panel.toggle.isChecked()
    assert w.document.state.changes_since == secs(2026, 1, 27)
    items = [panel.tree.topLevelItem(k) for k in range(panel.tree.topLevelItemCount())]
    got = {it.data(0, Qt.ItemDataRole.UserRole): it.text(0) for it in items}
    assert got["cn-deepseek-approval"] == "new"
    assert got["cn-h200-first-batch"] == "new"
    assert "nv-prepay-denial" not in got
    kinds = w.timeline.marks_item.changes
    assert kinds[w.document.model.index_of("cn-deepseek-approval")] == 1
    # Choosing a row selects the event.
    panel.tree.setCurrentItem(items[-1])
    assert w.document.state.selected == items[-1].data(0, Qt.ItemDataRole.UserRole)
    # The brief on the clipboard.
    qtbot.mouseClick(panel.copy_button, Qt.MouseButton.LeftButton)
    text = QGuiApplication.clipboard().text()
    assert text.startswith("Changes since 2026-01-27")
    assert "[new] 2026-01-30 DeepSeek cleared to buy H200" in text
    # As known on the 29th, the 30 January reports are not news yet; the first batch is.
    w.document.state.set_as_of(secs(2026, 1, 29))
    ids = {
        panel.tree.topLevelItem(k).data(0, Qt.ItemDataRole.UserRole)
        for k in range(panel.tree.topLevelItemCount())
    }
    assert "cn-h200-first-batch" in ids and "cn-deepseek-approval" not in ids
    qtbot.mouseClick(panel.toggle, Qt.MouseButton.LeftButton)
    assert w.document.state.changes_since is None and w.timeline.marks_item.changes is None


def test_detail_pane_sets_conflicting_claims_side_by_side(window):
    w = window
    w.select_id("nv-prepay-denial")
    text = w.detail.toPlainText()
    html = w.detail.toHtml()
    assert "Conflicting claims" in text
    assert "Nvidia denies requiring upfront payment" in text
    assert "Report: Nvidia demands full upfront payment" in text
    # Each side with its own sources.
    assert "Reuters (via CNA)" in text and "Reuters (via News.az)" in text
    assert "The AI Insider" in text
    assert html.count('width="50%"') >= 2
    w.detail.anchorClicked.emit(QUrl("event:nv-prepay-report"))
    assert w.document.state.selected == "nv-prepay-report"
    assert "Disputed by" in w.detail.toPlainText()


def test_expected_not_confirmed_in_table_tooltip_and_detail(window, qtbot):
    w = window
    # As known on 1 March 2026: the V4 launch expected in mid-February had not been reported.
    w.document.state.set_as_of(secs(2026, 3, 1))
    m = w.document.model
    i = m.index_of("ds-v4-expected")
    table = w.table.table_model
    status_col = table.columnCount() - 2
    row = table.row_of_event(i)
    assert table.index(row, status_col).data() == "expected, not confirmed"
    precision_col = 2
    assert table.index(row, precision_col).data() == "approximate"
    assert table.index(row, 0).data(Qt.ItemDataRole.ToolTipRole) == "about 15 February 2026"
    w.select_id("ds-v4-expected")
    assert "Expected, not confirmed" in w.detail.toPlainText()
    from viewer.timeline.view import tooltip_text

    tip = tooltip_text(w.document.content, i)
    assert tip.splitlines()[0] == "about 15 February 2026"
    assert "DeepSeek · expected, not confirmed" in tip
    # On 10 February it was still only expected; on 25 April a later report had come out.
    w.document.state.set_as_of(secs(2026, 2, 10))
    j = w.document.model.index_of("ds-v4-expected")
    assert w.table.table_model.index(w.table.table_model.row_of_event(j), status_col).data() == (
        "expected"
    )
    w.document.state.set_as_of(secs(2026, 4, 25))
    k = w.document.model.index_of("ds-v4-expected")
    cell = w.table.table_model.index(w.table.table_model.row_of_event(k), status_col).data()
    assert "expected" not in cell


def test_hovering_a_disputed_claim_names_the_other(window, qtbot):
    w = window
    m = w.document.model
    i = m.index_of("nv-prepay-report")
    t = m.events["start"].iat[i]
    w.timeline.set_window(t - 10 * 86400, t + 10 * 86400)
    w.timeline.ensure_event_visible(i)
    assert "⚠ disputed by: Nvidia denies requiring upfront payment" in hover(w, qtbot, i)
    assert i in w.timeline.connectors_item.focus


def test_view_menu_toggles_connectors(window):
    w = window
    assert w.disputes_action.isChecked()
    w.relations_action.trigger()
    assert w.timeline.connectors_item.show_all_related
    w.disputes_action.trigger()
    assert not w.timeline.connectors_item.show_disputes


def test_snapshot_from_the_window_shows_the_as_of_state(window, tmp_path):
    w = window
    w.document.state.set_as_of(secs(2026, 1, 20))
    assert w.document.content.model.as_of == secs(2026, 1, 20)
    assert w.exporter.export_to(tmp_path / "jan20.png")


def test_state_emits_only_on_change_and_round_trips():
    from viewer.shown.view_state import ViewState

    s = ViewState()
    seen = []
    s.events.as_of.connect(seen.append)
    s.set_as_of(secs(2026, 1, 20) + 3600)  # any time in the day means that day
    s.set_as_of(secs(2026, 1, 20))
    assert seen == [secs(2026, 1, 20)]
    s.set_changes_since(secs(2026, 1, 13))
    saved = s.to_dict()
    assert (saved["as_of"], saved["changes_since"]) == ("2026-01-20", "2026-01-13")
    t = ViewState.from_dict(saved)
    assert (t.as_of, t.changes_since) == (s.as_of, s.changes_since)
    with pytest.raises(ValueError, match="not a date"):
        ViewState.from_dict({**saved, "as_of": "soon"})


# -- command line -------------------------------------------------------------------------------


def test_export_as_of_draws_the_events_known_then(tmp_path):
    full = load(DATA)
    known = known_on(full, parse_as_of("2026-01-20"))
    out = tmp_path / "jan20.png"
    r = run("export", DATA, "-o", out, "--as-of", "2026-01-20")
    assert r.returncode == 0, r.stderr
    assert f"({len(known)} of {BUNDLED_EVENTS} events in the picture)" in r.stdout
    assert len(known) < len(full)
    assert out.exists()


@pytest.mark.parametrize("command", [("export", DATA, "-o", "x.png"), (DATA,)])
def test_bad_as_of_is_a_usage_error(command, tmp_path):
    r = run(*command, "--as-of", "soonish", cwd=tmp_path)
    assert r.returncode == 2
    assert "--as-of" in r.stderr and "not a date" in r.stderr
    assert "Traceback" not in r.stderr


def test_export_as_of_to_csv_gives_the_events_known_then_in_their_state_then(tmp_path, write):
    import pandas as pd

    table = write(
        "h.csv",
        "id,date,company,regulator,title,status,reported\n"
        "x,2026-01-20,DeepSeek,CN MIIT,approval (first report),pending,2026-01-23\n"
        "x,2026-01-20,DeepSeek,CN MIIT,approval,conditional,2026-01-30\n"
        "y,2026-01-25,Nvidia,US BIS,rule,in force,\n"
        "z,2026-02-15~,DeepSeek,DeepSeek,launch,expected,2026-01-02\n"
        "q,2026-01-31,Nvidia,Nvidia,later,statement,\n",
    )

    def export(on):
        out = tmp_path / f"{on}.csv"
        r = run("export", table, "-o", out, "--as-of", on)
        assert r.returncode == 0, r.stderr
        return pd.read_csv(out, encoding="utf-8-sig", dtype=str, keep_default_na=False)

    early = export("2026-01-29")
    assert sorted(early["id"]) == ["x", "y", "z"]
    x = early.set_index("id").loc["x"]
    assert (x["status"], x["title"], x["reported"]) == (
        "pending",
        "approval (first report)",
        "2026-01-23",
    )
    assert early.set_index("id").loc["z", "date_precision"] == "approximate"
    late = export("2026-01-31")
    assert sorted(late["id"]) == ["q", "x", "y", "z"]
    x = late.set_index("id").loc["x"]
    assert (x["status"], x["reported"]) == ("conditional", "2026-01-30")
    # The bundled record: exactly the ids with a report by that day.
    out = tmp_path / "h200.csv"
    r = run("export", DATA, "-o", out, "--as-of", "2026-01-20")
    assert r.returncode == 0, r.stderr
    got = pd.read_csv(out, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    full = load(DATA)
    expected = set(full.rows.loc[full.rows["reported_at"] < secs(2026, 1, 21), "id"])
    assert set(got["id"]) == expected and len(got) == len(expected)
