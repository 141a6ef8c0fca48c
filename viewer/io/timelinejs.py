"""TimelineJS (Knight Lab) spreadsheets and JSON, turned into the event table's columns.

The template has no regulator or status: each slide becomes a `reported` event whose company
lane is its Group (the All companies lane when it has none) and whose regulator is "Not stated",
unless the sheet carries its own `Regulator`, `Status`, `Company` or `ID` columns. Year, Month and
Day make the date at the precision given; Media and Media Credit make a source; the `title` row
names the data set; `era` rows become shaded bands. Headline and Text may hold HTML: it is
reduced to plain text here, so nothing downstream ever renders it.
"""

from __future__ import annotations

import html
import re
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
    _BREAKS = frozenset({"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"})
    _SKIP = frozenset({"script", "style", "iframe", "object", "embed", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag) -> None:
        if tag in self._SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self._BREAKS:
            self.parts.append("\n")

    def handle_data(self, data) -> None:
        if not self.skipping:
            self.parts.append(data)


_TAG = re.compile(r"<[a-zA-Z/!]")


def html_to_text(value: str) -> str:
    """Markup reduced to its words; line breaks for <br> and paragraphs; entities decoded."""
    if not value or (not _TAG.search(value) and "&" not in value):
        return value.strip() if value else ""
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
    return "\n".join(out).strip()


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
    if not (0 < y < 10000):
        return str(y)
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


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
    text = col("Text").map(html_to_text)
    title = headline.where(headline != "", text.map(_first_line))
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
    for extra in ("Display Date", "Time", "End Time", "Media Caption", "Background"):
        values = col(extra)
        if (values != "").any():
            out[extra] = values.map(html_to_text)

    # Media and Media Credit: one source per slide that has either.
    media, credit, caption = col("Media"), col("Media Credit"), col("Media Caption")
    has = ((media != "") | (credit != "")).to_numpy(dtype=bool) & slide
    src_rows = []
    ids = np.full(len(frame), "", dtype=object)
    for pos in np.flatnonzero(has):
        url = safe_url(str(media.iat[pos])) or ""
        publisher = html_to_text(str(credit.iat[pos])) or _host(url) or "Media"
        src_title = html_to_text(str(caption.iat[pos])) or str(title.iat[pos]) or publisher
        sid = f"line-{lines[pos]}-media"
        ids[pos] = sid
        src_rows.append(
            {"id": sid, "publisher": publisher, "title": src_title, "url": url, "line": lines[pos]}
        )
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
