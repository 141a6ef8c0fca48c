"""The corpus of bad files: each reports exactly the problems listed in expected.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.conftest import assert_problems, run
from viewer.io import load
from viewer.record.problems import LoadError

FOLDER = Path(__file__).parent / "bad_files"
EXPECTED = tomllib.loads((FOLDER / "expected.toml").read_text(encoding="utf-8"))


def test_every_file_of_the_corpus_has_an_expectation():
    files = {p.name for p in FOLDER.iterdir() if p.name != "expected.toml"}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTED.items() if "problems" in e))
def test_row_problems_name_line_column_and_reason(name):
    expected = EXPECTED[name]
    model = load(FOLDER / name)
    assert_problems(model, expected)
    assert all(str(FOLDER / name) in p.file for p in model.problems)


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTED.items() if "error" in e))
def test_files_that_cannot_be_read_give_one_message(name):
    with pytest.raises(LoadError) as err:
        load(FOLDER / name)
    assert EXPECTED[name]["error"] in err.value.reason
    assert err.value.path == str(FOLDER / name)


@pytest.mark.parametrize("name", ["field_count.csv", "broken.json", "json_rows.json"])
def test_validate_prints_the_same_list_and_exits_1(name):
    r = run("validate", FOLDER / name)
    assert r.returncode == 1
    assert "Traceback" not in r.stdout + r.stderr
    expected = EXPECTED[name]
    if "error" in expected:
        assert expected["error"] in r.stderr
        assert str(FOLDER / name) in r.stderr
        return
    model = load(FOLDER / name)
    for problem in model.problems:
        assert str(problem) in r.stdout
    assert r.stdout.strip().endswith("rows left out") or "row left out" in r.stdout


def test_missing_folder_and_unreadable_files(tmp_path):
    with pytest.raises(LoadError, match="no such file"):
        load(tmp_path / "gone.csv")
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    with pytest.raises(LoadError, match="is a folder"):
        load(folder)
    locked = tmp_path / "locked.csv"
    locked.write_text("id,date,company,regulator,title\n", encoding="utf-8")
    locked.chmod(0)
    try:
        import os

        if os.access(locked, os.R_OK):  # running as root: permissions don't apply
            pytest.skip("permissions are not enforced for this user")
        with pytest.raises(LoadError, match="permission denied"):
            load(locked)
    finally:
        locked.chmod(0o644)
