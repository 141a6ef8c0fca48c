"""The bundled record's Federal Register sources against what a fetch makes of the recorded
pages: the same document number, citation and publication date for each document cited."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import OFFICIAL
from viewer.io.official import federal_register as fr

RECORDED = (
    "bis-documents-page-1.json",
    "bis-documents-page-2.json",
    "federal-register-documents-2024-slice.json",
    "federal-register-documents-2024-page-2.json",
)
NUMBER = re.compile(r"\b(?:19|20)\d{2}-\d{5}\b")


@pytest.fixture(scope="module")
def fetched() -> dict[str, dict[str, str]]:
    """The source rows a fetch makes of every recorded document, by document number."""
    docs = []
    for name in RECORDED:
        docs += json.loads((OFFICIAL / name).read_text(encoding="utf-8"))["results"]
    table = fr.documents_table(docs, fr.Query(agencies=()), today="2026-02-01")
    return {s["document_number"]: s for s in table.sources}


def cited_documents(model) -> list[tuple[str, str, str, str]]:
    """(source id, document number, the source's words, its publication date) of every source
    the record attributes to the Federal Register."""
    found = []
    sources = model.sources[model.sources["publisher"].str.strip() == fr.PUBLISHER]
    for _, source in sources.iterrows():
        words = f"{source['title']} {source['quote']}"
        numbers = NUMBER.findall(words) or NUMBER.findall(str(source["url"]))
        assert numbers, f"source {source['id']} of the Federal Register names no FR Doc number"
        found.append((source["id"], numbers[0], words, str(source["published"])))
    return found


def test_the_recorded_pages_hold_the_h200_rule_as_published(fetched):
    rule = fetched["2026-00789"]
    assert rule["citation"] == "91 FR 1684"
    assert rule["published"] == "2026-01-15"
    assert rule["pdf_url"] == "https://www.govinfo.gov/content/pkg/FR-2026-01-15/pdf/2026-00789.pdf"


def test_bundled_federal_register_sources_agree_with_the_fetch(h200_model, fetched):
    cited = cited_documents(h200_model)
    if not cited:
        pytest.skip("the bundled record cites no Federal Register document yet")
    for source_id, number, words, published in cited:
        assert number in fetched, (
            f"{source_id} cites FR Doc {number}, which tests/official/ does not record: "
            "add its page to compare"
        )
        document = fetched[number]
        assert fr.citation_key(words) == document["citation"], (
            f"{source_id} (FR Doc {number}) gives {fr.citation_key(words) or 'no citation'}; "
            f"the Federal Register: {document['citation']}"
        )
        if published:
            assert published == document["published"], (
                f"{source_id} (FR Doc {number}) published {published}; "
                f"the Federal Register: {document['published']}"
            )
