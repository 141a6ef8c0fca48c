"""Showing untrusted cell text safely: escaped for rich-text widgets, links only for http(s)."""

from __future__ import annotations

import html
from urllib.parse import urlsplit


def esc(text: object) -> str:
    """Escape a cell for Qt rich text, keeping its line breaks; markup shows literally."""
    return html.escape("" if text is None else str(text)).replace("\n", "<br>")


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
