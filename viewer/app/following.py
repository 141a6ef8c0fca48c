"""Following the open file: each new version shown with the view kept, and what changed said.

LiveReload (viewer/app/reload.py) watches and reloads in the background; this shows the result:
the document takes the new version (filters, time window and selection stay), the status bar
says `+2 events · 1 changed · 0 removed`, and the events added or changed are ringed for a few
seconds. A version that can't be read leaves the last good data on screen under a banner.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from viewer.record.versions import diff_versions

FLASH_MS = 3000
"""How long events added or changed by a reload stay highlighted."""


class Following(QObject):
    message = Signal(str, int)  # text for the status bar, how long (ms)

    def __init__(self, parent: QObject, document, timeline, banner, live) -> None:
        super().__init__(parent)
        self.document = document
        self.timeline = timeline
        self.banner = banner
        self.live = live
        self.last_summary = ""
        self._flash_mask: np.ndarray | None = None
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.setInterval(FLASH_MS)
        self._flash_timer.timeout.connect(self._end_flash)
        live.reloaded.connect(self._on_reloaded)
        live.failed.connect(self._on_failed)
        banner.retryClicked.connect(live.reload)
        document.state.events.as_of.connect(self._end_flash)

    def watch(self, model, mapping: dict[str, str] | None) -> None:
        """A file was opened: follow it (the banner of the last one goes)."""
        self.banner.hide()
        self.live.watch(model.path, model.sources_path, mapping, register=model.origin)

    def _on_reloaded(self, model, _request) -> None:
        """The file changed on disk: show the new version with filters, window and selection."""
        document = self.document
        old = document.full_model
        self._end_flash()
        document.set_model(model, keep=True)
        self.banner.hide()
        if old is None:
            return
        diff = diff_versions(old.events, document.full_model.events)
        self.last_summary = diff.summary()
        name = model.path.name if model.path else model.name
        self.message.emit(f"Reloaded {name}: {diff.summary()}", 10000)
        if diff.touched:
            ids = document.model.events["id"].to_numpy(dtype=object)
            self._flash_mask = np.isin(ids, list(diff.touched))
            self.timeline.set_highlight(self._flash_mask)
            self._flash_timer.start()

    def _end_flash(self, *_args) -> None:
        self._flash_timer.stop()
        if self._flash_mask is not None:
            if self.timeline.highlight is self._flash_mask:
                self.timeline.set_highlight(None)
            self._flash_mask = None

    def _on_failed(self, reason: str) -> None:
        name = self.live.name
        self.banner.show_problem(name, reason, register=self.live.register is not None)
        self.message.emit(f"{name} could not be reloaded: {reason}", 10000)
