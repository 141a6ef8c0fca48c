"""Colours of the timeline chrome (background, bands, text) for light and dark themes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    name: str
    background: str
    band_even: str
    band_odd: str
    separator: str
    row_line: str
    text: str
    muted_text: str
    today: str
    selection: str
    hover: str
    hollow_fill: str
    search_hit: str


LIGHT = Theme(
    name="light",
    background="#FFFFFF",
    band_even="#FFFFFF",
    band_odd="#F3F5F8",
    separator="#8A94A6",
    row_line="#E2E6EC",
    text="#1B1F24",
    muted_text="#5B6472",
    today="#D1242F",
    selection="#000000",
    hover="#5B6472",
    hollow_fill="#FFFFFF",
    search_hit="#FFD33D",
)

DARK = Theme(
    name="dark",
    background="#1E2126",
    band_even="#1E2126",
    band_odd="#262A31",
    separator="#7C8696",
    row_line="#30353D",
    text="#E6E9EE",
    muted_text="#A0A8B5",
    today="#FF6B6B",
    selection="#FFFFFF",
    hover="#A0A8B5",
    hollow_fill="#1E2126",
    search_hit="#B08800",
)

THEMES = {"light": LIGHT, "dark": DARK}
