"""What changed between two versions of the same file: added, changed and removed events.

Events are matched by id; an event counts as changed when any of its own fields differs
(dates, text, companies, sources, status). Vectorised, no Qt: a reload at a million rows stays
a merge, not a loop.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from viewer.record.schema import EVENT_FIELDS

# Every field of the contract (viewer/model.py) except the id that matches rows and the
# single-source columns, which arrive folded into `sources`.
COMPARED = tuple(f for f in EVENT_FIELDS if f != "id")


@dataclass
class VersionDiff:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """`+2 events · 1 changed · 0 removed`."""
        n = len(self.added)
        return f"+{n} event{'s' if n != 1 else ''} · {len(self.changed)} changed · " + (
            f"{len(self.removed)} removed"
        )

    @property
    def touched(self) -> set[str]:
        """Ids to highlight in the new version."""
        return set(self.added) | set(self.changed)


def diff_versions(old: pd.DataFrame, new: pd.DataFrame) -> VersionDiff:
    """Compare the events (one row per id) of two versions."""
    cols = [c for c in COMPARED if c in old.columns and c in new.columns]
    extra = [
        c
        for c in old.columns
        if c in new.columns and c not in cols and c not in _DERIVED and c != "id"
    ]
    cols += extra
    a = old[["id", *cols]].astype("string").fillna("").drop_duplicates("id")
    b = new[["id", *cols]].astype("string").fillna("").drop_duplicates("id")
    merged = a.merge(b, on="id", how="outer", suffixes=("_old", "_new"), indicator=True)
    added = merged.loc[merged["_merge"] == "right_only", "id"].tolist()
    removed = merged.loc[merged["_merge"] == "left_only", "id"].tolist()
    both = merged[merged["_merge"] == "both"]
    differs = np.zeros(len(both), dtype=bool)
    for c in cols:
        differs |= (both[f"{c}_old"] != both[f"{c}_new"]).to_numpy(dtype=bool)
    changed = both.loc[differs, "id"].tolist()
    return VersionDiff(added=added, changed=changed, removed=removed)


_DERIVED = frozenset(
    {
        "line",
        "start",
        "stop",
        "precision",
        "end",
        "end_stop",
        "end_precision",
        "ongoing",
        "reported_at",
        "regulator_code",
        "regulator_list",
        "status_code",
        "track_code",
        "track_list",
        "source",
        "source_url",
        "source_date",
    }
)
