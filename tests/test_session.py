"""The window takes back its size, docks, table columns and each file's view from the settings."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from tests.conftest import BUNDLED_EVENTS, DATA
from viewer.app.settings import AppSettings


def test_size_docks_and_column_widths_come_back(make_window):
    w = make_window(size=None)
    w.resize(761, 547)  # within the offscreen screen (800 x 600)
    w.detail_dock.hide()
    w.table.horizontalHeader().resizeSection(3, 555)
    assert w.height() == 547
    w.close()

    again = make_window(size=None)
    assert again.height() == 547  # (the width is clamped to the small offscreen screen)
    assert not again.detail_dock.isVisible()
    assert again.table_dock.isVisible()
    assert again.table.horizontalHeader().sectionSize(3) == 555


def test_each_file_opens_as_it_was_left(make_window, write):
    other = write("other.csv", "date,company,regulator,title\n2025-03-01,Acme,US BIS,Licence\n")
    from viewer.shown.filters import Filters

    w = make_window(size=None)
    w.document.state.filters = Filters(regulators=frozenset({"CN MIIT"}))
    w.select_id("cn-deepseek-approval")
    w.timeline.set_window(1.70e9, 1.72e9)
    assert w.open_file(other)
    assert w.document.state.selected is None
    assert w.open_file(DATA)
    assert w.document.state.filters.regulators == frozenset({"CN MIIT"})
    t0, t1 = w.timeline.time_window()
    assert abs(t0 - 1.70e9) < 1 and abs(t1 - 1.72e9) < 1
    assert w.document.state.selected == "cn-deepseek-approval"
    assert "last left" in w.statusBar().currentMessage()


def test_last_view_survives_a_restart(make_window):
    w = make_window(size=None)
    w.timeline.set_window(1.69e9, 1.71e9)
    w.close()
    again = make_window(size=None)
    t0, t1 = again.timeline.time_window()
    assert abs(t0 - 1.69e9) < 1 and abs(t1 - 1.71e9) < 1


def test_opened_files_become_recent_files(make_window, write):
    other = write("other.csv", "date,company,regulator,title\n2025-03-01,Acme,US BIS,Licence\n")
    w = make_window(size=None)
    assert w.settings.recent_files() == []  # the bundled sample is not the user's file
    w.open_file(other)
    assert w.settings.recent_files() == [str(other.resolve())]


def test_corrupt_settings_are_named_in_the_status_bar(make_window, settings_dir):
    path = settings_dir / "RegTimeline" / "RegTimeline.ini"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xff\xfe\x00garbage[[[")
    w = make_window(size=None)
    message = w.statusBar().currentMessage()
    assert "settings file" in message and "RegTimeline.ini.bad" in message
    assert w.table.model().rowCount() == BUNDLED_EVENTS
    w.close()
    assert AppSettings(QSettings(str(path), QSettings.IniFormat)).notice() is None


def _process() -> None:
    """Plain event processing, as the first seconds of a real run (a waiting event loop lets
    Qt tidy up in ways a busy start-up does not)."""
    from PySide6.QtWidgets import QApplication

    for _ in range(10):
        QApplication.processEvents()


def _visible_tab_groups(w):
    from PySide6.QtWidgets import QTabBar

    return sorted(
        tuple(bar.tabText(i) for i in range(bar.count()))
        for bar in w.findChildren(QTabBar)
        if bar.parent() is w and bar.isVisible()
    )


def test_one_tab_bar_per_dock_group_also_after_a_restart(make_window):
    w = make_window(size=(1500, 900))
    _process()
    groups = _visible_tab_groups(w)
    assert len(groups) == len(set(groups)) == 2
    w.close()
    again = make_window(size=(1500, 900))  # restores the saved dock layout
    _process()
    assert _visible_tab_groups(again) == groups
    again.resize(again.width() - 40, again.height() - 40)
    _process()
    assert _visible_tab_groups(again) == groups
