"""File > Save View and Open View: the view state as a small JSON file (viewer/shown/views.py).

Opening a view applies all of it as one change of the document (one rebuild); a file that
can't be read says why and changes nothing; names the data lack are mentioned, not refused.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from viewer.io.files import WriteError
from viewer.shown.filters import unknown_names
from viewer.shown.views import ViewError, read_view, write_view


class ViewFiles(QObject):
    message = Signal(str, int)  # text for the status bar, how long (ms)
    warning = Signal(str, str)  # title, text

    def __init__(self, window: QWidget, document, folder) -> None:
        super().__init__(window)
        self.window = window
        self.document = document
        self.folder = folder  # () -> Path: where the file dialogs start
        self.last_notice = ""

    def choose_save(self, stem: str) -> None:
        start = str(self.folder() / (stem + "-view.json"))
        path, _ = QFileDialog.getSaveFileName(self.window, "Save view", start, "Views (*.json)")
        if path:
            if not path.lower().endswith(".json"):
                path += ".json"
            self.save_to(path)

    def save_to(self, path: str | Path) -> bool:
        try:
            write_view(path, self.document.state)
        except WriteError as exc:
            self.warning.emit("Cannot save view", str(exc))
            return False
        self.message.emit(f"Saved view {path}", 8000)
        return True

    def choose_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window, "Open view", str(self.folder()), "Views (*.json)"
        )
        if path:
            self.open(path)

    def open(self, path: str | Path) -> bool:
        """Apply a view file; False (and nothing changed) when it can't be read."""
        try:
            view = read_view(path)
        except ViewError as exc:
            self.warning.emit("Cannot open view", str(exc))
            return False
        document = self.document
        with document.batch():
            document.state.take(view)
        model = document.model
        notes = unknown_names(model, view.filters) if model is not None else []
        if view.selected and model is not None and model.index_of(view.selected) is None:
            notes.append(f"no event with id {view.selected!r} in the data")
        self.last_notice = "; ".join(notes)
        message = f"Opened view {Path(path).name}"
        if notes:
            message += " — note: " + self.last_notice
        self.message.emit(message, 15000)
        return True
