"""Fonts for snapshots: the machine's own sans-serif, with fallbacks for Chinese and others.

Qt falls back glyph by glyph to any installed font that has a character, so PNG and PDF show
Chinese names as long as one such font exists (on Linux: fonts-noto-cjk). SVG files are drawn
by whatever opens them, so their text names a CSS font stack rather than this machine's font.
When no installed font has some characters, the export says so instead of silently drawing
boxes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QFontMetricsF

FALLBACK_STACK = (
    "Noto Sans",
    "DejaVu Sans",
    "Segoe UI",
    "Helvetica Neue",
    "Arial",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "WenQuanYi Micro Hei",
)
"""Families an SVG viewer may try after ours, Latin first, then Chinese."""

MISSING_HELP = "install a font with these characters (on Linux: fonts-noto-cjk for Chinese)"


@lru_cache(maxsize=1)
def base_family() -> str:
    """The family Qt really uses for the default sans-serif (`Sans Serif` is only an alias)."""
    return QFontInfo(QFont()).family() or "Sans Serif"


def export_font(point_size: float, bold: bool = False) -> QFont:
    font = QFont(base_family())
    font.setPointSizeF(point_size)
    font.setBold(bold)
    return font


def css_stack(family: str) -> str:
    names = [family if family != "Sans Serif" else base_family()]
    names += [f for f in FALLBACK_STACK if f not in names]
    return ", ".join(f"'{n}'" for n in names) + ", sans-serif"


_FAMILY_ATTR = re.compile(r'font-family="([^"]*)"')


def svg_with_font_stacks(svg: str) -> str:
    """Give every `font-family` of a Qt SVG a full CSS stack ending in `sans-serif`."""
    stacks: dict[str, str] = {}

    def repl(m: re.Match) -> str:
        family = m.group(1)
        if family not in stacks:
            stacks[family] = css_stack(family).replace('"', "'")
        return f'font-family="{stacks[family]}"'

    return _FAMILY_ATTR.sub(repl, svg)


@lru_cache(maxsize=1)
def _families() -> tuple[str, ...]:
    return tuple(QFontDatabase.families())


@lru_cache(maxsize=256)
def _metrics(family: str) -> QFontMetricsF:
    return QFontMetricsF(QFont(family))


def uncovered(texts: Iterable[str], limit: int = 4000) -> str:
    """Characters of `texts` that no installed font can draw (at most `limit` looked at)."""
    wanted: set[str] = set()
    for text in texts:
        for ch in str(text):
            if ord(ch) > 0x2FF and not ch.isspace():
                wanted.add(ch)
        if len(wanted) >= limit:
            break
    if not wanted:
        return ""
    families = (base_family(), *[f for f in _families() if f != base_family()])
    missing = []
    for ch in sorted(wanted):
        code = ord(ch)
        if not any(_metrics(f).inFontUcs4(code) for f in families):
            missing.append(ch)
    return "".join(missing)


def missing_note(texts: Iterable[str]) -> str | None:
    """A one-line note naming the characters no font can show, or None when all can."""
    missing = uncovered(texts)
    if not missing:
        return None
    shown = missing[:12] + ("…" if len(missing) > 12 else "")
    return f"no font on this computer has {shown} ({len(missing)} characters): {MISSING_HELP}"
