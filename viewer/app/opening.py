"""Opening a file from the window: background load, progress dialog, column mapping, outcome.

The window asks `OpenFlow.open(path)` and hears back `opened(result)` (a LoadResult with the
model, and the first view laid out for the document's filters) or `failed(title, message)`;
what is on screen is untouched until a model has fully loaded. A table without the required
columns goes through the mapping dialog (the choice remembered per header in AppSettings); a
mapping remembered for that header is used without asking.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget

from viewer import errors
from viewer.app.loading import Loader, LoadRequest, LoadResult
from viewer.record.problems import LoadError, MissingColumnsError

OPEN_FILTER = "Event tables (*.csv *.tsv *.txt *.xlsx *.xlsm *.json *.parquet *.pq);;All files (*)"
SHOW_PROGRESS_AFTER_MS = 300
"""Small files open before the progress dialog would flash up."""


class OpenFlow(QObject):
    opened = Signal(object)  # LoadResult: the model, its request, the first view laid out
    failed = Signal(str, str)  # title, message
    notice = Signal(str)  # for the status bar

    def __init__(self, window: QWidget, document, settings) -> None:
        super().__init__(window)
        self.window = window
        self.document = document
        self.settings = settings  # AppSettings: the column mappings remembered per header
        self.loader = Loader(self)
        self.loader.progressed.connect(self._on_progress)
        self.loader.finished.connect(self._on_finished)
        self.progress_dialog: QProgressDialog | None = None
        self.mapping_dialog = None
        self._then = None  # told True once a file is shown, False when it failed
        self.failed.connect(lambda *_: self._done(False))

    def _view(self) -> tuple | None:
        """The document's filters and lane options, for the loader to lay out the first view."""
        state = self.document.state
        if state.as_of is not None:
            return None  # (a view as known on a day is derived from the model afterwards)
        return (state.filters, state.layout)

    @property
    def busy(self) -> bool:
        return self.loader.busy

    def choose(self) -> None:
        """File > Open: pick a table (starting in the open file's folder) and load it."""
        model = self.document.model
        start = str(model.path.parent) if model and model.path else ""
        path, _ = QFileDialog.getOpenFileName(self.window, "Open event table", start, OPEN_FILTER)
        if path:
            self.load(path)

    def load(self, path: str | Path, mapping: dict[str, str] | None = None, then=None) -> None:
        """Open a file off the UI thread (progress, cancel); the screen changes only on success.

        `then(ok)` runs once the file is shown (True) or has failed or been cancelled (False).
        """
        self._then = then
        self.open(path, mapping)

    def load_now(self, path: str | Path, mapping: dict[str, str] | None = None) -> bool:
        """Load a file here and now (no progress dialog); on failure say why."""
        from viewer.io import load
        from viewer.io.load_table import location
        from viewer.io.register.url import AddressError

        try:
            request = LoadRequest(location(path), mapping=mapping)
            result = LoadResult(request, model=load(path, mapping=mapping))
        except AddressError as exc:
            self.failed.emit("Cannot open register", str(exc))
            return False
        except LoadError as exc:
            self.failed.emit("Cannot open file", str(exc))
            return False
        except Exception as exc:  # a bug, not bad data: log it, keep going
            self.failed.emit("Cannot open file", errors.report(exc, f"Opening {path}"))
            return False
        self._show(result)
        return True

    def _show(self, result: LoadResult) -> None:
        self.opened.emit(result)
        self._done(True)

    def _done(self, ok: bool) -> None:
        then, self._then = self._then, None
        if then is not None:
            then(ok)

    def open(self, path, mapping: dict[str, str] | None = None, raw=None) -> None:
        """Start loading `path` (a file or a register's address); a load already running is
        cancelled. A bad address fails like a file that can't be read."""
        from viewer.io.load_table import location
        from viewer.io.register.url import AddressError

        try:
            where = location(path)
        except AddressError as exc:
            self.failed.emit("Cannot open register", str(exc))
            return
        request = LoadRequest(where, mapping=mapping, purpose="open", raw=raw, view=self._view())
        self.loader.start(request)
        self._show_progress(request.path)

    def cancel(self) -> None:
        if self.loader.busy:
            self.loader.cancel()

    def shutdown(self) -> None:
        self._close_progress()
        self.loader.shutdown()

    # -- progress ------------------------------------------------------------------------------

    def _show_progress(self, path: Path) -> None:
        self._close_progress()
        dialog = QProgressDialog(f"Opening {path.name}…", "Cancel", 0, 1000, self.window)
        dialog.setWindowTitle("Opening")
        dialog.setAccessibleName("Opening progress")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(SHOW_PROGRESS_AFTER_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(0)
        dialog.canceled.connect(self.cancel)
        self.progress_dialog = dialog

    def _close_progress(self) -> None:
        dialog, self.progress_dialog = self.progress_dialog, None
        if dialog is not None:
            dialog.canceled.disconnect(self.cancel)
            dialog.reset()
            dialog.hide()
            dialog.deleteLater()

    def _on_progress(self, fraction: float, text: str) -> None:
        dialog = self.progress_dialog
        if dialog is not None:
            request = self.loader.request
            name = request.path.name if request else ""
            dialog.setLabelText(f"{text} {name}…" if text else f"Opening {name}…")
            dialog.setValue(int(fraction * 1000))

    # -- outcome -------------------------------------------------------------------------------

    def _on_finished(self, result: LoadResult) -> None:
        if result.request.purpose != "open":
            return
        self._close_progress()
        request = result.request
        if result.cancelled:
            self.notice.emit(f"Opening {request.path.name} was cancelled; nothing changed.")
            self._done(False)
        elif isinstance(result.error, MissingColumnsError) or (
            result.error is not None and request.raw is not None
        ):
            raw = getattr(result.error, "raw", None) or request.raw
            self._ask_mapping(request, raw, str(result.error))
        elif result.error is not None:
            self.failed.emit("Cannot open file", str(result.error))
        elif result.message:
            self.failed.emit("Cannot open file", result.message)
        else:
            self._show(result)

    def _ask_mapping(self, request: LoadRequest, raw, reason: str) -> None:
        from viewer.io.mapping import guess_mapping, header_key, samples
        from viewer.panels.mapping_dialog import MappingDialog

        key = header_key(raw.events.columns)
        remembered = self.settings.column_mapping(key)
        if remembered and request.mapping is None:
            self.notice.emit(f"{request.path.name}: columns matched as remembered for this header")
            self.open(request.path, mapping=remembered, raw=raw)
            return
        initial = dict(request.mapping or remembered or guess_mapping(raw.events))
        dialog = MappingDialog(
            self.window,
            request.path.name,
            list(raw.events.columns),
            samples(raw.events),
            initial,
            remembered=bool(remembered),
            problem=reason if request.mapping is not None else "",
        )
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.mapping_dialog = dialog

        def done(code: int) -> None:
            self.mapping_dialog = None
            dialog.deleteLater()
            if code != dialog.DialogCode.Accepted:
                self.notice.emit(f"{request.path.name} was not opened; nothing changed.")
                self._done(False)
                return
            mapping = dialog.mapping()
            if dialog.remember_choice():
                self.settings.set_column_mapping(key, mapping)
            self.open(request.path, mapping=mapping, raw=raw)

        dialog.finished.connect(done)
        dialog.open()
