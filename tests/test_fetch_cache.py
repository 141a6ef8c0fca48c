"""The raw-page cache: a second run asks only for what is new, a run cut off is never
replayed, and `--offline` needs nothing but the cache."""

from __future__ import annotations

import copy
import json

import pytest

from tests.conftest import OFFICIAL, Reply
from viewer.io.official import federal_register as fr
from viewer.io.official.cache import QueryCache, cache_root
from viewer.io.official.http import Client, RegisterError
from viewer.io.official.run import FetchRequest, run_fetch
from viewer.io.progress import NO_PROGRESS

DOCUMENTS = "/api/v1/documents.json"
NEXT = "/api/v1/documents"


def page(name: str) -> dict:
    return json.loads((OFFICIAL / name).read_text(encoding="utf-8"))


def serve_bis(server) -> None:
    server.route(DOCUMENTS, Reply.file("bis-documents-page-1.json"))
    server.route(NEXT, Reply.file("bis-documents-page-2.json"), when={"page": "2"})


def fetch(server, **options) -> fr.Fetched:
    query = fr.Query(base_url=server.url, **options)
    cache = QueryCache(fr.REGISTER, query.key())
    return fr.fetch_documents(query, Client(timeout=2.0, tries=1), cache)


def numbers(fetched: fr.Fetched) -> set[str]:
    return {d["document_number"] for d in fetched.documents}


def test_the_pages_are_kept_in_the_user_cache_folder(official_server, user_cache):
    serve_bis(official_server)
    fetch(official_server)
    pages = sorted(cache_root().glob("federal-register/*/run-*/page-*.json"))
    assert [p.name for p in pages] == ["page-0001.json", "page-0002.json"]
    assert str(cache_root()).startswith(str(user_cache))
    assert pages[0].read_bytes() == (OFFICIAL / "bis-documents-page-1.json").read_bytes()


def test_a_second_run_asks_only_for_documents_since_the_latest(official_server):
    newer = copy.deepcopy(page("bis-documents-page-2.json")["results"][-1])
    newer.update(document_number="2026-01111", publication_date="2026-02-02", effective_on=None)
    since = "2026-01-15"  # the latest publication date of the first run
    official_server.route(
        DOCUMENTS,
        Reply.json({"count": 2, "total_pages": 1, "results": [page_last(), newer]}),
        when={"conditions[publication_date][gte]": since},
    )
    serve_bis(official_server)
    first = fetch(official_server)
    assert len(official_server.asked) == 2
    second = fetch(official_server)
    asked = official_server.asked[2:]
    assert len(asked) == 1
    assert asked[0].query["conditions[publication_date][gte]"] == [since]
    assert second.pages == 1
    assert numbers(second) == numbers(first) | {"2026-01111"}


def test_what_a_run_returns_is_what_its_cache_replays(official_server):
    serve_bis(official_server)
    fetch(official_server)
    again = fetch(official_server)  # (the pages of this run are not read back from the disk)
    query = fr.Query(base_url=official_server.url)
    assert again.documents == fr.documents_of(QueryCache(fr.REGISTER, query.key()).runs())


def page_last() -> dict:
    return page("bis-documents-page-2.json")["results"][-1]


def test_a_window_that_ended_before_the_last_run_asks_nothing(official_server):
    serve_bis(official_server)
    first = fetch(official_server, until="2025-12-31")
    asked = len(official_server.asked)
    again = fetch(official_server, until="2025-12-31")
    assert len(official_server.asked) == asked
    assert numbers(again) == numbers(first)


def test_a_run_cut_off_is_not_replayed_and_is_cleared_next_time(official_server):
    official_server.route(DOCUMENTS, Reply.file("bis-documents-page-1.json"))
    official_server.route(NEXT, Reply(b"down", 503), when={"page": "2"})
    with pytest.raises(RegisterError, match="answered 503"):
        fetch(official_server)
    query = fr.Query(base_url=official_server.url)
    cache = QueryCache(fr.REGISTER, query.key())
    assert cache.runs() == []  # page 1 was kept, but the run is not complete
    with pytest.raises(RegisterError, match="nothing from the Federal Register is cached"):
        fr.fetch_documents(query, Client(), cache, offline=True)
    official_server.routes.clear()
    serve_bis(official_server)
    assert len(numbers(fetch(official_server))) == 9
    assert len(list(cache.folder.glob("run-*"))) == 1


def test_offline_replays_every_run(official_server, tmp_path):
    serve_bis(official_server)
    out = tmp_path / "bis.csv"
    query = fr.Query(base_url=official_server.url)
    done = run_fetch(FetchRequest(out, federal_register=query, tries=1), NO_PROGRESS)
    assert done.ok, done.error
    official_server.close()  # the network is gone
    offline = tmp_path / "offline.csv"
    again = run_fetch(
        FetchRequest(offline, federal_register=query, offline=True, tries=1), NO_PROGRESS
    )
    assert again.ok, again.error
    assert offline.read_bytes() == out.read_bytes()
    assert "from the cache only (--offline)" in again.notes
