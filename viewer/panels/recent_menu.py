"""File > Open Recent: the files and registers opened last, newest first; missing ones shown but
disabled."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMenu, QWidget

from viewer.panels.tooltips import plain_tip


class RecentMenu(QMenu):
    fileChosen = Signal(str)

    def __init__(self, parent: QWidget, settings) -> None:
        super().__init__("Open &Recent", parent)
        self.settings = settings
        self.setToolTip("Open a file opened before")
        self.setAccessibleName("Open Recent")
        self.aboutToShow.connect(self.rebuild)
        self.rebuild()

    def rebuild(self) -> None:
        """Fill the menu from the settings (called each time it opens)."""
        self.clear()
        files = self.settings.recent_files()
        for n, path in enumerate(files, start=1):
            exists, name = _entry(path)
            name = name.replace("&", "&&")
            label = f"&{n} {name}" if n < 10 else f"1&0 {name}" if n == 10 else name
            action = self.addAction(label if exists else f"{label} (missing)")
            action.setToolTip(plain_tip(path))
            action.setStatusTip(path)
            action.setEnabled(exists)
            action.triggered.connect(lambda _=False, p=path: self.fileChosen.emit(p))
        if not files:
            empty = self.addAction("&No recent files")
            empty.setEnabled(False)
        self.addSeparator()
        clear = self.addAction("&Clear Recent Files")
        clear.setEnabled(bool(files))
        clear.triggered.connect(self._clear)

    def _clear(self) -> None:
        self.settings.clear_recent_files()
        self.rebuild()


def _entry(path: str) -> tuple[bool, str]:
    """Whether a remembered data set can be opened, and its name in the menu. A register on a
    server is always offered (whether it answers is known only by trying)."""
    from viewer.io.register.url import AddressError, is_register_address, parse_register

    if not is_register_address(path):
        return Path(path).is_file(), Path(path).name
    try:
        url = parse_register(path)
    except AddressError:
        return False, path
    exists = url.path.is_file() if url.path is not None else True
    return exists, f"{url.name} (register)"
