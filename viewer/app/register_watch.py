"""Following a register as the file watcher follows a file: `changed` when a colleague adds
reports, sources or notes, `unreachable` when the database can't be reached (then retried).

PostgreSQL: LISTEN on the register's channel, which its insert triggers notify once per
statement (viewer/io/register/schema.py); the connection's socket wakes the UI thread through a
QSocketNotifier, so nothing polls. SQLite: `PRAGMA data_version` on a connection of our own,
which changes whenever another connection commits; asked every POLL_MS (a local file: well
under a millisecond). Notices are debounced like file changes.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from viewer.io.register.url import RegisterURL

POLL_MS = 250
"""How often a SQLite register's data version is read: a change shows within a second."""
DEBOUNCE_MS = 150
RETRY_MS = 3000
"""How often an unreachable register is tried again."""
CONNECT_TIMEOUT_S = 3


class RegisterWatcher(QObject):
    changed = Signal()
    unreachable = Signal(str)  # why, already without any password

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.url: RegisterURL | None = None
        self._pg = None  # psycopg connection listening
        self._notifier: QSocketNotifier | None = None
        self._sqlite = None  # viewer.io.register.connection.Connection
        self._version: int | None = None
        self.down = False
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._read_version)
        self._retry = QTimer(self)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self._connect)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.changed)

    def watch(self, url: RegisterURL | None) -> None:
        self.stop()
        self.url = url
        if url is not None:
            self._connect()

    def stop(self) -> None:
        self._poll.stop()
        self._retry.stop()
        self._debounce.stop()
        self._disconnect()
        self.url = None
        self.down = False

    # -- connection --------------------------------------------------------------------------

    def _connect(self) -> None:
        url = self.url
        if url is None:
            return
        try:
            if url.kind == "postgresql":
                self._listen(url)
            else:
                from viewer.io.register.connection import connect

                self._sqlite = connect(url)
                self._version = self._data_version()
                self._poll.start()
        except Exception as exc:
            self._lost(exc)
            return
        self._retry.stop()
        if self.down:  # back: what was added meanwhile is read now
            self.down = False
            self._debounce.start()

    def _listen(self, url: RegisterURL) -> None:
        import psycopg

        from viewer.io.register.schema import channel

        con = psycopg.connect(url.connect_text, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
        con.execute(f"LISTEN {channel(url)}")  # (a checked name: no value goes into SQL text)
        self._pg = con
        self._notifier = QSocketNotifier(con.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_socket)

    def _disconnect(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        for con in (self._pg, self._sqlite):
            if con is not None:
                with contextlib.suppress(Exception):
                    con.close()
        self._pg = self._sqlite = None

    def _lost(self, exc: Exception) -> None:
        """Keep what is shown; say why; try again every RETRY_MS."""
        from viewer.io.register.url import scrub

        self._poll.stop()
        self._disconnect()
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if self.url is not None:
            reason = scrub(reason, self.url)
        self.down = True
        self._retry.start()
        self.unreachable.emit(reason)

    # -- notices -------------------------------------------------------------------------------

    def _on_socket(self, *_args) -> None:
        con = self._pg
        if con is None:
            return
        try:
            got = list(con.notifies(timeout=0))
            if not got and con.closed:
                raise ConnectionError("the connection was closed")
        except Exception as exc:
            self._lost(exc)
            return
        if got:
            self._debounce.start()

    def _data_version(self) -> int:
        return int(self._sqlite.rows("PRAGMA data_version")[0][0])

    def _read_version(self) -> None:
        if self._sqlite is None:
            return
        try:
            version = self._data_version()
            if self.url is not None and self.url.path is not None and not self.url.path.exists():
                raise FileNotFoundError(f"{self.url.path} is gone")
        except Exception as exc:
            self._lost(exc)
            return
        if version != self._version:
            self._version = version
            self._debounce.start()
