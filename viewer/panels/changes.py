"""The weekly brief: events new or changed since a day, latest report first.

The list follows what the timeline shows (filters and the as-of day); choosing a row selects the
event, and *Copy Brief* puts the list on the clipboard as plain text for an e-mail or a note.
Until a day is chosen the field offers a week before the latest report of the open data: ticking
*Changes since* then lists the last week of news, whenever the file was last updated.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from viewer.panels.date_field import DateField
from viewer.panels.tooltips import plain_tip
from viewer.record import dates as D
from viewer.record.as_of import day_start
from viewer.record.changes import NEW, Change, describe
from viewer.record.model import EventModel
from viewer.record.recency import latest_report
from viewer.record.vocab import company_lane

MAX_ROWS = 2000
"""Rows listed; the rest are counted ("and 12,345 more"), the timeline still badges them."""
HEADERS = ("Change", "Reported", "Date", "Title", "Companies", "Status")
WEEK = 7 * D.SECONDS_PER_DAY


class ChangesPanel(QWidget):
    sinceChanged = Signal(object)  # day or None
    eventSelected = Signal(str)  # event id
    briefCopied = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Changes since")
        self.since: float | None = None
        self.reference: float | None = None  # the as-of day, else today: "last week" counts back
        self.latest: float | None = None  # the latest report of the data shown
        self.model: EventModel | None = None
        self.changes: list[Change] = []
        self._quiet = False

        self.toggle = QCheckBox("Changes since")
        self.toggle.setToolTip("Badge events first reported, or changed, after this day")
        self.date_field = DateField(
            "Changes since date", "Events reported after this day are badged and listed"
        )
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
        top.addWidget(self.date_field)
        top.addWidget(self.week_button)
        top.addWidget(self.summary, 1)
        top.addWidget(self.copy_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        column.addLayout(top)
        column.addWidget(self.tree, 1)

        self.toggle.toggled.connect(self._on_toggle_changed)
        self.date_field.accepted.connect(self._on_date_entered)
        self.week_button.clicked.connect(self._on_last_week)
        self.copy_button.clicked.connect(self.copy_brief)
        self.tree.currentItemChanged.connect(self._on_current_changed)
        self.set_since(None)

    # -- from the window ---------------------------------------------------------------------

    def bind(self, document) -> None:
        """The document's changes since a day; a day chosen here goes into the state (an
        event chosen in the list is selected through `eventSelected`)."""

        def show() -> None:
            view = document.changes
            self.set_since(view.since)
            self.set_changes(document.model, view.brief, view.counts, view.reference)

        document.changesChanged.connect(show)
        self.sinceChanged.connect(document.state.set_changes_since)

    def set_since(self, day: float | None) -> None:
        """Follow the state without emitting back (a new day replaces text being mended)."""
        other_day = day != self.since
        self.since = day
        self._quiet = True
        try:
            self.toggle.setChecked(day is not None)
            self._show_day(force=other_day)
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
        self.latest = latest_report(model) if model is not None else None
        self._show_day()
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
                    D.iso_day(c.reported_at),
                    D.format_iso(r["start"], r["stop"], int(r["precision"])),
                    r["title"],
                    company_lane(company),
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
        text = f"{counts[0]:,} new, {counts[1]:,} changed since {D.iso_day(self.since)}"
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
        lines = [f"Changes since {D.iso_day(self.since)}: {self.summary.text()}"]
        for c in self.changes:
            r = ev.iloc[c.event]
            when = D.format_iso(r["start"], r["stop"], int(r["precision"]))
            lines.append(
                f"- [{describe(c)}] {when} {r['title']} (reported {D.iso_day(c.reported_at)})"
            )
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

    def default_day(self) -> float | None:
        """A week before the latest report of the data shown: the news of the last week."""
        return None if self.latest is None else day_start(self.latest) - WEEK

    def _show_day(self, force: bool = False) -> None:
        """The field shows the day in force, else the default; text that is no date stays
        marked until the user mends it or the state names another day (`force`)."""
        day = self.since if self.since is not None else self.default_day()
        if day is not None and (force or not self.date_field.problem):
            self.date_field.set_day(day)

    def _field_day(self) -> float | None:
        try:
            value = self.date_field.value()
        except ValueError:
            return None
        return None if value is None else value[0]

    def _on_toggle_changed(self, on: bool) -> None:
        if not self._quiet:
            day = self._field_day()
            self._emit((day if day is not None else self.default_day()) if on else None)

    def _on_date_entered(self) -> None:
        day = self._field_day()
        if day is None:  # cleared: show the day in force again
            self._show_day()
            return
        self._quiet = True
        try:
            self.toggle.setChecked(True)  # a day typed is a day to list the changes since
        finally:
            self._quiet = False
        self._emit(day)
        self._show_day()

    def _on_last_week(self) -> None:
        if self.reference is None:
            return
        day = day_start(self.reference) - WEEK
        self._quiet = True
        try:
            self.toggle.setChecked(True)
        finally:
            self._quiet = False
        self._emit(day)
        self._show_day()

    def _on_current_changed(self, current: QTreeWidgetItem | None, _previous) -> None:
        if current is not None and not self._quiet:
            self.eventSelected.emit(str(current.data(0, Qt.ItemDataRole.UserRole)))
