"""Colours for regulators and the drawing style of each status. No Qt: plain hex and names.

Regulator colours come from the Okabe-Ito and Paul Tol palettes, chosen to stay apart for the
common forms of colour blindness; status is carried by fill and outline as well, never by colour
alone. Known regulators keep their colour whatever the data set, so briefs stay comparable.
"""

from __future__ import annotations

from dataclasses import dataclass

FIXED_COLOURS: dict[str, str] = {
    "US BIS": "#0072B2",  # blue
    "US COMMERCE": "#56B4E9",  # sky blue
    "US WHITE HOUSE": "#332288",  # indigo
    "US STATE": "#44AA99",  # teal
    "US CONGRESS": "#117733",  # green
    "CN MOFCOM": "#D55E00",  # vermillion
    "CN MIIT": "#E69F00",  # orange
    "CN NDRC": "#882255",  # wine
    "CN CAC": "#CC79A7",  # reddish purple
    "CN SAMR": "#CC6677",  # rose
    "CN GACC": "#999933",  # olive
}
SPARE_COLOURS = (
    "#555555",
    "#AA4499",
    "#DDCC77",
    "#009E73",
    "#88CCEE",
    "#7F7F7F",
    "#661100",
    "#6699CC",
    "#AA7744",
    "#000000",
)


def regulator_colours(regulators: list[str]) -> list[str]:
    """One colour per regulator, fixed for known codes and handed out in order for the rest."""
    spare = iter(SPARE_COLOURS)
    out = []
    for name in regulators:
        fixed = FIXED_COLOURS.get(" ".join(name.upper().split()))
        if fixed is None:
            fixed = next(spare, None) or SPARE_COLOURS[len(out) % len(SPARE_COLOURS)]
        out.append(fixed)
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
