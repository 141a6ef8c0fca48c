"""A menu entry in one call: its text, what it does, its shortcut and tip, the menu it goes in.

Actions are added to their owner (the window) as well, so their shortcuts work wherever the
focus is, menu open or not.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget


def action(
    owner: QWidget, text: str, slot, shortcut=None, tip: str = "", menu: QMenu | None = None
) -> QAction:
    """An entry that runs `slot`; a standard key gives every binding the platform has (Ctrl+O
    and Open)."""
    made = QAction(text, owner)
    if isinstance(shortcut, QKeySequence.StandardKey):
        made.setShortcuts(shortcut)
    elif shortcut is not None:
        made.setShortcut(QKeySequence(shortcut))
    if tip:
        made.setToolTip(tip)
        made.setStatusTip(tip)
    made.triggered.connect(slot)
    owner.addAction(made)
    if menu is not None:
        menu.addAction(made)
    return made


def toggle(
    owner: QWidget, text: str, slot, checked: bool, tip: str = "", menu: QMenu | None = None
) -> QAction:
    """A checkable entry; `slot` gets the new state."""
    made = QAction(text, owner, checkable=True, checked=checked)
    made.setToolTip(tip)
    made.toggled.connect(slot)
    owner.addAction(made)
    if menu is not None:
        menu.addAction(made)
    return made
