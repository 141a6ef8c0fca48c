"""The Consolidated Screening List as timeline events: one per listed party. No Qt here.

The list is one JSON file (`consolidated.json`, published by trade.gov for the Departments of
Commerce, State and the Treasury): a second run asks with the answer's ETag / Last-Modified and
keeps the cached copy when the server says it has not changed; `--offline` uses the cached copy.

Each entry becomes an event in the party's own company lane, dated by its `start_date`,
`in force` (and a later report `revoked` once its `end_date` has come), citing the Federal
Register notice that listed it (`federal_register_notice`, e.g. `85 FR 44159`): the document
itself when a Federal Register fetch has cached the one with that citation, else the notice's
address on govinfo.gov. Aliases, addresses, programmes and the licence terms are kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from viewer.io.official.cache import QueryCache
from viewer.io.official.federal_register import CITATION, document_source
from viewer.io.official.federal_register import PUBLISHER as FR_PUBLISHER
from viewer.io.official.http import Client, RegisterError
from viewer.io.official.table import RegisterTable, iso_day, text

REGISTER = "screening-list"
BASE_URL = "https://data.trade.gov"
FILE_PATH = "/downloadable_consolidated_screening_list/v1/consolidated.json"
PUBLISHER = "Consolidated Screening List"
GOVINFO_CITATION = "https://www.govinfo.gov/link/fr/{volume}/{page}"

AGENCIES = {
    "bureau of industry and security": "US BIS",
    "department of commerce": "US Commerce",
    "commerce department": "US Commerce",
    "state department": "US State",
    "department of state": "US State",
    "treasury department": "US Treasury",
    "department of the treasury": "US Treasury",
}
"""The agency named after a list (`Entity List (EL) - Bureau of Industry and Security`)."""


@dataclass(frozen=True)
class Query:
    lists: tuple[str, ...] = ()
    """List names or abbreviations (`Entity List`, `EL`); none: every list."""
    countries: tuple[str, ...] = ()
    """Two-letter codes of an address or the entry's country (`CN`); none: every country."""
    base_url: str = BASE_URL

    def url(self) -> str:
        """The file's address: a base ending in `.json` is the file itself (a mirror)."""
        base = self.base_url.rstrip("/")
        return base if base.lower().endswith(".json") else base + FILE_PATH

    def describe(self) -> str:
        parts = [", ".join(self.lists) or "every list"]
        if self.countries:
            parts.append(", ".join(self.countries))
        return " · ".join(parts)


@dataclass
class Fetched:
    entries: list[dict]
    pages: int = 0
    notes: list[str] = field(default_factory=list)


def fetch_entries(
    query: Query, client: Client, cache: QueryCache, offline: bool = False
) -> Fetched:
    """The list's entries: fetched when changed since the cached copy, else the cached copy."""
    runs = cache.runs()
    if offline:
        if not runs:
            raise RegisterError(
                "the Consolidated Screening List is not cached yet: fetch it once without --offline"
            )
        return Fetched(_entries(_cached(runs[-1]), "the cache"), notes=["from the cache only"])
    headers = {}
    if runs:
        meta = runs[-1].meta
        if meta.get("etag"):
            headers["If-None-Match"] = str(meta["etag"])
        if meta.get("last_modified"):
            headers["If-Modified-Since"] = str(meta["last_modified"])
    client.fraction = 0.05
    answer = client.get(query.url(), headers=headers, parse=json.loads)
    if answer.status == 304 and runs:
        when = str(runs[-1].meta.get("fetched", ""))[:10]
        return Fetched(_entries(_cached(runs[-1]), "the cache"), 1, [f"unchanged since {when}"])
    entries = _entries(answer.parsed, urlsplit(query.url()).netloc)
    writer = cache.start_run()
    writer.add_page(answer.body)
    writer.finish(
        {
            "etag": answer.headers.get("etag", ""),
            "last_modified": answer.headers.get("last-modified", ""),
        }
    )
    cache.keep_last()
    client.fraction = 0.8
    return Fetched(entries, 1, [f"{len(entries):,} entries fetched"])


def _cached(run) -> object:
    try:
        return json.loads(next(run.pages()))
    except (StopIteration, ValueError):
        raise RegisterError("the cached screening list is damaged: fetch it again") from None


def _entries(data: object, where: str) -> list[dict]:
    results = data.get("results") if isinstance(data, dict) else data
    if not isinstance(results, list):
        raise RegisterError(f"the answer from {where} is not a screening list (no list of results)")
    return [e for e in results if isinstance(e, dict) and str(e.get("name") or "").strip()]


# -- classifying -------------------------------------------------------------------------------


def list_parts(source: str) -> tuple[str, str, str]:
    """`Entity List (EL) - Bureau of Industry and Security` -> (name, abbreviation, agency)."""
    m = re.match(r"\s*(.*?)\s*(?:\(([^)]*)\))?\s*(?:-\s*(.*))?$", source or "")
    if not m:
        return source, "", ""
    return m.group(1) or source, m.group(2) or "", (m.group(3) or "").strip()


def countries_of(entry: dict) -> list[str]:
    found = [str(entry.get("country") or "")]
    for address in entry.get("addresses") or []:
        if isinstance(address, dict):
            found.append(str(address.get("country") or ""))
    return list(dict.fromkeys(c.strip().upper() for c in found if c and c.strip()))


def matches(entry: dict, query: Query) -> bool:
    if query.lists:
        source = str(entry.get("source") or "")
        name, abbreviation, _agency = list_parts(source)
        known = {source.lower(), name.lower(), abbreviation.lower()} - {""}
        if not any(wanted.strip().lower() in known for wanted in query.lists):
            return False
    if query.countries:
        wanted = {c.strip().upper() for c in query.countries}
        if not wanted & set(countries_of(entry)):
            return False
    return True


def regulator_of(entry: dict) -> str:
    _name, _abbreviation, agency = list_parts(str(entry.get("source") or ""))
    if agency.lower() in AGENCIES:
        return AGENCIES[agency.lower()]
    return f"US {agency}" if agency else "US Commerce"


def notice_source(cite: str) -> dict[str, str]:
    """A Federal Register notice known only by its citation: its address on govinfo.gov."""
    volume, page = cite.split(" FR ")
    return {
        "id": f"fr-{volume}-FR-{page}",
        "publisher": FR_PUBLISHER,
        "title": f"Federal Register notice {cite}",
        "url": GOVINFO_CITATION.format(volume=volume, page=page),
        "published": "",
        "language": "en",
        "quote": "",
        "citation": cite,
    }


def entry_rows(
    entry: dict, event_id: str, by_citation: dict[str, dict], today: str
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The event rows and sources of one listed party."""
    name = str(entry["name"]).replace(";", ",").strip()
    list_name, _abbreviation, _agency = list_parts(str(entry.get("source") or ""))
    list_name = list_name or "screening list"
    start = iso_day(entry.get("start_date"))
    end = iso_day(entry.get("end_date"))
    notice = str(entry.get("federal_register_notice") or "")
    notices = [f"{v} FR {p}" for v, p in CITATION.findall(notice)]  # (citation_key's form)
    sources = []
    for cite in dict.fromkeys(notices):
        doc = by_citation.get(cite)
        sources.append(document_source(doc) if doc is not None else notice_source(cite))
    sources.append(
        {
            "id": event_id,
            "publisher": PUBLISHER,
            "title": f"{list_name}: {name}",
            "url": text(entry.get("source_information_url")),
            "published": "",
            "language": "en",
            "quote": "",
            "source_list_url": text(entry.get("source_list_url")),
        }
    )
    terms = [
        f"{label}: {text(entry.get(key)).rstrip('.')}."
        for label, key in (
            ("License requirement", "license_requirement"),
            ("License policy", "license_policy"),
        )
        if text(entry.get(key))
    ]
    row = {
        "id": event_id,
        "date": start,
        "end_date": end if end and end > start and end > today else "",
        "company": name,
        "regulator": regulator_of(entry),
        "status": "in force",
        "title": f"{name} added to the {list_name}",
        "description": text(entry.get("remarks")),
        "conditions": " ".join(terms),
        "sources": "; ".join(s["id"] for s in sources),
        "reported": start,
        "aliases": "; ".join(text(a) for a in entry.get("alt_names") or [] if text(a)),
        "list": text(entry.get("source")),
        "country": ", ".join(countries_of(entry)),
        "addresses": " | ".join(_address(a) for a in entry.get("addresses") or [] if _address(a)),
        "programs": "; ".join(text(p) for p in entry.get("programs") or [] if text(p)),
        "federal_register_notice": text(entry.get("federal_register_notice")),
    }
    rows = [row]
    if end and end > start and end <= today:
        rows.append(
            {
                **row,
                "end_date": end,
                "status": "revoked",
                "title": f"{name} removed from the {list_name}",
                "reported": end,
            }
        )
    return rows, sources


def entries_table(
    entries: list[dict],
    query: Query,
    by_citation: dict[str, dict] | None = None,
    today: str | None = None,
) -> RegisterTable:
    """Events and sources of the entries the query keeps; `by_citation` joins the notices to
    Federal Register documents fetched before (federal_register.cached_by_citation)."""
    today = today or dt.date.today().isoformat()
    by_citation = by_citation or {}
    table = RegisterTable()
    undated = 0
    taken: set[str] = set()
    for entry in entries:
        if not matches(entry, query):
            continue
        if not iso_day(entry.get("start_date")):
            undated += 1
            continue
        event_id = _unique(entry_id(entry), taken)
        rows, sources = entry_rows(entry, event_id, by_citation, today)
        table.events.extend(rows)
        table.sources.extend(sources)
    if undated:
        table.notes.append(
            f"{undated:,} listed part{'ies' if undated != 1 else 'y'} without a start date: "
            "left out (the timeline needs a date)"
        )
    return table


def entry_id(entry: dict) -> str:
    """`csl-<the entry's id>`, or a digest of list, name and start when it has none."""
    given = re.sub(r"[^A-Za-z0-9._-]+", "-", text(entry.get("id"))).strip("-")
    if given:
        return f"csl-{given}"
    key = "|".join(text(entry.get(k)) for k in ("source", "name", "start_date"))
    return "csl-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def _unique(event_id: str, taken: set[str]) -> str:
    candidate, n = event_id, 1
    while candidate in taken:
        n += 1
        candidate = f"{event_id}-{n}"
    taken.add(candidate)
    return candidate


def _address(address: object) -> str:
    if not isinstance(address, dict):
        return text(address)
    keys = ("address", "city", "state", "postal_code", "country")
    return ", ".join(text(address.get(k)) for k in keys if text(address.get(k)))
