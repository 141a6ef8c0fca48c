"""Exports from the window: snapshots (PNG, SVG, PDF), the events table, the clipboard.

Each export draws from the document's Content, never from the window's widgets, so exporting
changes nothing on screen; a failure says why (in the dialog, or a warning) and writes nothing.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from viewer import errors
from viewer.io.files import WriteError
from viewer.paths import bundled_data


class Exporter(QObject):
    message = Signal(str, int)  # text for the status bar, how long (ms)
    warning = Signal(str, str)  # title, text: an export failed

    def __init__(self, window: QWidget, document, timeline) -> None:
        super().__init__(window)
        self.window = window
        self.document = document
        self.timeline = timeline
        self.snapshot_title: str | None = None  # the last title given, kept for this data set
        self.snapshot_suffix = ".png"
        self.snapshot_notes = False  # the last PDF asked for the analysts' notes
        self.last_folder: Path | None = None
        self.last_error = ""
        self.snapshot_dialog = None
        document.modelChanged.connect(self._on_model_changed)
        self._path = None

    def _on_model_changed(self) -> None:
        path = self.document.full_model.path
        if path != self._path:  # another file: its own title
            self._path = path
            self.snapshot_title = None

    # -- where ------------------------------------------------------------------------------------

    def folder(self) -> Path:
        """The last folder exported to, else the data's folder when it is the user's and
        writable, else home (never the bundled sample's folder)."""
        folder = self.last_folder
        model = self.document.model
        if folder is None and model is not None and model.path is not None:
            here = model.path.resolve().parent
            mine = here != bundled_data().resolve().parent and os.access(here, os.W_OK)
            folder = here if mine else None
        return folder or Path.home()

    def stem(self) -> str:
        model = self.document.model
        return model.path.stem if model and model.path else "timeline"

    # -- snapshots --------------------------------------------------------------------------------

    def choose_export(self) -> None:
        """File > Export Snapshot: the dialog asks title, format and file, then exports."""
        if self.document.content is None:
            return
        from viewer.export.describe import default_title
        from viewer.panels.export_dialog import SnapshotDialog

        title = self.snapshot_title or default_title(self.document.model)
        path = self.folder() / (self.stem() + self.snapshot_suffix)
        self.snapshot_dialog = SnapshotDialog(
            self.window, title, path, self._export_request, notes=self.snapshot_notes
        )
        self.snapshot_dialog.open()

    def _export_request(self, req) -> str | None:
        """Export for the dialog; returns the message to show when it fails."""
        ok = self.export_to(
            req.path,
            title=req.title,
            page=req.page,
            scale=req.scale,
            warn=False,
            fit=req.fit,
            notes=req.notes,
        )
        if ok:
            self.snapshot_title = req.title
            self.snapshot_suffix = req.path.suffix.lower()
            if self.snapshot_suffix == ".pdf":
                self.snapshot_notes = req.notes
            self.last_folder = req.path.parent
            return None
        return self.last_error

    def export_to(
        self,
        path: str | Path,
        title: str | None = None,
        page: str = "a4",
        scale: float = 1.0,
        warn: bool = True,
        fit: bool = False,
        notes: bool = False,
    ) -> bool:
        """Write a snapshot of what the timeline shows now (`fit`: in the time window of every
        shown event; `notes`: a PDF lists the analysts' notes under their events); the screen
        stays as it is."""
        from viewer.export import export_snapshot, window_snapshot

        content = self.document.content
        if content is None:
            return False
        snap = window_snapshot(
            self.timeline, title=title or None, page=page, scale=scale, analyst_notes=notes
        )
        if fit:
            snap = replace(snap, window=None)

        def write() -> list[str]:
            written = export_snapshot(content, path, snap)
            said = list(written.notes)
            if written.timeline_pages > 1:
                said.append(f"the timeline runs over {written.timeline_pages} pages")
            if notes and written.path.suffix.lower() == ".pdf" and not written.analyst_notes:
                said.append("no analysts' notes on the events it lists")
            return said

        return self._write(path, warn, write, "Saved")

    def copy_event(self) -> None:
        """Edit > Copy Event: the selected event with its sources cited, as plain text."""
        from PySide6.QtGui import QGuiApplication

        from viewer.record.citations import event_citation

        event = self.document.selected_index
        if event is None:
            self.message.emit("Select an event to copy it", 5000)
            return
        QGuiApplication.clipboard().setText(event_citation(self.document.model, event))
        self.message.emit("Event copied with its sources", 5000)

    def copy_snapshot(self, scale: float = 1.0) -> None:
        """File > Copy Snapshot: the picture (and SVG) on the clipboard."""
        content = self.document.content
        if content is None:
            return
        from PySide6.QtGui import QGuiApplication

        from viewer.export import snapshot_mime, window_snapshot

        snap = window_snapshot(self.timeline, title=self.snapshot_title, scale=scale)
        try:
            mime = snapshot_mime(content, snap)
        except Exception as exc:
            self.warning.emit("Copy failed", errors.report(exc, "Copying the snapshot"))
            return
        QGuiApplication.clipboard().setMimeData(mime)
        self.message.emit("Snapshot copied to the clipboard", 5000)

    # -- the table --------------------------------------------------------------------------------

    def choose_table_export(self) -> None:
        """File > Export Table: the filtered events to CSV or XLSX."""
        if self.document.content is None:
            return
        filters = "CSV, UTF-8 (*.csv);;Excel workbook (*.xlsx)"
        start = str(self.folder() / (self.stem() + "-events.csv"))
        path, chosen = QFileDialog.getSaveFileName(self.window, "Export table", start, filters)
        if not path:
            return  # (the save dialog has asked before replacing an existing file)
        if Path(path).suffix.lower() not in (".csv", ".xlsx"):
            path += ".xlsx" if chosen.startswith("Excel") else ".csv"
            if Path(path).exists():  # a name we completed: ask ourselves
                from viewer.panels.export_dialog import ask_replace

                if not ask_replace(self.window, Path(path)):
                    return
        self.export_table_to(path)

    def export_table_to(self, path: str | Path, warn: bool = True) -> bool:
        from viewer.export.table import export_table, provenance

        content = self.document.content
        if content is None:
            return False

        def write() -> list[str]:
            export_table(content, path, provenance(content))
            return []

        return self._write(path, warn, write, f"Saved {content.selection.count:,} events to")

    def _write(self, path, warn: bool, write, done: str) -> bool:
        """Run an export; say what happened in the status bar, or why it failed."""
        self.last_error = ""
        try:
            notes = write()
        except WriteError as exc:
            self.last_error = str(exc)
        except Exception as exc:
            self.last_error = errors.report(exc, f"Exporting {path}")
        if self.last_error:
            if warn:
                self.warning.emit("Export failed", self.last_error)
            return False
        self.last_folder = Path(path).parent
        message = f"{done} {path}"
        if notes:
            message += " — note: " + "; ".join(notes)
        self.message.emit(message, 8000)
        return True
