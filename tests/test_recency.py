"""How current the record is: the status bar, every snapshot's caption and `validate` name
the latest report date, so a record that stops is not taken for a world that stopped."""

from __future__ import annotations

from tests.conftest import run
from viewer.io import load
from viewer.record.as_of import known_on, parse_as_of
from viewer.record.recency import latest_report, reported_up_to
from viewer.shown.content import make_content
from viewer.shown.filters import from_options


def test_the_latest_report_counts_every_row_and_follows_the_as_of_day(joint_table):
    m = load(joint_table)
    assert reported_up_to(m) == "reported up to 10 Feb 2026"
    # As known on 29 January: the reports by then (a later report of an id comes later).
    assert reported_up_to(known_on(m, parse_as_of("2026-01-29"))) == "reported up to 28 Jan 2026"


def test_an_empty_record_says_nothing(write):
    m = load(write("empty.csv", "id,date,company,regulator,title\n"))
    assert latest_report(m) is None and reported_up_to(m) == ""


def test_every_snapshot_caption_says_it(joint_table, tmp_path, qapp):
    """Read back from an SVG export (its words are text) and from the caption's words."""
    from viewer.export import export_snapshot
    from viewer.export.describe import caption

    m = load(joint_table)
    content = make_content(m, from_options(m, regulators=["CN NDRC"]))
    words = caption(m, content.filters, m.span(), content.selection.count)
    assert words.endswith("Reported up to 10 Feb 2026")
    out = tmp_path / "snap.svg"
    export_snapshot(content, out)
    assert "Reported up to 10 Feb 2026" in out.read_text(encoding="utf-8")


def test_validate_says_it(joint_table):
    r = run("validate", joint_table)
    assert r.returncode == 0, r.stderr
    first = r.stdout.splitlines()[0]
    assert first.startswith(f"{joint_table}: 6 events")
    assert first.endswith(" · reported up to 10 Feb 2026")
