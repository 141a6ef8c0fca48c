"""The events related to one event, each named once, with how the two are linked. No Qt here.

A link may be written on either side (A names B in `related`, B names A, or both), and either
side may mark it `disputes:`; the reader wants one line per related event that says which
way any dispute runs.
"""

from __future__ import annotations

from dataclasses import dataclass

from viewer.record.claims import claims_of
from viewer.record.model import EventModel


@dataclass(frozen=True)
class Relation:
    """Another event linked to this one."""

    event_id: str
    named_here: bool  # this event names it in `related`
    disputes_it: bool  # this event disputes it (`disputes:ID` here)
    disputed_by: bool  # it disputes this event (`disputes:` on its side)

    @property
    def note(self) -> str:
        """What the link means, as the detail pane says it; empty for a plain relation."""
        if self.disputes_it and self.disputed_by:
            return "each disputes the other"
        if self.disputes_it:
            return "this event disputes it"
        if self.disputed_by:
            return "disputes this event"
        return "" if self.named_here else "refers to this event"


def relations_of(model: EventModel, i: int) -> list[Relation]:
    """Each related event once: those this event names first (in its order), then those that
    name it; a link written on both sides is one relation."""
    found: dict[str, dict[str, bool]] = {}
    for rid, disputes in model.related(i):
        link = found.setdefault(rid, {"here": False, "out": False, "in": False})
        link["here"] = True
        link["out"] |= disputes
    # Those that name it: the model's links, worked out once (claims.py), not a search of
    # every event's `related` per selection.
    claims = claims_of(model)
    naming = claims.pair_b == i
    ids = model.events["id"]
    for j, disputes in zip(
        claims.pair_a[naming].tolist(), claims.pair_dispute[naming].tolist(), strict=True
    ):
        link = found.setdefault(ids.iat[j], {"here": False, "out": False, "in": False})
        link["in"] |= disputes
    return [Relation(rid, f["here"], f["out"], f["in"]) for rid, f in found.items()]
