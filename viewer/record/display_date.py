"""The date as the data's author wants it read, where the table says so. No Qt here.

TimelineJS sheets carry a `Display Date` ("Spring 1943", "c. 500 BCE") that its slides show in
place of the date worked out from Year, Month and Day; any table may add such a column. The
computed date still places and sorts the event; the detail pane and tooltips show this text.
"""

from __future__ import annotations

from viewer.record.model import EventModel
from viewer.record.vocab import normalise_column

DISPLAY_DATE = "display_date"
"""The column's name, normalised (`Display Date`, `display-date` and `display_date` alike)."""


def display_column(model: EventModel) -> str | None:
    """The extra column holding display dates, if the table has one."""
    return next((c for c in model.extra_columns if normalise_column(c) == DISPLAY_DATE), None)


def display_date(model: EventModel, i: int) -> str:
    """Event `i`'s display date, or '' (then the computed date is shown)."""
    col = display_column(model)
    if col is None:
        return ""
    value = model.events[col].iat[i]
    return value.strip() if isinstance(value, str) else ""
