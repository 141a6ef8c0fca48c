"""The bundled record is honest to its sources: the checks an analyst would make of it.

Every row (each report of an event, status history included) is checked, and a failure lists
every row at fault with its id and line. The record checked is data/h200_china.csv, or the
file named by the environment variable REGTIMELINE_RECORD (its sources beside it), to check
a draft of the record before it replaces the bundled one.

An *aggregator* here is a source that passes on someone else's reporting rather than
publishing its own or carrying the original's text: a publisher that says so ("citing" or
"relaying" another outlet), a publisher named in AGGREGATOR_PUBLISHERS, or an address on
one of the known aggregator and mirror hosts in AGGREGATOR_HOSTS (AI-news digests, rewrite
sites, market and crypto-exchange mirrors). A copy of a wire story that names the wire
("Reuters (via Business Times)") carries the wire's own text and is not an aggregator.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import pytest

from tests.conftest import DATA
from viewer.io import load
from viewer.record import dates as D

RECORD = Path(os.environ.get("REGTIMELINE_RECORD") or DATA)

AGGREGATOR_HOSTS = (
    # market and crypto-exchange mirrors of news wires
    "bitget.com",
    "bitget.live",
    "binance.com",
    "finviz.com",
    "tradingview.com",
    "cryptews.com",
    "tradingpedia.com",
    "marketdash.io",
    "liveindex.org",
    "digitalmarketreports.com",
    # AI-news digests, newsletters and rewriters
    "theaiinsider.tech",
    "techbriefly.com",
    "geokhub.com",
    "wavespeed.ai",
    "tradevae.com",
    "biznob.com",
    "a.land",
    "7min.ai",
    "muza-ai.eu",
    "aiweekly.co",
    "ai-news.congero.com.au",
    "memeeeeeex.com",
    "dailyalpha.us",
    "ai-blogs.org",
    "mindstream.news",
    "dailyaibrief.com",
    "nextfin.ai",
    "carraglobe.com",
    "thedailyscout.com",
    "novaranews.com",
    "clashreport.com",
    "ibtimes.co.uk",
    "ibtimes.com",
    "tekedia.com",
)
AGGREGATOR_PUBLISHERS = re.compile(r"\b(ibtimes|tekedia)\b", re.IGNORECASE)
"""Rewrite sites, by name too: a source may have lost its address."""
SECOND_HAND = re.compile(r"\b(citing|relaying)\b", re.IGNORECASE)

US_OFFICIAL = re.compile(
    r"federal register|\bbis\b|bureau of industry|department of commerce|\bcommerce\b|"
    r"white house|department of state|\bstate department\b|\bsec\b|congress|govinfo",
    re.IGNORECASE,
)
"""Publishers of US rules: the Federal Register, or the issuing agency."""

MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
NAMED_DATES = (
    (re.compile(rf"\b(\d{{1,2}}) ({MONTH}) (\d{{4}})\b"), "dmy"),
    (re.compile(rf"\b({MONTH}) (\d{{1,2}}),? (\d{{4}})\b"), "mdy"),
    (re.compile(rf"\b({MONTH}) (\d{{4}})\b"), "my"),
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), "iso"),
    (re.compile(r"\b(\d{4})-(\d{2})\b(?!-\d)"), "iso-month"),
)


@pytest.fixture(scope="module")
def record():
    return load(RECORD)


def _rows(model):
    """(label, row) for every row of the table: each report of each event."""
    rows = model.rows
    for k in range(len(rows)):
        row = rows.iloc[k]
        yield f"{row['id']} (line {int(row['line'])})", row


def _cited(model, row) -> list:
    ids = [s.strip() for s in str(row["sources"]).split(";") if s.strip()]
    return [model.sources.loc[s] if s in model.sources.index else None for s in ids]


def _host(url: str) -> str:
    return (urlparse(url).hostname or "").lower() if url else ""


def _is_aggregator(source) -> bool:
    host = _host(str(source["url"]))
    on_list = any(host == h or host.endswith("." + h) for h in AGGREGATOR_HOSTS)
    publisher = str(source["publisher"])
    return on_list or bool(SECOND_HAND.search(publisher) or AGGREGATOR_PUBLISHERS.search(publisher))


def test_every_row_cites_sources_with_publisher_title_and_date(record):
    faults = []
    for label, row in _rows(record):
        cited = _cited(record, row)
        if not cited:
            faults.append(f"{label}: cites no source")
        for source in cited:
            if source is None:
                faults.append(f"{label}: cites a source the sources table lacks")
                continue
            missing = [f for f in ("publisher", "title", "published") if not str(source[f])]
            if missing:
                faults.append(f"{label}: source {source.name} has no {', '.join(missing)}")
    assert not faults, "\n".join(faults)


def test_every_us_rule_in_force_cites_an_official_document(record):
    """Publisher the Federal Register or the issuing agency, at a .gov address."""
    faults = []
    for label, row in _rows(record):
        us = "US" in [j.strip() for j in str(row["jurisdiction"]).split(";")]
        if row["status"] != "in force" or not us:
            continue
        official = [
            s
            for s in _cited(record, row)
            if s is not None
            and _host(str(s["url"])).endswith(".gov")
            and US_OFFICIAL.search(str(s["publisher"]))
        ]
        if not official:
            faults.append(f"{label}: in force on no official document")
    assert not faults, "\n".join(faults)


def test_no_aggregator_stands_alone_behind_a_firm_status(record):
    """`in force`, `approved` and `statement` need a source of its own reporting or text."""
    faults = []
    for label, row in _rows(record):
        if row["status"] not in ("in force", "approved", "statement"):
            continue
        cited = [s for s in _cited(record, row) if s is not None]
        if cited and all(_is_aggregator(s) for s in cited):
            names = ", ".join(f"{s.name} {s['publisher']}" for s in cited)
            faults.append(f"{label}: {row['status']} on aggregators only ({names})")
    assert not faults, "\n".join(faults)


def _named_dates(text: str) -> list[tuple[str, float]]:
    """(words, first second) of every date with a year that the text names."""
    months = {m[:3].lower(): k + 1 for k, m in enumerate(("January", "February", "March",
              "April", "May", "June", "July", "August", "September", "October", "November",
              "December"))}  # fmt: skip
    found = []
    taken: list[tuple[int, int]] = []
    for pattern, form in NAMED_DATES:
        for m in pattern.finditer(text):
            if any(a <= m.start() < b for a, b in taken):
                continue  # (a month of a day already found)
            g = m.groups()
            try:
                if form == "dmy":
                    day = dt.date(int(g[2]), months[g[1][:3].lower()], int(g[0]))
                elif form == "mdy":
                    day = dt.date(int(g[2]), months[g[0][:3].lower()], int(g[1]))
                elif form == "my":
                    day = dt.date(int(g[1]), months[g[0][:3].lower()], 1)
                elif form == "iso":
                    day = dt.date(int(g[0]), int(g[1]), int(g[2]))
                else:
                    day = dt.date(int(g[0]), int(g[1]), 1)
            except ValueError:
                continue  # not a date after all (`2026-13`)
            taken.append((m.start(), m.end()))
            seconds = (day - dt.date(1970, 1, 1)).days * D.SECONDS_PER_DAY
            found.append((m.group(0), float(seconds)))
    return found


def test_no_row_names_a_date_after_it_was_reported(record):
    """What a row says was known on its `reported` day: its title, description and conditions
    name no later date, except the event's own (an expected event says when it is due, a
    period when it ends)."""
    faults = []
    for label, row in _rows(record):
        own = np.nanmax([float(row["stop"]), float(row["end_stop"])])
        limit = max(float(row["reported_at"]) + D.SECONDS_PER_DAY, own)
        words = " ".join(str(row[c]) for c in ("title", "description", "conditions"))
        later = [w for w, start in _named_dates(words) if start >= limit]
        if later:
            faults.append(f"{label}: names {', '.join(later)}, after it was reported")
    assert not faults, "\n".join(faults)


def test_the_date_finder_reads_the_forms_the_record_writes():
    """The check above is only as good as the dates it finds."""
    words = [w for w, _ in _named_dates(
        "On 24 April 2026 a preview; by March 3, 2026; in mid-February 2026; filed 2026-05-01; "
        "from 2026-06 on; Sept. 2025; may 2026 is not a month; 2026-13 is no date"
    )]  # fmt: skip
    assert words == [
        "24 April 2026",
        "March 3, 2026",
        "February 2026",
        "Sept. 2025",
        "2026-05-01",
        "2026-06",
    ]
