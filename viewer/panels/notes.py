"""Analysts' notes under the detail pane: read what colleagues noted on an event, add one.

Notes are kept beside the record (a register's notes table, or NAME.notes.csv beside a table
file: viewer/io/notes_store.py), never in it, and every one is shown marked as an analyst's
note, with who wrote it and when. Text is shown as text, never as markup.
"""

from __future__ import annotations

import getpass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from viewer.panels.tooltips import plain_label
from viewer.record.model import EventModel
from viewer.record.text import esc
from viewer.shown.theme import LIGHT, Theme

TITLE = "<b>Analysts' notes</b> <span style='color:#5B6472'>(not part of the sourced record)</span>"


class NotesPanel(QWidget):
    noteAdded = Signal(str)  # what the status bar says

    def __init__(self, parent: QWidget | None = None, author: str | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Analysts' notes")
        self.author = author if author is not None else _user()
        self.model: EventModel | None = None
        self.event_id: str | None = None
        self.theme = LIGHT
        self.list = QTextBrowser()
        self.list.setOpenLinks(False)
        self.list.setAccessibleName("Analysts' notes on the selected event")
        self.list.setAccessibleDescription(
            "Notes analysts added to the selected event, with author and time; not part of the "
            "sourced record"
        )
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText("Add an analyst's note on this event…")
        self.editor.setAccessibleName("New analyst's note")
        self.editor.setAccessibleDescription("Text of a note to add to the selected event")
        self.editor.setToolTip("Write a note on the selected event, then Add Note")
        self.editor.setMaximumHeight(70)
        self.add_button = QPushButton("Add &Note")
        self.add_button.setToolTip("Keep this note beside the record, for everyone who opens it")
        self.add_button.clicked.connect(self.add)
        self.status = plain_label()
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.add_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        self.title = QLabel(TITLE)
        column.addWidget(self.title)
        column.addWidget(self.list, 1)
        column.addWidget(self.editor)
        column.addLayout(row)
        self.show_event(None, None)

    def bind(self, document) -> None:
        """Follow the document's selected event, and a new version of the data (which may
        bring colleagues' notes)."""

        def show(*_args) -> None:
            self.show_event(document.model, document.state.selected)

        document.selectionChanged.connect(show)
        document.modelChanged.connect(show)

    def set_theme(self, theme: Theme) -> None:
        """The title and the notes again, their fixed colours in the theme's."""
        self.theme = theme
        self.title.setText(theme.adapt_html(TITLE))
        self.show_event(self.model, self.event_id)

    def _show_html(self, html: str) -> None:
        self.list.setHtml(self.theme.adapt_html(html))

    def show_event(self, model: EventModel | None, event_id: str | None) -> None:
        self.model, self.event_id = model, event_id
        usable = model is not None and event_id is not None
        self.editor.setEnabled(usable)
        self.add_button.setEnabled(usable)
        if not usable:
            self._show_html("<p style='color:#5B6472'>Select an event to read or add notes.</p>")
            return
        notes = model.notes.of(event_id)
        if not notes:
            self._show_html("<p style='color:#5B6472'>No analyst's note on this event yet.</p>")
            return
        self._show_html(
            "".join(
                f"<p><span style='color:#6E4FB0'><b>{esc(n.heading())}</b></span><br>"
                f"{esc(n.text).replace(chr(10), '<br>')}</p>"
                for n in notes
            )
        )

    def add(self) -> bool:
        """Keep the editor's text as a note on the selected event; says why when it can't."""
        from viewer.io.files import WriteError
        from viewer.io.notes_store import add_note
        from viewer.record.notes import new_note
        from viewer.record.problems import LoadError

        if self.model is None or self.event_id is None:
            return False
        where = _where(self.model)
        if where is None:
            self.status.setText(
                "The bundled sample takes no notes: open your own table or a register."
            )
            return False
        try:
            note = new_note(self.event_id, self.editor.toPlainText(), self.author)
            add_note(where, note)
        except ValueError as exc:
            self.status.setText(f"Not added: {exc}.")
            return False
        except (WriteError, LoadError) as exc:
            self.status.setText(f"Not added: {exc}")
            return False
        self.model.notes.add(note)
        self.editor.clear()
        self.status.setText("")
        self.show_event(self.model, self.event_id)
        self.noteAdded.emit(f"Note added to {self.event_id}")
        return True


def _where(model: EventModel):
    """Where this model's notes are kept, or None (the bundled sample is package data)."""
    from viewer.io.register.url import parse_register
    from viewer.paths import is_bundled

    if model.origin:
        return parse_register(model.origin)
    if model.path is None or is_bundled(model.path):
        return None
    return model.path


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def place_under(dock, panel: NotesPanel) -> None:
    """Put the notes under the dock's own widget (the detail pane), the two in a splitter."""
    split = QSplitter(Qt.Orientation.Vertical)
    split.setAccessibleName("Event details and analysts' notes")
    split.addWidget(dock.widget())
    split.addWidget(panel)
    split.setStretchFactor(0, 3)
    split.setStretchFactor(1, 1)
    dock.setWidget(split)
