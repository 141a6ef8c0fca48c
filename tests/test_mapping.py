"""Tables whose columns have other names: guessed, mapped with --map, problems in their names."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.conftest import run
from viewer.io import load, read_table
from viewer.io.mapping import (
    apply_mapping,
    format_map,
    guess_mapping,
    header_key,
    missing_fields,
    parse_map,
)
from viewer.record.problems import LoadError, MissingColumnsError

TABLE = (
    "Ref,Effective Date,Agency,Entity,Summary,Notes,Date\n"
    "1,2026-01-13,US BIS,Nvidia,Rule,first,not a date\n"
    "2,2026-01-30,CN MIIT,DeepSeek,Approval,second,\n"
    "3,2026-02-31,CN MIIT,DeepSeek,Bad day,third,\n"
)
MAP = "date=Effective Date,regulator=Agency,company=Entity,title=Summary"


def test_parse_map_and_its_errors():
    assert parse_map(MAP) == {
        "date": "Effective Date",
        "regulator": "Agency",
        "company": "Entity",
        "title": "Summary",
    }
    assert parse_map("End Date = Until") == {"end_date": "Until"}
    for bad, words in [
        ("when=Effective Date", "unknown field 'when'"),
        ("date", "not FIELD=COLUMN"),
        ("date=", "no column"),
        ("date=a,date=b", "mapped twice"),
        ("", "empty"),
    ]:
        with pytest.raises(ValueError, match=words):
            parse_map(bad)
    assert parse_map(format_map(parse_map(MAP))) == parse_map(MAP)


def test_guess_from_names_and_cells():
    frame = pd.DataFrame(
        {
            "Ref": ["1"],
            "When it happened": ["2026-01-13"],
            "Agency": ["US BIS"],
            "Entity": ["Nvidia"],
            "Summary": ["Rule"],
            "Details": ["x"],
        }
    )
    guess = guess_mapping(frame)
    assert guess["date"] == "When it happened"  # no name matches: the cells are dates
    assert guess["regulator"] == "Agency"
    assert guess["company"] == "Entity"
    assert guess["title"] == "Summary"
    assert guess["id"] == "Ref"
    assert guess["description"] == "Details"
    assert missing_fields(frame.columns) == ["date", "company", "regulator", "title"]
    assert missing_fields(["Start", "Companies", "Regulator", "Headline"]) == []


def test_header_key_ignores_case_and_spacing_but_not_order():
    assert header_key(["Effective Date", "Agency"]) == header_key(["effective_date", "AGENCY"])
    assert header_key(["Agency", "Effective Date"]) != header_key(["Effective Date", "Agency"])


def test_mapped_load_names_the_files_columns_in_problems(write):
    path = write("agency.csv", TABLE)
    with pytest.raises(MissingColumnsError) as err:
        load(path)
    assert err.value.raw is not None and "Effective Date" in err.value.raw.events.columns
    model = load(path, mapping=parse_map(MAP))
    assert list(model.events["title"]) == ["Rule", "Approval"]
    assert [(p.line, p.column) for p in model.problems] == [(4, "Effective Date")]
    # The displaced `Date` column is kept as an extra, not read as the date.
    assert "Date (not used)" in model.extra_columns


def test_a_mapping_naming_a_missing_column_says_so(write):
    path = write("agency.csv", TABLE)
    with pytest.raises(LoadError, match="no column 'Effective' to map to date"):
        load(path, mapping={"date": "Effective"})
    with pytest.raises(LoadError, match="mapped to both date and regulator"):
        apply_mapping(read_table(path), {"date": "Agency", "regulator": "agency"})


def test_cli_validate_and_export_with_map(write, tmp_path):
    path = write("agency.csv", TABLE)
    r = run("validate", path)
    assert r.returncode == 1
    assert "not an event table" in r.stderr
    assert "--map 'date=Effective Date,company=Entity,regulator=Agency,title=Summary" in r.stderr
    r = run("validate", path, "--map", MAP)
    assert r.returncode == 1
    assert f"{path}:4: column 'Effective Date' value '2026-02-31'" in r.stdout
    assert "2 events loaded · 1 row left out" in r.stdout
    out = tmp_path / "out.csv"
    r = run("export", path, "--map", MAP, "-o", out)
    assert r.returncode == 0, r.stderr
    written = pd.read_csv(out, dtype=str, encoding="utf-8-sig")
    assert list(written["title"]) == ["Rule", "Approval"]
    r = run("validate", path, "--map", "when=x")
    assert r.returncode == 2 and "unknown field 'when'" in r.stderr
