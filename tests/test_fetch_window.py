"""File > Import from Registers… as a user drives it: the dialog, progress, Cancel, the result
opened (or merged into a copy of the open table), and the detail pane citing the document."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt, QUrl

from tests.conftest import BUNDLED_EVENTS, BUNDLED_FR_DOCS, DOCUMENTS, Reply, serve_bis
from viewer.panels.detail import event_html


@pytest.fixture
def copy_window(make_window, tmp_path, h200_path):
    """The window on a copy of the bundled record in a folder of the test's own (links the
    user agrees to open are kept in `opened_urls`, as in every window the tests make)."""
    table = tmp_path / "h200.csv"
    shutil.copy(h200_path, table)
    shutil.copy(h200_path.with_name("h200_china.sources.csv"), tmp_path / "h200.sources.csv")
    return make_window(table)


def open_dialog(w, qtbot, server, out):
    """File > Import from Registers…, the server and file typed in as a user would."""
    (action,) = [a for a in w.file_menu.actions() if a.text() == "&Import from Registers…"]
    action.trigger()
    dialog = w.fetch_flow.dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.advanced.setChecked(True)
    dialog.base_edit.clear()
    qtbot.keyClicks(dialog.base_edit, server.url)
    dialog.path_edit.clear()
    qtbot.keyClicks(dialog.path_edit, str(out))
    return dialog


def test_import_opens_the_fetched_rules_and_the_pane_cites_them(
    copy_window, qtbot, official_server, tmp_path
):
    serve_bis(official_server)
    out = tmp_path / "bis.csv"
    dialog = open_dialog(copy_window, qtbot, official_server, out)
    qtbot.mouseClick(dialog.fetch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: copy_window.document.model.path == out, timeout=20000)
    assert not dialog.isVisible()
    assert len(copy_window.document.model) == 8 and not copy_window.document.model.problems
    assert "Imported 11 rows into bis.csv" in copy_window.statusBar().currentMessage()
    copy_window.select_id("fr-2026-00789")
    text = copy_window.detail.toPlainText()
    assert "FR Doc 2026-00789" in text and "91 FR 1684" in text
    assert "15 CFR 742, 744, 748" in text and "RIN 0694-AK43" in text
    html = event_html(
        copy_window.document.model, copy_window.document.model.index_of("fr-2026-00789")
    )
    assert "href='https://www.federalregister.gov/documents/2026/01/15/2026-00789/" in html
    pdf = "https://www.govinfo.gov/content/pkg/FR-2026-01-15/pdf/2026-00789.pdf"
    assert f"href='{pdf}'" in html
    copy_window.detail.anchorClicked.emit(QUrl(pdf))  # a click on "PDF": asked first, then opened
    box = copy_window.detail.link_box
    assert box.informativeText() == pdf
    assert copy_window.opened_urls == []
    box.open_button.click()
    assert copy_window.opened_urls == [pdf]


def test_merge_into_a_copy_leaves_the_open_file_as_it_was(
    copy_window, qtbot, official_server, tmp_path
):
    serve_bis(official_server)
    table = copy_window.document.model.path
    before = table.read_bytes()
    out = tmp_path / "h200-with-rules.csv"
    dialog = open_dialog(copy_window, qtbot, official_server, out)
    dialog.merge_radio.click()
    assert "h200.csv" in dialog.merge_radio.text()
    qtbot.mouseClick(dialog.fetch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: copy_window.document.model.path == out, timeout=20000)
    added = {i for i in copy_window.document.model.events["id"] if i.startswith("fr-")}
    assert added and not {i.removeprefix("fr-") for i in added} & BUNDLED_FR_DOCS
    assert len(copy_window.document.model) == BUNDLED_EVENTS + len(added)
    assert table.read_bytes() == before
    assert copy_window.document.model.index_of("cn-deepseek-approval") is not None


def test_cancel_stops_the_fetch_and_keeps_the_data_on_screen(
    copy_window, qtbot, official_server, tmp_path
):
    official_server.route(DOCUMENTS, Reply.file("bis-documents-page-1.json", delay=20))
    table = copy_window.document.model.path
    out = tmp_path / "bis.csv"
    dialog = open_dialog(copy_window, qtbot, official_server, out)
    qtbot.mouseClick(dialog.fetch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.running and dialog.progress.isVisible())
    assert dialog.close_button.text() == "Cancel"
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Cancelled" in dialog.status.text())
    assert dialog.isVisible() and dialog.fetch_button.isEnabled()
    assert copy_window.document.model.path == table
    assert not out.exists()


def test_closing_the_window_mid_fetch_stops_it_and_writes_nothing(
    copy_window, qtbot, official_server, tmp_path
):
    official_server.route(DOCUMENTS, Reply.file("bis-documents-page-1.json", delay=3))
    out = tmp_path / "bis.csv"
    dialog = open_dialog(copy_window, qtbot, official_server, out)
    qtbot.mouseClick(dialog.fetch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(official_server.asked))  # the question is on its way
    copy_window.close()  # (the window does not wait for the server's answer)
    loader = copy_window.fetch_flow.loader
    assert not loader.busy
    assert loader.wait(20)  # the answer came, and the cancelled fetch stopped there
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h200.csv", "h200.sources.csv"]


def test_a_failure_is_said_in_the_dialog(copy_window, qtbot, official_server, tmp_path):
    out = tmp_path / "bis.csv"  # (nothing recorded: the server answers 404)
    dialog = open_dialog(copy_window, qtbot, official_server, out)
    qtbot.mouseClick(dialog.fetch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "answered 404" in dialog.status.text(), timeout=20000)
    assert dialog.isVisible() and not dialog.running
    assert not out.exists()


def test_bad_dates_and_types_are_said_before_fetching(
    copy_window, qtbot, official_server, tmp_path
):
    dialog = open_dialog(copy_window, qtbot, official_server, tmp_path / "x.csv")
    qtbot.keyClicks(dialog.since_edit, "2024-13")
    qtbot.mouseClick(dialog.fetch_button, Qt.MouseButton.LeftButton)
    assert "'2024-13' is not a date" in dialog.status.text()
    dialog.since_edit.clear()
    for check in dialog.type_checks.values():
        check.setChecked(False)
    qtbot.mouseClick(dialog.fetch_button, Qt.MouseButton.LeftButton)
    assert "at least one type" in dialog.status.text()
    assert official_server.asked == []


def test_the_screening_list_fields_replace_the_federal_registers(
    copy_window, qtbot, official_server
):
    from viewer.io.official import screening_list as csl

    copy_window.fetch_flow.action.trigger()
    dialog = copy_window.fetch_flow.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.fr_box.isVisible() and not dialog.csl_box.isVisible()
    dialog.csl_radio.click()
    assert dialog.csl_box.isVisible() and not dialog.fr_box.isVisible()
    assert dialog.base_edit.text() == csl.BASE_URL
    assert dialog.path_edit.text().endswith("screening-list.csv")
    request = dialog.request()
    assert request.screening_list.lists == ("Entity List",)
    assert request.screening_list.countries == ("CN",)
