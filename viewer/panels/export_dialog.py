"""The Export Snapshot dialog: title, format, size and file, then export without leaving it.

The format follows the file's extension and the other way round. A file chosen with Browse…
was confirmed by the save dialog; a typed name that already exists is asked about here. When
the file can't be written, the reason shows in the dialog and nothing else changes. A PDF may
also list the analysts' notes under their events (the checkbox, enabled for PDF only).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from viewer.panels.problem_text import ProblemLabel

FORMATS = (
    ("PNG image", ".png"),
    ("SVG drawing (vector, text as text)", ".svg"),
    ("PDF document with sources", ".pdf"),
)
PAGES = (("A4 landscape", "a4"), ("Letter landscape", "letter"), ("Fit to the picture", "fit"))
WINDOWS = (("What I see (the timeline's time window)", False), ("Fit the shown events", True))
SCALES = (("1× (as on screen)", 1.0), ("2× (high-DPI, twice the pixels)", 2.0))


@dataclass(frozen=True)
class SnapshotRequest:
    path: Path
    title: str
    page: str
    scale: float
    fit: bool = False  # the time window of every shown event, rather than the one on screen
    notes: bool = False  # a PDF lists the analysts' notes under their events


def ask_replace(parent: QWidget, path: Path) -> bool:
    """Ask before replacing a file; the safe answer (Cancel) is the default."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Replace file?",
        f"{path.name} already exists in {path.parent}.\nReplace it?",
        QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)  # (a file's name, however odd)
    replace = box.addButton("Replace", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setObjectName("replace_question")
    box.exec()
    return box.clickedButton() is replace


class SnapshotDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        path: Path,
        export: Callable[[SnapshotRequest], str | None],
        notes: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Snapshot")
        self.setObjectName("snapshot_dialog")
        self._export = export
        self._confirmed: Path | None = None
        self.title_edit = QLineEdit(title)
        self.title_edit.setAccessibleName("Snapshot title")
        self.title_edit.setPlaceholderText("Title shown above the timeline")
        self.format_combo = QComboBox()
        self.format_combo.setAccessibleName("Format")
        for text, suffix in FORMATS:
            self.format_combo.addItem(text, suffix)
        self.page_combo = QComboBox()
        self.page_combo.setAccessibleName("PDF page")
        for text, key in PAGES:
            self.page_combo.addItem(text, key)
        self.scale_combo = QComboBox()
        self.scale_combo.setAccessibleName("PNG resolution")
        for text, value in SCALES:
            self.scale_combo.addItem(text, value)
        self.window_combo = QComboBox()
        self.window_combo.setAccessibleName("Time window")
        self.window_combo.setToolTip(
            "The time window the timeline shows now, or one that holds every shown event"
        )
        for text, fit in WINDOWS:
            self.window_combo.addItem(text, fit)
        self.notes_check = QCheckBox("Include analysts' &notes (PDF)")
        self.notes_check.setChecked(notes)
        self.notes_check.setAccessibleName("Include analysts' notes")
        self.notes_check.setToolTip(
            "PDF only: list each event's analysts' notes under its sources, with author and "
            "time, marked as notes (not part of the sourced record)"
        )
        self.path_edit = QLineEdit(str(path))
        self.path_edit.setAccessibleName("File")
        browse = QPushButton("Browse…")
        browse.setAccessibleName("Choose file")
        browse.clicked.connect(self.browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(browse)
        self.error_label = ProblemLabel()
        self.error_label.setObjectName("export_error")
        self.error_label.hide()
        note = QLabel(
            "The snapshot shows the timeline as filtered now, with a caption, the legend, the "
            "numbered sources of its events (on pages of their own in a PDF) and where the "
            "data come from. Rows with no event in its time window are left out."
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text)")
        form = QFormLayout()
        form.addRow("&Title:", self.title_edit)
        form.addRow("Time &window:", self.window_combo)
        form.addRow("&Format:", self.format_combo)
        form.addRow("PDF &page:", self.page_combo)
        form.addRow("", self.notes_check)
        form.addRow("PNG &size:", self.scale_combo)
        file_label = QLabel("F&ile:")
        file_label.setBuddy(self.path_edit)  # (a row of widgets has no buddy of its own)
        form.addRow(file_label, file_row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.export_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.export_button.setText("Export")
        buttons.accepted.connect(self.try_export)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(note)
        column.addLayout(form)
        column.addWidget(self.error_label)
        column.addWidget(buttons)
        self.resize(560, self.sizeHint().height())
        self.format_combo.currentIndexChanged.connect(self._on_format_changed)
        self.path_edit.textEdited.connect(self._on_path_edited)
        self._on_path_edited(self.path_edit.text())
        self._on_format_changed()

    # -- format <-> extension ------------------------------------------------------------------

    def suffix(self) -> str:
        return str(self.format_combo.currentData())

    def _enable_for(self, suffix: str) -> None:
        """The options of one format enabled, the others' greyed out."""
        self.page_combo.setEnabled(suffix == ".pdf")
        self.notes_check.setEnabled(suffix == ".pdf")
        self.scale_combo.setEnabled(suffix == ".png")

    def _on_format_changed(self, *_args) -> None:
        suffix = self.suffix()
        self._enable_for(suffix)
        text = self.path_edit.text().strip()
        if text:
            path = Path(text)
            if path.suffix.lower() != suffix:
                stem = path.with_suffix("") if path.suffix.lower() in _suffixes() else path
                self.path_edit.setText(str(stem) + suffix)

    def _on_path_edited(self, text: str) -> None:
        suffix = Path(text.strip()).suffix.lower()
        if suffix in _suffixes():
            self.format_combo.blockSignals(True)
            self.format_combo.setCurrentIndex(_suffixes().index(suffix))
            self.format_combo.blockSignals(False)
            self._enable_for(suffix)

    # -- choosing and exporting ----------------------------------------------------------------

    def browse(self) -> None:
        filters = ";;".join(f"{text} (*{suffix})" for text, suffix in FORMATS)
        current = FORMATS[self.format_combo.currentIndex()]
        path, chosen = QFileDialog.getSaveFileName(
            self,
            "Export snapshot",
            self.path_edit.text(),
            filters,
            f"{current[0]} (*{current[1]})",
        )  # the save dialog asks before replacing a file (Qt's default, left on)
        if not path:
            return
        suffix = Path(path).suffix.lower()
        if suffix not in _suffixes():
            suffix = next((s for t, s in FORMATS if chosen.startswith(t)), self.suffix())
            path += suffix
            self._confirmed = None  # a name we completed was not asked about yet
        else:
            self._confirmed = Path(path)
        self.path_edit.setText(path)
        self._on_path_edited(path)

    def request(self) -> SnapshotRequest:
        text = self.path_edit.text().strip()
        path = Path(text).expanduser()
        if path.suffix.lower() not in _suffixes():
            path = Path(str(path) + self.suffix())
        return SnapshotRequest(
            path=path,
            title=self.title_edit.text().strip(),
            page=str(self.page_combo.currentData()),
            scale=float(self.scale_combo.currentData()),
            fit=bool(self.window_combo.currentData()),
            notes=path.suffix.lower() == ".pdf" and self.notes_check.isChecked(),
        )

    def try_export(self) -> None:
        if not self.path_edit.text().strip():
            self._show_error("Choose a file to write.")
            return
        req = self.request()
        if req.path.is_dir():
            self._show_error(f"{req.path} is a folder: give the snapshot a file name.")
            return
        if req.path.exists() and req.path != self._confirmed and not ask_replace(self, req.path):
            return
        error = self._export(req)
        if error:
            self._show_error(error)
            return
        self.accept()

    def _show_error(self, text: str) -> None:
        self.error_label.show_problem(text)
        self.error_label.show()


def _suffixes() -> list[str]:
    return [suffix for _text, suffix in FORMATS]
