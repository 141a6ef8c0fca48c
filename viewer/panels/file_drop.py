"""Drag and drop of a file onto the window: the first local file dropped is opened.

An application-wide event filter, because the drop lands on whichever child is under the
pointer (the timeline, a table), not on the window itself.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget


class FileDrop(QObject):
    fileDropped = Signal(str)

    def __init__(self, window: QWidget, suffixes: tuple[str, ...]) -> None:
        super().__init__(window)
        self.window = window
        self.suffixes = suffixes
        window.setAcceptDrops(True)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def dropped_file(self, mime) -> str | None:
        """The first local file of a drag whose type we read, else None."""
        if mime is None or not mime.hasUrls():
            return None
        for url in mime.urls():
            if url.isLocalFile():
                path = url.toLocalFile()
                if Path(path).suffix.lower() in self.suffixes:
                    return path
        return None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            return False
        if not isinstance(obj, QWidget) or obj.window() is not self.window:
            return False
        path = self.dropped_file(event.mimeData())
        if path is None:
            return False
        event.setDropAction(event.proposedAction())
        event.accept()
        if kind == QEvent.Type.Drop:
            self.fileDropped.emit(path)
        return True
