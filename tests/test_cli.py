"""The command line as a user runs it: exit codes, messages, files; never a traceback."""

import pytest
from PySide6.QtGui import QImage

from tests.conftest import BUNDLED_EVENTS, DATA, ROOT, run


def test_validate_clean_file():
    r = run("validate", DATA)
    assert r.returncode == 0, r.stderr
    assert f"{BUNDLED_EVENTS} events" in r.stdout and "No problems." in r.stdout


def test_validate_reports_every_problem(write):
    path = write(
        "bad.csv",
        "id,date,company,regulator,title\n"
        "a,2026-01-01,Nvidia,US BIS,ok\n"
        "b,2026-02-30,Nvidia,US BIS,bad\n"
        "c,2026-01-02,,US BIS,no company\n",
    )
    r = run("validate", path)
    assert r.returncode == 1
    assert f"{path}:3: column 'date' value '2026-02-30': not a date: day 30" in r.stdout
    assert f"{path}:4: column 'company'" in r.stdout
    assert "1 event loaded · 2 rows left out" in r.stdout
    assert "Traceback" not in r.stdout + r.stderr


def test_validate_gives_the_range_to_the_end_of_a_year_only_last_event():
    r = run("validate", ROOT / "tests" / "samples" / "women_in_computing.csv")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Dec 1815 – Dec 1985" in r.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("validate", "missing.csv"), 1, "missing.csv: no such file"),
        (("validate",), 2, "usage"),
        (("export", DATA), 2, "-o/--output"),
        (("export", DATA, "-o", "x.png", "--width", "abc"), 2, "not a whole number"),
        (("export", DATA, "-o", "x.png", "--from", "someday"), 2, "not a date"),
    ],
)
def test_errors_and_usage(args, code, message, tmp_path):
    r = run(*args, cwd=tmp_path)
    assert r.returncode == code
    assert message in r.stderr
    assert "Traceback" not in r.stderr


def test_export_png_with_filters(tmp_path):
    out = tmp_path / "deepseek.png"
    r = run(
        "export",
        DATA,
        "-o",
        out,
        "--company",
        "DeepSeek",
        "--from",
        "2025-12",
        "--to",
        "2026-02",
        "--width",
        "1200",
        "--height",
        "700",
    )
    assert r.returncode == 0, r.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1200, 700)
    colours = {image.pixel(x, y) for x in range(0, 1200, 7) for y in range(0, 700, 7)}
    assert len(colours) > 20  # not blank
    assert not list(tmp_path.glob("*.part"))


def test_export_says_what_the_picture_holds(write, tmp_path):
    """The count the command prints is the caption's: the events in the picture's time window
    (a saved view's window filters nothing: the picture shows part of the shown events)."""
    import re
    import xml.etree.ElementTree as ET

    view = write(
        "view.json",
        '{"regtimeline_view": 1, '
        '"window": {"from": "2025-12-01T00:00:00Z", "to": "2026-01-15T00:00:00Z"}}',
    )
    out = tmp_path / "window.svg"
    r = run("export", DATA, "-o", out, "--view", view)
    assert r.returncode == 0, r.stderr
    caption = re.search(
        rf"(\d+) of {BUNDLED_EVENTS} events", "".join(ET.parse(out).getroot().itertext())
    )
    assert caption is not None and int(caption.group(1)) < BUNDLED_EVENTS
    assert f"Wrote {out} ({caption.group(1)} of {BUNDLED_EVENTS} events in the picture)" in r.stdout


def test_export_counts_one_event_in_the_singular(write, tmp_path):
    path = write(
        "one.csv",
        "date,company,regulator,title,source,source_url\n"
        "2026-01-05,Nvidia,US BIS,One rule,Reuters,https://example.org/a\n",
    )
    r = run("export", path, "-o", tmp_path / "one.png")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"Wrote {tmp_path / 'one.png'} (1 event in the picture)"
    r = run("export", path, "-o", tmp_path / "table.csv")  # (one.csv is the data itself)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"Wrote {tmp_path / 'table.csv'} (1 event, 1 source)"


def test_export_into_missing_folder_fails_cleanly(tmp_path):
    r = run("export", DATA, "-o", tmp_path / "no" / "such" / "x.png")
    assert r.returncode == 1
    assert "does not exist" in r.stderr
    assert "Traceback" not in r.stderr


def test_module_and_script_agree():
    r = run("--help")
    assert r.returncode == 0
    assert "regtimeline" in r.stdout


def test_option_values_are_checked_with_the_reason():
    import argparse

    from viewer.cli.options import number, parsed
    from viewer.record.as_of import parse_as_of

    pixels, seconds = number(16, 20000, whole=True), number(0.1, 600, unit="seconds")
    assert pixels("800") == 800 and seconds("0.5") == 0.5
    for convert, value, reason in [
        (pixels, "abc", "'abc' is not a whole number"),
        (pixels, "1000000", "1000000 is outside 16..20000"),
        (number(0.5, 4), "9", "9 is outside 0.5..4"),
        (seconds, "q", "'q' is not a number of seconds"),
        (seconds, "0", "0 is outside 0.1..600 seconds"),
        (parsed(parse_as_of), "\udcff", "is not valid UTF-8 text"),
    ]:
        with pytest.raises(argparse.ArgumentTypeError, match=reason):
            convert(value)
