"""The window's register features, added with one call: File > Open Register…"""

from __future__ import annotations

from PySide6.QtGui import QAction


def add_open_register(window, before: QAction | None) -> QAction:
    """File > Open Register… (Ctrl+Shift+R): the address dialog, then the window's own open."""
    from PySide6.QtGui import QKeySequence

    from viewer.panels.register_dialog import RegisterDialog

    action = QAction("Open Re&gister…", window)
    action.setShortcut(QKeySequence("Ctrl+Shift+R"))
    tip = "Open a register the team shares (SQLite or PostgreSQL), or make a new one"
    action.setToolTip(tip)
    action.setStatusTip(tip)

    def ask() -> None:
        model = window.document.model
        current = model.origin if model is not None else ""
        window.register_dialog = RegisterDialog(window, window.load_file, current or "")
        window.register_dialog.open()

    action.triggered.connect(ask)
    window.addAction(action)
    window.file_menu.insertAction(before, action)
    return action
