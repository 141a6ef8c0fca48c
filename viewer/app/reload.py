"""Live reload: watch the open file (and its sources file), or the open register, and reload
it when it changes (a register's notices come from viewer/app/register_watch.py).

QFileSystemWatcher drops a file once an editor saves by writing a new file and renaming it over
the old one; watching the folder too and adding the path back covers that. Change notices come
in bursts while a file is written, so they are debounced; a file whose size, time and inode are
as last loaded is not reloaded (another file of the folder changed). The reload itself runs on
a background Loader; a version that can't be read leaves the last good data on screen and the
next change tries again.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from viewer.app.loading import Loader, LoadRequest, LoadResult
from viewer.app.register_watch import RETRY_MS, RegisterWatcher
from viewer.io.register.url import RegisterURL

DEBOUNCE_MS = 300
"""Quiet time after the last change notice before reloading: well within a second."""


def signature(path: Path | None) -> tuple | None:
    """What identifies a version of a file on disk, or None when it is not there."""
    if path is None:
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


class FileWatcher(QObject):
    """Emits `changed` once per burst of changes to any of the watched files."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None, debounce_ms: int = DEBOUNCE_MS) -> None:
        super().__init__(parent)
        self.paths: list[Path] = []
        self._engine: QFileSystemWatcher | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self.changed)

    @property
    def _watcher(self) -> QFileSystemWatcher:
        """Made on first use: each one holds an OS handle (inotify), of which there are few."""
        if self._engine is None:
            self._engine = QFileSystemWatcher(self)
            self._engine.fileChanged.connect(self._on_changed)
            self._engine.directoryChanged.connect(self._on_changed)
        return self._engine

    def watch(self, paths: list[Path]) -> None:
        self.stop()
        self.paths = [Path(p).absolute() for p in paths if p is not None]
        folders = sorted({str(p.parent) for p in self.paths})
        if folders:
            self._watcher.addPaths(folders)
        self._rewatch()

    def stop(self) -> None:
        self._timer.stop()
        self.paths = []
        if self._engine is None:
            return
        watched = self._watcher.files() + self._watcher.directories()
        if watched:
            self._watcher.removePaths(watched)
        self.paths = []

    def _rewatch(self) -> None:
        """Add back files that were replaced (a rename drops them from the watch list)."""
        files = set(self._watcher.files())
        for p in self.paths:
            if str(p) not in files and p.exists():
                self._watcher.addPath(str(p))

    def _on_changed(self, _path: str) -> None:
        self._rewatch()
        self._timer.start()  # restarts: one `changed` after the burst


class LiveReload(QObject):
    """Reloads the open file in the background when it changes; says what came of it."""

    reloaded = Signal(object, object)  # new EventModel, LoadRequest
    failed = Signal(str)  # why the new version can't be shown

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.watcher = FileWatcher(self)
        self.watcher.changed.connect(self._on_changed)
        self.loader = Loader(self)
        self.loader.finished.connect(self._on_finished)
        self.register_watcher = RegisterWatcher(self)
        self.register_watcher.changed.connect(self._on_register_changed)
        self.register_watcher.unreachable.connect(self._on_unreachable)
        self.register: RegisterURL | None = None
        self.path: Path | None = None
        self.sources_path: Path | None = None
        self.mapping: dict[str, str] | None = None
        self._loaded: tuple = ()
        self._again = False

    def watch(
        self,
        path: Path | None,
        sources_path: Path | None,
        mapping=None,
        register: str | None = None,
    ) -> None:
        """Follow this file, or the register at this address (None: nothing); called whenever
        a data set is shown."""
        self.loader.cancel()
        self.register = _parse(register)
        if self.register is not None:
            self.path = self.sources_path = self.mapping = None
            self.watcher.stop()
            if self.register_watcher.url != self.register:
                self.register_watcher.watch(self.register)
            return
        self.register_watcher.stop()
        from viewer.paths import is_bundled

        if is_bundled(path):
            path = None  # the bundled sample is package data: it does not change under us
        self.path, self.sources_path, self.mapping = path, sources_path, mapping
        if path is None:
            self.watcher.stop()
            return
        self._loaded = self._signatures()
        companion = sources_path if sources_path is not None else _companion(path)
        self.watcher.watch([p for p in (path, companion) if p is not None])

    def _signatures(self) -> tuple:
        companion = self.sources_path or (_companion(self.path) if self.path else None)
        return (signature(self.path), signature(companion))

    @property
    def name(self) -> str:
        """What the banner calls the data set."""
        if self.register is not None:
            return self.register.name
        return self.path.name if self.path is not None else "The file"

    def _on_register_changed(self) -> None:
        if self.loader.busy:
            self._again = True
            return
        self.reload()

    def _on_unreachable(self, reason: str) -> None:
        self.failed.emit(
            f"the register can't be reached ({reason}); it is tried again every "
            f"{RETRY_MS // 1000} seconds"
        )

    def _on_changed(self) -> None:
        if self.path is None or self._signatures() == self._loaded:
            return
        if self.loader.busy:
            self._again = True  # reload once more when this one ends
            return
        self.reload()

    def reload(self) -> None:
        """Load the file again now (also File > Reload)."""
        target = self.register or self.path
        if target is None:
            return
        self._again = False
        self._seen = self._signatures()
        self.loader.start(LoadRequest(target, mapping=self.mapping, purpose="reload"))

    def _on_finished(self, result: LoadResult) -> None:
        if result.cancelled:
            return
        self._loaded = self._seen
        if result.ok and cut_short(result.model):
            self.failed.emit("its last line is cut short (is it still being written?)")
        elif result.ok:
            self.reloaded.emit(result.model, result.request)
        else:
            reason = result.error.reason if result.error is not None else result.message
            self.failed.emit(reason)
        if self._again or self._signatures() != self._loaded:
            self._again = False
            self.reload()

    def shutdown(self) -> None:
        self.watcher.stop()
        self.register_watcher.stop()
        self.loader.shutdown()


def _parse(address: str | None) -> RegisterURL | None:
    from viewer.io.register.url import parse_register

    return parse_register(address) if address else None


def cut_short(model) -> bool:
    """A text table whose last row lacks fields and has no line break after it: a file caught
    half-written, not a new version to show."""
    path = model.path
    if path is None or path.suffix.lower() not in (".csv", ".tsv", ".txt"):
        return False
    from viewer.io.reading import open_regular
    from viewer.record.problems import LoadError

    try:
        with open_regular(path) as handle:  # (a pipe swapped in meanwhile: never waited on)
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - 4096))
            tail = handle.read()
    except (OSError, LoadError):
        return False
    if not tail or tail.endswith((b"\n", b"\r")):
        return False
    text = tail.decode("utf-8", errors="ignore").rstrip()
    return any(
        p.dropped
        and p.file == str(path)
        and p.reason.startswith("row has")
        and p.value.strip()
        and text.endswith(p.value.rstrip()[-200:])
        for p in model.problems
    )


def _companion(path: Path | None) -> Path | None:
    """The sources file a CSV or Parquet table would have, whether it exists yet or not."""
    if path is None or path.suffix.lower() not in (".csv", ".tsv", ".txt", ".parquet", ".pq"):
        return None
    if path.name.lower().endswith(".sources" + path.suffix.lower()):
        return None
    return path.with_name(path.stem + ".sources" + path.suffix)
