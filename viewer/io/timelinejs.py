"""TimelineJS (Knight Lab) spreadsheets and JSON, turned into the event table's columns.

The template has no regulator or status: each slide becomes a `reported` event whose company
lane is its Group (the All companies lane when it has none) and whose regulator is "Not stated",
unless the sheet carries its own `Regulator`, `Status`, `Company` or `ID` columns. Year, Month and
Day make the date at the precision given (a negative year is BCE, as TimelineJS reads it);
Display Date is kept as a column, which the detail pane and tooltips show in place of the date;
the `title` row names the data set; `era` rows become shaded bands.

What a slide shows beside its text is kept as TimelineJS shows it. A Media address, with its
Credit and Caption, is a source (publisher, title, link). Media that is no address (a quote, as
a `<blockquote>` with its `<cite>`) is text: its words follow the Text in the description, with
the Caption. Links inside Text, Media, Caption and Credit become sources too, so they open only
through the sources' checked links (http and https, after a dialog shows the address). Type
and Background are TimelineJS's own layout (slide kind; a slide's colour or picture), not data.
HTML anywhere is reduced to plain text here, so nothing downstream ever renders it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pandas as pd

from viewer.record import dates as D
from viewer.record.problems import Problem
from viewer.record.raw import Band, RawTable
from viewer.record.text import safe_url
from viewer.record.vocab import normalise_column

TEMPLATE = (
    "Year",
    "Month",
    "Day",
    "Time",
    "End Year",
    "End Month",
    "End Day",
    "End Time",
    "Display Date",
    "Headline",
    "Text",
    "Media",
    "Media Credit",
    "Media Caption",
    "Media Thumbnail",
    "Type",
    "Group",
    "Background",
)
_KEYS = {normalise_column(c): c for c in TEMPLATE}
NOT_STATED = "Not stated"
"""Regulator of a TimelineJS slide: the template has no such column."""

# Columns that pass through under the contract's name when a sheet adds them.
_OWN = ("id", "regulator", "status", "company", "track", "jurisdiction", "related", "conditions")


def is_template(columns) -> bool:
    """A TimelineJS sheet: Year and Headline plus at least three other template columns."""
    keys = {normalise_column(c) for c in columns}
    return {"year", "headline"} <= keys and len(keys & set(_KEYS)) >= 5


def is_timeline_json(root: object) -> bool:
    """TimelineJS JSON: an object whose events carry `start_date` objects."""
    if not isinstance(root, dict):
        return False
    events = root.get("events")
    if not isinstance(events, list):
        return False
    first = next((e for e in events if isinstance(e, dict)), None)
    if first is None:
        return isinstance(root.get("title"), dict) or "eras" in root
    return isinstance(first.get("start_date"), dict)


# --- HTML to text ---------------------------------------------------------------------------


class _TextOnly(HTMLParser):
    """The words of a fragment, with the addresses of its links (`<a href>`) and their words;
    a `<blockquote>` is set in quotation marks, its `<cite>` after a dash; TimelineJS's notes
    (`class="tl-note"`, drawn as a block of their own) on a line of their own."""

    _BREAKS = frozenset(
        {"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"}
    )
    _SKIP = frozenset({"script", "style", "iframe", "object", "embed", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.links: list[tuple[str, str]] = []  # (address, the link's words)
        self._link: tuple[str, int] | None = None  # (address, where its words start)
        self._quoting = False
        self._notes: list[str] = []  # tags open with class tl-note

    def handle_starttag(self, tag, attrs) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BREAKS:
            self.parts.append("\n")
        if "tl-note" in (dict(attrs).get("class") or "").split():
            self._notes.append(tag)
            self.parts.append("\n")
        if tag == "blockquote":
            self.parts.append("“")
            self._quoting = True
        elif tag == "cite":
            self._close_quote()
            self.parts.append("\n— ")
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self._link = (href, len(self.parts))

    def handle_endtag(self, tag) -> None:
        if tag in self._SKIP:
            self.skipping = max(0, self.skipping - 1)
        if tag == "blockquote":
            self._close_quote()
        elif tag == "a" and self._link is not None:
            href, first = self._link
            self.links.append((href, " ".join("".join(self.parts[first:]).split())))
            self._link = None
        if tag in self._BREAKS:
            self.parts.append("\n")
        if self._notes and self._notes[-1] == tag:
            self._notes.pop()
            self.parts.append("\n")

    def handle_data(self, data) -> None:
        if not self.skipping:
            self.parts.append(data)

    def _close_quote(self) -> None:
        if self._quoting:
            while self.parts and not self.parts[-1].strip():
                self.parts.pop()
            if self.parts:
                self.parts[-1] = self.parts[-1].rstrip()
            self.parts.append("”")
            self._quoting = False


_TAG = re.compile(r"<[a-zA-Z/!]")


def html_to_text(value: str) -> str:
    """Markup reduced to its words; line breaks for <br> and paragraphs; entities decoded."""
    return html_words(value)[0]


def html_words(value: str) -> tuple[str, list[tuple[str, str]]]:
    """The words of a fragment, and its links as (address, words)."""
    if not value or (not _TAG.search(value) and "&" not in value):
        return (value.strip() if value else ""), []
    parser = _TextOnly()
    try:
        parser.feed(value)
        parser.close()
        text = "".join(parser.parts)
    except Exception:  # a malformed fragment: fall back to dropping anything tag-like
        text = html.unescape(re.sub(r"<[^>]*>", " ", value))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip(), parser.links


# --- dates ----------------------------------------------------------------------------------


def date_text(year: str, month: str, day: str) -> str:
    """`2026`, `2026-02` or `2026-02-03` from the template's cells, at the precision given.

    Cells that are not numbers are joined as written, so the problem shows what the user typed.
    """
    y, m, d = (_int(year), _int(month), _int(day))
    if not year.strip():
        return "" if not (month.strip() or day.strip()) else f"?-{month.strip()}-{day.strip()}"
    if y is None or (month.strip() and m is None) or (day.strip() and d is None):
        return "-".join(p.strip() for p in (year, month, day) if p.strip())
    if not (-10000 < y < 10000):
        return str(y)
    # TimelineJS documents negative years (BCE): `-500` is 500 BCE, written `-0500` here.
    year = f"{y:04d}" if y >= 0 else f"-{-y:04d}"
    if m is None:
        return year
    if d is None:
        return f"{year}-{m:02d}"
    return f"{year}-{m:02d}-{d:02d}"


def _int(text: str) -> int | None:
    text = text.strip()
    if text.endswith(".0"):
        text = text[:-2]
    if text.lstrip("-").isdigit() and len(text) <= 6:
        return int(text)
    return None


# --- spreadsheets ---------------------------------------------------------------------------


def from_template(raw: RawTable) -> RawTable:
    """A TimelineJS sheet -> the contract's columns, with bands, sources and a name."""
    frame = raw.events
    file_col = {normalise_column(c): c for c in frame.columns}

    def col(name: str) -> pd.Series:
        c = file_col.get(normalise_column(name))
        if c is None:
            return pd.Series([""] * len(frame), index=frame.index, dtype="string")
        return frame[c].fillna("").astype("string").str.strip()

    kind = col("Type").str.lower()
    lines = np.asarray(raw.lines[: len(frame)], dtype=np.int64)
    problems = list(raw.problems)
    where = raw.where

    name = raw.name
    titles = np.flatnonzero((kind == "title").to_numpy(dtype=bool))
    if titles.size:
        heading = html_to_text(str(col("Headline").iat[int(titles[0])]))
        name = heading or name

    starts = [
        date_text(y, m, d) for y, m, d in zip(col("Year"), col("Month"), col("Day"), strict=True)
    ]
    ends = [
        date_text(y, m, d)
        for y, m, d in zip(col("End Year"), col("End Month"), col("End Day"), strict=True)
    ]

    bands: list[Band] = []
    for pos in np.flatnonzero((kind == "era").to_numpy(dtype=bool)):
        label = html_to_text(str(col("Headline").iat[pos]))
        band = _band(starts[pos], ends[pos], label)
        if isinstance(band, str):
            problems.append(Problem(where, int(lines[pos]), "Year", starts[pos], band))
        else:
            bands.append(band)

    slide = ~kind.isin(["title", "era"]).to_numpy(dtype=bool)
    headline = col("Headline").map(html_to_text)
    text_parts = [html_words(str(cell)) for cell in col("Text")]  # (words, links)
    text = pd.Series([words for words, _ in text_parts], index=frame.index, dtype="string")
    title = headline.where(headline != "", text.map(_first_line))
    text_links = [links for _, links in text_parts]
    media = _media(col("Media"), col("Media Credit"), col("Media Caption"), text_links, title)
    text = pd.Series(
        [_joined(t, m.words) for t, m in zip(text, media, strict=True)],
        index=frame.index,
        dtype="string",
    )
    group = col("Group").where(col("Group") != "", "all")
    out = pd.DataFrame(
        {
            "date": starts,
            "end_date": ends,
            "company": group.to_numpy(dtype=object),
            "regulator": NOT_STATED,
            "title": title.to_numpy(dtype=object),
            "description": text.where(text != title, "").to_numpy(dtype=object),
        },
        index=frame.index,
    ).astype("string")
    for own in _OWN:
        c = file_col.get(own)
        if c is not None:
            given = frame[c].fillna("").astype("string").str.strip()
            if own in out.columns:
                out[own] = given.where(given != "", out[own])
            else:
                out[own] = given
    if "company" in file_col:
        out["company"] = out["company"].where(out["company"] != "", group)
    for extra in ("Display Date", "Time", "End Time"):  # (Type, Background: layout)
        values = col(extra)
        if (values != "").any():
            out[extra] = values.map(html_to_text)

    # The media's source and the links of the slide: sources, each with its own id.
    src_rows = []
    ids = np.full(len(frame), "", dtype=object)
    for pos in np.flatnonzero(slide):
        cited = []
        for k, (publisher, src_title, url) in enumerate(media[pos].sources):
            sid = f"line-{lines[pos]}-{'media' if k == 0 and media[pos].is_source else k}"
            cited.append(sid)
            src_rows.append(
                {"id": sid, "publisher": publisher, "title": src_title, "url": url}
                | {"line": lines[pos]}
            )
        ids[pos] = ";".join(cited)
    out["sources"] = pd.Series(ids, index=frame.index, dtype="string")

    table = RawTable(
        path=raw.path,
        events=out[slide].reset_index(drop=True),
        lines=lines[slide],
        problems=problems,
        name=name,
        bands=bands,
        column_names={
            "date": "Year/Month/Day",
            "end_date": "End Year/End Month/End Day",
            "company": "Group",
            "title": "Headline",
            "description": "Text",
        },
    )
    if src_rows:
        src = pd.DataFrame(src_rows)
        table.sources = src.drop(columns="line").astype("string")
        table.source_lines = src["line"].to_numpy(dtype=np.int64)
        table.sources_path = raw.path
    return table


@dataclass
class _Media:
    """What a slide shows beside its text: words for the description, and sources as
    (publisher, title, address): the media's own first (`is_source`), then the links."""

    words: str = ""
    sources: list[tuple[str, str, str]] = field(default_factory=list)
    is_source: bool = False


def _media(
    media: pd.Series,
    credit: pd.Series,
    caption: pd.Series,
    text_links: list[list[tuple[str, str]]],
    title: pd.Series,
) -> list[_Media]:
    """Each slide's media as TimelineJS shows it: an address is a source (Credit its
    publisher, Caption its title); anything else (a quote) is words, with the Caption. The
    links of the slide's text follow as sources too."""
    out = []
    for raw, credit_html, caption_html, in_text, headline in zip(
        media, credit, caption, text_links, title, strict=True
    ):
        raw = str(raw).strip()
        url = safe_url(raw) or ""
        address_like = bool(raw) and not _TAG.search(raw) and not any(c.isspace() for c in raw)
        credit_words, credit_links = html_words(str(credit_html))
        caption_words, caption_links = html_words(str(caption_html))
        item = _Media()
        links = in_text + caption_links + credit_links
        if address_like or credit_words:
            publisher = credit_words or _host(url) or "Media"
            item.sources.append((publisher, caption_words or str(headline) or publisher, url))
            item.is_source = True
        if raw and not address_like:  # a quote or other words shown as the slide's media
            quote, quote_links = html_words(raw)
            item.words = _joined(quote, "" if item.is_source else caption_words)
            links = quote_links + links
        elif not item.is_source:
            item.words = caption_words
        seen = {url} if url else set()
        for href, words in links:
            address = safe_url(href)
            if address and address not in seen:
                seen.add(address)
                item.sources.append((_host(address), words or address, address))
        out.append(item)
    return out


def _joined(*texts: str) -> str:
    """Paragraphs, the empty ones left out."""
    return "\n\n".join(t for t in texts if t)


def _first_line(text: str) -> str:
    line = text.strip().split("\n", 1)[0] if text else ""
    return line if len(line) <= 100 else line[:99] + "…"


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def _band(start: str, end: str, label: str) -> Band | str:
    """An era's interval, or the reason it can't be drawn."""
    col = D.parse_dates(pd.Series([start, end or start], dtype="object"), column="Year")
    if col.errors:
        return "era: " + next(iter(col.errors.values()))
    if not col.valid[0]:
        return "era: missing start date"
    stop = max(float(col.stop[1]), float(col.stop[0]))
    return Band(float(col.start[0]), stop, label)


# --- JSON -----------------------------------------------------------------------------------


def from_json(path: Path, doc) -> RawTable:
    """TimelineJS JSON -> the template's rows (with the line of each slide), then as a sheet."""
    root = doc.root
    rows: list[dict[str, str]] = []
    lines: list[int] = []
    problems: list[Problem] = []
    title = root.get("title")
    if isinstance(title, dict):
        rows.append({**_slide(title), "Type": "title"})
        lines.append(1)
    events, event_lines = doc.lists.get("events", ([], []))
    for item, line in zip(events, event_lines, strict=True):
        if not isinstance(item, dict):
            problems.append(Problem(str(path), line, None, str(item)[:200], "not a slide object"))
            continue
        rows.append(_slide(item))
        lines.append(line)
    eras, era_lines = doc.lists.get("eras", ([], []))
    for era, line in zip(eras, era_lines, strict=True):
        if isinstance(era, dict):
            rows.append({**_slide(era), "Type": "era"})
            lines.append(line)
    frame = pd.DataFrame(rows, columns=[*TEMPLATE, "ID"]).fillna("").astype("string")
    raw = RawTable(path=path, events=frame, lines=np.asarray(lines, dtype=np.int64))
    raw.problems = problems
    table = from_template(raw)
    table.column_names = {
        "date": "start_date",
        "end_date": "end_date",
        "company": "group",
        "title": "text.headline",
        "description": "text.text",
        "id": "unique_id",
    }
    return table


def _slide(item: dict) -> dict[str, str]:
    start = item.get("start_date") if isinstance(item.get("start_date"), dict) else {}
    end = item.get("end_date") if isinstance(item.get("end_date"), dict) else {}
    text = item.get("text") if isinstance(item.get("text"), dict) else {}
    media = item.get("media") if isinstance(item.get("media"), dict) else {}

    def s(obj: dict, key: str) -> str:
        value = obj.get(key)
        if value is None or isinstance(value, dict | list):
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value)

    time = ":".join(p for p in (s(start, "hour"), s(start, "minute")) if p)
    end_time = ":".join(p for p in (s(end, "hour"), s(end, "minute")) if p)
    return {
        "Year": s(start, "year"),
        "Month": s(start, "month"),
        "Day": s(start, "day"),
        "Time": time,
        "End Year": s(end, "year"),
        "End Month": s(end, "month"),
        "End Day": s(end, "day"),
        "End Time": end_time,
        "Display Date": s(item, "display_date") or s(start, "display_date"),
        "Headline": s(text, "headline"),
        "Text": s(text, "text"),
        "Media": s(media, "url"),
        "Media Credit": s(media, "credit"),
        "Media Caption": s(media, "caption"),
        "Media Thumbnail": s(media, "thumbnail"),
        "Type": s(item, "type"),
        "Group": s(item, "group"),
        "Background": "",
        "ID": s(item, "unique_id"),
    }
