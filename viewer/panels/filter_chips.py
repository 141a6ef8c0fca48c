"""The line above the timeline that says which filters are on, each a chip removed by one click.

`DeepSeek ✕  ByteDance ✕ · CN NDRC ✕  CN MIIT ✕ · Jan 2026 ✕`: the chips wrap onto more lines
rather than widen the window, and "Clear all" resets every filter.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLayout,
    QLayoutItem,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from viewer.panels.tooltips import plain_tip
from viewer.record.model import EventModel
from viewer.record.vocab import ALL_COMPANIES, fold_name
from viewer.shown.filters import Filters, dates_text, without


class FlowLayout(QLayout):
    """Lays widgets left to right and wraps; its minimum width is its widest item."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        # Qt asks the height for a width several times per layout pass (each chip's size
        # hint measures its text): kept until the chips change.
        self._heights: dict[int, int] = {}
        self.setSpacing(spacing)
        self.setContentsMargins(6, 3, 6, 3)

    def invalidate(self) -> None:
        self._heights.clear()
        super().invalidate()

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)
        self._heights.clear()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        self._heights.clear()
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        if width not in self._heights:
            self._heights[width] = self._place(QRect(0, 0, width, 0), move=False)
        return self._heights[width]

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _place(self, rect: QRect, move: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line = area.x(), area.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and line > 0:
                x, y, line = area.x(), y + line + self.spacing(), 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self.spacing()
            line = max(line, hint.height())
        return y + line - rect.y() + m.bottom()


class FilterChips(QWidget):
    filtersEdited = Signal(object)  # Filters without the removed chip

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Active filters")
        self.setToolTip("The filters in force; click a chip to remove it")
        self.filters = Filters()
        self.model: EventModel | None = None
        self.chips: list[QToolButton] = []
        # Chips and labels are kept and reused, hidden when not needed: a filter change
        # relabels them rather than making widgets (each new one is polished, laid out and
        # announced to the application: ~0.4 ms a chip, 17 chips for a broad filter).
        self._chip_pool: list[QToolButton] = []
        self._targets: list[tuple[str, str | None]] = []  # what each pooled chip removes
        self._label_pool: list[QLabel] = []
        self._labels_used = 0
        # One style sheet for every chip and label, parsed once (not once per chip on every
        # filter change); palette roles, not fixed colours: they follow the light and dark themes.
        self.setStyleSheet(
            "QToolButton[chip='true'] { border: 1px solid palette(mid); border-radius: 9px;"
            " padding: 1px 8px; background: palette(alternate-base); color: palette(text); }"
            " QToolButton[chip='true']:hover { border-color: palette(highlight); }"
            " QLabel[chip_label='true'] { font-weight: bold; padding: 0 3px; }"
        )
        self.flow = FlowLayout(self)
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.set_filters(Filters(), None)

    def set_theme(self, _name: str) -> None:
        """Colours for a new theme. Widgets under a style sheet keep the palette they were
        polished with, whatever the application's palette becomes: the chips are polished
        again in the new colours, and the labels take the theme's muted text colour (else
        they stay dark grey on the dark ground)."""
        style = self.style()
        for chip in self._chip_pool:
            style.unpolish(chip)
            chip.setPalette(QApplication.palette())
            style.polish(chip)
        for label in self._label_pool:
            _mute(label)

    def bind(self, document) -> None:
        """Name the document's filters; a removed chip edits them."""
        document.contentChanged.connect(
            lambda _fresh: self.set_filters(document.state.filters, document.model)
        )
        self.filtersEdited.connect(document.set_filters)

    def set_filters(self, filters: Filters, model: EventModel | None) -> None:
        self.filters = filters
        self.model = model
        while self.flow.count():
            self.flow.takeAt(0)
        self.chips = []
        self._labels_used = 0
        groups = self._groups(filters)
        if not groups:
            self._add_label("No filters: every event is shown")
        for i, group in enumerate(groups):
            if i:
                self._add_label("·")
            for text, key, value, tip in group:
                self._add_chip(text, key, value, tip)
        if groups:
            clear = self._add_chip("Clear all", "all", None, "Remove every filter")
            clear.setAccessibleName("Clear all filters")
        for widget in self._chip_pool[len(self.chips) :] + self._label_pool[self._labels_used :]:
            widget.hide()
        self.updateGeometry()

    def _groups(self, f: Filters) -> list[list[tuple[str, str, str | None, str]]]:
        groups = []
        if f.companies is not None:
            named = [c for c in f.companies if c != ALL_COMPANIES]
            everyone = self.model is not None and set(named) >= set(self.model.companies) - {
                ALL_COMPANIES
            }
            group = []
            if not everyone:
                group = [
                    (self._name(c, "companies"), "companies", c, f"Company: {c}")
                    for c in sorted(named, key=str.lower)
                ]
            if ALL_COMPANIES not in f.companies:
                group.append(
                    (
                        "without All companies",
                        "companies",
                        ALL_COMPANIES,
                        "Industry-wide events are hidden; click to show them again",
                    )
                )
            groups.append(group)
        for key, what in (("regulators", "Regulator"), ("tracks", "Track"), ("statuses", "Status")):
            values = getattr(f, key)
            if values is not None:
                groups.append(
                    [
                        (self._name(v, key), key, v, f"{what}: {v}")
                        for v in sorted(values, key=str.lower)
                    ]
                    or [(f"no {what.lower()}", key, None, f"No {what.lower()} is checked")]
                )
        if f.date_from is not None or f.date_to is not None:
            text = dates_text(f.date_from, f.date_to)
            groups.append([(text, "dates", None, f"Date window: {text}")])
        if f.text.strip():
            groups.append([(f"“{f.text.strip()}”", "text", None, "Events containing these words")])
        return [g for g in groups if g]

    def _name(self, name: str, key: str) -> str:
        """A name as its chip shows it: marked when the open data have no such name (a view
        made for other data keeps it, so saving the view again loses nothing)."""
        if self.model is None:
            return name
        known = {fold_name(n) for n in getattr(self.model, key)}
        return name if fold_name(name) in known else f"{name} (not in the data)"

    def _add_label(self, text: str) -> None:
        if self._labels_used == len(self._label_pool):
            label = QLabel()
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setProperty("chip_label", True)
            label.setParent(self)
            _mute(label)
            label.ensurePolished()
            self._label_pool.append(label)
        label = self._label_pool[self._labels_used]
        self._labels_used += 1
        label.setText(text)
        self.flow.addWidget(label)
        label.show()

    def _add_chip(self, text: str, key: str, value: str | None, tip: str) -> QToolButton:
        k = len(self.chips)
        if k == len(self._chip_pool):
            chip = QToolButton()
            chip.setProperty("chip", True)
            chip.setParent(self)  # (takes the container's style sheet before it is polished)
            chip.setAutoRaise(False)
            chip.setCursor(Qt.CursorShape.PointingHandCursor)
            chip.clicked.connect(lambda _=False, k=k: self._remove(*self._targets[k]))
            chip.ensurePolished()  # (the style sheet's padding counts in its size hint)
            self._chip_pool.append(chip)
            self._targets.append(("all", None))
        chip = self._chip_pool[k]
        self._targets[k] = (key, value)
        chip.setText(text + "  ✕")
        chip.setAccessibleName(f"Remove filter {text}")
        chip.setToolTip(plain_tip(f"{tip} — click to remove"))  # (names from the data: text)
        chip.setProperty("filter_key", key)
        chip.setProperty("filter_value", value)
        self.flow.addWidget(chip)
        chip.show()
        self.chips.append(chip)
        return chip

    def _remove(self, key: str, value: str | None) -> None:
        self.filtersEdited.emit(Filters() if key == "all" else without(self.filters, key, value))

    def chip(self, text: str) -> QToolButton | None:
        for chip in self.chips:
            if chip.text().removesuffix("  ✕") == text:
                return chip
        return None


def _mute(label: QLabel) -> None:
    """The theme's muted text colour (4.5:1 on the window in light and dark)."""
    palette = QApplication.palette()
    palette.setColor(
        QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText)
    )
    label.setPalette(palette)
