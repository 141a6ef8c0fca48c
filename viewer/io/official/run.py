"""One fetch from start to file: ask (or replay the cache), make the table, merge, write, check.

The command line and the window's Import from Registers both run `run_fetch`; it reports
progress, stops on cancel (the files being written are dropped, the old ones stay), and turns
every outcome into a FetchOutcome, never an exception (Ctrl+C aside: the command line exits).
No Qt here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from viewer import errors
from viewer.io.files import WriteError
from viewer.io.official import federal_register as fr
from viewer.io.official import screening_list as csl
from viewer.io.official.cache import QueryCache
from viewer.io.official.http import Client, RegisterError
from viewer.io.official.merge import merge, read_existing, write_data_set
from viewer.io.progress import CancelledError, Progress
from viewer.io.writers import check_data_set_target
from viewer.record.problems import LoadError

OFFICIAL = (fr.REGISTER, csl.REGISTER)


@dataclass
class FetchRequest:
    """What to fetch (one of the two queries), where to write it, what to merge it into."""

    out: Path
    federal_register: fr.Query | None = None
    screening_list: csl.Query | None = None
    merge_into: Path | None = None
    offline: bool = False
    timeout: float = 30.0
    tries: int = 4
    backoff: float = 1.0
    today: str | None = None
    """ISO day that counts as today (a rule in force once effective; tests set it)."""

    @property
    def register(self) -> str:
        return fr.REGISTER if self.federal_register is not None else csl.REGISTER


@dataclass
class FetchOutcome:
    request: FetchRequest
    written: list[Path] = field(default_factory=list)
    added: int = 0
    kept: int = 0
    summary: str = ""
    """What RegTimeline reads in the written table (`12 events · 1 company...`)."""
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str = ""
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return bool(self.written) and not self.error and not self.cancelled


def run_fetch(request: FetchRequest, progress: Progress) -> FetchOutcome:
    """Fetch, build, merge, write and read back; every outcome is a FetchOutcome."""
    outcome = FetchOutcome(request)
    try:
        _run(request, progress, outcome)
    except CancelledError:
        outcome.cancelled = True
    except (RegisterError, LoadError, WriteError) as exc:
        outcome.error = str(exc)
    except Exception as exc:  # a bug, not the register: logged with its traceback
        outcome.error = errors.report(exc, f"Fetching {request.register}")
    return outcome


def _run(request: FetchRequest, progress: Progress, outcome: FetchOutcome) -> None:
    out = Path(request.out)
    check_data_set_target(out)  # (before anything is read or asked)
    existing = None
    inputs: list[Path | None] = []
    if request.merge_into is not None:
        progress.step(0.0, f"Reading {request.merge_into.name}")
        existing = read_existing(request.merge_into)
        inputs = [request.merge_into, existing.sources_path]
        check_data_set_target(out, inputs)
    today = request.today or dt.date.today().isoformat()
    client = Client(
        timeout=request.timeout, tries=request.tries, backoff=request.backoff, progress=progress
    )
    if request.federal_register is not None:
        query = request.federal_register
        cache = QueryCache(fr.REGISTER, query.key())
        fetched = fr.fetch_documents(query, client, cache, request.offline)
        table = fr.documents_table(fetched.documents, query, today)
        what = "Federal Register documents"
    else:
        query = request.screening_list or csl.Query()
        cache = QueryCache(csl.REGISTER, {"url": query.url()})
        fetched = csl.fetch_entries(query, client, cache, request.offline)
        table = csl.entries_table(fetched.entries, query, fr.cached_by_citation(), today)
        what = "screening-list entries"
    outcome.notes.extend(fetched.notes)
    if not table.events and existing is None:
        raise RegisterError(f"no {what} match {query.describe()}: nothing written")
    progress.step(0.85, "Merging" if existing is not None else "Writing")
    merged = merge(existing, table)
    outcome.notes.extend(merged.notes)
    outcome.added, outcome.kept = merged.added, merged.kept
    progress.step(0.9, f"Writing {out.name}")
    outcome.written = write_data_set(out, merged, inputs)
    progress.step(0.95, f"Checking {out.name}")
    from viewer.io import load

    model = load(out)
    outcome.summary = model.summary()
    outcome.problems = [str(p) for p in model.problems]
    progress.step(1.0, "Done")
