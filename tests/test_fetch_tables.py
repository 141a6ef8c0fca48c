"""Register answers as events and sources: each field of a document or a listed party, and
what the model then reads (no server here: the recorded pages are read directly)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import FETCHED_ON, OFFICIAL, recorded
from viewer.io.official import federal_register as fr
from viewer.io.official import screening_list as csl
from viewer.io.official.merge import merge
from viewer.record.build import build_model
from viewer.record.raw import RawTable

TODAY = FETCHED_ON


def rows_of(table, event_id: str) -> list[dict]:
    return sorted((r for r in table.events if r["id"] == event_id), key=lambda r: r["reported"])


def model_of(table):
    """The model RegTimeline reads from a fetched table (as written, before any file)."""
    from pathlib import Path

    import numpy as np

    merged = merge(None, table)
    raw = RawTable(
        path=Path("fetched.csv"),
        events=merged.events.astype("string"),
        lines=np.arange(2, len(merged.events) + 2),
        sources=merged.sources.astype("string"),
        source_lines=np.arange(2, len(merged.sources) + 2),
    )
    return build_model(raw)


def test_a_final_rule_in_force_from_its_effective_date(bis):
    (row,) = rows_of(bis, "fr-2026-00789")
    assert row["date"] == "2026-01-15"
    assert row["reported"] == "2026-01-15"
    assert row["status"] == "in force"
    assert (row["company"], row["regulator"]) == ("all", "US BIS")
    assert row["title"] == "Revision to License Review Policy for Advanced Computing Commodities"
    assert row["sources"] == "fr-2026-00789"


def test_a_rule_effective_before_publication_is_reported_on_publication(bis):
    (row,) = rows_of(bis, "fr-2022-21658")
    assert (row["date"], row["reported"], row["status"]) == ("2022-10-07", "2022-10-13", "in force")


def test_a_rule_effective_later_is_pending_then_in_force(bis):
    pending, in_force = rows_of(bis, "fr-2023-23049")
    assert (pending["reported"], pending["status"]) == ("2023-10-25", "pending")
    assert (in_force["reported"], in_force["status"]) == ("2023-11-17", "in force")
    assert pending["date"] == in_force["date"] == "2023-11-17"


def test_a_rule_not_yet_effective_today_stays_pending():
    docs = recorded("bis-documents-page-1.json")
    table = fr.documents_table(docs, fr.Query(), today="2023-11-01")
    assert [r["status"] for r in rows_of(table, "fr-2023-23049")] == ["pending"]


def test_a_proposed_rule_is_pending_over_its_comment_period(bis):
    (row,) = rows_of(bis, "fr-2020-24322")
    assert (row["date"], row["end_date"], row["status"]) == ("2020-11-06", "2020-12-21", "pending")
    assert row["comments_close_on"] == "2020-12-21"
    assert row["action"] == "Proposed rule."


def test_a_correction_is_a_later_report_of_the_rule_it_corrects(bis):
    original, correction = rows_of(bis, "fr-2024-19633")
    assert original["reported"] == "2024-09-06"
    assert correction["reported"] == "2024-12-27"
    assert correction["title"] == original["title"]
    assert correction["sources"] == "fr-2024-19633; fr-2024-30723"
    assert "Corrected by 89 FR 105448 (FR Doc 2024-30723)" in correction["description"]
    assert not rows_of(bis, "fr-2024-30723")  # no event of its own


def test_a_correction_of_a_document_not_fetched_keeps_its_own_fields():
    page = recorded("bis-documents-page-2.json")
    docs = [d for d in page if d["document_number"] == "2024-30723"]
    table = fr.documents_table(docs, fr.Query(), TODAY)
    (row,) = table.events
    assert row["id"] == "fr-2024-19633"
    assert row["title"].endswith("; Correction")
    assert row["sources"] == "fr-2024-30723"


def test_correction_of_as_an_address_names_the_document():
    assert fr.number_of("2024-19633") == "2024-19633"
    address = (
        "https://www.federalregister.gov/api/v1/documents/2024-19633?publication_date=2024-09-06"
    )
    assert fr.number_of(address) == "2024-19633"
    html = "https://www.federalregister.gov/documents/2024/09/06/2024-19633/commerce-control-list"
    assert fr.number_of(html) == "2024-19633"
    assert fr.number_of(None) == ""


def test_a_source_per_document_with_its_number_citation_parts_and_pdf(bis):
    sources = {s["id"]: s for s in bis.sources}
    s = sources["fr-2026-00789"]
    assert s["publisher"] == "Federal Register"
    assert s["published"] == "2026-01-15"
    assert s["url"].startswith("https://www.federalregister.gov/documents/2026/01/15/2026-00789/")
    assert (s["document_number"], s["citation"]) == ("2026-00789", "91 FR 1684")
    assert s["cfr_parts"] == "15 CFR 742, 744, 748"
    assert s["rins"] == "0694-AK43"
    assert s["pdf_url"] == "https://www.govinfo.gov/content/pkg/FR-2026-01-15/pdf/2026-00789.pdf"


def test_the_fetched_table_reads_clean_with_status_history(bis):
    model = model_of(bis)
    assert not model.problems
    assert len(model) == 8  # nine documents, one of them a correction
    i = model.index_of("fr-2023-23049")
    assert list(model.history(i)["status"]) == ["pending", "in force"]
    assert model.events["status"].iat[i] == "in force"
    j = model.index_of("fr-2020-24322")
    assert model.events["end"].iat[j] > model.events["start"].iat[j]


@pytest.mark.parametrize(
    ("agencies", "kind", "regulator"),
    [
        (["commerce-department", "industry-and-security-bureau"], "Rule", "US BIS"),
        (["commerce-department"], "Notice", "US Commerce"),
        (["state-department"], "Rule", "US State"),
        (["federal-maritime-commission"], "Rule", "US FMC"),
        (["agriculture-department"], "Notice", "US Agriculture"),
        (["executive-office-of-the-president"], "Presidential Document", "US White House"),
    ],
)
def test_regulators_from_the_agencies(agencies, kind, regulator):
    names = {
        "commerce-department": ("Commerce Department", None),
        "industry-and-security-bureau": ("Industry and Security Bureau", 54),
        "state-department": ("State Department", None),
        "federal-maritime-commission": ("Federal Maritime Commission", None),
        "agriculture-department": ("Agriculture Department", None),
        "executive-office-of-the-president": ("Executive Office of the President", None),
    }
    doc = {
        "type": kind,
        "agencies": [{"slug": a, "name": names[a][0], "parent_id": names[a][1]} for a in agencies],
    }
    assert fr.regulator_of(doc) == regulator


@pytest.mark.parametrize(
    ("subtype", "status"),
    [("Executive Order", "in force"), ("Proclamation", "in force"), ("Memorandum", "statement")],
)
def test_presidential_documents_by_subtype_dated_by_signing(subtype, status):
    doc = {
        "document_number": "2026-01234",
        "type": "Presidential Document",
        "subtype": subtype,
        "signing_date": "2026-01-14",
        "publication_date": "2026-01-20",
        "title": "A presidential document",
        "agencies": [{"slug": "executive-office-of-the-president", "name": "x"}],
    }
    (row,) = fr.document_rows(doc, TODAY)
    assert (row["date"], row["reported"], row["status"]) == ("2026-01-14", "2026-01-20", status)
    assert row["regulator"] == "US White House"


def test_filed_on_public_inspection_counts_as_reported():
    """Public a day before publication, in force on its effective day."""
    doc = {
        "document_number": "2026-00789",
        "type": "Rule",
        "publication_date": "2026-01-15",
        "effective_on": "2026-01-15",
        "filed_at": "2026-01-14T08:45:00-05:00",
    }
    filed, effective = fr.document_rows(doc, TODAY)
    assert (filed["reported"], filed["status"]) == ("2026-01-14", "pending")
    assert (effective["reported"], effective["status"]) == ("2026-01-15", "in force")


def test_documents_of_other_agencies_or_types_are_left_out_and_counted():
    docs = recorded("federal-register-documents-2024-slice.json")
    table = fr.documents_table(docs, fr.Query(types=("notice",)), TODAY)
    assert {r["id"] for r in table.events} == {
        "fr-2024-00190",
        "fr-2024-00359",
        "fr-2024-00422",
        "fr-2024-00582",
    }
    assert {r["status"] for r in table.events} == {"statement"}
    assert table.notes == [
        "2 documents the server sent did not match industry-and-security-bureau · notice: left out"
    ]


def test_the_request_asks_by_agency_type_and_dates_with_1000_per_page():
    from urllib.parse import parse_qs, urlsplit

    query = fr.Query(types=("rule", "proposed-rule"), since="2024-01-01", until="2024-12-31")
    url = fr.first_page_url(query)
    assert url.startswith("https://www.federalregister.gov/api/v1/documents.json?")
    asked = parse_qs(urlsplit(url).query)
    assert asked["per_page"] == ["1000"]
    assert asked["conditions[agencies][]"] == ["industry-and-security-bureau"]
    assert asked["conditions[type][]"] == ["RULE", "PRORULE"]
    assert asked["conditions[publication_date][gte]"] == ["2024-01-01"]
    assert asked["conditions[publication_date][lte]"] == ["2024-12-31"]
    assert "citation" in asked["fields[]"] and "effective_on" in asked["fields[]"]


def test_next_page_is_asked_of_the_mirror_in_use():
    public = "https://www.federalregister.gov/api/v1/documents?page=2&per_page=1000"
    assert fr.on_base(public, "http://127.0.0.1:8000") == (
        "http://127.0.0.1:8000/api/v1/documents?page=2&per_page=1000"
    )
    assert fr.on_base(public, "https://mirror.example/fr/api/v1/") == (
        "https://mirror.example/fr/api/v1/documents?page=2&per_page=1000"
    )


# -- the screening list ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def entries():
    return json.loads((OFFICIAL / "consolidated.json").read_text(encoding="utf-8"))["results"]


def test_one_event_per_listed_party_in_its_own_lane(entries):
    table = csl.entries_table(entries, csl.Query(lists=("Entity List",)), {}, TODAY)
    (row,) = rows_of(table, "csl-fixture-el-1")
    assert row["company"] == "Example Semiconductor Equipment Co., Ltd."
    assert (row["date"], row["status"], row["regulator"]) == ("2024-12-05", "in force", "US BIS")
    assert row["title"] == "Example Semiconductor Equipment Co., Ltd. added to the Entity List"
    assert row["aliases"] == "ESE Co.; Example Semi"
    assert row["federal_register_notice"] == "89 FR 96830"
    assert row["conditions"] == (
        "License requirement: For all items subject to the EAR. "
        "License policy: Presumption of denial."
    )
    assert row["country"] == "CN"


def test_a_party_removed_is_revoked_from_its_end_date(entries):
    table = csl.entries_table(entries, csl.Query(), {}, TODAY)
    listed, removed = rows_of(table, "csl-fixture-el-3")
    assert (listed["status"], listed["reported"]) == ("in force", "2022-10-13")
    assert (removed["status"], removed["reported"], removed["end_date"]) == (
        "revoked",
        "2023-06-01",
        "2023-06-01",
    )


def test_lists_and_countries_filter(entries):
    def ids(query):
        return {r["id"] for r in csl.entries_table(entries, query, {}, TODAY).events}

    assert ids(csl.Query(lists=("SDN",))) == {"csl-fixture-sdn-1"}
    assert ids(csl.Query(countries=("hk",))) == {"csl-fixture-el-5"}
    assert ids(csl.Query(lists=("el",), countries=("CN",))) == {
        "csl-fixture-el-1",
        "csl-fixture-el-2",
        "csl-fixture-el-3",
    }


def test_the_notice_joins_a_cached_document_by_citation(entries, bis):
    docs = recorded("bis-documents-page-2.json")
    by_citation = {fr.citation_key(d["citation"]): d for d in docs}
    table = csl.entries_table(entries, csl.Query(lists=("EL",)), by_citation, TODAY)
    (row,) = rows_of(table, "csl-fixture-el-1")
    assert row["sources"] == "fr-2024-28267; csl-fixture-el-1"
    sources = {s["id"]: s for s in table.sources}
    assert sources["fr-2024-28267"]["citation"] == "89 FR 96830"
    assert sources["fr-2024-28267"]["document_number"] == "2024-28267"
    model = model_of(table)
    assert not model.problems
    assert "Example Semiconductor Equipment Co., Ltd." in model.companies


def test_citation_keys_tolerate_spacing():
    assert fr.citation_key("85 FR 44159") == "85 FR 44159"
    assert fr.citation_key("85 F.R. 44159, 7/22/20") == "85 FR 44159"
    assert fr.citation_key("none") == ""


def test_an_entry_without_an_id_gets_a_stable_one():
    entry = {"name": "A", "source": "Entity List (EL) - Bureau of Industry and Security"}
    entry["start_date"] = "2024-01-02"
    assert csl.entry_id(entry) == csl.entry_id(dict(entry))
    assert csl.entry_id(entry).startswith("csl-")
    name, abbreviation, agency = csl.list_parts(entry["source"])
    assert (name, abbreviation, agency) == ("Entity List", "EL", "Bureau of Industry and Security")
