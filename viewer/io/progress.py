"""Progress and cancellation of a load that runs off the UI thread. No Qt here.

Readers call `step()` at the points where they can stop; a cancelled load raises `CancelledError`
there, so the half-read table is simply dropped and the data on screen stay as they were.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class CancelledError(Exception):
    """The user cancelled the load; not an error to report."""


class Progress:
    """Thread-safe progress reports (fraction 0..1 and what is being done) and a cancel flag."""

    def __init__(self, report: Callable[[float, str], None] | None = None) -> None:
        self._report = report
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def wait(self, seconds: float) -> None:
        """Pause (a retry's back-off) but wake at once, raising CancelledError, on cancel."""
        if self._cancelled.wait(max(0.0, seconds)):
            raise CancelledError

    def step(self, fraction: float, text: str = "") -> None:
        """Report how far the load is; raise CancelledError when the user asked to stop."""
        if self._cancelled.is_set():
            raise CancelledError
        if self._report is not None:
            self._report(max(0.0, min(1.0, fraction)), text)


NO_PROGRESS = Progress()
"""For callers that neither show progress nor cancel (the CLI, tests)."""
