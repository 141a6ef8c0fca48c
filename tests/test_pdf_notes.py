"""Analysts' notes in PDF snapshots (`export --notes`, the dialog's checkbox): listed under their
event on the source pages, marked as notes beside the sourced record, text as text; without
asking, or with no notes, the PDF is as it was."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import Qt

from tests.conftest import pdf_pages, run
from viewer.export.source_list import NOTES_PER_EVENT, first_events, number_sources
from viewer.io import load
from viewer.io.notes_store import sidecar_path
from viewer.record.notes import LONGEST

TABLE = (
    "id,date,company,regulator,title,sources\n"
    "a,2026-01-05,Nvidia,US BIS,Rule one,s1\n"
    "b,2026-01-10,AMD,US BIS,Rule two,s1\n"
    "c,2026-01-20,Nvidia,CN MOFCOM,Approval three,\n"
)
SOURCES = (
    "id,publisher,title,url,published\n"
    "s1,Reuters,Something happened,https://example.com/a,2026-01-05\n"
)
MARKUP = "<b>Check</b> the =SUM(A1) licence <a href='https://x.example'>here</a>"
NOTES = [
    ("b", "2026-01-12T09:30:00", "alice", MARKUP + "\nwith legal"),
    ("a", "2026-01-13T10:00:00", "bob", "Ask the desk in Beijing"),
]
HEADING = "Analysts' notes (not part of the sourced record)"


def write_notes(table, rows) -> None:
    with sidecar_path(table).open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(("event_id", "written", "author", "text"))
        out.writerows(rows)


@pytest.fixture
def desk(write):
    """A table, its sources and its analysts' notes beside it (desk.notes.csv)."""
    path = write("desk.csv", TABLE)
    write("desk.sources.csv", SOURCES)
    write_notes(path, NOTES)
    return path


def export_pdf(table, out, *more):
    r = run("export", table, "-o", out, *more)
    assert r.returncode == 0, r.stderr
    return r, pdf_pages(out)


def test_notes_are_listed_under_their_event_marked_as_notes(desk, tmp_path):
    r, pages = export_pdf(desk, tmp_path / "brief.pdf", "--notes")
    assert "2 analysts' notes" in r.stdout
    picture, listing = pages[0], " ".join(pages[1:])
    assert "Ask the desk" not in picture and HEADING not in picture  # (the sources' pages only)
    assert "sources and analysts' notes listed from page 2" in picture
    assert "2 analysts' notes follow their events" in listing
    one, two, three = (listing.index(t) for t in ("Rule one", "Rule two", "Approval three"))
    bob = listing.index("bob · 2026-01-13 10:00 UTC")
    alice = listing.index("alice · 2026-01-12 09:30 UTC")
    assert one < listing.index("Ask the desk in Beijing") < two and one < bob < two
    assert two < alice < listing.index("with legal") < three
    assert listing.count(HEADING) == 2  # one block per event with notes
    assert one < listing.index(HEADING) < bob and two < listing.rindex(HEADING) < alice
    assert "Approval three" in listing[three:] and "Analysts'" not in listing[three:]


def test_markup_in_a_note_is_shown_as_written(desk, tmp_path):
    from pypdf import PdfReader

    out = tmp_path / "brief.pdf"
    _r, pages = export_pdf(desk, out, "--notes")
    assert MARKUP in " ".join(pages)
    links = [
        a["/A"]["/URI"]
        for page in PdfReader(str(out)).pages
        for a in (x.get_object() for x in page.get("/Annots", []))
        if "/A" in a
    ]
    assert "https://x.example" not in links and "https://example.com/a" in links


def test_without_notes_asked_the_pdf_has_none(desk, tmp_path):
    _r, pages = export_pdf(desk, tmp_path / "plain.pdf")
    text = " ".join(pages)
    for absent in ("Ask the desk", "with legal", "alice", "bob", "Analysts'", "analysts'"):
        assert absent not in text


def test_notes_asked_where_there_are_none_change_nothing(write, tmp_path):
    path = write("desk.csv", TABLE)
    write("desk.sources.csv", SOURCES)
    r, with_flag = export_pdf(path, tmp_path / "with.pdf", "--notes")
    _r, without = export_pdf(path, tmp_path / "without.pdf")
    assert with_flag == without
    assert "no analysts' notes kept beside these data" in r.stderr
    write_notes(path, [("nope", "2026-01-12T09:30:00", "alice", "On no event shown")])
    r, with_flag = export_pdf(path, tmp_path / "with.pdf", "--notes")
    assert with_flag == without and "no analysts' notes on the events listed" in r.stderr


@pytest.mark.parametrize(
    ("out", "more", "message"),
    [
        ("x.png", (), "--notes is for PDF exports only"),
        ("x.csv", (), "analyst_notes column"),
        ("x.pdf", ("--no-sources",), "which --no-sources leaves out"),
    ],
)
def test_notes_elsewhere_is_a_usage_error(desk, tmp_path, out, more, message):
    r = run("export", desk, "-o", tmp_path / out, "--notes", *more)
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / out).exists()


def test_the_list_keeps_each_events_latest_notes_and_cuts_long_ones(desk):
    many = [("a", f"2026-02-{d:02d}T08:00:00", "carol", f"note {d}") for d in range(1, 26)]
    write_notes(desk, [*many, ("b", "2026-03-01T08:00:00", "dave", "x" * (LONGEST + 5000))])
    model = load(desk)
    events = first_events(model, model.events["id"].notna().to_numpy())
    listed = number_sources(model, events, notes=True)
    by_id = {model.events["id"].iat[item.event]: item for item in listed.events}
    a, b, c = by_id["a"], by_id["b"], by_id["c"]
    assert len(a.notes) == NOTES_PER_EVENT and a.more_notes == 25 - NOTES_PER_EVENT
    assert a.notes[-1].text == "note 25" and a.notes[0].text == f"note {26 - NOTES_PER_EVENT}"
    assert b.notes[0].text.startswith("x" * LONGEST) and "5,000 more characters" in b.notes[0].text
    assert c.notes == [] and listed.n_notes == NOTES_PER_EVENT + 1
    plain = number_sources(model, events)
    assert plain.n_notes == 0 and not plain.with_notes


# -- the window's Export Snapshot dialog ---------------------------------------------------------


def click_box(qtbot, check) -> None:
    """Click a checkbox on its box, where a user would."""
    from PySide6.QtWidgets import QStyle, QStyleOptionButton

    opt = QStyleOptionButton()
    check.initStyleOption(opt)
    box = check.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, opt, check)
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=box.center())


def test_the_dialog_checkbox_exports_the_notes_and_is_remembered(
    make_window, qtbot, desk, tmp_path
):
    w = make_window(path=desk, size=(1400, 850))
    w.export_action.trigger()
    dialog = w.exporter.snapshot_dialog
    qtbot.waitExposed(dialog)
    assert not dialog.notes_check.isChecked()
    dialog.format_combo.setCurrentIndex(0)  # PNG: no notes to list
    assert not dialog.notes_check.isEnabled()
    dialog.format_combo.setCurrentIndex(2)  # PDF
    assert dialog.notes_check.isEnabled()
    click_box(qtbot, dialog.notes_check)
    assert dialog.notes_check.isChecked()
    out = tmp_path / "brief.pdf"
    dialog.path_edit.setText(str(out))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    listing = " ".join(pdf_pages(out)[1:])
    assert HEADING in listing and "Ask the desk in Beijing" in listing and MARKUP in listing
    assert listing.index("Rule two") < listing.index("alice") < listing.index("Approval three")
    w.export_action.trigger()  # the choice is kept for the next snapshot
    again = w.exporter.snapshot_dialog
    qtbot.waitExposed(again)
    assert again.notes_check.isChecked() and again.suffix() == ".pdf"
    again.path_edit.setText(str(tmp_path / "again.png"))
    again._on_path_edited(again.path_edit.text())
    assert not again.notes_check.isEnabled() and not again.request().notes
    again.reject()


def test_the_dialog_without_the_checkbox_leaves_notes_out(make_window, qtbot, desk, tmp_path):
    w = make_window(path=desk, size=(1400, 850))
    w.export_action.trigger()
    dialog = w.exporter.snapshot_dialog
    qtbot.waitExposed(dialog)
    dialog.format_combo.setCurrentIndex(2)
    out = tmp_path / "plain.pdf"
    dialog.path_edit.setText(str(out))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    text = " ".join(pdf_pages(out))
    assert "Ask the desk" not in text and "Analysts'" not in text
