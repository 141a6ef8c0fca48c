"""The filter panel: checkable lists with counts, a date window, words to match, lane options.

It edits a Filters value and says so (`filtersEdited`); the window applies it. Checking nothing
in a list means "no filter" there; checking items keeps only those. All companies is checked
from the start and stays in whichever companies are checked, until it is unchecked itself.
Counts say how many events each item would show with the other filters as they are.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QFont, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from viewer.panels.date_field import DateField
from viewer.panels.tooltips import plain_label, plain_tip
from viewer.record import dates as D
from viewer.record.model import EventModel
from viewer.record.vocab import ALL_COMPANIES, fold_name, jurisdiction_of
from viewer.shown.content import LayoutOptions
from viewer.shown.filters import Filters, facet_counts, normalise

SECTIONS = (
    ("companies", "Companies"),
    ("regulators", "Regulators"),
    ("tracks", "Tracks"),
    ("statuses", "Statuses"),
)
ORDERS = (("count", "Number of events"), ("name", "Name"), ("first", "First event"))
TEXT_DELAY_MS = 250
NAME_ROLE = Qt.ItemDataRole.UserRole


class FilterPanel(QWidget):
    filtersEdited = Signal(object)  # Filters
    layoutEdited = Signal(object)  # LayoutOptions

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Filters")
        self.model: EventModel | None = None
        self.filters = Filters()
        self.options = LayoutOptions()
        self._quiet = False
        self.items: dict[str, dict[str, QTreeWidgetItem]] = {k: {} for k, _ in SECTIONS}
        self.sections: dict[str, QTreeWidgetItem] = {}

        self.text_edit = QLineEdit()
        self.text_edit.setPlaceholderText("Words in titles, descriptions, sources…")
        self.text_edit.setClearButtonEnabled(True)
        self.text_edit.setAccessibleName("Text filter")
        self.text_edit.setToolTip(
            "Keep only events whose title, description, conditions or sources contain every word"
        )
        self._text_timer = QTimer(self, singleShot=True, interval=TEXT_DELAY_MS)
        self._text_timer.timeout.connect(self._emit)
        self.text_edit.textEdited.connect(lambda _: self._text_timer.start())
        self.text_edit.returnPressed.connect(self._emit)

        self.from_edit = self._date_field("From date", "First day of the date window")
        self.to_edit = self._date_field("To date", "Last day of the date window (inclusive)")
        self.date_error = plain_label()  # (it quotes what was typed)
        self.date_error.setAccessibleName("Date problem")
        self.date_error.setToolTip("Why a date could not be used")
        self.date_error.hide()

        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Filter lists")
        self.tree.setAccessibleDescription(
            "Companies, regulators, tracks and statuses, each with a check box and its count"
        )
        self.tree.setToolTip(
            "Check items to keep only their events; nothing checked in a list keeps all. "
            "The number is how many events each would show."
        )
        self.tree.setAccessibleDescription(
            "Companies, regulators by jurisdiction, tracks and statuses, each with a check box "
            "and the number of events it would show"
        )
        self.tree.setColumnCount(2)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Fixed, sized once per update: a column resized to its contents re-measures every
        # item on each count that changes (a quarter of a second with a few hundred items).
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.tree.itemChanged.connect(self._on_item_changed)

        self.reset_button = QPushButton("Reset filters")
        self.reset_button.setAccessibleName("Reset filters")
        self.reset_button.setToolTip("Show every event again")
        self.reset_button.clicked.connect(self.reset)

        self.order_combo = QComboBox()
        self.order_combo.setAccessibleName("Order companies by")
        self.order_combo.setToolTip("Order the company lane groups (All companies stays on top)")
        for key, label in ORDERS:
            self.order_combo.addItem(label, key)
        self.order_combo.currentIndexChanged.connect(self._emit_layout)
        self.keep_empty_check = QCheckBox("Keep empty lanes")
        self.keep_empty_check.setAccessibleName("Keep empty lanes")
        self.keep_empty_check.setToolTip(
            "Keep lanes whose events are all filtered out, instead of closing them up"
        )
        self.keep_empty_check.toggled.connect(self._emit_layout)
        self.collapse_button = QPushButton("Collapse all")
        self.collapse_button.setAccessibleName("Collapse all companies")
        self.collapse_button.setToolTip("Fold every company's tracks into one row")
        self.collapse_button.clicked.connect(lambda: self._collapse(True))
        self.expand_button = QPushButton("Expand all")
        self.expand_button.setAccessibleName("Expand all companies")
        self.expand_button.setToolTip("Show every company's tracks as separate rows")
        self.expand_button.clicked.connect(lambda: self._collapse(False))

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self._label("&Text", self.text_edit), self.text_edit)
        dates = QHBoxLayout()
        dates.setSpacing(4)
        dates.addWidget(self.from_edit)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.to_edit)
        form.addRow(self._label("&Dates", self.from_edit), dates)
        lanes = QFormLayout()
        lanes.setContentsMargins(0, 0, 0, 0)
        lanes.addRow(self._label("&Order by", self.order_combo), self.order_combo)
        fold = QHBoxLayout()
        fold.addWidget(self.collapse_button)
        fold.addWidget(self.expand_button)

        column = QVBoxLayout(self)
        column.setContentsMargins(6, 6, 6, 6)
        column.addLayout(form)
        column.addWidget(self.date_error)
        column.addWidget(self.tree, 1)
        column.addWidget(self.reset_button)
        column.addSpacing(6)
        column.addWidget(self._heading("Lanes"))
        column.addLayout(lanes)
        column.addWidget(self.keep_empty_check)
        column.addLayout(fold)
        name_clear_button(self.text_edit)

    # -- construction ------------------------------------------------------------------------

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def _heading(self, text: str) -> QLabel:
        label = QLabel(text)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        return label

    def _date_field(self, name: str, tip: str) -> DateField:
        field = DateField(name, tip, clearable=True)
        field.accepted.connect(self._emit)
        field.problemChanged.connect(self._show_date_problem)
        return field

    def _show_date_problem(self, _problem: str = "") -> None:
        problems = [f.problem for f in (self.from_edit, self.to_edit) if f.problem]
        self.date_error.setText("\n".join("⚠ " + p for p in problems))
        self.date_error.setVisible(bool(problems))

    def bind(self, document) -> None:
        """Lists from the open data, checks and counts from what is shown; edits go to the
        document's view state.

        `document` is the window's Document (viewer/app/document.py): its signals say what changed,
        its fields hold what is shown, and its view state takes this widget's edits."""
        document.modelChanged.connect(lambda: self.set_model(document.full_model))
        document.contentChanged.connect(lambda _fresh: self.show_view(document))
        self.filtersEdited.connect(document.set_filters)
        self.layoutEdited.connect(lambda options: setattr(document.state, "layout", options))

    def show_view(self, document) -> None:
        """The state's filters and lane options, and each item's count with the others."""
        self.set_filters(document.state.filters)
        self.set_layout_options(document.state.layout)
        self.set_counts(facet_counts(document.model, document.content.selection), document.model)

    def set_model(self, model: EventModel | None) -> None:
        """Fill the lists with the names in the data (regulators under their jurisdiction)."""
        self.model = model
        self._quiet = True
        self.tree.clear()
        self.items = {k: {} for k, _ in SECTIONS}
        self.sections = {}
        bold = QFont(self.tree.font())
        bold.setBold(True)
        if model is not None:
            for key, title in SECTIONS:
                section = QTreeWidgetItem(self.tree, [title, ""])
                section.setFont(0, bold)
                section.setFlags(Qt.ItemFlag.ItemIsEnabled)
                section.setExpanded(True)
                self.sections[key] = section
                for name, parent in self._entries(model, key, section):
                    item = QTreeWidgetItem(parent, [name, ""])
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(0, Qt.CheckState.Unchecked)
                    item.setData(0, NAME_ROLE, name)
                    self.items[key][name] = item
        self._quiet = False
        self.set_filters(self.filters)

    def _entries(self, model: EventModel, key: str, section: QTreeWidgetItem):
        if key == "companies":
            names = list(model.companies)
            if ALL_COMPANIES in names:  # first: it concerns every company
                names.remove(ALL_COMPANIES)
                names.insert(0, ALL_COMPANIES)
            return [(n, section) for n in names]
        if key == "regulators":
            groups: dict[str, list[str]] = {}
            for name in model.regulators:
                groups.setdefault(jurisdiction_of(name) or "Companies acting", []).append(name)
            out = []
            for juris in sorted(groups, key=lambda j: (j == "Companies acting", j)):
                parent = QTreeWidgetItem(section, [juris, ""])
                parent.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsUserCheckable
                    | Qt.ItemFlag.ItemIsAutoTristate
                )
                parent.setCheckState(0, Qt.CheckState.Unchecked)
                parent.setToolTip(0, plain_tip(f"Every regulator of {juris}"))
                parent.setExpanded(True)
                out += [(n, parent) for n in sorted(groups[juris], key=str.lower)]
            return out
        if key == "tracks":
            return [(n, section) for n in model.tracks]
        return [(n, section) for n in model.statuses]

    # -- state in ------------------------------------------------------------------------------

    def set_filters(self, filters: Filters) -> None:
        """Show `filters` (from the chips, a saved view, Reset) without emitting them back."""
        self.filters = filters
        self._quiet = True
        try:
            for key, _ in SECTIONS:
                keep = getattr(filters, key)
                wanted = None if keep is None else {fold_name(k) for k in keep}
                items = self.items[key]
                if key == "companies":
                    self._show_companies(items, wanted)
                    continue
                for name, item in items.items():
                    on = wanted is not None and fold_name(name) in wanted
                    _check(item, on)
            if self.text_edit.text() != filters.text:
                self.text_edit.setText(filters.text)
            self.from_edit.set_text(_day(filters.date_from))
            self.to_edit.set_text(_day(filters.date_to, end=True))
            self._show_date_problem()
        finally:
            self._quiet = False

    def _show_companies(self, items: dict[str, QTreeWidgetItem], wanted: set[str] | None) -> None:
        named = [n for n in items if n != ALL_COMPANIES]
        all_on = wanted is None or fold_name(ALL_COMPANIES) in wanted
        # Every company but All companies: "All companies unchecked", nothing else picked.
        everyone = wanted is not None and all(fold_name(n) in wanted for n in named) and not all_on
        for name, item in items.items():
            if name == ALL_COMPANIES:
                on = all_on
            else:
                on = wanted is not None and not everyone and fold_name(name) in wanted
            _check(item, on)

    def set_counts(self, counts: dict[str, np.ndarray], model: EventModel) -> None:
        """Events per item with the other filters applied (codes of `model`, which may be the
        record as known on a day); zero greys the item out."""
        grey = self._muted()
        self._quiet = True
        widest = 1
        try:
            for key, names in (
                ("companies", model.companies),
                ("regulators", model.regulators),
                ("tracks", model.tracks),
                ("statuses", model.statuses),
            ):
                values = counts.get(key)
                for code, name in enumerate(names):
                    item = self.items[key].get(name)
                    if item is None or values is None:
                        continue
                    n = int(values[code]) if code < len(values) else 0
                    text = f"{n:,}"
                    widest = max(widest, len(text))
                    if item.text(1) == text:
                        continue  # each change repaints and re-sorts nothing, but costs
                    item.setText(1, text)
                    brush = grey if n == 0 else QBrush()
                    item.setForeground(0, brush)
                    item.setForeground(1, brush)
                    item.setToolTip(0, plain_tip(f"{name}: {n:,} event{'s' if n != 1 else ''}"))
        finally:
            self._quiet = False
        digits = self.tree.fontMetrics().horizontalAdvance("0" * widest + ",")
        if self.tree.header().sectionSize(1) != digits + 12:
            self.tree.header().resizeSection(1, digits + 12)

    def _muted(self) -> QBrush:
        """Items that would show no event: the theme's muted text, which still reads."""
        return QBrush(self.palette().color(QPalette.ColorRole.PlaceholderText))

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # a theme change: mute in its colour
            grey = self._muted()
            for items in self.items.values():
                for item in items.values():
                    if item.text(1) == "0":
                        item.setForeground(0, grey)
                        item.setForeground(1, grey)

    def set_layout_options(self, options: LayoutOptions) -> None:
        self.options = options
        self._quiet = True
        try:
            index = self.order_combo.findData(options.order)
            self.order_combo.setCurrentIndex(max(0, index))
            self.keep_empty_check.setChecked(options.keep_empty)
        finally:
            self._quiet = False

    # -- state out -----------------------------------------------------------------------------

    def current_filters(self) -> Filters:
        """The Filters the panel shows; a date field whose text is no date (it is marked)
        keeps the date in force."""
        lists = {}
        for key, _ in SECTIONS:
            checked = {
                name
                for name, item in self.items[key].items()
                if item.checkState(0) == Qt.CheckState.Checked
            }
            if key == "companies":
                lists[key] = self._companies(checked)
            else:
                lists[key] = frozenset(checked) if checked else None
        lo = _typed(self.from_edit, self.filters.date_from, 0)
        hi = _typed(self.to_edit, self.filters.date_to, 1)
        flt = Filters(
            companies=lists["companies"],
            regulators=lists["regulators"],
            tracks=lists["tracks"],
            statuses=lists["statuses"],
            date_from=lo,
            date_to=hi,
            text=self.text_edit.text().strip(),
        )
        return normalise(self.model, flt) if self.model is not None else flt

    def _companies(self, checked: set[str]) -> frozenset[str] | None:
        all_on = ALL_COMPANIES in checked or ALL_COMPANIES not in self.items["companies"]
        named = checked - {ALL_COMPANIES}
        if not named:
            if all_on:
                return None
            return frozenset(n for n in self.items["companies"] if n != ALL_COMPANIES)
        return frozenset(named | ({ALL_COMPANIES} if all_on else set()))

    def _on_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if not self._quiet and column == 0:
            self._emit()

    def _emit(self) -> None:
        if self._quiet:
            return
        self._text_timer.stop()
        flt = self.current_filters()
        if flt != self.filters:
            self.filters = flt
            self.filtersEdited.emit(flt)

    def _emit_layout(self, *_args) -> None:
        if self._quiet:
            return
        options = LayoutOptions(
            self.order_combo.currentData() or "count",
            self.options.collapsed,
            self.keep_empty_check.isChecked(),
        )
        if options != self.options:
            self.options = options
            self.layoutEdited.emit(options)

    def _collapse(self, fold: bool) -> None:
        names = [n for n in self.items["companies"]] if fold else []
        options = LayoutOptions(self.options.order, frozenset(names), self.options.keep_empty)
        if options != self.options:
            self.options = options
            self.layoutEdited.emit(options)

    def reset(self) -> None:
        """Reset filters: show every event again (lane options stay)."""
        self.set_filters(Filters())
        self.filters = Filters()
        self.filtersEdited.emit(Filters())

    # -- for tests and keyboard users ------------------------------------------------------

    def item(self, key: str, name: str) -> QTreeWidgetItem | None:
        return self.items[key].get(name)

    def count_of(self, key: str, name: str) -> int:
        item = self.items[key].get(name)
        return int(item.text(1).replace(",", "") or 0) if item is not None else 0


def _check(item: QTreeWidgetItem, on: bool) -> None:
    state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
    if item.checkState(0) != state:
        item.setCheckState(0, state)


def name_clear_button(edit: QLineEdit) -> None:
    """A line edit's clear button is a control too: give it a name and a tip."""
    from PySide6.QtWidgets import QToolButton

    for button in edit.findChildren(QToolButton):
        button.setAccessibleName(f"Clear {edit.accessibleName().lower()}")
        button.setToolTip("Clear")


def _typed(field: DateField, in_force: float | None, side: int) -> float | None:
    """The start (side 0) or end (1) of the date typed in `field`, else the one in force."""
    try:
        value = field.value()
    except ValueError:
        return in_force
    return None if value is None else value[side]


def _day(seconds: float | None, end: bool = False) -> str:
    """A filter's day as text; the end of a window is exclusive: its last day is shown."""
    if seconds is None:
        return ""
    return D.iso_day(seconds - D.SECONDS_PER_DAY if end else seconds)
