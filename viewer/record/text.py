"""Showing untrusted cell text safely: escaped for rich-text widgets, links only for http(s)."""

from __future__ import annotations

import html
from urllib.parse import urlsplit

SHOWN_CHARACTERS = 20_000
"""A cell longer than this is cut on screen (a 20 MB cell would freeze any text widget)."""


def cut(text: str, limit: int = SHOWN_CHARACTERS) -> str:
    """The text, or its beginning and a note of how much more the file holds."""
    if len(text) <= limit:
        return text
    return text[:limit] + f" … [{len(text) - limit:,} more characters in the file]"


def esc(text: object) -> str:
    """Escape a cell for Qt rich text, keeping its line breaks; markup shows literally."""
    return html.escape(cut("" if text is None else str(text))).replace("\n", "<br>")


def as_rich(text: str) -> str:
    """Plain text wrapped so Qt never guesses it is rich text (tooltips, labels)."""
    return f"<p style='white-space:pre-wrap; margin:0'>{esc(text)}</p>"


def safe_url(url: object) -> str | None:
    """The address if it is http(s) with a host, else None (shown as text, never opened)."""
    if not isinstance(url, str) or not url.strip():
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if (
        parts.scheme.lower() in ("http", "https")
        and parts.netloc
        and not any(ch in url for ch in " \t\r\n\"'<>")
    ):
        return url
    return None
