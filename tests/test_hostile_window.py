"""Hostile input and faults (issue 17), the window's side: what a user sees and keeps.

The files are those of tests/hostile/ (copied to tmp_path when the test changes them); every
tooltip and label built from data is checked as Qt would show it (tests/conftest.as_qt_shows).
"""

from __future__ import annotations

import os
import shutil

import pytest
from PySide6.QtCore import Qt, QUrl

from tests.conftest import DATA, ROOT, as_qt_shows

FOLDER = ROOT / "tests" / "hostile"
WAIT = 15000  # ms, for a reload on a loaded machine


@pytest.fixture
def window(make_window):
    """The window on the bundled record; links it would open are collected, not opened."""
    return make_window(DATA, size=(1500, 900))


def _watched(w, qtbot, path):
    assert w.open_file(path)
    w.live.watcher._timer.setInterval(50)
    return w


# -- 7. markup in cells is text everywhere --------------------------------------------------------

TITLE = '<img src="file:///etc/hostname"> Title'
COMPANY = '<img src="file:///dev/zero">Acme'
REGULATOR = "<b>US</b> BIS"


def test_the_events_table_shows_markup_as_text(window):
    w = window
    assert w.open_file(FOLDER / "markup_cells.csv")
    table = w.table.table_model
    for row in range(table.rowCount()):
        for col in range(table.columnCount()):
            index = table.index(row, col)
            shown = table.data(index, Qt.ItemDataRole.DisplayRole)
            tip = table.data(index, Qt.ItemDataRole.ToolTipRole)
            if shown and col not in (0, 1):  # (dates: the tooltip spells them out)
                assert shown in as_qt_shows(tip), (shown, tip)
    tips = [
        as_qt_shows(table.data(table.index(r, c), Qt.ItemDataRole.ToolTipRole))
        for r in range(table.rowCount())
        for c in range(table.columnCount())
    ]
    assert any(TITLE in t for t in tips) and any(COMPANY in t for t in tips)
    assert any(REGULATOR in t for t in tips)


def test_the_problems_list_shows_markup_as_text(window):
    w = window
    assert w.open_file(FOLDER / "markup_cells.csv")
    model = w.problems.problems_model
    assert model.rowCount() == 1
    for col in range(model.columnCount()):
        index = model.index(0, col)
        shown = model.data(index, Qt.ItemDataRole.DisplayRole)
        tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
        assert as_qt_shows(tip).startswith(shown.rstrip("…")), (shown, tip)
    assert "<b>2026-13-01</b>" in as_qt_shows(
        model.data(model.index(0, 3), Qt.ItemDataRole.ToolTipRole)
    )


def test_the_filter_panel_and_chips_show_markup_as_text(window):
    from viewer.shown.filters import Filters

    w = window
    assert w.open_file(FOLDER / "markup_cells.csv")
    tree = w.filter_panel.tree
    seen = []
    stack = [tree.topLevelItem(k) for k in range(tree.topLevelItemCount())]
    while stack:
        item = stack.pop()
        stack += [item.child(k) for k in range(item.childCount())]
        if item.toolTip(0):
            assert item.text(0) in as_qt_shows(item.toolTip(0)), item.toolTip(0)
            seen.append(item.text(0))
    assert COMPANY in seen and REGULATOR in seen
    w.document.set_filters(
        Filters(companies=frozenset({COMPANY}), regulators=frozenset({REGULATOR}))
    )
    tips = [as_qt_shows(chip.toolTip()) for chip in w.chips.chips]
    assert any(COMPANY in t for t in tips) and any(REGULATOR in t for t in tips)
    assert any(COMPANY in chip.text() for chip in w.chips.chips)


def test_the_detail_pane_changes_list_and_hover_show_markup_as_text(window, qtbot):
    from viewer.record import dates as D
    from viewer.timeline.view import tooltip_text

    w = window
    assert w.open_file(FOLDER / "markup_cells.csv")
    w.select_id("m1")
    text = w.detail.toPlainText()
    for cell in (
        TITLE,
        COMPANY,
        REGULATOR,
        "<script>x</script>",
        '<img src="file:///dev/zero"> headline',
    ):
        assert cell in text, cell
    assert "<a href=" in text and "<b>Wire</b>" in text
    first = float(w.document.model.events["start"].min())
    w.document.state.set_changes_since(first - 30 * D.SECONDS_PER_DAY)
    tree = w.changes.tree
    assert tree.topLevelItemCount() == 2
    for k in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(k)
        for col in range(tree.columnCount()):
            if item.toolTip(col):
                assert item.text(col) in as_qt_shows(item.toolTip(col))
    i = w.document.model.index_of("m1")
    assert TITLE in tooltip_text(w.document.content, i, 0, None)


def test_a_data_set_name_and_sample_cells_of_markup_are_text(window, qtbot, tmp_path):
    from viewer.panels.mapping_dialog import MappingDialog

    w = window
    named = tmp_path / "named.json"
    named.write_text(
        '{"name": "<img src=\\"file:///dev/zero\\">Set", "events": ['
        '{"date": "2026-01-01", "company": "A", "regulator": "US BIS", "title": "t"}]}',
        encoding="utf-8",
    )
    assert w.open_file(named)
    for label in (w.status.summary_label, w.status.problems_label):
        if label.textFormat() != Qt.TextFormat.PlainText:
            assert "<img" not in label.text() or "&lt;img" in label.text()
    dialog = MappingDialog(
        w, "t.csv", ["<b>When</b>"], {"<b>When</b>": ["<img src=x>2026"]}, {}, False
    )
    qtbot.addWidget(dialog)
    box = next(iter(dialog.boxes.values()))
    tip = box.itemData(1, Qt.ItemDataRole.ToolTipRole)
    assert "<img src=x>2026" in as_qt_shows(tip)


def test_a_long_status_message_quoting_markup_is_text_in_its_tooltip(window):
    w = window
    message = "Opened view v.json — note: no company named " + COMPANY + " in the data " * 20
    w.statusBar().showMessage(message, 5000)
    assert w.statusBar().toolTip(), "the message is cut, so the tooltip holds it whole"
    assert COMPANY in as_qt_shows(w.statusBar().toolTip())


def test_recent_files_with_markup_in_their_names_are_text(window, tmp_path):
    w = window
    odd = tmp_path / "<img src=x>bold.csv"
    shutil.copyfile(FOLDER / "related_self.csv", odd)
    w.settings.add_recent_file(str(odd))
    w.recent_menu.rebuild()
    action = w.recent_menu.actions()[0]
    assert str(odd) in as_qt_shows(action.toolTip())


# -- 9. the link confirmation ---------------------------------------------------------------------


def test_a_lookalike_host_is_shown_as_it_resolves_with_a_warning(window):
    w = window
    assert w.open_file(FOLDER / "lookalike_link.csv")
    w.select_id("l1")
    w.detail.anchorClicked.emit(QUrl("https://xn--pple-43d.com/news"))
    box = w.detail.link_box
    words = box.text() + "\n" + box.informativeText()
    assert "xn--pple-43d.com" in words  # where the browser goes
    assert "\u0430pple.com" in words  # what it looks like (a Cyrillic а)
    assert "Cyrillic" in words and "Latin" in words
    assert w.opened_urls == []
    box.reject()


def test_a_plain_host_gets_no_warning(window):
    w = window
    w.detail.anchorClicked.emit(QUrl("https://www.reuters.com/world/"))
    box = w.detail.link_box
    assert box.informativeText() == "https://www.reuters.com/world/"
    assert "scripts" not in box.text()
    box.reject()


# -- 10. dates at the edges: the window switches whole or not at all ------------------------------


def test_a_file_with_year_zero_opens_whole(window):
    w = window
    assert w.open_file(FOLDER / "year_zero.csv")
    assert w.windowTitle().startswith("year_zero.csv")
    assert w.status.summary_label.text().startswith("1 event")
    assert w.problems.problems_model.rowCount() == 1
    assert "1 row left out" in w.status.problems_label.text()


def test_a_file_at_the_edges_of_the_range_opens_and_exports(window, tmp_path):
    w = window
    assert w.open_file(FOLDER / "year_extremes.csv")
    assert w.status.summary_label.text().startswith("5 events")
    w.timeline.fit_all()
    for suffix in (".png", ".svg", ".pdf"):
        assert w.exporter.export_to(tmp_path / ("edges" + suffix), warn=False), (
            w.exporter.last_error
        )
    w.timeline.zoom(64.0)  # far past either end of the range
    assert w.exporter.export_to(tmp_path / "far.png", warn=False), w.exporter.last_error


def test_a_reload_to_a_version_with_year_zero_applies_whole(window, qtbot, tmp_path):
    path = tmp_path / "live.csv"
    shutil.copyfile(FOLDER / "related_self.csv", path)
    w = _watched(window, qtbot, path)
    with qtbot.waitSignal(w.live.reloaded, timeout=WAIT):
        shutil.copyfile(FOLDER / "year_zero.csv", path)
    assert w.status.summary_label.text().startswith("1 event")
    assert w.document.model.events["id"].tolist() == ["z2"]
    assert "1 row left out" in w.status.problems_label.text()


# -- 14. a FIFO swapped in under the open file ----------------------------------------------------


def test_a_fifo_swapped_in_under_the_open_file_leaves_the_data_and_a_banner(
    window, qtbot, tmp_path
):
    path = tmp_path / "live.csv"
    shutil.copyfile(FOLDER / "related_self.csv", path)
    w = _watched(window, qtbot, path)
    good = w.document.model
    with qtbot.waitSignal(w.live.failed, timeout=WAIT):
        path.unlink()
        os.mkfifo(path)
    assert w.document.model is good
    assert "not a regular file" in w.reload_banner.label.text()
    with qtbot.waitSignal(w.live.reloaded, timeout=WAIT):  # live reload still works
        path.unlink()
        shutil.copyfile(FOLDER / "year_zero.csv", path)
    assert w.document.model.events["id"].tolist() == ["z2"]


# -- 5. exports from the window never replace the data --------------------------------------------


def test_the_window_refuses_to_export_over_its_own_file(window, tmp_path):
    from viewer.panels.export_dialog import SnapshotDialog

    w = window
    table = tmp_path / "t.csv"
    shutil.copyfile(FOLDER / "related_self.csv", table)
    before = table.read_bytes()
    assert w.open_file(table)
    assert not w.exporter.export_table_to(table)
    assert "would replace" in w.last_warning and str(table) in w.last_warning
    link = tmp_path / "view.png"
    link.symlink_to(table)
    dialog = SnapshotDialog(w, "Title", link, w.exporter._export_request)
    dialog._confirmed = link  # (the user said yes to replacing it)
    dialog.try_export()
    assert dialog.error_label.isVisibleTo(dialog)
    assert "would replace" in dialog.error_label.text()
    assert table.read_bytes() == before and link.is_symlink()


# -- 13. saved views ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["view_huge_integer.json", "view_deep.json", "view_lone_surrogate.json"]
)
def test_a_bad_view_changes_nothing_and_says_why(window, name):
    w = window
    before = (w.document.state.filters, w.find_bar.text(), w.timeline.time_window())
    assert not w.view_files.open(FOLDER / name)
    assert name in w.last_warning
    assert (w.document.state.filters, w.find_bar.text(), w.timeline.time_window()) == before
