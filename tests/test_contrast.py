"""Every text of the window and of every dialog it opens reads in both themes: 4.5:1 against
what is behind it (WCAG 1.4.3); check boxes and radio buttons can be seen: 3:1 (WCAG 1.4.11).

The test walks every widget of the window (shown or in a hidden tab) and takes each text's
colour and the colour behind it as the widget paints them: its palette after style sheets are
applied, the ground of the nearest widget that fills its background, item colours from the
models of lists, trees and tables (alternate rows and the selection too), the detail pane's
document fragment by fragment (links, inline colours, table cells) for events with banners,
disputes and history, the status bar's message, tooltips, and the timeline's own colours.

Then it opens each dialog and popup the window has, through its menu entry or the button or
link that opens it, in each theme, with its messages showing (an export that fails, an address
that is no register, a fetch with no file, a table whose columns need matching, a link to a
look-alike host, a file that can't be opened), and walks it the same way: Export Snapshot and
its replace question, Open Register, Import from Registers (with its advanced part, the other
register and a fetch running), the column mapping, the opening progress, the link
confirmation, the warning box, Data Format, About, the file dialogs of File > Open, Open View,
Save View and Export Table, and a date field's calendar.

Check boxes and radio buttons (the filter lists' items among them) are looked at as drawn: the
first pixel of the box that differs from its ground, along its middle from the left, must stand
3:1 against that ground and against the box's fill.

Exempt, as WCAG 1.4.3 allows: text of disabled controls ("part of an inactive user interface
component"), and the marks' regulator colours, which are not text (they have their own 3:1
test in test_themes.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import QColor, QImage, QPalette, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QProgressBar,
    QRadioButton,
    QStatusBar,
    QStyle,
    QStyleOptionButton,
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
OUTLINE_MINIMUM = 3.0
"""A check box's or radio button's outline against its ground and its fill (WCAG 1.4.11)."""
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


def walk_widgets(root: QWidget, texts: Texts, prefix: str = "") -> Texts:
    """Every text of `root` and the widgets in it (shown or not), with what is behind it."""
    for widget in [root, *root.findChildren(QWidget)]:
        widget.ensurePolished()
        if not widget.isEnabled():
            continue  # (exempt: inactive controls)
        kind = type(widget).__name__
        where = f"{prefix}{kind} {widget.accessibleName() or widget.objectName()!r}"
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
        elif isinstance(widget, QGroupBox) and widget.title():
            texts.add(
                f"{where} title {widget.title()!r}",
                widget.palette().color(ROLE.WindowText),
                backdrop(widget),
            )
        elif isinstance(widget, QProgressBar) and widget.isTextVisible():
            p = widget.palette()  # (Fusion: the text over the bar and over its groove)
            texts.add(where + " text", p.color(ROLE.Text), p.color(ROLE.Base))
            texts.add(
                where + " text on the bar", p.color(ROLE.HighlightedText), p.color(ROLE.Highlight)
            )
    return texts


def walk_window(w, theme_name: str) -> Texts:
    texts = walk_widgets(w, Texts())
    p = w.palette()
    texts.add("tooltips", p.color(ROLE.ToolTipText), p.color(ROLE.ToolTipBase))
    texts.add("menu bar", w.menuBar().palette().color(ROLE.ButtonText), backdrop(w.menuBar()))
    theme = THEMES[theme_name]
    for ground in (theme.background, theme.band_even, theme.band_odd):
        for text in (theme.text, theme.muted_text, theme.today):
            texts.add("timeline, legend and axes", QColor(text), QColor(ground))
    return texts


# -- check boxes and radio buttons (WCAG 1.4.11) ----------------------------------------------


def first_edge(image: QImage, start: QPoint, length: int) -> tuple[QColor, QColor] | None:
    """(ground, edge) along a line from `start` rightwards: the colour at `start` and the first
    pixel that differs from it; None when nothing does."""
    ground = image.pixelColor(start)
    for dx in range(1, length):
        colour = image.pixelColor(start.x() + dx, start.y())
        if colour != ground:
            return ground, colour
    return None


def checkable(model, most: int) -> list[QModelIndex]:
    """The first items of a model (depth first) that have a check box."""
    out: list[QModelIndex] = []

    def collect(parent: QModelIndex) -> None:
        for row in range(model.rowCount(parent)):
            if len(out) >= most:
                return
            index = model.index(row, 0, parent)
            if model.data(index, Qt.ItemDataRole.CheckStateRole) is not None:
                out.append(index)
            collect(index)

    collect(QModelIndex())
    return out


def indicator_failures(root: QWidget, where: str) -> list[str]:
    """Check boxes and radio buttons of `root` (and the check boxes of its item views) whose
    outline is under 3:1 against the ground beside it or the box's fill."""
    top = root.window()
    image = top.grab().toImage()
    scale = image.devicePixelRatio()
    out: list[str] = []

    def look(label: str, widget: QWidget, at: QPoint, length: int, fill: QColor) -> None:
        point = widget.mapTo(top, at)
        start = QPoint(round(point.x() * scale), round(point.y() * scale))
        found = first_edge(image, start, round(length * scale))
        if found is None:
            out.append(f"{where}: {label}: no outline at all")
            return
        ground, edge = found
        for against, what in ((ground, "ground"), (fill, "fill")):
            ratio = contrast(name(edge), name(against))
            if ratio < OUTLINE_MINIMUM:
                out.append(
                    f"{where}: {label}: outline {name(edge)} on its {what} "
                    f"{name(against)} is {ratio:.2f}:1"
                )

    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if not widget.isVisibleTo(top) or not widget.isEnabled() or not widget.isVisible():
            continue
        if isinstance(widget, QCheckBox | QRadioButton):
            option = QStyleOptionButton()
            widget.initStyleOption(option)
            element = (
                QStyle.SubElement.SE_RadioButtonIndicator
                if isinstance(widget, QRadioButton)
                else QStyle.SubElement.SE_CheckBoxIndicator
            )
            box = widget.style().subElementRect(element, option, widget)
            look(
                f"{type(widget).__name__} {widget.text()!r}",
                widget,
                QPoint(box.left() - 1, box.center().y()),
                box.width(),
                widget.palette().color(ROLE.Base),
            )
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            for index in checkable(widget.model(), 12):
                rect = widget.visualRect(index)
                if rect.isEmpty() or not widget.viewport().rect().contains(rect.center()):
                    continue
                if widget.selectionModel() and widget.selectionModel().isSelected(index):
                    continue
                look(
                    f"{type(widget).__name__} {widget.accessibleName()!r} item {index.data()!r}",
                    widget.viewport(),
                    QPoint(rect.left(), rect.center().y()),
                    rect.width(),
                    widget.palette().color(ROLE.Base),
                )
    return out


# -- the dialogs, opened as a user opens them -----------------------------------------------------

AGENCY_TABLE = (
    "Ref,Effective Date,Agency,Entity,Summary\n"
    "1,2026-01-13,US BIS,Nvidia,Rule\n"
    "2,2026-01-30,CN MIIT,DeepSeek,Approval\n"
)


def modal(qtbot, trigger: Callable[[], object], walk: Callable[[QWidget], None]) -> None:
    """Run `trigger`, which opens a modal dialog and waits for it (exec); walk that dialog once
    it shows, then close it."""
    before = QApplication.activeModalWidget()
    walked: list[QWidget] = []
    tries = [0]

    def look() -> None:
        box = QApplication.activeModalWidget()
        if box is None or box is before:
            tries[0] += 1
            if tries[0] < 500:
                QTimer.singleShot(10, look)
            return
        QApplication.processEvents()
        walk(box)
        walked.append(box)
        box.reject()

    QTimer.singleShot(10, look)
    trigger()
    qtbot.waitUntil(lambda: bool(walked), timeout=10000)


def visible(w, kind: type) -> QWidget:
    """The one visible widget of a kind that the window owns."""
    found = [d for d in w.findChildren(kind) if d.isVisible()]
    assert len(found) == 1, found
    return found[0]


def dialogs(w, qtbot, tmp_path) -> Iterator[tuple[str, QWidget]]:
    """Each dialog and popup of the window, opened through its entry point, its messages
    showing: (name, widget); it is closed when the walk asks for the next one. Modal ones
    (the file dialogs, the replace question) are walked while they wait, under `modal`."""
    # File > Export Snapshot…: a file that can't be written, then one that exists.
    w.export_action.trigger()
    dialog = w.exporter.snapshot_dialog
    qtbot.waitExposed(dialog)
    (tmp_path / "taken.png").mkdir()  # (a folder: no picture can be written there)
    dialog.path_edit.setText(str(tmp_path / "taken.png"))
    dialog.export_button.click()
    assert dialog.error_label.isVisible() and dialog.error_label.text()
    yield "Export Snapshot", dialog
    (tmp_path / "there.png").write_bytes(b"")
    dialog.path_edit.setText(str(tmp_path / "there.png"))
    yield "Replace file?", lambda walk: modal(qtbot, dialog.export_button.click, walk)
    dialog.reject()

    # File > Open Register…: an address that is no register's.
    w.open_register_action.trigger()
    from viewer.panels.register_dialog import RegisterDialog

    dialog = visible(w, RegisterDialog)
    dialog.address.setText("ftp://example.org/register")
    dialog.accept()
    assert dialog.isVisible() and dialog.status.text()
    yield "Open Register", dialog
    dialog.reject()

    # File > Import from Registers…: no file to save to; then the advanced part, the other
    # register, and a fetch running.
    w.fetch_flow.action.trigger()
    dialog = w.fetch_flow.dialog
    qtbot.waitExposed(dialog)
    dialog.path_edit.clear()
    dialog.fetch_button.click()
    assert dialog.status.text()
    dialog.advanced.setChecked(True)
    yield "Import from Registers", dialog
    dialog.csl_radio.setChecked(True)
    yield "Import from Registers (screening list)", dialog
    dialog.set_running(True)
    dialog.set_progress(0.4, "Page 2 of 5…")
    yield "Import from Registers (fetching)", dialog
    dialog.set_running(False)
    dialog.reject()

    # Opening a table whose columns have other names: the progress, then the column mapping.
    table = tmp_path / "agency.csv"
    table.write_text(AGENCY_TABLE, encoding="utf-8")
    w.load_file(table)
    assert w.opener.progress_dialog is not None
    yield "Opening (progress)", w.opener.progress_dialog
    qtbot.waitUntil(lambda: w.opener.mapping_dialog is not None, timeout=30000)
    dialog = w.opener.mapping_dialog
    dialog.set_column(next(iter(dialog.boxes)), None)  # a required field left without a column
    assert dialog.status.text().startswith("Still needed")
    yield "Match the columns", dialog
    dialog.reject()
    qtbot.waitUntil(lambda: w.opener.mapping_dialog is None)

    # A file that can't be opened: the warning box.
    w.open_file(tmp_path / "gone.csv")
    yield "Cannot open file", visible(w, QMessageBox)
    visible(w, QMessageBox).reject()

    # A source's link to a host in another script: the confirmation.
    w.detail.anchorClicked.emit(QUrl("https://xn--pple-43d.com/news"))
    box = w.detail.link_box
    assert "mixes" in box.informativeText()
    yield "Open link", box
    box.reject()

    # Help > Data Format, Help > About.
    w.help_menu.data_format_action.trigger()
    yield "Data Format", w.help_menu.dialog
    w.help_menu.dialog.close()
    w.help_menu.about_action.trigger()
    yield "About", w.help_menu.dialog
    w.help_menu.dialog.close()

    # The file dialogs (Qt's own where the desktop has none).
    for name, action in (
        ("Open", w.open_action),
        ("Open View", w.open_view_action),
        ("Save View", w.save_view_action),
        ("Export Table", w.export_table_action),
    ):
        yield f"File > {name}", lambda walk, a=action: modal(qtbot, a.trigger, walk)

    # A date field's calendar (the filters' From date).
    w.filter_dock.raise_()
    field = w.filter_panel.from_edit
    field.calendar_button.click()
    qtbot.waitUntil(lambda: field.calendar_menu.isVisible())
    QApplication.processEvents()
    yield "Calendar", field.calendar_menu
    field.calendar_menu.close()


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


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_dialog_reads_and_its_boxes_show(window, qtbot, theme, tmp_path):
    w = window
    w.theme_menu.actions_by_name[theme].trigger()  # View > Theme
    dark = theme == "dark"
    qtbot.waitUntil(lambda: (w.palette().color(ROLE.Window).lightness() < 128) == dark)
    texts = Texts()
    boxes: list[str] = []
    walked = []

    def walk(name: str, widget: QWidget) -> None:
        widget.ensurePolished()
        walk_widgets(widget, texts, f"{name}: ")
        if widget.isVisible():
            boxes.extend(indicator_failures(widget, name))
        walked.append(name)

    for name, dialog in dialogs(w, qtbot, tmp_path):
        if isinstance(dialog, QWidget):
            walk(name, dialog)
        else:  # a modal dialog: walked while it waits
            dialog(lambda widget, n=name: walk(n, widget))
    assert len(walked) == 17, walked
    problems = texts.failures()
    assert len(texts.found) > 300
    assert not problems, "\n".join(problems)
    assert not boxes, "\n".join(boxes)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_filter_lists_check_boxes_show(window, qtbot, theme):
    """Unticked boxes of the filter lists (and the panel's own check box) stand 3:1 against
    the list and their fill: in the dark theme Fusion draws them all but invisible."""
    w = window
    w.theme_menu.actions_by_name[theme].trigger()
    dark = theme == "dark"
    qtbot.waitUntil(lambda: (w.palette().color(ROLE.Window).lightness() < 128) == dark)
    w.filter_dock.raise_()
    qtbot.waitUntil(lambda: w.filter_panel.tree.isVisible())
    QApplication.processEvents()
    failures = indicator_failures(w.filter_panel, "Filters")
    assert not failures, "\n".join(failures)
