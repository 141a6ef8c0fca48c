"""Colours of the marks and the drawing style of each status. No Qt: plain hex and names.

Marks are coloured by regulator (the default), by jurisdiction (US / CN / other: the analyst's
first question) or by track; `colour_groups` is the one place that says which colour an event
gets. Colours come from the Okabe-Ito and Paul Tol palettes, chosen to stay apart for the
common forms of colour blindness; status is carried by fill and outline as well, never by colour
alone. Known regulators keep their colour whatever the data set, so briefs stay comparable.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from viewer.record import columns as C
from viewer.record.lists import NameLists
from viewer.shown.theme import DARK

if TYPE_CHECKING:
    from viewer.record.model import EventModel

FIXED_COLOURS: dict[str, str] = {
    "US BIS": "#0072B2",  # blue
    "US COMMERCE": "#56B4E9",  # sky blue
    "US WHITE HOUSE": "#332288",  # indigo
    "US STATE": "#44AA99",  # teal
    "US CONGRESS": "#117733",  # green
    "US GOVERNMENT": "#6699CC",  # greyish blue: a report naming no agency
    "CN MOFCOM": "#D55E00",  # vermillion
    "CN MIIT": "#E69F00",  # orange
    "CN NDRC": "#882255",  # wine
    "CN CAC": "#CC79A7",  # reddish purple
    "CN SAMR": "#CC6677",  # rose
    "CN GACC": "#999933",  # olive
    "CN GOVERNMENT": "#881122",  # crimson: a report naming no ministry
}
SPARE_COLOURS = (
    "#555555",
    "#AA4499",
    "#DDCC77",
    "#009E73",
    "#88CCEE",
    "#7F7F7F",
    "#661100",
    "#AA7744",
    "#000000",
)


DARK_GROUND = DARK.background  # the dark timeline's background
MIN_CONTRAST_ON_DARK = 3.3  # WCAG asks 3:1 for graphics; a little margin for antialiasing


def regulator_colours(regulators: list[str], theme: str = "light") -> list[str]:
    """One colour per regulator, fixed for known codes and handed out in order for the rest.

    On the dark theme each colour keeps its hue and saturation and is lightened just enough to
    stand out from the dark ground, so the pairs stay as far apart as on the light theme.
    """
    spare = iter(SPARE_COLOURS)
    out = []
    for name in regulators:
        fixed = FIXED_COLOURS.get(" ".join(name.upper().split()))
        if fixed is None:
            fixed = next(spare, None) or SPARE_COLOURS[len(out) % len(SPARE_COLOURS)]
        out.append(on_dark(fixed) if theme == "dark" else fixed)
    return out


COLOUR_BY = ("regulator", "jurisdiction", "track")
"""What the colour of a mark can say."""
COLOUR_BY_LABELS = {"regulator": "Regulator", "jurisdiction": "Jurisdiction", "track": "Track"}
COLOUR_BY_MENU = {"regulator": "&Regulator", "jurisdiction": "&Jurisdiction", "track": "&Track"}
JURISDICTION_COLOURS = {"US": "#0072B2", "CN": "#D55E00", "other": "#777777"}
"""US blue, CN vermillion (as their main regulators), everything else grey."""
TRACK_COLOURS = {
    "US EXPORT PERMISSION": "#0072B2",
    "CN MINISTRY APPROVAL": "#E69F00",
    "NDRC CONDITION": "#882255",
    "OTHER": "#777777",
}


@dataclass(frozen=True)
class ColourGroups:
    """What the colours say: a name and colour per group, each event's group, and per
    regulator list the groups a joint event's mark is split into (see `mark_colours`)."""

    by: str
    names: list[str]
    colours: list[str]
    of_event: np.ndarray  # int32 group of each event (a joint event: its first body's)
    splits: np.ndarray  # int [regulator lists, most]: groups of each list, -1 padded

    def used(self, shown: np.ndarray | None = None, lists: np.ndarray | None = None):
        """Groups that the events (or the shown ones, a bool per event) use, in order: with
        `lists` (each event's regulator list), every group a joint mark shows too."""
        keep = slice(None) if shown is None else np.asarray(shown, bool)
        count = np.bincount(self.of_event[keep], minlength=len(self.names))
        if lists is not None and self.splits.shape[1] > 1:
            parts = self.splits[np.unique(lists[keep])]
            count[parts[parts >= 0]] += 1
        return np.flatnonzero(count)

    def joint(self, shown: np.ndarray | None, lists: np.ndarray) -> np.ndarray:
        """Regulator lists of the (shown) events whose marks are split into several colours."""
        if self.splits.shape[1] < 2:
            return np.zeros(0, dtype=np.int64)
        keep = slice(None) if shown is None else np.asarray(shown, bool)
        used = np.unique(lists[keep])
        return used[self.splits[used, 1] >= 0]


def colour_groups(model: EventModel, by: str = "regulator", theme: str = "light") -> ColourGroups:
    """The colour of every event when colouring by regulator, jurisdiction or track: the one
    place the timeline, its legend and the exports ask which colour a mark has. By regulator
    (`mark_colours`) a joint act's mark shows each body's colour; by jurisdiction, each
    jurisdiction's among its bodies; by track, the event's track."""
    ev = model.events
    lists = model.regulator_lists
    if by == "jurisdiction":
        names = ["US", "CN", "other"]
        code = _jurisdiction_codes(model)
        colours = [JURISDICTION_COLOURS[n] for n in names]
        of_body = _regulator_jurisdictions(model.regulators)
        padded = lists.padded
        splits = _distinct_per_row(np.where(padded >= 0, of_body[padded], -1))
    elif by == "track":
        names = list(model.tracks)
        code = ev["track_code"].to_numpy().astype(np.int32)
        spare = iter(SPARE_COLOURS[1:])
        colours = [TRACK_COLOURS.get(t.upper()) or next(spare, "#555555") for t in names]
        splits = np.full((len(lists), 1), -1, dtype=np.int64)
    else:
        by = "regulator"
        names = list(model.regulators)
        code = ev["regulator_code"].to_numpy().astype(np.int32)
        colours, splits = mark_colours(names, lists)
    if theme == "dark":
        colours = [on_dark(c) for c in colours]
    return ColourGroups(by, names, colours, code, splits)


def _jurisdiction_codes(model: EventModel) -> np.ndarray:
    """0 for US, 1 for CN, 2 for any other jurisdiction (or none), per event: the column as
    written, else the regulator's prefix."""
    ev = model.events
    if not len(ev):
        return np.zeros(0, dtype=np.int32)
    # Worked out per distinct value (a handful), not per event.
    given, names = C.codes(ev["jurisdiction"])
    named = np.array([_jurisdiction(n) for n in names], dtype=np.int32)[given]
    from_regulator = _regulator_jurisdictions(model.regulators)[ev["regulator_code"].to_numpy()]
    return np.where(named >= 0, named, from_regulator).astype(np.int32)


def _regulator_jurisdictions(regulators: list[str]) -> np.ndarray:
    """Per regulator, by its prefix (`CN MOFCOM`), then for none (code -1): 0 US, 1 CN, 2
    any other."""
    codes = np.array([_jurisdiction(r.split(" ", 1)[0]) for r in regulators] + [2])
    codes[codes < 0] = 2
    return codes


def _jurisdiction(text: str | None) -> int:
    """0 US, 1 CN, 2 another, -1 not said (of a list, `US; CN`, the first)."""
    word = (text or "").split(";", 1)[0].strip().upper()
    return {"US": 0, "CN": 1, "": -1}.get(word, 2)


def mark_colours(
    regulators: list[str], lists: NameLists, theme: str = "light"
) -> tuple[list[str], np.ndarray]:
    """What colours a mark: the colours, and per regulator list (record/lists.py) the colours
    its marks are split into, as indices into them in the order the cell names the bodies
    (int [lists, most], -1 padding; one colour each, a row of one, when nobody acts jointly).

    Colouring by regulator, `colour_groups` (which the timeline and the legend ask) asks here.
    """
    colours = regulator_colours(regulators, theme)
    return colours, _distinct_per_row(lists.padded)


def _distinct_per_row(codes: np.ndarray) -> np.ndarray:
    """Each row's codes with repeats dropped (first kept, order kept), -1 padded: two bodies
    that share a colour make no split."""
    if codes.shape[1] < 2:
        return codes
    out = np.full_like(codes, -1)
    for r, row in enumerate(codes):
        kept = list(dict.fromkeys(int(c) for c in row if c >= 0))
        out[r, : len(kept)] = kept
    return out


def luminance(colour: str) -> float:
    """WCAG relative luminance of '#RRGGBB'."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)))
    return (lb + 0.05) / (la + 0.05)


@cache
def on_dark(colour: str) -> str:
    """The colour lightened (same hue and saturation) until it reads on the dark ground."""
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    hue, light, sat = colorsys.rgb_to_hls(r, g, b)
    out = colour.upper()
    while contrast(out, DARK_GROUND) < MIN_CONTRAST_ON_DARK and light < 0.95:
        light = min(0.95, light + 0.01)
        rgb = colorsys.hls_to_rgb(hue, light, sat)
        out = "#" + "".join(f"{round(c * 255):02X}" for c in rgb)
    return out


@dataclass(frozen=True)
class StatusStyle:
    """How a status is drawn: fill ('solid', 'half', 'none', 'light'), outline, cross, opacity."""

    fill: str
    dashed: bool = False
    cross: bool = False
    opacity: float = 1.0
    shape: str = "circle"
    description: str = ""


STATUS_STYLES: dict[str, StatusStyle] = {
    "in force": StatusStyle("solid", description="in force: solid"),
    "approved": StatusStyle("solid", description="approved: solid"),
    "conditional": StatusStyle("half", description="conditional: half filled"),
    "pending": StatusStyle("none", description="pending: hollow"),
    "denied": StatusStyle("none", cross=True, description="denied: crossed"),
    "revoked": StatusStyle("none", cross=True, description="revoked: crossed"),
    "reported": StatusStyle("light", dashed=True, description="reported: dashed outline"),
    "disputed": StatusStyle(
        "light", dashed=True, shape="triangle", description="disputed: dashed triangle"
    ),
    "expected": StatusStyle(
        "none", dashed=True, opacity=0.45, description="expected: faint, dashed"
    ),
    "statement": StatusStyle("solid", shape="diamond", description="statement: diamond"),
}
FALLBACK_STYLE = STATUS_STYLES["reported"]


def status_style(status: str) -> StatusStyle:
    return STATUS_STYLES.get(status, FALLBACK_STYLE)
