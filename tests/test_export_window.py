"""Exports from the window, driven as a user would: menu shortcut, dialog, clipboard."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QImage, QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.conftest import csv_rows
from viewer.shown.filters import from_options


@pytest.fixture
def window(make_window):
    return make_window(size=(1400, 850))


def zoom_on_deepseek(w) -> None:
    m = w.document.model
    i = m.index_of("cn-deepseek-approval")
    t = m.events["start"].iat[i]
    w.timeline.set_window(t - 50 * 86400, t + 20 * 86400)
    w.select_id("cn-deepseek-approval", reveal=False)


def open_dialog(w, qtbot):
    w.export_action.trigger()
    dialog = w.exporter.snapshot_dialog
    qtbot.waitExposed(dialog)
    return dialog


def answer_next_question(button_text: str) -> None:
    """Click a button of the next message box that opens (the replace question)."""

    def click():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        for button in box.buttons():
            if button.text().replace("&", "") == button_text:
                button.click()
                return

    QTimer.singleShot(20, click)


def test_menu_has_the_export_actions_with_their_shortcuts(window):
    texts = [a.text() for a in window.file_menu.actions()]
    assert "&Export Snapshot…" in texts and "Export &Table…" in texts
    assert window.export_action.shortcut() == QKeySequence("Ctrl+E")
    assert window.copy_snapshot_action.shortcut() == QKeySequence("Ctrl+Shift+C")


def test_dialog_exports_a_pdf_of_what_is_on_screen_and_changes_nothing(window, qtbot, tmp_path):
    w = window
    zoom_on_deepseek(w)
    w.document.state.filters = from_options(w.document.model, companies=["DeepSeek", "Nvidia"])
    before = (
        w.timeline.time_window(),
        w.document.state.selected,
        w.document.state.filters,
        w.document.content,
    )
    dialog = open_dialog(w, qtbot)
    assert dialog.title_edit.text() == "h200_china"
    dialog.title_edit.clear()
    qtbot.keyClicks(dialog.title_edit, "DeepSeek's H200 approval")
    dialog.format_combo.setCurrentIndex(2)  # PDF
    assert dialog.path_edit.text().endswith(".pdf") and dialog.page_combo.isEnabled()
    assert not dialog.scale_combo.isEnabled()
    out = tmp_path / "brief.pdf"
    dialog.path_edit.setText(str(out))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert (
        w.timeline.time_window(),
        w.document.state.selected,
        w.document.state.filters,
        w.document.content,
    ) == before
    from pypdf import PdfReader

    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(str(out)).pages)
    assert "DeepSeek's H200 approval" in text and "Filters: DeepSeek, Nvidia" in text
    assert "Saved" in w.statusBar().currentMessage()


def test_typed_path_of_an_existing_file_asks_before_replacing(window, qtbot, tmp_path):
    out = tmp_path / "old.svg"
    out.write_text("keep me", encoding="utf-8")
    dialog = open_dialog(window, qtbot)
    dialog.path_edit.setText(str(out))
    dialog._on_path_edited(str(out))
    assert dialog.suffix() == ".svg"
    answer_next_question("Cancel")
    dialog.try_export()
    assert out.read_text(encoding="utf-8") == "keep me" and dialog.isVisible()
    answer_next_question("Replace")
    dialog.try_export()
    assert not dialog.isVisible()
    root = ET.fromstring(out.read_bytes())
    assert root.tag.endswith("svg")


def test_unwritable_path_shows_why_in_the_dialog(window, qtbot, tmp_path):
    dialog = open_dialog(window, qtbot)
    bad = tmp_path / "no such folder" / "x.png"
    dialog.path_edit.setText(str(bad))
    dialog.try_export()
    assert dialog.isVisible()
    assert dialog.error_label.isVisible() and "does not exist" in dialog.error_label.text()
    assert str(bad) in dialog.error_label.text()


def test_export_to_unwritable_path_warns(window, tmp_path):
    assert not window.exporter.export_to(tmp_path / "missing" / "x.pdf")
    assert "does not exist" in window.last_warning


def test_copy_snapshot_puts_the_picture_and_svg_on_the_clipboard(window, qtbot):
    zoom_on_deepseek(window)
    window.copy_snapshot_action.trigger()
    mime = QGuiApplication.clipboard().mimeData()
    image = QImage(mime.imageData())
    assert image.width() >= window.timeline.width()
    svg = bytes(mime.data("image/svg+xml"))
    assert b"h200_china" in svg and b"Time window" in svg
    assert window.document.state.selected == "cn-deepseek-approval"


def test_export_table_writes_the_filtered_events(window, tmp_path):
    w = window
    w.document.state.filters = from_options(w.document.model, companies=["Alibaba"])
    out = tmp_path / "alibaba.csv"
    assert w.exporter.export_table_to(out)
    rows = csv_rows(out)
    assert len(rows) == w.document.content.selection.count < len(w.document.model)
    assert all(r["company"] for r in rows)
    assert "Saved" in w.statusBar().currentMessage()


def test_the_status_bar_says_when_the_timeline_runs_over_pages(window, tmp_path):
    assert window.exporter.export_to(tmp_path / "all.pdf", fit=True)  # (every event: 3 pages)
    message = window.statusBar().currentMessage()
    assert re.search(r"the timeline runs over \d+ pages", message), message
