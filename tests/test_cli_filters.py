"""The command line's filters and saved views: the same meaning as the window's panel."""

from __future__ import annotations

import json

from tests.conftest import BUNDLED_EVENTS, DATA, csv_rows, run
from viewer.record.as_of import known_on
from viewer.shown.filters import apply, from_options


def exported_ids(path) -> list[str]:
    return [row["id"] for row in csv_rows(path)]


def expected_ids(model, **kw) -> set[str]:
    sel = apply(model, from_options(model, **kw))
    return set(model.events["id"].to_numpy()[sel.events])


def test_export_takes_every_filter(tmp_path, h200_model):
    out = tmp_path / "events.csv"
    r = run(
        "export", DATA, "-o", out, "--company", "DeepSeek", "--company", "ByteDance",
        "--regulator", "CN NDRC", "--regulator", "CN MIIT", "--status", "conditional",
        "--status", "pending", "--track", "NDRC condition", "--track", "CN ministry approval",
        "--from", "2026-01", "--to", "2026-01", "--search", "h200",
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    got = set(exported_ids(out))
    expected = expected_ids(
        h200_model,
        companies=["DeepSeek", "ByteDance"],
        regulators=["CN NDRC", "CN MIIT"],
        statuses=["conditional", "pending"],
        tracks=["NDRC condition", "CN ministry approval"],
        date_from="2026-01",
        date_to="2026-01",
        text="h200",
    )
    assert got == expected and 0 < len(got) < BUNDLED_EVENTS


def test_company_keeps_all_companies_events(tmp_path, h200_model):
    out = tmp_path / "amd.csv"
    assert run("export", DATA, "-o", out, "--company", "AMD").returncode == 0
    got = exported_ids(out)
    companies = {row for row in h200_model.events.set_index("id").loc[got, "company"]}
    assert "all" in companies and any("AMD" in c for c in companies)


def test_unknown_names_are_noted_not_refused(tmp_path):
    out = tmp_path / "x.csv"
    r = run("export", DATA, "-o", out, "--company", "Huawei", "--status", "approved")
    assert r.returncode == 0, r.stderr
    assert "no company named 'Huawei' in the data" in r.stderr


def test_bad_date_is_a_usage_error(tmp_path):
    r = run("export", DATA, "-o", tmp_path / "x.csv", "--from", "someday")
    assert r.returncode == 2
    assert "'someday' is not a date" in r.stderr
    assert "Traceback" not in r.stderr


def test_validate_counts_what_the_filters_keep(h200_model):
    r = run("validate", DATA, "--regulator", "CN NDRC")
    assert r.returncode == 0, r.stderr
    n = len(expected_ids(h200_model, regulators=["CN NDRC"]))
    assert f"{n} of {BUNDLED_EVENTS} events match CN NDRC" in r.stdout


def test_export_renders_a_saved_view(tmp_path, h200_model):
    view = {
        "regtimeline_view": 1,
        "filters": {"companies": ["DeepSeek", "All companies"], "statuses": ["conditional"]},
        "window": {"from": "2025-12-01T00:00:00Z", "to": "2026-03-01T00:00:00Z"},
        "lanes": {"order": "name", "collapsed": ["DeepSeek"], "keep_empty": False},
    }
    path = tmp_path / "v.json"
    path.write_text(json.dumps(view), encoding="utf-8")
    out = tmp_path / "v.csv"
    r = run("export", DATA, "-o", out, "--view", path)
    assert r.returncode == 0, r.stderr
    assert set(exported_ids(out)) == expected_ids(
        h200_model, companies=["DeepSeek"], statuses=["conditional"]
    )
    svg = tmp_path / "v.svg"
    r = run("export", DATA, "-o", svg, "--view", path)
    assert r.returncode == 0, r.stderr
    text = svg.read_text(encoding="utf-8")
    assert "Time window: 1 December 2025 – 28 February 2026" in text
    # The view's as-of day applies too (the approvals reported on 28 January are not yet known).
    dated = tmp_path / "dated.json"
    as_of = {**view, "filters": {"companies": ["DeepSeek", "All companies"]}, "as_of": "2026-01-20"}
    dated.write_text(json.dumps(as_of), encoding="utf-8")
    r = run("export", DATA, "-o", out, "--view", dated)
    assert r.returncode == 0, r.stderr
    known = known_on(h200_model, 1768867200.0)  # 20 January 2026
    got = set(exported_ids(out))
    assert got == expected_ids(known, companies=["DeepSeek"])
    assert len(got) > 10 and "cn-deepseek-approval" not in got
    assert got != expected_ids(h200_model, companies=["DeepSeek"])
    # An option beside the view replaces that field of the view.
    r = run("export", DATA, "-o", out, "--view", path, "--status", "pending")
    assert r.returncode == 0, r.stderr
    assert set(exported_ids(out)) == expected_ids(
        h200_model, companies=["DeepSeek"], statuses=["pending"]
    )


def test_unreadable_view_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"regtimeline_view": 1, "filters": {"from": 12}', encoding="utf-8")
    out = tmp_path / "x.csv"
    r = run("export", DATA, "-o", out, "--view", bad)
    assert r.returncode == 1
    assert "bad.json: line 1, column" in r.stderr and "not valid JSON" in r.stderr
    assert not out.exists()
    bad.write_text('{"regtimeline_view": 1, "filters": {"from": 12}}', encoding="utf-8")
    r = run("export", DATA, "-o", out, "--view", bad)
    assert r.returncode == 1
    assert "bad.json: filters.from: expected a date" in r.stderr
    assert "Traceback" not in r.stderr
