"""Colours of the timeline chrome (background, bands, text) and of the panels' highlights, for
light and dark themes. No Qt here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


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
    row_highlight: str
    """The events table's tint for rows Find or a reload marks."""
    html: dict[str, str] = field(default_factory=dict)
    """Colours the detail pane's HTML is written in (light), and what they become here."""

    def adapt_html(self, html: str) -> str:
        """The detail pane's HTML with its fixed colours swapped for this theme's."""
        if not self.html:
            return html
        return re.sub(
            "|".join(map(re.escape, self.html)),
            lambda m: self.html[m.group(0).upper()],
            html,
            flags=re.IGNORECASE,
        )


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
    row_highlight="#FFF3B0",
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
    row_highlight="#5C4D12",
    html={
        "#5B6472": "#A0A8B5",  # muted text
        "#9A6700": "#E3B341",  # warning text
        "#FFF8C5": "#3D3520",  # warning banner ground
        "#CF222E": "#FF7B72",  # dispute text
        "#D0D7DE": "#444C56",  # table borders
        "#6E4FB0": "#B392F0",  # analysts' notes
    },
)

THEMES = {"light": LIGHT, "dark": DARK}
