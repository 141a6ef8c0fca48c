"""Every control can be found by a screen reader and explains itself; every action has its own
shortcut; menus have mnemonics; the table is the keyboard route to every event."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QGraphicsView,
    QHeaderView,
    QLineEdit,
    QMenu,
    QScrollBar,
    QTextEdit,
    QWidget,
)

CONTROLS = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractSlider,
    QAbstractItemView,
    QTextEdit,
    QGraphicsView,
)
# Views a screen reader user reads from say what they hold; their tooltips are per item (a
# cell, a mark, a link), so the view itself needs none.
READ_FROM = (QAbstractItemView, QTextEdit, QGraphicsView, QAbstractSlider)


@pytest.fixture
def window(make_window):
    return make_window(size=(1500, 900))


def _ours(widget: QWidget) -> bool:
    """Controls we build, not the parts Qt adds inside its own (spin box editors, dock title
    buttons, scroll bars of scroll areas, headers, tab scrollers)."""
    name = widget.objectName()
    if name.startswith("qt_") or name in ("ScrollLeftButton", "ScrollRightButton"):
        return False
    if isinstance(widget, QHeaderView):
        return False
    parent = widget.parent()
    if (
        isinstance(widget, QScrollBar)
        and parent is not None
        and parent.objectName().startswith("qt_scrollarea")
    ):
        return False
    while parent is not None:  # the editor and popup list inside a combo or spin box
        if isinstance(parent, QComboBox | QAbstractSpinBox):
            return False
        parent = parent.parent()
    return True


def _label(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QAbstractButton) else ""
    return widget.accessibleName() or text.replace("&", "")


def test_every_control_has_a_name_a_tooltip_and_a_description_where_read(window):
    controls = [c for c in window.findChildren(QWidget) if isinstance(c, CONTROLS) and _ours(c)]
    assert len(controls) > 15
    missing = []
    for c in controls:
        where = f"{type(c).__name__} {_label(c)!r} in {type(c.parent()).__name__}"
        if not _label(c):
            missing.append(f"{where}: no accessible name")
        if isinstance(c, READ_FROM):
            if not c.accessibleDescription():
                missing.append(f"{where}: no accessible description")
            if isinstance(c, QAbstractSlider) and not c.toolTip():
                missing.append(f"{where}: no tooltip")
        elif not c.toolTip():
            missing.append(f"{where}: no tooltip")
    assert not missing, "\n".join(missing)


def test_docks_and_panels_are_named(window):
    from PySide6.QtWidgets import QDockWidget

    for dock in window.findChildren(QDockWidget):
        assert dock.windowTitle() and dock.widget().accessibleName(), dock.objectName()
    for name in ("Timeline", "Legend", "Event details", "Events table", "Problems"):
        assert any(w.accessibleName() == name for w in window.findChildren(QWidget)), name


def _actions(window):
    seen = {}
    for action in window.findChildren(QAction):
        if action.menu() is None and not action.isSeparator() and action.text():
            seen[id(action)] = action
    return list(seen.values())


def test_no_two_actions_share_a_shortcut(window):
    owners: dict[str, str] = {}
    clashes = []
    for action in _actions(window):
        for seq in action.shortcuts():
            key = seq.toString(QKeySequence.SequenceFormat.PortableText)
            if not key:
                continue
            if key in owners and owners[key] != action.text():
                clashes.append(f"{key}: {owners[key]!r} and {action.text()!r}")
            owners[key] = action.text()
    assert not clashes, clashes


def test_standard_shortcuts(window):
    def keys(action):
        return {s.toString(QKeySequence.SequenceFormat.PortableText) for s in action.shortcuts()}

    def standard(key):
        return {
            s.toString(QKeySequence.SequenceFormat.PortableText)
            for s in QKeySequence.keyBindings(key)
        }

    sk = QKeySequence.StandardKey
    assert keys(window.open_action) == standard(sk.Open)
    assert keys(window.quit_action) == standard(sk.Quit)
    assert keys(window.zoom_in_action) == standard(sk.ZoomIn)
    assert keys(window.zoom_out_action) == standard(sk.ZoomOut)
    assert keys(window.copy_action) == standard(sk.Copy)
    assert keys(window.export_action) == {"Ctrl+E"}
    assert keys(window.copy_snapshot_action) == {"Ctrl+Shift+C"}


def test_menus_and_their_entries_have_mnemonics(window):
    problems = []
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if not re.search(r"&[^&]", menu_action.text()):
            problems.append(f"menu {menu_action.text()!r}")
        stack = [menu]
        while stack:
            m = stack.pop()
            letters = []
            for a in m.actions():
                if a.isSeparator() or not a.text():
                    continue
                if a.menu() is not None:
                    stack.append(a.menu())
                found = re.search(r"&([^&])", a.text())
                if found is None:
                    problems.append(f"{m.title()!r} > {a.text()!r}: no mnemonic")
                else:
                    letters.append(found.group(1).lower())
            if len(letters) != len(set(letters)):
                problems.append(f"{m.title()!r}: mnemonics repeat {sorted(letters)}")
    assert not problems, "\n".join(problems)
    assert all(isinstance(a.menu(), QMenu) for a in window.menuBar().actions())


def test_table_is_the_keyboard_route_to_every_event(window, qtbot):
    table = window.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    first = window.document.state.selected
    assert first is not None
    seen = {first}
    for _ in range(table.model().rowCount() - 1):
        qtbot.keyClick(table, Qt.Key.Key_Down)
        seen.add(window.document.state.selected)
    assert len(seen) == window.document.model.events["id"].nunique()
    index = table.currentIndex()
    text = table.model().data(index, Qt.ItemDataRole.AccessibleTextRole)
    assert text.startswith("Date: ")
    i = window.document.model.index_of(window.document.state.selected)
    assert window.document.model.events["title"].iat[i] in window.detail.toPlainText()


def test_copy_puts_the_selected_event_on_the_clipboard(window, qtbot):
    from PySide6.QtGui import QGuiApplication

    window.select_id("cn-deepseek-approval")
    window.copy_action.trigger()
    text = QGuiApplication.clipboard().text()
    title = window.document.model.events.set_index("id").loc["cn-deepseek-approval", "title"]
    assert title in text
    assert "http" in text  # its sources, cited
