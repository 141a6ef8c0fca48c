"""Every text of the window reads in both themes: 4.5:1 against what is behind it (WCAG 1.4.3).

The test walks every widget of the window (shown or in a hidden tab) and takes each text's
colour and the colour behind it as the widget paints them: its palette after style sheets are
applied, the ground of the nearest widget that fills its background, item colours from the
models of lists, trees and tables (alternate rows and the selection too), the detail pane's
document fragment by fragment (links, inline colours, table cells) for events with banners,
disputes and history, the status bar's message, tooltips, and the timeline's own colours.

Exempt, as WCAG 1.4.3 allows: text of disabled controls ("part of an inactive user interface
component"), and the marks' regulator colours, which are not text (they have their own 3:1
test in test_themes.py).
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QPalette, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QRadioButton,
    QStatusBar,
    QTabBar,
    QTextBrowser,
    QToolButton,
    QWidget,
)

from viewer.record.vocab import ALL_COMPANIES
from viewer.shown.filters import Filters
from viewer.shown.palette import contrast
from viewer.shown.theme import THEMES

MINIMUM = 4.5
ROLE = QPalette.ColorRole
ROWS_CHECKED = 120
"""Rows of each list or table whose cells are checked (every column)."""
EVENTS_SHOWN = (
    "nv-prepay-report",  # disputed: banner, conflicting claims side by side
    "cn-h200-first-batch",  # status history, many related events
    "ds-v4-expected",  # expected, not confirmed
    "cn-deepseek-approval",
)


def name(c: QColor) -> str:
    return c.name().upper()


def blend(front: QColor, back: QColor) -> QColor:
    """A translucent colour as it shows over `back`."""
    a = front.alphaF()
    return QColor.fromRgbF(
        front.redF() * a + back.redF() * (1 - a),
        front.greenF() * a + back.greenF() * (1 - a),
        front.blueF() * a + back.blueF() * (1 - a),
    )


class Texts:
    """(where, text colour, ground colour) of every text found."""

    def __init__(self) -> None:
        self.found: list[tuple[str, str, str]] = []

    def add(self, where: str, fg: QColor, bg: QColor) -> None:
        bg = blend(bg, QColor("#FFFFFF")) if bg.alpha() < 255 else bg
        self.found.append((where, name(blend(fg, bg)), name(bg)))

    def failures(self) -> list[str]:
        out = set()
        for where, fg, bg in self.found:
            ratio = contrast(fg, bg)
            if ratio < MINIMUM:
                out.add(f"{where}: {fg} on {bg} is {ratio:.2f}:1")
        return sorted(out)


def backdrop(widget: QWidget) -> QColor:
    """What is behind a widget that does not fill its own ground: the nearest one that does
    (a window, a dock, a scroll area's viewport, a widget with autoFillBackground)."""
    w = widget
    while w is not None:
        parent = w.parentWidget()
        if isinstance(parent, QAbstractScrollArea) and parent.viewport() is w:
            return w.palette().color(w.backgroundRole())
        if w.autoFillBackground() or w.isWindow():
            return w.palette().color(w.backgroundRole())
        w = parent
    return widget.palette().color(ROLE.Window)


def label_texts(texts: Texts, label: QLabel, where: str) -> None:
    fg = label.palette().color(label.foregroundRole())
    bg = label.palette().color(label.backgroundRole()) if label.autoFillBackground() else None
    bg = bg or backdrop(label)
    texts.add(where, fg, bg)
    text = label.text()
    if "<a " in text:
        texts.add(where + " (link)", label.palette().color(ROLE.Link), bg)
    for colour in re.findall(r"color:\s*(#[0-9A-Fa-f]{6})", text):
        texts.add(where + " (inline colour)", QColor(colour), bg)


def button_texts(texts: Texts, button: QAbstractButton, where: str) -> None:
    p = button.palette()
    if isinstance(button, QCheckBox | QRadioButton):
        texts.add(where, p.color(button.foregroundRole()), backdrop(button))
    elif isinstance(button, QToolButton) and button.autoRaise():
        texts.add(where, p.color(ROLE.ButtonText), backdrop(button))
    else:
        texts.add(where, p.color(ROLE.ButtonText), p.color(ROLE.Button))


def brush_colour(value, fallback: QColor) -> QColor:
    if value is None:
        return fallback
    colour = value.color() if hasattr(value, "color") else QColor(value)
    return colour if colour.isValid() else fallback


def view_texts(texts: Texts, view: QAbstractItemView, where: str) -> None:
    model = view.model()
    if model is None:
        return
    p = view.palette()
    texts.add(where + " selected", p.color(ROLE.HighlightedText), p.color(ROLE.Highlight))
    alternate = view.alternatingRowColors()

    def walk(parent: QModelIndex, depth: int) -> None:
        for row in range(min(model.rowCount(parent), ROWS_CHECKED)):
            base = p.color(ROLE.AlternateBase if alternate and row % 2 else ROLE.Base)
            for col in range(model.columnCount(parent)):
                index = model.index(row, col, parent)
                if model.data(index, Qt.ItemDataRole.DisplayRole) in (None, ""):
                    continue
                if not (model.flags(index) & Qt.ItemFlag.ItemIsEnabled):
                    continue  # (exempt: disabled)
                fg = brush_colour(
                    model.data(index, Qt.ItemDataRole.ForegroundRole), p.color(ROLE.Text)
                )
                bg = brush_colour(model.data(index, Qt.ItemDataRole.BackgroundRole), base)
                text = model.data(index, Qt.ItemDataRole.DisplayRole)
                texts.add(f"{where} cell {text!s:.30}", fg, bg)
            first = model.index(row, 0, parent)
            if depth < 3 and model.rowCount(first) > 0:
                walk(first, depth + 1)

    walk(QModelIndex(), 0)


def header_texts(texts: Texts, header: QHeaderView, where: str) -> None:
    p = header.palette()
    texts.add(where, p.color(ROLE.ButtonText), p.color(ROLE.Button))
    model = header.model()
    if model is None:
        return
    for section in range(header.count()):
        fg = model.headerData(section, header.orientation(), Qt.ItemDataRole.ForegroundRole)
        if fg is not None:
            texts.add(
                f"{where} section {section}",
                brush_colour(fg, p.color(ROLE.ButtonText)),
                p.color(ROLE.Button),
            )


def document_texts(texts: Texts, browser: QTextBrowser, where: str) -> None:
    """Each fragment of the document: its colour (or the link or text colour) on its ground
    (its own, its table cell's, or the page's)."""
    doc = browser.document()
    p = browser.viewport().palette()
    page = p.color(ROLE.Base)
    block = doc.begin()
    while block.isValid():
        ground = page
        cursor_table = None
        from PySide6.QtGui import QTextCursor

        cursor = QTextCursor(block)
        cursor_table = cursor.currentTable()
        if cursor_table is not None:
            cell = cursor_table.cellAt(cursor)
            cell_bg = cell.format().background()
            table_bg = cursor_table.format().background()
            for brush in (cell_bg, table_bg):
                if brush.style() != Qt.BrushStyle.NoBrush:
                    ground = brush.color()
                    break
        if block.blockFormat().background().style() != Qt.BrushStyle.NoBrush:
            ground = block.blockFormat().background().color()
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            text = fragment.text().strip()
            if text:
                fmt: QTextCharFormat = fragment.charFormat()
                bg = (
                    fmt.background().color()
                    if fmt.background().style() != Qt.BrushStyle.NoBrush
                    else ground
                )
                if fmt.foreground().style() != Qt.BrushStyle.NoBrush:
                    fg = fmt.foreground().color()
                elif fmt.isAnchor():
                    fg = p.color(ROLE.Link)
                else:
                    fg = p.color(ROLE.Text)
                texts.add(f"{where}: {text:.40}", fg, bg)
            it += 1
        block = block.next()


def walk_window(w, theme_name: str) -> Texts:
    texts = Texts()
    widgets = [w, *w.findChildren(QWidget)]
    for widget in widgets:
        widget.ensurePolished()
        if not widget.isEnabled():
            continue  # (exempt: inactive controls)
        kind = type(widget).__name__
        where = f"{kind} {widget.accessibleName() or widget.objectName()!r}"
        if isinstance(widget, QLabel) and widget.text().strip():
            label_texts(texts, widget, f"{where} {widget.text()[:40]!r}")
        elif isinstance(widget, QAbstractButton) and widget.text().strip():
            button_texts(texts, widget, f"{where} {widget.text()[:30]!r}")
        elif isinstance(widget, QLineEdit):
            p = widget.palette()
            texts.add(where, p.color(ROLE.Text), p.color(ROLE.Base))
            if widget.placeholderText():
                texts.add(where + " placeholder", p.color(ROLE.PlaceholderText), p.color(ROLE.Base))
        elif isinstance(widget, QComboBox):
            p = widget.palette()
            texts.add(where, p.color(ROLE.ButtonText), p.color(ROLE.Button))
        elif isinstance(widget, QTabBar):
            for k in range(widget.count()):
                fg = widget.tabTextColor(k)
                if not fg.isValid():
                    fg = widget.palette().color(ROLE.WindowText)
                texts.add(f"{where} tab {widget.tabText(k)!r}", fg, backdrop(widget))
        elif isinstance(widget, QHeaderView):
            header_texts(texts, widget, where)
        elif isinstance(widget, QTextBrowser):
            document_texts(texts, widget, where)
        elif isinstance(widget, QAbstractItemView):
            view_texts(texts, widget, where)
        elif isinstance(widget, QStatusBar):
            p = widget.palette()
            texts.add(where + " message", p.color(ROLE.WindowText), p.color(ROLE.Window))
        elif isinstance(widget, QMenu):
            p = widget.palette()
            texts.add(where, p.color(ROLE.WindowText), p.color(ROLE.Window))
    p = w.palette()
    texts.add("tooltips", p.color(ROLE.ToolTipText), p.color(ROLE.ToolTipBase))
    texts.add("menu bar", w.menuBar().palette().color(ROLE.ButtonText), backdrop(w.menuBar()))
    theme = THEMES[theme_name]
    for ground in (theme.background, theme.band_even, theme.band_odd):
        for text in (theme.text, theme.muted_text, theme.today):
            texts.add("timeline, legend and axes", QColor(text), QColor(ground))
    return texts


@pytest.fixture
def window(make_window, qtbot):
    w = make_window(size=(1366, 768))
    yield w
    w.theme_menu.choose("light")


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_text_reads_against_its_ground(window, qtbot, theme):
    w = window
    w.theme_menu.actions_by_name[theme].trigger()  # View > Theme
    dark = theme == "dark"
    qtbot.waitUntil(lambda: (w.palette().color(ROLE.Window).lightness() < 128) == dark)
    texts = walk_window(w, theme)  # no filters: "No filters: every event is shown"
    w.document.set_filters(Filters(companies=frozenset({"DeepSeek", ALL_COMPANIES}), text="h200"))
    assert len(w.chips.chips) == 3  # DeepSeek · “h200” · Clear all, and a muted dot between
    w.filter_panel.from_edit.edit.setText("next week")  # the date problem line shows too
    w.filter_panel.from_edit.edit.editingFinished.emit()
    w.statusBar().showMessage("Saved view h200-view.json", 5000)
    from viewer.record.notes import new_note

    note = new_note("nv-prepay-report", "Ask Reuters for the source.", "analyst")
    w.document.model.notes.add(note)  # an analyst's note: its heading is coloured
    for event_id in EVENTS_SHOWN:
        w.select_id(event_id, reveal=False)
        texts.found += walk_window(w, theme).found
    problems = texts.failures()
    assert len(texts.found) > 500
    assert not problems, "\n".join(problems)
