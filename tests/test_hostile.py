"""Hostile input and faults (issue 17): every case through the command line, as a user runs it.

tests/hostile/ holds one small file per case with what it must report (expected.toml); cases
that must be made on the spot (bombs, FIFOs, symbolic links, full disks, huge headers, typed
cells) are made here in tmp_path. For every case: a clear message (line and column, or the
file and the reason), exit 1 or 2 and never a traceback, no hang, and the previous file intact.
The window's side of the same cases is in test_hostile_window.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import resource
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.conftest import DATA, ROOT, assert_problems
from viewer.io import load

FOLDER = ROOT / "tests" / "hostile"
EXPECTED = tomllib.loads((FOLDER / "expected.toml").read_text(encoding="utf-8"))
TABLES = sorted(n for n, e in EXPECTED.items() if "problems" in e)
VIEWS = sorted(n for n, e in EXPECTED.items() if "view_error" in e)
MEMORY_CAP = 3 << 30
"""Address space a case that once read until memory ran out may take (the machine is shared)."""


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def _clean(run) -> str:
    """Both streams of a run, checked for what a user must never see."""
    out = run.stdout + run.stderr
    assert "Traceback" not in out, out
    assert "unexpected error" not in out, out
    return out


def _copy(name: str, folder: Path, as_name: str | None = None) -> Path:
    target = folder / (as_name or name)
    shutil.copyfile(FOLDER / name, target)
    return target


def _parts(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


# -- the corpus -----------------------------------------------------------------------------------


def test_every_file_of_the_folder_has_an_expectation():
    files = {p.name for p in FOLDER.iterdir() if p.name != "expected.toml"}
    companions = {n for n in files if ".sources." in n}
    assert files - companions == set(EXPECTED)
    assert all("issue" in e for e in EXPECTED.values())


@pytest.mark.parametrize("name", TABLES)
def test_each_table_reports_what_it_must(name, cli):
    expected = EXPECTED[name]
    model = load(FOLDER / name)
    assert_problems(model, expected)

    run = cli("validate", FOLDER / name)
    _clean(run)
    assert run.returncode == (1 if expected["problems"] else 0), run.stdout + run.stderr
    for problem in model.problems:
        assert str(problem) in run.stdout


@pytest.mark.parametrize("name", VIEWS)
def test_each_saved_view_is_refused_with_a_message(name, cli, tmp_path):
    out = tmp_path / "out.csv"
    run = cli("export", DATA, "-o", out, "--view", FOLDER / name)
    _clean(run)
    assert run.returncode == 1
    assert EXPECTED[name]["view_error"] in run.stderr and name in run.stderr
    assert not out.exists()


# -- 1. table exports keep every date as written --------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_table_export_reads_back_as_the_same_record(suffix, cli, tmp_path):
    source = FOLDER / "dates_every_precision.csv"
    out = tmp_path / ("events" + suffix)
    run = cli("export", source, "-o", out)
    _clean(run)
    assert run.returncode == 0
    again = cli("validate", out)
    assert again.returncode == 0, again.stdout
    before, after = load(source).events, load(out).events
    columns = ["id", "start", "stop", "precision", "end", "end_stop", "end_precision"]
    columns += ["ongoing", "reported_at"]
    assert after[columns].equals(before[columns])


# -- 2. one-line JSON -----------------------------------------------------------------------------


def test_one_line_json_names_the_object_of_each_problem():
    model = load(FOLDER / "minified.json")
    assert len(set(model.events["id"])) == 4
    (problem,) = model.problems
    assert "item 3" in str(problem)


# -- 4. and 16. full disks ------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".pdf", ".png", ".svg", ".csv", ".xlsx"])
def test_a_full_disk_fails_the_export_and_keeps_the_previous_file(suffix, cli, tmp_path):
    out = tmp_path / ("good" + suffix)
    first = cli("export", DATA, "-o", out)
    assert first.returncode == 0, first.stderr
    before = out.read_bytes()
    limit = 4096  # `ulimit -f 4`: no export of the bundled data fits

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    run = cli("export", DATA, "-o", out, "--title", "Other", preexec_fn=small_files)
    _clean(run)
    assert run.returncode == 1
    assert str(out) in run.stderr and "cannot be written" in run.stderr
    assert out.read_bytes() == before
    assert _parts(tmp_path) == []


@pytest.fixture
def small_disk(tmp_path):
    """A 512 KB tmpfs, mounted for the test (needs root), else the test is skipped."""
    folder = tmp_path / "small"
    folder.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root; the ulimit -f variant covers the rest")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(folder)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"this system refused to mount a tmpfs ({done.stderr.decode().strip()})")
    yield folder
    subprocess.run(["umount", str(folder)], check=False)


@pytest.mark.parametrize("suffix", [".pdf", ".xlsx"])
def test_a_full_tmpfs_fails_the_export_and_keeps_the_previous_file(suffix, cli, small_disk):
    out = small_disk / ("good" + suffix)
    assert cli("export", DATA, "-o", out).returncode == 0
    before = out.read_bytes()
    free = os.statvfs(small_disk).f_bavail * os.statvfs(small_disk).f_frsize
    with contextlib.suppress(OSError):
        (small_disk / "filler").write_bytes(b"\0" * max(0, free - 8192))
    run = cli("export", DATA, "-o", out, "--title", "Other")
    _clean(run)
    assert run.returncode == 1 and "cannot be written" in run.stderr
    assert out.read_bytes() == before
    assert _parts(small_disk) == []


# -- 5. and 6. where an export may write ----------------------------------------------------------


def _data_copy(folder: Path) -> Path:
    table = folder / "t.csv"
    table.write_text(
        "id,date,company,regulator,title,sources\n"
        "a,2026-01-01,Acme,US BIS,First,s1\n"
        "b,2026-01-02,Beta,CN MIIT,Second,s1\n",
        encoding="utf-8",
    )
    (folder / "t.sources.csv").write_text(
        "id,publisher,title\ns1,Wire,Headline\n", encoding="utf-8"
    )
    return table


def _same_folder_is_case_insensitive(folder: Path) -> bool:
    probe = folder / "Case.probe"
    probe.touch()
    try:
        return (folder / "CASE.PROBE").exists()
    finally:
        probe.unlink()


OVER_INPUT = {
    "the input itself": lambda f: f / "t.csv",
    "the sources file": lambda f: f / "t.sources.csv",
    "a symbolic link to the input": lambda f: _link(f / "link.csv", f / "t.csv"),
    "a symbolic link to the sources": lambda f: _link(f / "s.csv", f / "t.sources.csv"),
    "a hard link to the input": lambda f: _hard_link(f / "hard.csv", f / "t.csv"),
    "the input, named in other case": lambda f: f / "T.CSV",
}


def _link(link: Path, target: Path) -> Path:
    link.symlink_to(target.name)
    return link


def _hard_link(link: Path, target: Path) -> Path:
    os.link(target, link)
    return link


@pytest.mark.parametrize("variant", list(OVER_INPUT))
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_export_never_replaces_its_own_input(variant, suffix, cli, tmp_path):
    table = _data_copy(tmp_path)
    if variant == "the input, named in other case" and not _same_folder_is_case_insensitive(
        tmp_path
    ):
        pytest.skip("this file system tells T.CSV from t.csv: no other name reaches the input")
    target = OVER_INPUT[variant](tmp_path)
    if suffix == ".xlsx":  # the same file under an .xlsx name: a link named so
        target = _link(tmp_path / f"out{suffix}", target.resolve())
    before = {p.name: p.read_bytes() for p in (table, tmp_path / "t.sources.csv")}
    run = cli("export", table, "-o", target, "--company", "Acme")
    _clean(run)
    assert run.returncode == 2
    assert "would replace" in run.stderr and str(target) in run.stderr
    assert {p: (tmp_path / p).read_bytes() for p in before} == before
    assert _parts(tmp_path) == []


def test_a_read_only_target_is_refused(cli, tmp_path):
    out = tmp_path / "out.csv"
    out.write_text("kept\n", encoding="utf-8")
    out.chmod(0o444)
    run = cli("export", DATA, "-o", out)
    _clean(run)
    assert run.returncode == 1 and "read-only" in run.stderr and str(out) in run.stderr
    assert out.read_text(encoding="utf-8") == "kept\n"


def test_stale_part_files_of_killed_exports_are_cleaned(cli, tmp_path):
    stale = [tmp_path / ".out.csv.k3j4h5g6.part", tmp_path / ".out.csv.a1b2c3d4.part"]
    hour_ago = dt.datetime.now().timestamp() - 3600
    for part in stale:
        part.write_bytes(b"half an export")
        os.utime(part, (hour_ago, hour_ago))
    running = tmp_path / ".out.csv.zz99yy88.part"  # another export, writing right now
    running.write_bytes(b"being written")
    other = tmp_path / ".notes.txt.part"  # not an export's: left alone
    other.write_bytes(b"x")
    os.utime(other, (hour_ago, hour_ago))
    run = cli("export", DATA, "-o", tmp_path / "out.csv")
    assert run.returncode == 0, run.stderr
    assert _parts(tmp_path) == [".notes.txt.part", ".out.csv.zz99yy88.part"]


# -- 8. headers a spreadsheet would run -----------------------------------------------------------


def test_formula_headers_are_neutralised_in_csv(cli, tmp_path):
    import csv

    out = tmp_path / "out.csv"
    assert cli("export", FOLDER / "formula_headers.csv", "-o", out).returncode == 0
    with out.open(encoding="utf-8-sig", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    extras = header[-4:]
    assert extras == ['\'=HYPERLINK("http://x","y")', "'@extra", "'-minus", "'+plus"]
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_xlsx_keeps_formula_like_text_as_written_and_never_as_a_formula(cli, tmp_path):
    """Issue 20.7: a workbook's text cells show what the data say (no visible apostrophe);
    the cell's quote-prefix style keeps Excel from reading it as a formula when edited."""
    from openpyxl import load_workbook

    out = tmp_path / "out.xlsx"
    assert cli("export", FOLDER / "formula_headers.csv", "-o", out).returncode == 0
    sheet = load_workbook(out)["Events"]
    header = [c for c in sheet[1]]
    names = [c.value for c in header]
    assert names[-4:] == ['=HYPERLINK("http://x","y")', "@extra", "-minus", "+plus"]
    cells = [c for row in sheet.iter_rows() for c in row]
    risky = [c for c in cells if str(c.value or "").startswith(("=", "+", "-", "@"))]
    assert len(risky) >= 8
    assert all(c.data_type == "s" and c.quotePrefix for c in risky)
    title = sheet.cell(row=3, column=names.index("title") + 1)
    assert title.value == "=1+2"
    again = load(out)
    assert sorted(again.events["title"]) == ["=1+2", "Formula headers"]


# -- 10. dates at the edges of the supported range ------------------------------------------------


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf", ".csv", ".xlsx"])
def test_the_first_and_last_supported_days_export(suffix, cli, tmp_path):
    out = tmp_path / ("extremes" + suffix)
    run = cli("export", FOLDER / "year_extremes.csv", "-o", out)
    _clean(run)
    assert run.returncode == 0 and out.stat().st_size > 0
    if suffix in (".csv", ".xlsx"):
        assert len(load(out)) == 5 and not load(out).problems


def test_xlsx_date_cells_at_and_past_the_edges(cli, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Events"
    sheet.append(["id", "date", "company", "regulator", "title"])
    days = [dt.datetime(1, 1, 1), dt.datetime(9999, 12, 31), dt.date(1900, 1, 1)]
    for k, day in enumerate(days):
        sheet.append([f"e{k}", day, "Acme", "US BIS", f"Day {k}"])
    path = tmp_path / "edges.xlsx"
    book.save(path)
    run = cli("validate", path)
    _clean(run)
    assert run.returncode in (0, 1)
    for fmt in (".png", ".pdf"):
        done = cli("export", path, "-o", tmp_path / ("edges" + fmt))
        _clean(done)
        assert done.returncode == 0


def test_parquet_dates_at_and_past_the_edges(cli, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    # 0001-01-01, 9999-12-31, year 0, year 10183, 2024, -9999-01-01, year -12000
    days = [-719162, 2932896, -719400, 3000000, 20000, -4371587, -5102000]
    days = pa.array(days, pa.date32())
    stamps = [-62135596800, 253402214400, None, 2**40, 1_700_000_000, None, None]
    stamps = pa.array(stamps, pa.timestamp("s"))
    table = pa.table(
        {
            "id": [f"p{k}" for k in range(7)],
            "date": days,
            "reported": stamps,
            "company": ["Acme"] * 7,
            "regulator": ["US BIS"] * 7,
            "title": [f"Row {k}" for k in range(7)],
        }
    )
    path = tmp_path / "edges.parquet"
    pq.write_table(table, path)
    run = cli("validate", path)
    _clean(run)
    assert run.returncode == 1
    model = load(path)
    assert sorted(model.events["id"]) == ["p0", "p1", "p4", "p5"]
    dropped = [p for p in model.problems if p.dropped]
    assert [(p.line, p.column) for p in dropped] == [(3, "date"), (4, "date"), (7, "date")]
    assert all("outside the dates RegTimeline reads" in p.reason for p in dropped)
    assert cli("export", path, "-o", tmp_path / "edges.pdf").returncode == 0


# -- 11. XLSX bombs -------------------------------------------------------------------------------


def _workbook(path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Events"
    sheet.append(["id", "date", "company", "regulator", "title"])
    sheet.append(["a", "2026-01-01", "Acme", "US BIS", "One"])
    book.save(path)
    return path


def _rewrite_sheet(path: Path, change) -> None:
    """Rewrite the workbook's first sheet through `change(xml_text, writer)`."""
    original = path.with_suffix(".orig")
    path.rename(original)
    with zipfile.ZipFile(original) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                with out.open(item.filename, "w", force_zip64=True) as handle:
                    change(data.decode("utf-8"), handle)
            else:
                out.writestr(item, data)
    original.unlink()


def _refused(cli, path: Path, says: str) -> None:
    """Validating the workbook fails at once, within MEMORY_CAP: exit 1, naming it and why."""
    run = cli("validate", path, timeout=30, preexec_fn=_capped)
    _clean(run)
    assert run.returncode == 1
    assert says in run.stderr and str(path) in run.stderr


def test_an_xlsx_claiming_every_cell_of_a_sheet_is_refused_at_once(cli, tmp_path):
    import re

    path = _workbook(tmp_path / "claims.xlsx")

    def claim(xml: str, handle) -> None:
        handle.write(
            re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:XFD1048576"', xml).encode()
        )

    _rewrite_sheet(path, claim)
    assert path.stat().st_size < 10_000
    _refused(cli, path, "claims 1,048,576 rows")


def test_an_xlsx_that_expands_a_thousandfold_is_refused_before_reading(cli, tmp_path):
    path = _workbook(tmp_path / "bomb.xlsx")
    pad = b" " * (1 << 20)

    def inflate(xml: str, handle) -> None:
        head, tail = xml.split("<sheetData>", 1)
        handle.write((head + "<sheetData>").encode())
        for _ in range(300):  # 300 MB of spaces, a few hundred KB compressed
            handle.write(pad)
        handle.write(tail.encode())

    _rewrite_sheet(path, inflate)
    assert path.stat().st_size < 2_000_000
    _refused(cli, path, "expands")


# -- 12. single values that readers choked on -----------------------------------------------------


def test_parquet_values_that_are_no_text_become_text_or_problems(cli, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    n = 5
    table = pa.table(
        {
            "id": [f"v{k}" for k in range(n)],
            "date": ["2026-01-01"] * (n - 1) + [None],
            "company": ["Acme"] * n,
            "regulator": ["US BIS"] * n,
            "title": [f"Row {k}" for k in range(n)],
            "score": pa.array([1.5, float("inf"), float("nan"), 1e300, -float("inf")]),
            "pair": pa.array([[1, 2], [3, 4], None, [5, 6], [7, 8]], pa.list_(pa.int64(), 2)),
            "blob": pa.array([b"ok", b"\xff\xfe", None, b"x", b"y"], pa.binary()),
            "wide": pa.array([b"ab", b"\xc3\x28", b"cd", b"ef", b"gh"], pa.binary(2)),
            "when": pa.array([1e300, 2.0, 3.5, 4.0, 1e15]),
        }
    )
    path = tmp_path / "values.parquet"
    pq.write_table(table, path)
    run = cli("validate", path)
    _clean(run)
    model = load(path)
    extra = model.events.set_index("id")
    assert list(extra.loc[["v0", "v1", "v2", "v3"], "score"]) == ["1.5", "inf", "", "1e+300"]
    assert extra.loc["v0", "pair"] == "1; 2"
    assert extra.loc["v0", "blob"] == "ok"
    bad_bytes = [p for p in model.problems if p.column in ("blob", "wide")]
    assert [(p.line, p.column) for p in bad_bytes] == [(2, "blob"), (2, "wide")]
    assert all("not UTF-8 text" in p.reason and not p.dropped for p in bad_bytes)
    assert extra.loc["v0", "when"] == "1e+300"  # never -9223372036854775808
    assert run.returncode == 1  # the last row has no date, the bytes are noted


def test_a_huge_json_integer_is_kept_as_its_digits():
    model = load(FOLDER / "json_huge_integer.json")
    assert model.events.set_index("id").loc["big", "count"] == "9" * 5000


# -- 13. saved views ------------------------------------------------------------------------------


def test_a_view_naming_a_million_companies_is_refused_in_seconds(cli, tmp_path):
    import json

    view = tmp_path / "huge.json"
    names = [f"Company {k}" for k in range(1_000_000)]
    view.write_text(
        json.dumps({"regtimeline_view": 1, "filters": {"companies": names}}), encoding="utf-8"
    )
    run = cli("export", DATA, "-o", tmp_path / "out.csv", "--view", view, timeout=30)
    _clean(run)
    assert run.returncode == 1 and str(view) in run.stderr and "at most" in run.stderr


def test_a_view_under_the_size_limit_with_too_many_names_is_refused(tmp_path):
    import json

    from viewer.shown.views import ViewError, read_view

    view = tmp_path / "many.json"
    names = [f"C{k}" for k in range(20_000)]
    view.write_text(json.dumps({"regtimeline_view": 1, "filters": {"companies": names}}))
    with pytest.raises(ViewError, match=r"filters\.companies: 20,000 names; a view holds at most"):
        read_view(view)


# -- 14. paths that are not regular files ---------------------------------------------------------


def test_a_fifo_is_refused_without_waiting_for_a_writer(cli, tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    run = cli("validate", fifo, timeout=30)
    _clean(run)
    assert run.returncode == 1 and f"{fifo}: not a regular file (a named pipe)" in run.stderr
    view = cli("export", DATA, "-o", tmp_path / "o.csv", "--view", fifo, timeout=30)
    assert view.returncode == 1 and "not a regular file" in view.stderr


def test_a_link_to_a_device_is_refused_without_reading_it(cli, tmp_path):
    zero = tmp_path / "zero.csv"
    zero.symlink_to("/dev/zero")
    run = cli("validate", zero, timeout=30, preexec_fn=_capped)
    _clean(run)
    assert run.returncode == 1 and "not a regular file (a device)" in run.stderr


def test_a_loop_of_links_is_named_as_such(cli, tmp_path):
    (tmp_path / "a.csv").symlink_to("b.csv")
    (tmp_path / "b.csv").symlink_to("a.csv")
    run = cli("validate", tmp_path / "a.csv")
    _clean(run)
    assert run.returncode == 1 and "a loop of symbolic links" in run.stderr


def test_a_file_in_a_folder_that_cannot_be_searched(cli, tmp_path):
    """Root passes every permission check: as root, the command runs without that power."""
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: permissions can't be tried")
    powerless = ("setpriv", "--inh-caps=-all", "--bounding-set=-all", "--")
    locked = tmp_path / "locked"
    locked.mkdir()
    table = locked / "t.csv"
    shutil.copyfile(FOLDER / "related_self.csv", table)
    locked.chmod(0o600)  # readable, not searchable
    try:
        run = cli("validate", table, prefix=powerless if os.geteuid() == 0 else ())
    finally:
        locked.chmod(0o700)
    _clean(run)
    assert run.returncode == 1 and f"{table}: permission denied" in run.stderr


# -- 15. a header longer than 64 KB ---------------------------------------------------------------


def test_a_header_of_fifty_thousand_columns_loads(cli, tmp_path):
    extra = [f"extra column {k}" for k in range(50_000)]
    header = ",".join(["id", "date", "company", "regulator", "title", *extra])
    blanks = "," * len(extra)
    rows = [f"a,2026-01-01,Acme,US BIS,One{blanks}", f"b,2026-01-02,Acme,US BIS,Two{blanks}"]
    path = tmp_path / "wide.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    assert len(header) > 1 << 16
    run = cli("validate", path)
    _clean(run)
    assert run.returncode == 0, run.stdout[-2000:]
    assert "2 events" in run.stdout


# -- 16. text that is not UTF-8 -------------------------------------------------------------------


def test_search_words_that_are_not_utf8_are_a_usage_error(cli):
    run = cli("validate", DATA, "--search", b"h200 \xff\xfe")
    _clean(run)
    assert run.returncode == 2 and "--search" in run.stderr and "UTF-8" in run.stderr


def test_file_names_that_are_not_utf8_export_to_a_workbook(cli, tmp_path):
    from openpyxl import load_workbook

    name = os.fsdecode(b"caf\xe9.csv")
    shutil.copyfile(DATA, tmp_path / name)
    shutil.copyfile(
        DATA.with_name("h200_china.sources.csv"), tmp_path / os.fsdecode(b"caf\xe9.sources.csv")
    )
    out = os.fsdecode(b"r\xe9sum\xe9.xlsx")
    run = cli("export", os.fsencode(name), "-o", os.fsencode(out))
    _clean(run)
    assert run.returncode == 0
    book = load_workbook(tmp_path / out)
    fields = {row[0].value: row[1].value for row in book["Export"].iter_rows(min_row=2)}
    assert fields["from"] == "caf\ufffd.csv"
    assert len(load(tmp_path / out)) == len(load(DATA))


# -- 17. exports need no display, whatever the environment says -----------------------------------


@pytest.mark.parametrize("platform", ["xcb", "wayland", ""])
def test_exports_run_offscreen_whatever_qt_qpa_platform_says(platform, cli, tmp_path):
    out = tmp_path / "out.png"
    env = {"QT_QPA_PLATFORM": platform, "DISPLAY": "", "WAYLAND_DISPLAY": ""}
    run = cli("export", DATA, "-o", out, env=env)
    _clean(run)
    assert run.returncode == 0, run.stderr
    assert out.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize("platform", ["xcb", ""])
def test_the_test_suite_runs_offscreen_whatever_qt_qpa_platform_says(platform):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = platform
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/test_help.py", "-q", "-p", "no:cacheprovider"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]


def test_make_test_runs_pytest_offscreen():
    run = subprocess.run(
        ["make", "-n", "test"], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    pytest_line = next(line for line in run.stdout.splitlines() if "-m pytest" in line)
    assert "QT_QPA_PLATFORM=offscreen" in pytest_line


# -- 18. the window's system libraries ------------------------------------------------------------


def test_missing_xcb_libraries_are_named_with_their_packages(monkeypatch, capsys):
    from viewer.app import platform_check
    from viewer.cli.main import main

    missing = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
    monkeypatch.setattr(platform_check, "loadable", lambda name: name not in missing)
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setattr(sys, "platform", "linux")
    assert main([str(DATA)]) == 1
    err = capsys.readouterr().err
    assert "libxcb-icccm4" in err and "libxcb-keysyms1" in err
    assert "sudo apt-get install" in err
    assert "Traceback" not in err


def test_the_readme_lists_every_package_the_window_needs():
    from viewer.app import platform_check

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(x for x in readme.splitlines() if x.startswith("sudo apt-get install"))
    listed = set(line.split()[3:])
    assert set(platform_check.PACKAGES.values()) <= listed
