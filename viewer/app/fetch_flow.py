"""File > Import from Registers…: the dialog, the fetch off the UI thread, the result opened.

The window creates one FetchFlow (with the Document, whose open file a fetch can be merged
into) and puts its `action` in the File menu. The fetch runs on a plain thread (loading.Loader
running run_fetch), so the window stays live and Cancel stops it at its next step: the file
being written is dropped and the data on screen stay. A finished fetch closes the dialog and
opens the written data set (a new one, or the merged copy of the open one) through the
window's ordinary background open, then says what was imported in the status bar.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from viewer.app.loading import Loader
from viewer.io.progress import Progress

if TYPE_CHECKING:
    from viewer.io.official.run import FetchOutcome, FetchRequest


def fetch(request: FetchRequest, progress: Progress) -> FetchOutcome:
    """The fetch on the loader's thread (the registers' code is imported when first used)."""
    from viewer.io.official.run import run_fetch

    return run_fetch(request, progress)


class FetchFlow(QObject):
    message = Signal(str, int)  # text for the status bar, how long (ms)

    def __init__(self, window: QWidget, document, open_file: Callable[..., None]) -> None:
        super().__init__(window)
        self.window = window
        self.document = document
        self._open_file = open_file
        self.dialog = None
        self.action = QAction("&Import from Registers…", window)
        tip = "Fetch Federal Register documents or screening-list entries as a data set"
        self.action.setToolTip(tip)
        self.action.setStatusTip(tip)
        self.action.triggered.connect(self.show_dialog)
        self.loader = Loader(self, run=fetch)
        self.loader.progressed.connect(self._on_progress)
        self.loader.finished.connect(self._on_finished)

    def _open_table(self) -> Path | None:
        """The open data set's file, when a copy of it can take the fetch."""
        from viewer.io.official.merge import MERGE_SUFFIXES

        model = self.document.full_model
        path = model.path if model is not None else None
        if path is None or path.suffix.lower() not in MERGE_SUFFIXES or not path.is_file():
            return None
        return path

    def _folder(self, open_path: Path | None) -> Path:
        import os

        from viewer.paths import is_bundled

        if (
            open_path is not None
            and not is_bundled(open_path)
            and os.access(open_path.parent, os.W_OK)
        ):
            return open_path.parent
        return Path.home()

    def show_dialog(self) -> None:
        from viewer.panels.fetch_dialog import FetchDialog

        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.raise_()
            return
        open_path = self._open_table()
        self.dialog = FetchDialog(self.window, open_path, self._folder(open_path))
        self.dialog.fetchRequested.connect(self.start)
        self.dialog.cancelRequested.connect(self.loader.cancel)
        self.dialog.rejected.connect(self.loader.cancel)
        self.dialog.open()

    def start(self, request: FetchRequest) -> None:
        if self.dialog is not None:
            self.dialog.set_running(True)
        self.loader.start(request)

    def _on_progress(self, fraction: float, text: str) -> None:
        if self.dialog is not None:
            self.dialog.set_progress(fraction, text)

    def _on_finished(self, outcome) -> None:
        dialog = self.dialog
        if dialog is not None:
            dialog.set_running(False)
        if outcome.cancelled:  # (a FetchOutcome, or the LoadResult of a cancel)
            if dialog is not None:
                dialog.show_notice("Cancelled: nothing was written.")
            return
        if outcome.error:
            if dialog is not None:
                dialog.show_problem(outcome.error)
            return
        if dialog is not None:
            dialog.accept()
        out = outcome.written[0]
        message = f"Imported {outcome.added:,} rows into {out.name}: {outcome.summary}"
        if outcome.notes:
            message += " — " + "; ".join(outcome.notes)
        self._open_file(out, then=lambda ok: self.message.emit(message, 15000) if ok else None)

    def shutdown(self) -> None:
        """Cancel a running fetch (window close): it writes nothing past its next step. A
        server slow to answer is not waited for long: the fetch thread does not keep the
        application alive."""
        self.loader.shutdown(timeout=1.0)
