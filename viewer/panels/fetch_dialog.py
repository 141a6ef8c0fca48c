"""File > Import from Registers…: the options of `regtimeline fetch` in a dialog.

The dialog only gathers what to fetch and where to write it, and shows how the fetch goes: it
emits `fetchRequested(FetchRequest)` and `cancelRequested()`; the fetch itself runs off the UI
thread in viewer/app/fetch_flow.py, which reports back through `set_progress`, `set_running` and
`show_problem`. Text from the registers (error messages) is shown as plain text.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from viewer.io.official import federal_register as fr
from viewer.io.official import screening_list as csl
from viewer.io.official.merge import OUTPUT_SUFFIXES
from viewer.io.official.run import FetchRequest
from viewer.panels.problem_text import ProblemLabel

TYPE_LABELS = (
    ("rule", "Ru&les"),
    ("proposed-rule", "&Proposed rules"),
    ("notice", "&Notices"),
    ("presidential", "Presi&dential documents"),
)
FILE_FILTER = "CSV, UTF-8 (*.csv);;Excel workbook (*.xlsx);;Parquet (*.parquet)"


def _names(text: str) -> tuple[str, ...]:
    """`a, b;c` -> ('a', 'b', 'c')."""
    return tuple(part.strip() for part in text.replace(";", ",").split(",") if part.strip())


def _label(text: str, buddy: QWidget) -> QLabel:
    """A form label whose mnemonic focuses `buddy` (a row of several widgets has none)."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


class FetchDialog(QDialog):
    fetchRequested = Signal(object)  # FetchRequest
    cancelRequested = Signal()

    def __init__(self, parent: QWidget | None, open_path: Path | None, folder: Path) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import from Registers")
        self.setObjectName("fetch_dialog")
        self.open_path = open_path
        self.folder = folder
        self.running = False
        self._path_edited = False
        self._confirmed: Path | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self._make_register_choice())
        layout.addWidget(self._make_federal_register())
        layout.addWidget(self._make_screening_list())
        layout.addWidget(self._make_result())
        layout.addWidget(self._make_advanced())
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setAccessibleName("Fetch progress")
        self.progress.setToolTip("How far the fetch is")
        self.progress.hide()
        self.status = ProblemLabel()
        self.status.setAccessibleName("Fetch status")
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.fetch_button = QPushButton("&Fetch")
        self.fetch_button.setDefault(True)
        self.fetch_button.setToolTip("Fetch, write the data set and open it")
        self.fetch_button.clicked.connect(self._on_fetch)
        self.close_button = QPushButton("Close")
        self.close_button.setToolTip("Close, or cancel the fetch running (nothing is written)")
        self.close_button.clicked.connect(self._on_close)
        buttons.addWidget(self.fetch_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self._on_register_changed()

    # -- parts ---------------------------------------------------------------------------------

    def _make_register_choice(self) -> QWidget:
        self.register_box = box = QGroupBox("Register")
        row = QHBoxLayout(box)
        self.fr_radio = QRadioButton("Federal &Register documents")
        self.fr_radio.setToolTip("Rules, proposed rules, notices and presidential documents")
        self.csl_radio = QRadioButton("Consolidated &Screening List")
        self.csl_radio.setToolTip("One event per listed party (Entity List and the other lists)")
        self._one_of(self.fr_radio, self.csl_radio)
        self.fr_radio.toggled.connect(self._on_register_changed)
        row.addWidget(self.fr_radio)
        row.addWidget(self.csl_radio)
        row.addStretch(1)
        return box

    def _one_of(self, first: QRadioButton, *others: QRadioButton) -> None:
        """Radio buttons of which one is chosen, the first to begin with."""
        first.setChecked(True)
        group = QButtonGroup(self)
        for button in (first, *others):
            group.addButton(button)

    def _make_federal_register(self) -> QWidget:
        self.fr_box = QGroupBox("Federal Register")
        form = QFormLayout(self.fr_box)
        self.agencies_edit = QLineEdit(fr.DEFAULT_AGENCY)
        self.agencies_edit.setAccessibleName("Agencies")
        self.agencies_edit.setToolTip(
            "Agency slugs as the Federal Register names them, comma-separated"
        )
        form.addRow("&Agencies:", self.agencies_edit)
        types = QHBoxLayout()
        self.type_checks: dict[str, QCheckBox] = {}
        for name, label in TYPE_LABELS:
            check = QCheckBox(label)
            check.setChecked(True)
            check.setToolTip("Fetch documents of this type (all ticked: every type)")
            self.type_checks[name] = check
            types.addWidget(check)
        form.addRow("Types:", types)
        dates = QHBoxLayout()
        self.since_edit = QLineEdit()
        self.since_edit.setPlaceholderText("YYYY-MM-DD, YYYY-MM or YYYY")
        self.since_edit.setAccessibleName("Published from")
        self.since_edit.setToolTip("First publication day (a month or year: its first day)")
        self.until_edit = QLineEdit()
        self.until_edit.setPlaceholderText("today")
        self.until_edit.setAccessibleName("Published until")
        self.until_edit.setToolTip("Last publication day (a month or year: its last day)")
        dates.addWidget(self.since_edit)
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.until_edit)
        form.addRow(_label("Pu&blished from:", self.since_edit), dates)
        self.term_edit = QLineEdit()
        self.term_edit.setAccessibleName("Text")
        self.term_edit.setToolTip("The Federal Register's full-text search (optional)")
        self.term_edit.setPlaceholderText("words the documents contain (optional)")
        form.addRow("Te&xt:", self.term_edit)
        return self.fr_box

    def _make_screening_list(self) -> QWidget:
        self.csl_box = QGroupBox("Consolidated Screening List")
        form = QFormLayout(self.csl_box)
        self.lists_edit = QLineEdit("Entity List")
        self.lists_edit.setAccessibleName("Lists")
        self.lists_edit.setToolTip(
            "List names or abbreviations, comma-separated; empty: every list"
        )
        form.addRow("&Lists:", self.lists_edit)
        self.countries_edit = QLineEdit("CN")
        self.countries_edit.setAccessibleName("Countries")
        self.countries_edit.setToolTip("Two-letter country codes, comma-separated; empty: all")
        form.addRow("&Countries:", self.countries_edit)
        return self.csl_box

    def _make_result(self) -> QWidget:
        self.result_box = box = QGroupBox("Result")
        form = QFormLayout(box)
        self.open_radio = QRadioButton("&Open as a new data set")
        self.open_radio.setToolTip("Write the fetched events alone and open them")
        name = self.open_path.name if self.open_path else "no table open"
        self.merge_radio = QRadioButton(f"&Merge into a copy of the open data set ({name})")
        self.merge_radio.setToolTip("The open file stays as it is; the copy is saved below")
        self.merge_radio.setEnabled(self.open_path is not None)
        self._one_of(self.open_radio, self.merge_radio)
        self.merge_radio.toggled.connect(self._suggest_path)
        form.addRow(self.open_radio)
        form.addRow(self.merge_radio)
        row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName("Save to")
        self.path_edit.setToolTip("The data set to write: .csv, .xlsx or .parquet")
        self.path_edit.textEdited.connect(self._on_path_edited)
        browse = QPushButton("Bro&wse…")
        browse.setToolTip("Choose where to save the data set")
        browse.clicked.connect(self._browse)
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        form.addRow(_label("Save &to:", self.path_edit), row)
        self.offline_check = QCheckBox("Offl&ine: use only the pages fetched before")
        self.offline_check.setToolTip("No network: the pages kept in the cache folder")
        form.addRow(self.offline_check)
        return box

    def _make_advanced(self) -> QWidget:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        self.advanced = QCheckBox("Ad&vanced: another server, the timeout")
        self.advanced.setToolTip("Show the server's address and the timeout")
        self.advanced_box = QWidget()
        form = QFormLayout(self.advanced_box)
        self.base_edit = QLineEdit(fr.BASE_URL)
        self.base_edit.setAccessibleName("Server")
        self.base_edit.setToolTip("A mirror or a local server instead of the register's own")
        form.addRow("S&erver:", self.base_edit)
        self.timeout_spin = QDoubleSpinBox()
        self.timeout_spin.setRange(1, 600)
        self.timeout_spin.setValue(30)
        self.timeout_spin.setDecimals(0)
        self.timeout_spin.setSuffix(" s")
        self.timeout_spin.setAccessibleName("Timeout")
        self.timeout_spin.setToolTip("How long to wait for each answer from the server")
        form.addRow("Timeo&ut:", self.timeout_spin)
        self.advanced_box.setVisible(False)
        self.advanced.toggled.connect(self._show_advanced)
        column.addWidget(self.advanced)
        column.addWidget(self.advanced_box)
        return holder

    def _show_advanced(self, shown: bool) -> None:
        self.advanced_box.setVisible(shown)
        self.adjustSize()

    # -- behaviour -----------------------------------------------------------------------------

    @property
    def register(self) -> str:
        return fr.REGISTER if self.fr_radio.isChecked() else csl.REGISTER

    def _default_server(self) -> str:
        """The chosen register's own server."""
        return fr.BASE_URL if self.register == fr.REGISTER else csl.BASE_URL

    def _on_register_changed(self, *_args) -> None:
        federal = self.register == fr.REGISTER
        self.fr_box.setVisible(federal)
        self.csl_box.setVisible(not federal)
        if self.base_edit.text().strip() in (fr.BASE_URL, csl.BASE_URL):
            self.base_edit.setText(self._default_server())
        self._suggest_path()
        self.adjustSize()

    def _on_path_edited(self, _text: str) -> None:
        self._path_edited = True

    def _suggest_path(self, *_args) -> None:
        if self._path_edited:
            return
        if self.merge_radio.isChecked() and self.open_path is not None:
            name = f"{self.open_path.stem}-with-{self.register}.csv"
        else:
            name = f"{self.register}.csv"
        self.path_edit.setText(str(self.folder / name))

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Save the data set", self.path_edit.text(), FILE_FILTER
        )
        if path:  # (the save dialog has asked before replacing a file)
            self.path_edit.setText(path)
            self._path_edited = True
            self._confirmed = Path(path)

    def request(self) -> FetchRequest:
        """The fetch the fields ask for; ValueError with a message for the user otherwise."""
        out = Path(self.path_edit.text().strip()).expanduser()
        if not self.path_edit.text().strip():
            raise ValueError("Choose where to save the data set.")
        if out.suffix.lower() not in OUTPUT_SUFFIXES:
            raise ValueError(f"{out.name}: save as .csv, .xlsx or .parquet.")
        base = self.base_edit.text().strip() or self._default_server()
        if not base.startswith(("http://", "https://")):
            raise ValueError(f"{base}: the server's address starts with http:// or https://.")
        common = {
            "merge_into": self.open_path if self.merge_radio.isChecked() else None,
            "offline": self.offline_check.isChecked(),
            "timeout": self.timeout_spin.value(),
        }
        if self.register == csl.REGISTER:
            query = csl.Query(
                _names(self.lists_edit.text()), _names(self.countries_edit.text()), base
            )
            return FetchRequest(out, screening_list=query, **common)
        since = self.since_edit.text().strip()
        until = self.until_edit.text().strip()
        since = fr.publication_day(since) if since else None
        until = fr.publication_day(until, last=True) if until else None
        if since and until and since > until:
            raise ValueError(f"The start ({since}) is after the end ({until}).")
        chosen = tuple(name for name, check in self.type_checks.items() if check.isChecked())
        if not chosen:
            raise ValueError("Tick at least one type of document.")
        query = fr.Query(
            agencies=_names(self.agencies_edit.text()) or (fr.DEFAULT_AGENCY,),
            types=() if len(chosen) == len(self.type_checks) else chosen,
            since=since,
            until=until,
            term=self.term_edit.text().strip(),
            base_url=base,
        )
        return FetchRequest(out, federal_register=query, **common)

    def _on_fetch(self) -> None:
        try:
            request = self.request()
        except ValueError as exc:
            self.show_problem(str(exc))
            return
        if request.out.exists() and request.out != self._confirmed:
            from viewer.panels.export_dialog import ask_replace

            if not ask_replace(self, request.out):
                return
        self.fetchRequested.emit(request)

    def _on_close(self) -> None:
        if self.running:
            self.cancelRequested.emit()
        else:
            self.reject()

    def set_running(self, running: bool) -> None:
        self.running = running
        for box in (
            self.register_box,
            self.fr_box,
            self.csl_box,
            self.result_box,
            self.advanced,
            self.advanced_box,
        ):
            box.setEnabled(not running)
        self.fetch_button.setEnabled(not running)
        self.close_button.setText("Cancel" if running else "Close")
        self.progress.setVisible(running)
        if running:
            self.progress.setValue(0)
            self.show_notice("Starting…")

    def set_progress(self, fraction: float, text: str) -> None:
        self.progress.setValue(int(fraction * 1000))
        self.show_notice(text)

    def show_problem(self, text: str) -> None:
        self.status.show_problem(text)

    def show_notice(self, text: str) -> None:
        self.status.show_notice(text)
