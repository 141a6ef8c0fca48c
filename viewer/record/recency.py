"""How current a record is: the latest day any of its rows was reported. No Qt here.

A record that stops in February reads, to someone who does not know it stops, like a world
where nothing happened after February. The status bar, every snapshot's caption and
`regtimeline validate` say the same words, from here.
"""

from __future__ import annotations

import numpy as np

from viewer.record import dates as D
from viewer.record.derived import PerModel
from viewer.record.model import EventModel


def _latest(model: EventModel) -> float | None:
    if not len(model.rows):
        return None
    reported = model.rows["reported_at"].to_numpy(dtype=float)
    if not np.isfinite(reported).any():
        return None
    return float(np.nanmax(reported))


latest_report: PerModel[float | None] = PerModel(_latest)
"""The latest `reported` day of any row (status history included: a later report of an event
counts), or None for an empty record. For a record as known on a day, the latest report by
then. Once per model: the status bar asks on every filter change."""


def reported_up_to(model: EventModel) -> str:
    """`reported up to 1 Jun 2026`, or '' for an empty record."""
    latest = latest_report(model)
    return "" if latest is None else f"reported up to {D.format_day(latest)}"
