"""Loading files off the UI thread, with progress and cancel; results handed back safely.

The worker is a plain Python thread that never touches a Qt object: it writes its progress and
its result into fields guarded by a lock, and a QTimer on the UI thread polls them while a load
runs and emits the Qt signals. So no Qt object is ever shared across threads, created or
deleted on the worker, or destroyed while a thread still uses it - the way background loading
crashes whole processes. `shutdown()` (window close, test teardown) cancels and joins.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from viewer import errors
from viewer.io.progress import CancelledError, Progress
from viewer.io.register.url import RegisterURL
from viewer.record.problems import LoadError
from viewer.shown.content import Content

POLL_MS = 40
"""How often the UI thread looks at a running load: fast enough for a smooth progress bar."""

_threads: weakref.WeakSet[threading.Thread] = weakref.WeakSet()


@dataclass
class LoadRequest:
    """What to load: the file or register, the column mapping, and why (`open` or `reload`)."""

    path: Path | RegisterURL
    mapping: dict[str, str] | None = None
    purpose: str = "open"
    raw: object | None = None
    """A RawTable already read (the mapping dialog's table): only mapping and checks remain."""
    view: tuple | None = None
    """(Filters, LayoutOptions) the window shows: its first content is built on the worker."""


@dataclass
class LoadResult:
    request: LoadRequest
    model: object | None = None
    error: LoadError | None = None
    message: str = ""
    """For an unexpected error: the summary (its traceback is in the log file)."""
    cancelled: bool = False
    content: Content | None = None
    """What the timeline shows first, laid out on the worker for the request's view."""

    @property
    def ok(self) -> bool:
        return self.model is not None


def run_load(request: LoadRequest, progress: Progress) -> LoadResult:
    """Load one request; every outcome is a LoadResult, never an exception."""
    from viewer.io import load
    from viewer.io.mapping import apply_mapping
    from viewer.record.build import build_model

    try:
        if request.raw is not None:
            raw = request.raw
            if request.mapping:
                raw = apply_mapping(raw, request.mapping)
            progress.step(0.75, "Checking rows")
            model = build_model(raw)
        else:
            model = load(request.path, mapping=request.mapping, progress=progress)
        content = None
        if request.view is not None:
            from viewer.shown.content import make_content

            progress.step(0.95, "Laying out lanes")
            content = make_content(model, *request.view)
        progress.step(1.0, "Done")
        return LoadResult(request, model=model, content=content)
    except CancelledError:
        return LoadResult(request, cancelled=True)
    except LoadError as exc:
        return LoadResult(request, error=exc)
    except MemoryError:
        return LoadResult(request, error=LoadError(request.path, "too large for the memory free"))
    except Exception as exc:  # a bug, not bad data: log it with its traceback
        return LoadResult(request, message=errors.report(exc, f"Opening {request.path}"))


class Loader(QObject):
    """Runs one load at a time off the UI thread; a new load supersedes the running one.

    `run(request, progress)` does the work on the thread and returns a result that never
    raises (run_load by default; app/fetch_flow.py runs a fetch the same way).
    """

    progressed = Signal(float, str)
    finished = Signal(object)  # run's result, or a LoadResult with cancelled=True

    def __init__(self, parent: QObject | None = None, run: Callable = run_load) -> None:
        super().__init__(parent)
        self._run = run
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._progress: Progress | None = None
        self._request: LoadRequest | None = None
        self._result: LoadResult | None = None
        self._state: tuple[float, str] = (0.0, "")
        self._reported: tuple[float, str] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    @property
    def busy(self) -> bool:
        return self._request is not None

    @property
    def request(self) -> LoadRequest | None:
        return self._request

    def start(self, request: LoadRequest) -> None:
        """Start loading; a load already running is cancelled and its result never delivered."""
        self.cancel()
        progress = Progress(self._on_progress)
        with self._lock:
            self._progress = progress
            self._request = request
            self._result = None
            self._state = (0.0, "Reading")
        thread = threading.Thread(
            target=self._work, args=(request, progress), name="regtimeline-load", daemon=True
        )
        self._thread = thread
        _threads.add(thread)
        thread.start()
        self._timer.start()

    def _work(self, request: LoadRequest, progress: Progress) -> None:
        result = self._run(request, progress)
        with self._lock:
            if self._progress is progress:  # still the current load
                self._result = result

    def _on_progress(self, fraction: float, text: str) -> None:
        with self._lock:
            self._state = (fraction, text)

    def _poll(self) -> None:
        with self._lock:
            result, state = self._result, self._state
            if result is not None:
                self._result = None
                self._request = None
                self._progress = None
        if state != self._reported:
            self._reported = state
            self.progressed.emit(*state)
        if result is not None:
            self._timer.stop()
            self._reported = None
            self.finished.emit(result)

    def cancel(self) -> None:
        """Stop the running load at its next check; its result is dropped. The screen stays."""
        with self._lock:
            progress, request = self._progress, self._request
            self._progress = None
            self._request = None
            self._result = None
        if progress is not None:
            progress.cancel()
        if request is not None:
            self._timer.stop()
            self._reported = None
            self.finished.emit(LoadResult(request, cancelled=True))

    def wait(self, timeout: float | None = None) -> bool:
        """Join the worker thread (a cancelled one included); True when it has ended."""
        thread = self._thread
        if thread is None:
            return True
        thread.join(timeout)
        return not thread.is_alive()

    def shutdown(self, timeout: float = 10.0) -> bool:
        """Cancel and join: for window close and test teardown."""
        self.cancel()
        self._timer.stop()
        return self.wait(timeout)


def join_all(timeout: float = 10.0) -> bool:
    """Join every load thread still running (tests call this after each test)."""
    ok = True
    for thread in list(_threads):
        thread.join(timeout)
        ok = ok and not thread.is_alive()
    return ok
