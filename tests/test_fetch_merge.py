"""Merging a fetch into a table: its rows stay as they were, nothing is added twice, the result
is a new file (never one of the inputs) that RegTimeline reads clean."""

from __future__ import annotations

import json

import pytest

from tests.conftest import BUNDLED_EVENTS, BUNDLED_FR_DOCS, FETCHED_ON, OFFICIAL
from viewer.io import load
from viewer.io.files import WriteError
from viewer.io.official import federal_register as fr
from viewer.io.official import screening_list as csl
from viewer.io.official.merge import merge, read_existing, write_data_set
from viewer.io.readers import read_table
from viewer.record.problems import LoadError

TODAY = FETCHED_ON


def test_the_existing_rows_are_written_back_cell_for_cell(bis, write, tmp_path):
    mine = write(
        "mine.csv",
        "ID;Date;Company;Regulator;Title;Reported;Note\n"
        "cn-1;2026-01-30;DeepSeek;CN MIIT;=A looks like a formula;;keep me\n"
        "cn-2;2026-02;Alibaba;CN NDRC;Month only;2026-02-03;\n",
    )
    out = tmp_path / "out.csv"
    merged = merge(read_existing(mine), bis)
    write_data_set(out, merged, [mine])
    before = read_table(mine).events
    after = read_table(out).events
    assert list(after.columns[: len(before.columns)]) == list(before.columns)
    kept = after.iloc[: len(before)][list(before.columns)]
    assert kept.astype(str).values.tolist() == before.astype(str).values.tolist()
    added = after.iloc[len(before) :]
    assert set(added["ID"]) == bis.event_ids  # under the table's own column names
    assert (added["Date"] != "").all()
    model = load(out)
    assert not model.problems
    assert merged.kept == 2 and merged.added == len(bis.events)


def test_a_document_the_table_already_cites_is_not_added_again(bis, write, tmp_path):
    mine = write(
        "mine.csv",
        "id,date,company,regulator,title,sources\n"
        "us-bis-h200-rule,2026-01-15,all,US BIS,H200 licence review case by case,S1\n",
    )
    write(
        "mine.sources.csv",
        "id,publisher,title,url,published\n"
        "S1,Federal Register,Revision to License Review Policy (FR Doc 2026-00789; 91 FR 1684),"
        "https://www.govinfo.gov/content/pkg/FR-2026-01-15/html/2026-00789.htm,2026-01-15\n",
    )
    merged = merge(read_existing(mine), bis)
    ids = set(merged.events["id"])
    assert "fr-2026-00789" not in ids
    assert "fr-2024-28270" in ids
    assert any("already cites (2026-00789)" in note for note in merged.notes)
    assert "fr-2026-00789" not in set(merged.sources["id"])


def test_a_listed_party_cites_the_tables_own_source_of_its_rule(write, tmp_path):
    mine = write(
        "mine.csv",
        "id,date,company,regulator,title,sources\n"
        "us-bis-el,2024-12-02,all,US BIS,140 entities added to the Entity List,S9\n",
    )
    write(
        "mine.sources.csv",
        "id,publisher,title,url,published,quote\n"
        "S9,Federal Register,Additions to the Entity List,,2024-12-05,FR Doc 2024-28267\n",
    )
    entries = json.loads((OFFICIAL / "consolidated.json").read_text(encoding="utf-8"))
    page = json.loads((OFFICIAL / "bis-documents-page-2.json").read_text(encoding="utf-8"))
    by_citation = {fr.citation_key(d["citation"]): d for d in page["results"]}
    table = csl.entries_table(entries["results"], csl.Query(lists=("EL",)), by_citation, TODAY)
    merged = merge(read_existing(mine), table)
    row = merged.events[merged.events["id"] == "csl-fixture-el-1"].iloc[0]
    assert row["sources"] == "S9; csl-fixture-el-1"
    out = tmp_path / "out.csv"
    write_data_set(out, merged, [mine])
    model = load(out)
    assert not model.problems
    assert model.event_sources(model.index_of("csl-fixture-el-1"))["id"].iat[0] == "S9"


def test_a_workbook_merges_into_a_workbook(bis, tmp_path, h200_path):
    from viewer.export.table import export_table
    from viewer.shown.content import make_content
    from viewer.shown.filters import Filters

    book = tmp_path / "h200.xlsx"
    export_table(make_content(load(h200_path), Filters()), book)
    out = tmp_path / "h200-with-rules.xlsx"
    write_data_set(out, merge(read_existing(book), bis), [book])
    model = load(out)
    assert not model.problems
    new = {i for i in bis.event_ids if i.removeprefix("fr-") not in BUNDLED_FR_DOCS}
    assert BUNDLED_FR_DOCS and len(model) == BUNDLED_EVENTS + len(new)  # cited ones: not twice
    cited = bis.source_frame().set_index("id")["citation"]
    for event_id in new:
        i = model.index_of(event_id)
        assert model.event_sources(i)["citation"].iat[0] == cited[event_id]


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [
        ("t.json", '[{"date": "2026-01-01", "company": "a", "regulator": "b", "title": "c"}]',
         "export this one to CSV first"),
        ("t.csv", "date,company,regulator,title\n2026-01-01,a,b,c,d,e\n",
         "its reader could not use"),
        ("t.csv", "Year,Month,Day,Headline,Text,Group\n2026,1,1,a,b,c\n", "TimelineJS"),
    ],
)  # fmt: skip
def test_tables_merging_would_change_are_refused(write, name, text, reason):
    with pytest.raises(LoadError, match=reason):
        read_existing(write(name, text))


def test_never_over_the_input_or_its_sources(bis, write, tmp_path):
    mine = write("mine.csv", "date,company,regulator,title\n2026-01-01,a,CN MIIT,c\n")
    sources = write("mine.sources.csv", "id,publisher,title\nS1,p,t\n")
    merged = merge(read_existing(mine), bis)
    with pytest.raises(WriteError, match="never written over"):
        write_data_set(mine, merged, [mine, sources])
    # OUT named so that its sources file would be the input's sources file
    with pytest.raises(WriteError, match="never written over"):
        write_data_set(tmp_path / "mine.csv", merged, [tmp_path / "other.csv", sources])
    assert sources.read_text(encoding="utf-8") == "id,publisher,title\nS1,p,t\n"
