"""Analysts' notes: added in the detail pane, kept beside the record (never in it), shown
marked as notes, in table exports as `analyst_notes`."""

from __future__ import annotations

import pandas as pd
import pytest
from PySide6.QtCore import Qt

from viewer.io import load
from viewer.io.notes_store import sidecar_path
from viewer.io.register.url import parse_register
from viewer.io.register.write import import_model

TABLE = (
    "id,date,company,regulator,title\n"
    "a,2026-01-05,Nvidia,US BIS,Rule one\n"
    "b,2026-01-10,AMD,US BIS,Rule two\n"
)


@pytest.fixture
def window(make_window):
    return make_window(path=None, size=None)


def _add_note(w, qtbot, event_id: str, text: str) -> None:
    w.select_id(event_id)
    w.notes.editor.setFocus()
    w.notes.editor.setPlainText(text)
    qtbot.mouseClick(w.notes.add_button, Qt.MouseButton.LeftButton)


def test_a_note_on_a_csv_goes_beside_it_and_the_table_is_untouched(window, qtbot, write):
    path = write("desk.csv", TABLE)
    before = path.read_bytes()
    assert window.open_file(path)
    _add_note(window, qtbot, "a", "<b>Check</b> the =SUM(A1) licence\nwith legal")
    assert path.read_bytes() == before
    side = sidecar_path(path)
    assert side.is_file() and "with legal" in side.read_text("utf-8")
    shown = window.notes.list.toPlainText()
    assert "Analyst's note" in shown and "<b>Check</b> the =SUM(A1) licence" in shown
    assert "Check" not in window.detail.toPlainText()  # never mixed into the record
    again = load(path)
    assert [n.text for n in again.notes.of("a")] == [
        "<b>Check</b> the =SUM(A1) licence\nwith legal"
    ]


def test_notes_are_exported_as_their_own_column(window, qtbot, write, tmp_path):
    path = write("desk.csv", TABLE)
    assert window.open_file(path)
    _add_note(window, qtbot, "b", "Ask the desk in Beijing")
    out = tmp_path / "out.csv"
    assert window.exporter.export_table_to(out, warn=False)
    frame = pd.read_csv(out, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    by_id = frame.set_index("id")["analyst_notes"]
    assert by_id["b"].endswith("] Ask the desk in Beijing") and by_id["a"] == ""
    assert "Ask the desk" not in " ".join(frame["description"])


def test_a_note_in_a_register_reaches_a_colleagues_window(register, make_window, qtbot, write):
    import_model(parse_register(register), load(write("t.csv", TABLE)))
    mine, theirs = make_window(path=None, size=None), make_window(path=None, size=None)
    for w in (mine, theirs):
        w.load_file(register)
        qtbot.waitUntil(
            lambda w=w: w.document.model is not None and bool(w.document.model.origin),
            timeout=15000,
        )
    _add_note(mine, qtbot, "a", "Seen by everyone")
    assert mine.notes.status.text() == ""
    qtbot.waitUntil(lambda: len(theirs.document.model.notes.of("a")) == 1, timeout=15000)
    theirs.select_id("a")
    assert "Seen by everyone" in theirs.notes.list.toPlainText()
    assert load(register).notes.of("a")[0].author == mine.notes.author


def test_the_bundled_sample_takes_no_notes(window, qtbot):
    from viewer.paths import bundled_data

    assert window.open_file(bundled_data())
    _add_note(window, qtbot, window.document.model.events["id"].iat[0], "nope")
    assert "bundled sample" in window.notes.status.text()
    assert not sidecar_path(bundled_data()).exists()
