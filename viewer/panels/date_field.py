"""A date field that takes a whole typed date, or one picked from a calendar.

QDateEdit edits a date section by section: select it all and type 2026-01-25 and it keeps its
year and reads 2000-01-25, silently. Here the text is read whole, when the user presses Enter or
leaves the field, by the record's own date reader: a day (`2026-01-25`), a month (`2026-01`), a
quarter (`2026-Q1`), a year (`2026`) or words (`25 January 2026`), the forms of the data format.
Text that is no date is marked (a red frame, a warning sign, the reason as its tooltip) and
never used: the date in force stays until the text reads.

Days are whole UTC days in POSIX seconds, turned into QDate and back by day count, so no time
zone ever shifts them.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QPalette, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QStyle,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from viewer.record import dates as D

EPOCH = QDate(1970, 1, 1)
FORMS = "a day (2026-01-25), a month (2026-01), a quarter (2026-Q1) or a year (2026)"
PROBLEM_STYLE = "QLineEdit { border: 2px solid #D1242F; border-radius: 3px; padding: 1px; }"
"""The frame of a field whose text is no date: a red that reads on light and dark grounds."""


def to_qdate(day: float) -> QDate:
    return EPOCH.addDays(int(day // D.SECONDS_PER_DAY))


def from_qdate(date: QDate) -> float:
    return EPOCH.daysTo(date) * D.SECONDS_PER_DAY


class DateField(QWidget):
    """A line edit for a typed date, with a calendar button beside it."""

    accepted = Signal()  # the user entered text that reads as a date (or cleared the field)
    problemChanged = Signal(str)  # why the text is no date; empty once it reads

    def __init__(
        self, name: str, tip: str, clearable: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.problem = ""
        self.setAccessibleName(name)
        self.setToolTip(f"{tip}: type {FORMS}, then Enter")
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("YYYY-MM-DD")
        self.edit.setClearButtonEnabled(clearable)
        self.edit.setAccessibleName(name)
        self.edit.setToolTip(self.toolTip())
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("2026-01-25~") + 28)
        self.warning = self.edit.addAction(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
            QLineEdit.ActionPosition.TrailingPosition,
        )
        self.warning.setVisible(False)
        self.warning.setToolTip("The text is no date")
        for button in self.edit.findChildren(QToolButton):  # the line edit's own buttons
            ours = button in self.warning.associatedObjects()
            button.setAccessibleName("Date problem" if ours else f"Clear {name.lower()}")
            button.setToolTip(self.warning.toolTip() if ours else "Clear")
        self.calendar: QCalendarWidget | None = None  # made when first asked for
        self.calendar_menu: QMenu | None = None
        self._range: tuple[QDate, QDate] | None = None
        self.calendar_button = QToolButton()
        self.calendar_button.setText("▾")
        self.calendar_button.setAccessibleName(f"Pick the {name.lower()} from a calendar")
        self.calendar_button.setToolTip("Pick the day from a calendar")
        self.calendar_button.clicked.connect(self.show_calendar)

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.edit, 1)
        row.addWidget(self.calendar_button)
        self.setFocusProxy(self.edit)
        self.edit.editingFinished.connect(self._commit)
        self.edit.textEdited.connect(self._on_typed)

    # -- what it holds ---------------------------------------------------------------------

    def text(self) -> str:
        return self.edit.text().strip()

    def value(self) -> tuple[float, float, int] | None:
        """The interval the text names (start, stop, precision); None when empty. Raises
        ValueError, with the reason, for text that is no date."""
        text = self.text()
        return D.parse_one(text) if text else None

    def set_text(self, text: str) -> None:
        """Show `text` (from the state, not the user): nothing is emitted, no mark stays."""
        if self.edit.text() != text:
            self.edit.setText(text)
        self._mark("")

    def set_day(self, day: float | None) -> None:
        self.set_text("" if day is None else D.iso_day(day))

    def set_range(self, first: float, last: float) -> None:
        """The days the calendar offers (typing may still name others: the owner clamps)."""
        self._range = (to_qdate(first), to_qdate(last))
        if self.calendar is not None:
            self.calendar.setDateRange(*self._range)

    # -- the user ------------------------------------------------------------------------------

    def _commit(self) -> None:
        try:
            self.value()
        except ValueError as exc:
            self._mark(str(exc))
            return
        self._mark("")
        self.accepted.emit()

    def _on_typed(self, _text: str) -> None:
        if self.problem:  # the mark goes as soon as the text reads; it never comes while typing
            try:
                self.value()
            except ValueError:
                return
            self._mark("")

    def show_calendar(self) -> None:
        """The calendar below the field, on the day the text names; a click there enters it."""
        if self.calendar is None:
            self.calendar = QCalendarWidget()
            self.calendar.setGridVisible(True)
            self.calendar.setAccessibleName(f"{self.accessibleName()}: calendar")
            self.calendar.setToolTip("Click a day to use it")
            if self._range is not None:
                self.calendar.setDateRange(*self._range)
            self.calendar_menu = QMenu(self)
            pick = QWidgetAction(self.calendar_menu)
            pick.setDefaultWidget(self.calendar)
            self.calendar_menu.addAction(pick)
            self.calendar.clicked.connect(self._on_picked)
        self._colour_calendar()
        try:
            value = self.value()
        except ValueError:
            value = None
        if value is not None:
            self.calendar.setSelectedDate(to_qdate(value[0]))
        self.calendar_menu.popup(self.mapToGlobal(self.rect().bottomLeft()))

    def _colour_calendar(self) -> None:
        """Colours that read in the theme in force. Qt draws weekends in pure red (4:1 on white),
        days of the months around in the disabled grey (3:1) and the month and year in the
        button colour over the highlight until first hovered; here weekends are text, the
        neighbouring days the muted placeholder colour (4.5:1 in both themes) and the month
        and year the highlighted text colour, as Qt paints them once drawn."""
        calendar = self.calendar
        plain = QTextCharFormat()
        for day in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            calendar.setWeekdayTextFormat(day, plain)
        palette = self.palette()
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, muted)
        calendar.setPalette(palette)
        for button in calendar.findChildren(QToolButton):
            own = button.palette()
            own.setColor(
                QPalette.ColorRole.ButtonText, palette.color(QPalette.ColorRole.HighlightedText)
            )
            button.setPalette(own)

    def _on_picked(self, date: QDate) -> None:
        self.calendar_menu.close()
        self.edit.setText(D.iso_day(from_qdate(date)))
        self._commit()

    def _mark(self, problem: str) -> None:
        if problem == self.problem:
            return
        self.problem = problem
        self.edit.setStyleSheet(PROBLEM_STYLE if problem else "")
        self.warning.setVisible(bool(problem))
        self.warning.setToolTip(problem or "The text is no date")
        for button in self.edit.findChildren(QToolButton):
            if button in self.warning.associatedObjects():
                button.setToolTip(self.warning.toolTip())
        self.edit.setToolTip(problem or self.toolTip())
        self.edit.setAccessibleDescription(problem)
        self.problemChanged.emit(problem)
