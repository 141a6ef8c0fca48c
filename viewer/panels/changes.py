"""The weekly brief: events new or changed since a day, latest report first.

The list follows what the timeline shows (filters and the as-of day); choosing a row selects the
event, and *Copy Brief* puts the list on the clipboard as plain text for an e-mail or a note.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from viewer.panels.as_of_bar import from_qdate, to_qdate
from viewer.panels.tooltips import plain_tip
from viewer.record import dates as D
from viewer.record.changes import NEW, Change, describe
from viewer.record.model import EventModel
from viewer.record.vocab import ALL_COMPANIES

MAX_ROWS = 2000
"""Rows listed; the rest are counted ("and 12,345 more"), the timeline still badges them."""
HEADERS = ("Change", "Reported", "Date", "Title", "Companies", "Status")


class ChangesPanel(QWidget):
    sinceChanged = Signal(object)  # day or None
    eventSelected = Signal(str)  # event id
    briefCopied = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Changes since")
        self.since: float | None = None
        self.reference: float | None = None  # the as-of day, else today: "last week" counts back
        self.model: EventModel | None = None
        self.changes: list[Change] = []
        self._quiet = False

        self.toggle = QCheckBox("Changes since")
        self.toggle.setToolTip("Badge events first reported, or changed, after this day")
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setAccessibleName("Changes since date")
        self.date_edit.setToolTip("Events reported after this day are badged and listed")
        self.week_button = QToolButton()
        self.week_button.setText("Last 7 days")
        self.week_button.setToolTip("Changes in the seven days up to the as-of day (or today)")
        self.copy_button = QPushButton("Copy Brief")
        self.copy_button.setToolTip("Copy the list as plain text")
        self.summary = QLabel()
        self.summary.setAccessibleName("Changes summary")
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Changed events")
        self.tree.setAccessibleDescription(
            "Events new or changed since the chosen day, latest first; select one to show it"
        )
        self.tree.setHeaderLabels(list(HEADERS))
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for col, width in enumerate((150, 90, 90, 420, 170, 90)):
            self.tree.setColumnWidth(col, width)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.toggle)
        top.addWidget(self.date_edit)
        top.addWidget(self.week_button)
        top.addWidget(self.summary, 1)
        top.addWidget(self.copy_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        column.addLayout(top)
        column.addWidget(self.tree, 1)

        self.toggle.toggled.connect(self._on_toggle_changed)
        self.date_edit.dateChanged.connect(self._on_date_changed)
        self.week_button.clicked.connect(self._on_last_week)
        self.copy_button.clicked.connect(self.copy_brief)
        self.tree.currentItemChanged.connect(self._on_current_changed)
        self.set_since(None)

    # -- from the window ---------------------------------------------------------------------

    def set_since(self, day: float | None) -> None:
        """Follow the state without emitting back."""
        self.since = day
        self._quiet = True
        try:
            self.toggle.setChecked(day is not None)
            if day is not None:
                self.date_edit.setDate(to_qdate(day))
            elif self.reference is not None:
                self.date_edit.setDate(to_qdate(self.reference - 7 * D.SECONDS_PER_DAY))
        finally:
            self._quiet = False

    def set_changes(
        self,
        model: EventModel | None,
        changes: list[Change],
        counts: tuple[int, int] | None = None,
        reference: float | None = None,
    ) -> None:
        """List `changes` (the first MAX_ROWS of the brief); `counts` are (new, changed) in
        all, when the list was cut short."""
        self.model = model
        self.reference = reference
        self.changes = changes
        self.tree.clear()
        if model is None or self.since is None:
            self.summary.setText("Choose a day to list what was reported after it.")
            self.copy_button.setEnabled(False)
            return
        ev = model.events
        items = []
        for c in changes[:MAX_ROWS]:
            r = ev.iloc[c.event]
            company = r["company"]
            item = QTreeWidgetItem(
                [
                    describe(c),
                    _day(c.reported_at),
                    D.format_iso(r["start"], r["stop"], int(r["precision"])),
                    r["title"],
                    ALL_COMPANIES if company.strip().lower() == "all" else company,
                    r["status"],
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, r["id"])
            item.setToolTip(3, plain_tip(r["title"]))
            items.append(item)
        self.tree.addTopLevelItems(items)
        if counts is None:
            new = sum(1 for c in changes if c.kind == NEW)
            counts = (new, len(changes) - new)
        text = f"{counts[0]:,} new, {counts[1]:,} changed since {_day(self.since)}"
        if sum(counts) > len(items):
            text += f" (latest {len(items):,} listed)"
        self.summary.setText(text)
        self.copy_button.setEnabled(bool(changes))

    # -- the brief -----------------------------------------------------------------------------

    def brief_text(self) -> str:
        """The list as plain text, one line per event."""
        if self.model is None or self.since is None:
            return ""
        ev = self.model.events
        lines = [f"Changes since {_day(self.since)}: {self.summary.text()}"]
        for c in self.changes:
            r = ev.iloc[c.event]
            when = D.format_iso(r["start"], r["stop"], int(r["precision"]))
            lines.append(f"- [{describe(c)}] {when} {r['title']} (reported {_day(c.reported_at)})")
        return "\n".join(lines)

    def copy_brief(self) -> None:
        text = self.brief_text()
        if text:
            QGuiApplication.clipboard().setText(text)
            self.briefCopied.emit(text)

    # -- internals -------------------------------------------------------------------------

    def _emit(self, day: float | None) -> None:
        if day != self.since:
            self.since = day
            self.sinceChanged.emit(day)

    def _on_toggle_changed(self, on: bool) -> None:
        if not self._quiet:
            self._emit(from_qdate(self.date_edit.date()) if on else None)

    def _on_date_changed(self, date: QDate) -> None:
        if not self._quiet and self.toggle.isChecked():
            self._emit(from_qdate(date))

    def _on_last_week(self) -> None:
        if self.reference is None:
            return
        day = self.reference - 7 * D.SECONDS_PER_DAY
        self._quiet = True
        try:
            self.toggle.setChecked(True)
            self.date_edit.setDate(to_qdate(day))
        finally:
            self._quiet = False
        self._emit(from_qdate(self.date_edit.date()))

    def _on_current_changed(self, current: QTreeWidgetItem | None, _previous) -> None:
        if current is not None and not self._quiet:
            self.eventSelected.emit(str(current.data(0, Qt.ItemDataRole.UserRole)))


def _day(seconds: float) -> str:
    return D.format_iso(seconds, seconds + D.SECONDS_PER_DAY, D.DAY)
