"""The Federal Register API's documents as timeline events, with the documents as sources.

Fetch: `GET {base}/api/v1/documents.json` with `per_page=1000`, `order=oldest`, the fields below
and one condition per agency, type and date, following `next_page_url` to the last page. The
API ignores `per_page` under 20 and ANDs several `conditions[term]`, so the query stays broad
(agencies, types, dates) and what comes back is classified here. A second run asks only for
documents published since the latest one it has (the day included); `--offline` replays the
cached pages. No Qt here.

Each document becomes one event `fr-<document_number>` (see `document_rows` for the fields) and
one source with its number, citation, CFR parts, RINs and PDF address; a correction becomes a
later report of the event it corrects.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from viewer.io.official.cache import QueryCache, Run, cached_runs
from viewer.io.official.http import Client, RegisterError
from viewer.io.official.table import RegisterTable, iso_day, text

REGISTER = "federal-register"
BASE_URL = "https://www.federalregister.gov"
DEFAULT_AGENCY = "industry-and-security-bureau"
PER_PAGE = 1000
MAX_PAGES = 200
PUBLISHER = "Federal Register"

TYPES = {
    "rule": "RULE",
    "proposed-rule": "PRORULE",
    "notice": "NOTICE",
    "presidential": "PRESDOCU",
}
"""Command-line names -> the API's type codes."""

TYPE_NAMES = {
    "RULE": "Rule",
    "PRORULE": "Proposed Rule",
    "NOTICE": "Notice",
    "PRESDOCU": "Presidential Document",
}
"""The API's type codes -> the `type` its documents carry."""

FIELDS = (
    "abstract",
    "action",
    "agencies",
    "cfr_references",
    "citation",
    "comments_close_on",
    "correction_of",
    "document_number",
    "effective_on",
    "html_url",
    "pdf_url",
    "publication_date",
    "regulation_id_numbers",
    "signing_date",
    "subtype",
    "title",
    "type",
)

REGULATORS = {
    "industry-and-security-bureau": "US BIS",
    "commerce-department": "US Commerce",
    "state-department": "US State",
    "executive-office-of-the-president": "US White House",
    "president": "US White House",
    "foreign-assets-control-office": "US OFAC",
    "treasury-department": "US Treasury",
}
"""Agency slugs with the regulator names the bundled record uses; others: `US <short name>`."""

IN_FORCE_SUBTYPES = ("executive order", "proclamation")
"""Presidential documents that bind on signing; memoranda, notices, determinations are
statements."""

CITATION = re.compile(r"(\d+)\s*F\.?\s*R\.?\s*(\d+)")
"""A Federal Register citation, volume and page, however spaced (`85 F.R. 44159`)."""
_NUMBER = re.compile(r"\b(?:[A-Z]\d-)?\d{2,4}-\d{3,6}\b")
_MINOR_WORDS = {"and", "of", "the", "for", "on", "in", "to"}


@dataclass(frozen=True)
class Query:
    """What to ask the Federal Register for (the command's options)."""

    agencies: tuple[str, ...] = (DEFAULT_AGENCY,)
    types: tuple[str, ...] = ()
    """Command-line names (TYPES); none: every type."""
    since: str | None = None
    until: str | None = None
    """Publication dates, ISO days, both included."""
    term: str = ""
    base_url: str = BASE_URL

    def key(self) -> dict:
        return {
            "base_url": self.base_url.rstrip("/"),
            "agencies": sorted(self.agencies),
            "types": sorted(self.types),
            "since": self.since,
            "until": self.until,
            "term": self.term,
        }

    def describe(self) -> str:
        parts = [", ".join(self.agencies) or "every agency"]
        if self.types:
            parts.append(", ".join(self.types))
        if self.since or self.until:
            parts.append(f"published {self.since or '…'} to {self.until or 'today'}")
        if self.term:
            parts.append(f"term {self.term!r}")
        return " · ".join(parts)


@dataclass
class Fetched:
    documents: list[dict]
    pages: int = 0
    """Pages asked of the server in this run (0: everything from the cache)."""
    notes: list[str] = field(default_factory=list)


def publication_day(value: str, last: bool = False) -> str:
    """`2024-03-05`, `2024-03` or `2024` as an ISO day: the first (or `last`) day it covers;
    ValueError naming the value otherwise (the command's and the dialog's --since/--until)."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", value.strip())
    try:
        if not m:
            raise ValueError(value)
        year, month = int(m[1]), int(m[2] or (12 if last else 1))
        day = int(m[3]) if m[3] else (calendar.monthrange(year, month)[1] if last else 1)
        return dt.date(year, month, day).isoformat()
    except (ValueError, calendar.IllegalMonthError):
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)") from None


# -- asking ------------------------------------------------------------------------------------


def api_root(base_url: str) -> str:
    """`https://www.federalregister.gov` (or a mirror, or `.../api/v1` itself) -> the API root."""
    base = base_url.rstrip("/")
    return base if base.endswith("/api/v1") else base + "/api/v1"


def first_page_url(query: Query, since: str | None = None) -> str:
    params: list[tuple[str, str]] = [("per_page", str(PER_PAGE)), ("order", "oldest")]
    params += [("fields[]", name) for name in FIELDS]
    params += [("conditions[agencies][]", slug) for slug in query.agencies]
    params += [("conditions[type][]", TYPES[name]) for name in query.types]
    since = since or query.since
    if since:
        params.append(("conditions[publication_date][gte]", since))
    if query.until:
        params.append(("conditions[publication_date][lte]", query.until))
    if query.term:
        params.append(("conditions[term]", query.term))
    return f"{api_root(query.base_url)}/documents.json?{urlencode(params)}"


def on_base(next_url: str, base_url: str) -> str:
    """The API's `next_page_url` (it names the public site) asked of the server we use."""
    parts = urlsplit(next_url)
    path = parts.path
    at = path.find("/api/v1")
    tail = path[at + len("/api/v1") :] if at >= 0 else path
    return api_root(base_url) + tail + (f"?{parts.query}" if parts.query else "")


def fetch_documents(
    query: Query, client: Client, cache: QueryCache, offline: bool = False
) -> Fetched:
    """The documents of the query: the cached ones plus what is new (or the cache alone)."""
    runs = cache.runs()
    if offline:
        if not runs:
            raise RegisterError(
                f"nothing from the Federal Register is cached for {query.describe()}: "
                "fetch it once without --offline"
            )
        return Fetched(documents_of(runs), notes=["from the cache only (--offline)"])
    since = query.since
    if runs:
        fetched_day = str(runs[-1].meta.get("fetched", ""))[:10]
        if query.until and fetched_day > query.until:
            return Fetched(documents_of(runs), notes=["all from the cache (nothing newer)"])
        latest = max(str(run.meta.get("latest") or "") for run in runs)
        if latest and (since is None or latest > since):
            since = latest
    writer = cache.start_run()
    url: str | None = first_page_url(query, since)
    latest_seen = ""
    pages = 0
    fresh: list[dict] = []
    while url:
        if pages >= MAX_PAGES:
            raise RegisterError(
                f"the Federal Register sent more than {MAX_PAGES} pages: narrow the dates"
            )
        answer = client.get(url, parse=json.loads)
        page = answer.parsed
        results = _results(page, urlsplit(url).netloc)
        writer.add_page(answer.body)
        pages += 1
        fresh.extend(results)
        for doc in results:
            latest_seen = max(latest_seen, str(doc.get("publication_date") or ""))
        total = page.get("total_pages") if isinstance(page.get("total_pages"), int) else pages
        client.fraction = 0.8 * min(1.0, pages / max(total, 1))
        client.progress.step(client.fraction, f"Federal Register: page {pages} of {total}")
        nxt = page.get("next_page_url")
        url = on_base(nxt, query.base_url) if isinstance(nxt, str) and nxt else None
    writer.finish({"latest": latest_seen or since or "", "since": since or ""})
    note = f"{pages} page{'s' if pages != 1 else ''} fetched"
    return Fetched(documents_of(runs, fresh), pages=pages, notes=[note])  # (not read again)


def _results(page: object, host: str) -> list[dict]:
    if not isinstance(page, dict) or not ("results" in page or "count" in page):
        raise RegisterError(f"the answer from {host} is not a page of Federal Register documents")
    results = page.get("results") or []  # (a page with no match has no `results`)
    if not isinstance(results, list):
        raise RegisterError(f"the answer from {host} has no list of documents")
    return [doc for doc in results if isinstance(doc, dict) and doc.get("document_number")]


def documents_of(runs: list[Run], then: list[dict] | None = None) -> list[dict]:
    """Every document of the runs, then of `then` (this run's, as they arrived), one per
    number; a later copy replaces an earlier's."""
    found: dict[str, dict] = {}
    for run in runs:
        for body in run.pages():
            try:
                page = json.loads(body)
            except ValueError:
                continue  # (a page is cached only once it has parsed)
            for doc in _results(page, "the cache"):
                found[str(doc["document_number"])] = doc
    for doc in then or ():
        found[str(doc["document_number"])] = doc
    return list(found.values())


def cached_by_citation() -> dict[str, dict]:
    """Every Federal Register document in the cache, by citation (`85 FR 44159`)."""
    found: dict[str, dict] = {}
    for doc in documents_of(list(cached_runs(REGISTER))):
        cite = citation_key(doc.get("citation"))
        if cite:
            found[cite] = doc
    return found


def citation_key(text: object) -> str:
    """`85 FR 44159`, however spaced (`85 F.R. 44159`, `85 FR 44159`): the join key."""
    m = CITATION.search(str(text or ""))
    return f"{m.group(1)} FR {m.group(2)}" if m else ""


# -- classifying -------------------------------------------------------------------------------


def matches(doc: dict, query: Query) -> bool:
    """Whether a document answers the query: the API's answer is checked, not trusted."""
    slugs = {str(a.get("slug") or "") for a in doc.get("agencies") or [] if isinstance(a, dict)}
    if query.agencies and not slugs & set(query.agencies):
        return False
    if query.types and doc.get("type") not in {TYPE_NAMES[TYPES[t]] for t in query.types}:
        return False
    day = str(doc.get("publication_date") or "")
    if query.since and day < query.since:
        return False
    return not (query.until and day > query.until)


def regulator_of(doc: dict) -> str:
    """The acting agency as the data format names regulators (the sub-agency first)."""
    if doc.get("type") == "Presidential Document":
        return "US White House"
    agencies = [a for a in doc.get("agencies") or [] if isinstance(a, dict)]
    ranked = sorted(agencies, key=lambda a: a.get("parent_id") is None)  # sub-agencies first
    for agency in ranked:
        if agency.get("slug") in REGULATORS:
            return REGULATORS[agency["slug"]]
    if not ranked:
        return "US Federal Register"
    name = str(ranked[0].get("name") or ranked[0].get("raw_name") or "").strip()
    return "US " + short_name(name)


def short_name(name: str) -> str:
    """`Federal Maritime Commission` -> `FMC`; `Agriculture Department` -> `Agriculture`."""
    if name.endswith(" Department"):
        return name[: -len(" Department")]
    words = [w for w in re.split(r"[\s,]+", name) if w and w.lower() not in _MINOR_WORDS]
    if len(words) < 2:
        return name or "agency"
    return "".join(w[0].upper() for w in words)


def number_of(reference: object) -> str:
    """A document number from `correction_of` (a number, or an address that holds one)."""
    m = _NUMBER.search(str(reference or "").split("?")[0].split("/documents/")[-1])
    return m.group(0) if m else ""


def cfr_parts(doc: dict) -> str:
    """`15 CFR 742, 744, 748` (per title, `; `-separated)."""
    by_title: dict[str, list[str]] = {}
    for ref in doc.get("cfr_references") or []:
        if isinstance(ref, dict) and ref.get("title") is not None and ref.get("part") is not None:
            by_title.setdefault(str(ref["title"]), []).append(str(ref["part"]))
    return "; ".join(f"{t} CFR {', '.join(parts)}" for t, parts in by_title.items())


def document_source(doc: dict) -> dict[str, str]:
    """The Sources row of a document: where it is, and how lawyers cite it."""
    number = str(doc["document_number"])
    return {
        "id": f"fr-{number}",
        "publisher": PUBLISHER,
        "title": text(doc.get("title")) or f"FR Doc {number}",
        "url": text(doc.get("html_url")),
        "published": iso_day(doc.get("publication_date")),
        "language": "en",
        "quote": "",
        "document_number": number,
        "citation": text(doc.get("citation")),
        "cfr_parts": cfr_parts(doc),
        "rins": "; ".join(str(r) for r in doc.get("regulation_id_numbers") or []),
        "pdf_url": text(doc.get("pdf_url")),
    }


def reported_day(doc: dict) -> str:
    """When it became public: on public inspection (`filed_at`) when known, else published."""
    return iso_day(doc.get("filed_at")) or iso_day(doc.get("publication_date"))


def status_on(doc: dict, day: str) -> str:
    """The status of a document's event as known on `day` (ISO)."""
    kind = doc.get("type")
    if kind == "Rule":
        effective = iso_day(doc.get("effective_on"))
        return "pending" if effective and effective > day else "in force"
    if kind == "Proposed Rule":
        return "pending"
    if kind == "Presidential Document":
        subtype = str(doc.get("subtype") or "").lower()
        return "in force" if subtype in IN_FORCE_SUBTYPES else "statement"
    return "statement"


def event_date(doc: dict) -> str:
    """When it takes effect: effective date, else signing (presidential), else publication."""
    if doc.get("type") == "Presidential Document" and iso_day(doc.get("signing_date")):
        return iso_day(doc.get("signing_date"))
    return iso_day(doc.get("effective_on")) or iso_day(doc.get("publication_date"))


def document_rows(doc: dict, today: str) -> list[dict[str, str]]:
    """The event rows of one document: a report on publication, and for a rule that takes
    effect later a second report (`in force`) on that day once it has come.

    - date: `effective_on`, else the publication date (presidential: the signing date);
    - end_date: a proposed rule's `comments_close_on` (its comment period);
    - status: rule `in force` once effective (`pending` before), proposed rule `pending`,
      notice `statement`, presidential document by subtype (see IN_FORCE_SUBTYPES);
    - regulator from the agencies (regulator_of), company `all`, reported as reported_day.
    """
    number = str(doc["document_number"])
    published = reported_day(doc)
    date = event_date(doc)
    end = ""
    closes = iso_day(doc.get("comments_close_on"))
    if doc.get("type") == "Proposed Rule" and closes and closes > date:
        end = closes
    row = {
        "id": f"fr-{number}",
        "date": date,
        "end_date": end,
        "company": "all",
        "regulator": regulator_of(doc),
        "status": status_on(doc, published),
        "title": text(doc.get("title")) or f"FR Doc {number}",
        "description": text(doc.get("abstract")),
        "sources": f"fr-{number}",
        "reported": published,
        "action": text(doc.get("action")),
        "comments_close_on": closes,
    }
    rows = [row]
    effective = iso_day(doc.get("effective_on"))
    if row["status"] == "pending" and doc.get("type") == "Rule" and effective <= today:
        rows.append({**row, "status": "in force", "reported": effective})
    return rows


def correction_row(correction: dict, original: dict | None, today: str) -> dict[str, str]:
    """A correction as a later report of the event it corrects (the original's fields, both
    documents as sources); without the original, the correction's own fields."""
    number = str(correction["document_number"])
    day = reported_day(correction)
    cite = text(correction.get("citation")) or f"FR Doc {number}"
    published = iso_day(correction.get("publication_date"))
    note = f"Corrected by {cite} (FR Doc {number}), published {published}."
    if original is None:
        row = document_rows(correction, today)[0]
        row["id"] = f"fr-{number_of(correction.get('correction_of'))}"
        row["description"] = "\n\n".join(p for p in (note, row["description"]) if p)
        return row
    row = document_rows(original, today)[0]
    return {
        **row,
        "status": status_on(original, day),
        "description": "\n\n".join(p for p in (row["description"], note) if p),
        "sources": f"{row['sources']}; fr-{number}",
        "reported": day,
    }


def documents_table(documents: list[dict], query: Query, today: str | None = None) -> RegisterTable:
    """Events and sources of the documents that answer the query."""
    today = today or dt.date.today().isoformat()
    table = RegisterTable()
    kept = [doc for doc in documents if matches(doc, query)]
    by_number = {str(doc["document_number"]): doc for doc in documents}
    other = len(documents) - len(kept)
    if other:
        table.notes.append(
            f"{other} document{'s' if other != 1 else ''} the server sent did not match "
            f"{query.describe()}: left out"
        )
    rows: list[dict[str, str]] = []
    for doc in kept:
        if not iso_day(doc.get("publication_date")):
            table.notes.append(f"FR Doc {doc['document_number']} has no publication date: left out")
            continue
        table.sources.append(document_source(doc))
        original_number = number_of(doc.get("correction_of"))
        if original_number:
            rows.append(correction_row(doc, by_number.get(original_number), today))
            if original_number in by_number:
                table.sources.append(document_source(by_number[original_number]))
        else:
            rows.extend(document_rows(doc, today))
    table.events = fold_same_day(rows)
    return table


def fold_same_day(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Two reports of one event on one day (a correction published the day a rule takes
    effect) become one row citing both: the data format keeps one report per id and day."""
    folded: dict[tuple[str, str], dict[str, str]] = {}
    for row in rows:
        key = (row["id"], row["reported"])
        if key not in folded:
            folded[key] = dict(row)
            continue
        kept = folded[key]
        sources = [*kept["sources"].split("; "), *row["sources"].split("; ")]
        kept["sources"] = "; ".join(dict.fromkeys(s for s in sources if s))
        texts = [kept["description"], row["description"]]
        kept["description"] = "\n\n".join(dict.fromkeys(t for t in texts if t))
    return list(folded.values())
