"""Showing untrusted cell text safely: escaped for rich-text widgets, links only for http(s)."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

_SURROGATE = re.compile("[\ud800-\udfff]")

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


def readable(text: str) -> str:
    """Text that any file, widget or terminal can take: a file name that is not UTF-8 (Python
    holds its odd bytes as lone surrogates) gets \ufffd for what can't be read."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)


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


@dataclass(frozen=True)
class Host:
    """A link's host as the browser resolves it (`ascii`, punycode for other scripts) and as
    it reads (`unicode`), with the scripts a label of it mixes (`аpple` with a Cyrillic а:
    Latin and Cyrillic), for the link confirmation."""

    ascii: str
    unicode: str
    mixed: tuple[str, ...] = ()

    @property
    def international(self) -> bool:
        return self.ascii != self.unicode


_SCRIPT_SETS = (
    frozenset({"Latin", "Han", "Hiragana", "Katakana"}),
    frozenset({"Latin", "Han", "Bopomofo"}),
    frozenset({"Latin", "Han", "Hangul"}),
)
"""Scripts a name may mix (Japanese, Chinese, Korean with Latin), as browsers allow."""


def host_of(url: str) -> Host | None:
    """The host of an http(s) address, in both forms, or None when it has none."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    if not host:
        return None
    labels = host.split(".")
    ascii_labels, unicode_labels = [], []
    for label in labels:
        try:
            if label.isascii():
                shown = label.encode("ascii").decode("idna") if label.startswith("xn--") else label
                ascii_labels.append(label)
                unicode_labels.append(shown)
            else:
                ascii_labels.append(label.encode("idna").decode("ascii"))
                unicode_labels.append(label)
        except UnicodeError:
            ascii_labels.append(label)
            unicode_labels.append(label)
    mixed: tuple[str, ...] = ()
    for label in unicode_labels:
        scripts = {script_of(ch) for ch in label if ch.isalpha()}
        if len(scripts) > 1 and not any(scripts <= allowed for allowed in _SCRIPT_SETS):
            mixed = tuple(sorted(scripts))
            break
    return Host(".".join(ascii_labels), ".".join(unicode_labels), mixed)


def script_of(ch: str) -> str:
    """The script a letter belongs to, as Unicode names it (`Latin`, `Cyrillic`, `Han`)."""
    name = unicodedata.name(ch, "")
    word = name.split(" ", 1)[0].capitalize() if name else "Unknown"
    return "Han" if word == "Cjk" else word


def counted(n: int, one: str, many: str | None = None) -> str:
    """`1 event`, `2 events`, `3 companies` (with `many` given)."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"
