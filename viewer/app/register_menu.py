"""The window's register features, added with one call: File > Open Register…"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget


def add_open_register(
    parent: QWidget,
    menu: QMenu,
    before: QAction | None,
    document,
    open_address: Callable[[str], None],
) -> QAction:
    """File > Open Register… (Ctrl+Shift+R): the address dialog (starting at the open
    register's address), then `open_address`, the window's own open."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeySequence

    from viewer.panels.register_dialog import RegisterDialog

    action = QAction("Open Re&gister…", parent)
    action.setShortcut(QKeySequence("Ctrl+Shift+R"))
    tip = "Open a register the team shares (SQLite or PostgreSQL), or make a new one"
    action.setToolTip(tip)
    action.setStatusTip(tip)

    def ask() -> None:
        model = document.model
        current = model.origin if model is not None else ""
        dialog = RegisterDialog(parent, open_address, current or "")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    action.triggered.connect(ask)
    parent.addAction(action)
    menu.insertAction(before, action)
    return action
