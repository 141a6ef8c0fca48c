"""Every date field takes a whole typed date, as a user types it: changes since, as known on,
and the filter panel's From and To. Text that is no date is marked and never used."""

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt

from tests.conftest import BUNDLED_EVENTS, secs, type_into

DAY = 86400.0


@pytest.fixture
def window(make_window):
    w = make_window(size=(1366, 768))
    w.changes_dock.show()
    w.changes_dock.raise_()
    return w


def test_changes_since_takes_a_typed_day(window, qtbot):
    w = window
    panel = w.changes
    type_into(qtbot, panel.date_field.edit, "2026-01-25")
    assert w.document.state.changes_since == secs(2026, 1, 25)
    assert panel.toggle.isChecked() and panel.date_field.text() == "2026-01-25"
    reported = w.document.model.rows.groupby("id")["reported_at"].max()
    later = set(reported[reported > secs(2026, 1, 25)].index)
    listed = {
        panel.tree.topLevelItem(k).data(0, Qt.ItemDataRole.UserRole)
        for k in range(panel.tree.topLevelItemCount())
    }
    assert listed and listed <= later and len(listed) < BUNDLED_EVENTS
    assert "since 2026-01-25" in panel.summary.text()


def test_changes_since_starts_a_week_before_the_latest_report(window, qtbot):
    w = window
    panel = w.changes
    latest = float(w.document.model.rows["reported_at"].max())
    default = latest // DAY * DAY - 7 * DAY
    assert panel.date_field.text() == dt.datetime.fromtimestamp(default, dt.UTC).strftime(
        "%Y-%m-%d"
    )
    qtbot.mouseClick(panel.toggle, Qt.MouseButton.LeftButton)
    assert w.document.state.changes_since == default
    assert 0 < panel.tree.topLevelItemCount() < BUNDLED_EVENTS


@pytest.mark.parametrize(
    ("typed", "day", "shown"),
    [
        ("2026-01", (2026, 1, 1), "2026-01-01"),
        ("2026-Q1", (2026, 1, 1), "2026-01-01"),
        ("2025", (2025, 1, 1), "2025-01-01"),
        ("25 January 2026", (2026, 1, 25), "2026-01-25"),
    ],
)
def test_changes_since_takes_the_forms_of_the_filter_panel(window, qtbot, typed, day, shown):
    panel = window.changes
    type_into(qtbot, panel.date_field.edit, typed)
    assert window.document.state.changes_since == secs(*day)
    assert panel.date_field.text() == shown


def test_text_that_is_no_date_is_marked_and_not_used(window, qtbot):
    w = window
    panel = w.changes
    type_into(qtbot, panel.date_field.edit, "2026-01-25")
    listed = panel.tree.topLevelItemCount()
    field = panel.date_field
    type_into(qtbot, field.edit, "2026-13-01")
    assert w.document.state.changes_since == secs(2026, 1, 25)  # the day in force stays
    assert panel.tree.topLevelItemCount() == listed
    assert "month 13 does not exist" in field.problem
    assert field.warning.isVisible() and "border" in field.edit.styleSheet()
    assert field.edit.toolTip() == field.problem
    assert field.text() == "2026-13-01"  # kept, for the user to mend
    qtbot.keyClick(field.edit, Qt.Key.Key_Backspace)
    qtbot.keyClick(field.edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(field.edit, "1")  # 2026-13-1: still no date, still marked
    assert field.problem
    type_into(qtbot, field.edit, "2026-02-01")
    assert field.problem == "" and not field.warning.isVisible()
    assert w.document.state.changes_since == secs(2026, 2, 1)


def test_leaving_the_field_enters_the_date(window, qtbot):
    w = window
    field = w.changes.date_field
    type_into(qtbot, field.edit, "2026-01-10", enter=False)
    assert w.document.state.changes_since is None  # nothing happens while typing
    w.timeline.setFocus()  # the user moves on (Tab or a click elsewhere)
    qtbot.waitUntil(lambda: w.document.state.changes_since == secs(2026, 1, 10))


def test_as_of_field_takes_a_typed_day_and_a_month_means_its_last_day(window, qtbot):
    w = window
    field = w.as_of_bar.date_field
    type_into(qtbot, field.edit, "2026-01-20")
    assert w.document.state.as_of == secs(2026, 1, 20)
    assert w.as_of_bar.toggle.isChecked()
    type_into(qtbot, field.edit, "2026-01")
    assert w.document.state.as_of == secs(2026, 1, 31) and field.text() == "2026-01-31"
    type_into(qtbot, field.edit, "2025-Q4")
    assert w.document.state.as_of == secs(2025, 12, 31)
    type_into(qtbot, field.edit, "someday")
    assert w.document.state.as_of == secs(2025, 12, 31) and "not a date" in field.problem
    assert field.warning.isVisible()


def test_filter_dates_take_quarters_and_years_and_mark_bad_text(window, qtbot):
    w = window
    panel = w.filter_panel
    w.filter_dock.show()
    w.filter_dock.raise_()
    type_into(qtbot, panel.from_edit.edit, "2025-Q4")
    type_into(qtbot, panel.to_edit.edit, "2026")
    assert w.document.state.filters.date_from == secs(2025, 10, 1)
    assert w.document.state.filters.date_to == secs(2027, 1, 1)
    type_into(qtbot, panel.to_edit.edit, "2026-02-30")
    assert w.document.state.filters.date_to == secs(2027, 1, 1)  # unchanged
    assert panel.to_edit.warning.isVisible()
    assert not panel.date_error.isHidden() and "day 30 does not exist" in panel.date_error.text()
    # Other filters still apply while a date is marked.
    type_into(qtbot, panel.text_edit, "ndrc")
    assert w.document.state.filters.text == "ndrc" and w.document.state.filters.date_to == secs(
        2027, 1, 1
    )


def test_calendar_opens_on_the_typed_day_and_a_click_enters_it(window, qtbot):
    w = window
    field = w.changes.date_field
    type_into(qtbot, field.edit, "2026-01-25")
    qtbot.mouseClick(field.calendar_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: field.calendar_menu is not None and field.calendar_menu.isVisible())
    assert field.calendar.selectedDate() == QDate(2026, 1, 25)
    field.calendar.clicked.emit(QDate(2026, 1, 12))  # the day the user clicks
    assert not field.calendar_menu.isVisible()
    assert w.document.state.changes_since == secs(2026, 1, 12) and field.text() == "2026-01-12"
