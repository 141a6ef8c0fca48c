"""The date as the data's author wants it read, where the table says so. No Qt here.

TimelineJS sheets carry a `Display Date` ("Spring 1943", "c. 500 BCE") that its slides show in
place of the date worked out from Year, Month and Day; any table may add such a column. The
computed date still places and sorts the event; the detail pane and tooltips show this text.
Where there is none, `period_text` says the computed date (and its end) in words.
"""

from __future__ import annotations

import numpy as np

from viewer.record import dates as D
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


def period_text(model: EventModel, i: int, with_precision: bool = True) -> str:
    """Event `i`'s date in words, with its end when it has one: `30 January 2026`,
    `1 December 2025 – 28 February 2026`, `February 2026 (month) – ongoing` (`with_precision`
    says a month, quarter or year so)."""
    ev = model.events
    text = D.format_long(
        ev["start"].iat[i], ev["stop"].iat[i], int(ev["precision"].iat[i]), with_precision
    )
    if np.isfinite(ev["end"].iat[i]):
        end = D.format_long(
            ev["end"].iat[i], ev["end_stop"].iat[i], int(ev["end_precision"].iat[i]), with_precision
        )
        text += f" – {end}"
    elif ev["ongoing"].iat[i]:
        text += " – ongoing"
    return text
