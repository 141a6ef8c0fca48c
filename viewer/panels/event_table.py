"""The table of shown events: a model over the filtered rows that formats cells on demand.

It holds only an index array into the event table, so a million rows cost one integer each;
sorting is a numpy argsort on the column's values.
"""

from __future__ import annotations

from concurrent.futures import Future

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from viewer.panels.tooltips import plain_tip
from viewer.record import background
from viewer.record import columns as C
from viewer.record import dates as D
from viewer.record.claims import NOT_CONFIRMED, claims_of
from viewer.record.derived import PerModel
from viewer.record.model import EventModel
from viewer.record.vocab import company_lane
from viewer.shown.theme import LIGHT, Theme

COLUMNS = (
    "Date",
    "End",
    "Precision",
    "Title",
    "Companies",
    "Regulator",
    "Track",
    "Status",
    "Sources",
)

Index = QModelIndex | QPersistentModelIndex
SORT_KEYS = {
    "Date": "start",
    "End": "end",
    "Title": "title",
    "Companies": "company",
    "Regulator": "regulator",
    "Track": "track",
    "Status": "status",
    "Precision": "precision",
}
"""The events column each table column sorts by (Sources: by how many an event cites)."""
PREFETCH_ROWS = 250_000
"""Tables this long start sorting on a second core as soon as they are loaded (shorter ones
sort in a few ms, less than the memory a second thread's heap holds on to)."""
_ORDERS: PerModel[dict[int, np.ndarray]] = PerModel(lambda model: {})
"""Each model's order of all events per sorted column: a filter change only picks from it."""


class EventTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.model: EventModel | None = None
        self.rows = np.zeros(0, dtype=np.int64)  # event index per table row
        self.highlight: np.ndarray | None = None
        self._sort = (0, Qt.SortOrder.AscendingOrder)
        self._ahead: tuple[np.ndarray, int, Future] | None = None  # see start_rows
        self._sorting: tuple[EventModel, int, Future] | None = None  # see prefetch
        self.highlight_colour = LIGHT.row_highlight

    def start_rows(self, model: EventModel | None, mask: np.ndarray | None) -> None:
        """Pick the rows a filter shows from a large table on the second core, while the
        window lays out the timeline (~10 ms at a million events): set_events then takes
        them. Only once the table's order is known (a filter change, not a new model)."""
        self._ahead = None
        if model is None or mask is None or model is not self.model or len(model) < PREFETCH_ROWS:
            return
        column, _ = self._sort
        full = _ORDERS(model).get(column)
        if full is not None:
            self._ahead = (mask, column, background.submit(_shown_in_order, full, mask))

    def set_events(self, model: EventModel | None, mask: np.ndarray | None) -> None:
        self.beginResetModel()
        self.model = model
        shown = mask if model is not None and mask is not None else None
        self.rows = np.zeros(0, dtype=np.int64)
        self._apply_sort(shown)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.model is None:
            return None
        i = int(self.rows[index.row()])
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(i, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:  # (Qt renders a tooltip that looks like HTML)
            return plain_tip(self.cell(i, index.column(), long=True))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{COLUMNS[index.column()]}: {self.cell(i, index.column(), long=True)}"
        if role == Qt.ItemDataRole.BackgroundRole and self.highlight is not None:
            from PySide6.QtGui import QColor

            if self.highlight[i]:
                return QColor(self.highlight_colour)
        return None

    def cell(self, i: int, column: int, long: bool = False) -> str:
        ev = self.model.events
        name = COLUMNS[column]
        if name == "Date":
            fmt = D.format_long if long else D.format_iso
            return fmt(ev["start"].iat[i], ev["stop"].iat[i], int(ev["precision"].iat[i]))
        if name == "End":
            if ev["ongoing"].iat[i]:
                return "ongoing"
            end = ev["end"].iat[i]
            if not np.isfinite(end):
                return ""
            fmt = D.format_long if long else D.format_iso
            return fmt(end, ev["end_stop"].iat[i], int(ev["end_precision"].iat[i]))
        if name == "Precision":
            prec = int(ev["precision"].iat[i])
            return D.PRECISION_NAMES[prec] if prec != D.NO_DATE else ""
        if name == "Title":
            return ev["title"].iat[i]
        if name == "Companies":
            return company_lane(ev["company"].iat[i])
        if name == "Regulator":
            return ev["regulator"].iat[i]
        if name == "Track":
            return ev["track"].iat[i]
        if name == "Status":
            claims = claims_of(self.model)
            text = NOT_CONFIRMED if claims.overdue[i] else ev["status"].iat[i]
            if claims.contested[i]:
                text += " ⚠" if not long else " (disputed: see the detail pane)"
            return text
        if name == "Sources":
            return str(len([s for s in ev["sources"].iat[i].split(";") if s.strip()]))
        return ""

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._apply_sort()
        self.layoutChanged.emit()

    def _apply_sort(self, shown: np.ndarray | None = None) -> None:
        """Shown rows in the sort order: the order of all events is worked out once per model
        and column, and a filter change only picks the shown ones (a bool per event) out of it
        (no sort)."""
        if self.model is None:
            return
        if shown is None:
            if not len(self.rows):
                return
            shown = np.zeros(len(self.model.events), dtype=bool)
            shown[self.rows] = True
        column, order = self._sort
        ahead, self._ahead = self._ahead, None
        if ahead is not None and ahead[0] is shown and ahead[1] == column:
            rows = ahead[2].result()
        else:
            rows = _shown_in_order(self._full_order(column), shown)
        self.rows = rows[::-1] if order == Qt.SortOrder.DescendingOrder else rows

    def prefetch(self, model: EventModel) -> None:
        """Start sorting a large table by the current column on the second core, so the rows
        are ready when the window shows them (a million dates take ~0.13 s to sort)."""
        column, _ = self._sort
        if len(model) < PREFETCH_ROWS or column in _ORDERS(model):
            return
        if self._sorting is not None and self._sorting[:2] == (model, column):
            return  # (already sorting it)
        key = SORT_KEYS.get(COLUMNS[column])
        ev = model.events
        if key is None or ev[key].dtype.kind not in "fiub":
            return  # text keys are sorted by Arrow when asked; source counts are quick
        start, keys = ev["start"].to_numpy(), ev[key].to_numpy()
        self._sorting = (model, column, background.submit(np.lexsort, (start, keys)))

    def _full_order(self, column: int) -> np.ndarray:
        cache = _ORDERS(self.model)
        if column in cache:
            return cache[column]
        sorting, self._sorting = self._sorting, None
        if sorting is not None and sorting[0] is self.model and sorting[1] == column:
            cache[column] = sorting[2].result()
            return cache[column]
        ev = self.model.events
        everything = np.arange(len(ev))

        key_col = SORT_KEYS.get(COLUMNS[column])
        start = ev["start"].to_numpy()
        if key_col is None:  # Sources: how many each event cites
            rows, _items = C.split_cells(ev["sources"])
            keys = np.bincount(rows, minlength=len(everything))
        else:
            values = ev[key_col]
            if values.dtype.kind not in "fiub":
                # Text, case-folded, sorted by Arrow (stable), ties by date.
                table = pa.table({"k": pc.utf8_lower(C.arrow(values)), "s": start})
                order = pc.sort_indices(table, sort_keys=[("k", "ascending"), ("s", "ascending")])
                cache[column] = order.to_numpy().astype(np.int64)
                return cache[column]
            keys = values.to_numpy()
        cache[column] = np.lexsort((start, keys))
        return cache[column]

    def row_of_event(self, event: int) -> int:
        hits = np.flatnonzero(self.rows == event)
        return int(hits[0]) if hits.size else -1


def _shown_in_order(order: np.ndarray, shown: np.ndarray) -> np.ndarray:
    """The events of `order` (a permutation) that `shown` (a bool per event) keeps, in order."""
    return order[shown[order]]


class EventTable(QTableView):
    """Rows of events; selecting one emits its event index."""

    eventSelected = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table_model = EventTableModel()
        self.setModel(self.table_model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSortingEnabled(True)
        self.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(22)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate((90, 90, 80, 420, 170, 120, 150, 150, 60)):
            self.setColumnWidth(col, width)
        self.setAccessibleName("Events table")
        self.setAccessibleDescription("Every shown event; select a row to show it in the timeline")
        self.selectionModel().currentRowChanged.connect(self._on_current)
        self._quiet = False

    def bind(self, document) -> None:
        """The shown events, sorted on the second core while the timeline is laid out; the
        selection followed (a row chosen here is selected through `eventSelected`)."""
        document.modelAboutToShow.connect(self.table_model.prefetch)
        document.rowsChosen.connect(self.start_rows)
        document.contentChanged.connect(
            lambda _fresh: self.set_events(document.model, document.content.selection.events)
        )
        document.selectionChanged.connect(self.select_event)

    def start_rows(self, model: EventModel | None, mask: np.ndarray | None) -> None:
        self.table_model.start_rows(model, mask)

    def set_highlight(self, mask: np.ndarray | None) -> None:
        """Tint the rows of these events (a bool per event; None: none)."""
        self.table_model.highlight = mask
        self.viewport().update()

    def set_theme(self, theme: Theme) -> None:
        """The tint of rows Find or a reload marks, for the theme's ground."""
        self.table_model.highlight_colour = theme.row_highlight
        self.viewport().update()

    def set_events(self, model: EventModel | None, mask: np.ndarray | None) -> None:
        self._quiet = True
        self.table_model.set_events(model, mask)
        self._quiet = False

    def select_event(self, event: int | None) -> None:
        """Follow a selection made elsewhere, without emitting it back."""
        self._quiet = True
        try:
            if event is None:
                self.clearSelection()
                return
            row = self.table_model.row_of_event(event)
            if row < 0:
                self.clearSelection()
                return
            index = self.table_model.index(row, 0)
            self.selectionModel().setCurrentIndex(
                index,
                self.selectionModel().SelectionFlag.ClearAndSelect
                | self.selectionModel().SelectionFlag.Rows,
            )
            self.scrollTo(index)
        finally:
            self._quiet = False

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._quiet or not current.isValid():
            return
        self.eventSelected.emit(int(self.table_model.rows[current.row()]))
