"""Registers: made, filled, read and written out; both databases, for real."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from tests.conftest import BUNDLED_COMPANIES, BUNDLED_EVENTS, BUNDLED_ROWS, DATA, run
from viewer.io import load
from viewer.io.register.url import AddressError, parse_register
from viewer.io.register.write import import_model, init_register, upgrade_register
from viewer.record.problems import LoadError
from viewer.record.schema import EVENT_FIELDS, SOURCE_FIELDS

H200 = "data/h200_china.csv"


DATE_CELLS = ("date", "end_date", "reported")
"""The data format's date columns, compared as the model reads them (PARSED)."""
PARSED = (
    "start",
    "stop",
    "precision",
    "end",
    "end_stop",
    "end_precision",
    "ongoing",
    "reported_at",
)
RECORD = (*(c for c in EVENT_FIELDS if c not in DATE_CELLS), *PARSED)
"""What a report holds: the event columns the model keeps and the days its date cells name."""


def same_record(a, b) -> None:
    """Every report and every source of two models hold the same values."""
    cols = list(RECORD)
    ra = a.rows.sort_values(["id", "reported_at"])[cols].reset_index(drop=True)
    rb = b.rows.sort_values(["id", "reported_at"])[cols].reset_index(drop=True)
    assert ra.astype(str).equals(rb.astype(str))
    src = list(SOURCE_FIELDS)
    sa = a.sources.reset_index(drop=True).sort_values("id")[src].reset_index(drop=True).astype(str)
    sb = b.sources.reset_index(drop=True).sort_values("id")[src].reset_index(drop=True).astype(str)
    assert sa.equals(sb)


def test_import_then_read_gives_the_record_and_a_second_import_adds_nothing(register, h200_model):
    url = parse_register(register)
    first = import_model(url, h200_model)
    assert (first.written, first.already, first.refused) == (len(h200_model.rows), 0, [])
    again = import_model(url, h200_model)
    assert (again.written, again.already, again.sources_written) == (0, len(h200_model.rows), 0)
    model = load(register)
    assert model.problems == []
    assert model.origin == url.address and model.path is None
    same_record(h200_model, model)


def test_round_trip_file_register_file_is_identical(register, tmp_path, h200_model):
    assert run("register", "import", H200, register).returncode == 0
    out = tmp_path / "back.csv"
    done = run("register", "export", register, "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "back.sources.csv").is_file()
    same_record(h200_model, load(out))


def test_analysts_notes_go_into_the_register_once_and_come_back_beside_the_export(
    register, write, tmp_path
):
    table = write("desk.csv", "id,date,company,regulator,title\na,2026-01-05,Nvidia,US BIS,Rule\n")
    notes = (
        "event_id,written,author,text\n"
        'a,2026-01-06T09:00:00,alice,"Check the FR text, not the law-firm note"\n'
        "a,2026-01-07T10:30:00,bo,<b>seen</b>\n"
        "gone,2026-01-07T11:00:00,bo,about an event the table does not hold\n"
    )
    write("desk.notes.csv", notes)
    first = run("register", "import", str(table), register)
    assert first.returncode == 0, first.stderr
    assert "2 analysts' notes" in first.stdout
    again = run("register", "import", str(table), register)
    assert "0 analysts' notes" in again.stdout  # (idempotent, as the reports are)
    assert [(n.author, n.text) for n in load(register).notes] == [
        ("alice", "Check the FR text, not the law-firm note"),
        ("bo", "<b>seen</b>"),
    ]
    out = tmp_path / "out" / "back.csv"
    out.parent.mkdir()
    done = run("register", "export", register, "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "back.notes.csv (2 analysts' notes)" in done.stdout
    back = load(out)
    assert list(back.notes) == list(load(register).notes)
    empty = tmp_path / "empty.db"
    assert run("register", "init", str(empty)).returncode == 0
    done = run("register", "export", f"sqlite:///{empty}", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert len(load(out).notes) == 0  # (the earlier export's notes are not left beside it)


def test_register_export_replaces_both_files_or_neither(
    register, tmp_path, monkeypatch, h200_model
):
    import viewer.io.writers as writers
    from viewer.cli.main import main

    import_model(parse_register(register), h200_model)
    folder = tmp_path / "out"
    folder.mkdir()
    out, side = folder / "back.csv", folder / "back.sources.csv"
    out.write_text("old events\n", encoding="utf-8")
    side.write_text("old sources\n", encoding="utf-8")
    write_csv = writers.write_csv

    def interrupted(frame, path):
        if path.name.startswith(".back.csv."):  # the events, once the sources are written
            raise KeyboardInterrupt
        write_csv(frame, path)

    monkeypatch.setattr(writers, "write_csv", interrupted)
    assert main(["register", "export", register, "-o", str(out)]) == 130
    assert out.read_text(encoding="utf-8") == "old events\n"
    assert side.read_text(encoding="utf-8") == "old sources\n"
    assert sorted(p.name for p in folder.iterdir()) == ["back.csv", "back.sources.csv"]


def test_the_walkthrough_of_the_issue(tmp_path):
    """init r.db, import the bundled record, validate: it shows the record, no problems."""
    assert run("register", "init", "r.db", cwd=tmp_path).returncode == 0
    done = run("register", "import", DATA, "sqlite:///r.db", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"{len(BUNDLED_ROWS)} reports added" in done.stdout
    shown = run("validate", "sqlite:///r.db", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert (
        f"{BUNDLED_EVENTS} events · {len(BUNDLED_COMPANIES)} companies" in shown.stdout
        and "No problems." in shown.stdout
    )


def test_rows_with_problems_are_listed_and_not_written(register, write):
    path = write(
        "bad.csv",
        "id,date,company,regulator,title\n"
        "a,2026-01-30,Nvidia,US BIS,Fine\n"
        "b,2026-13-45,Nvidia,US BIS,Bad date\n"
        "c,2026-02-01,,US BIS,No company\n",
    )
    done = run("register", "import", str(path), register)
    assert done.returncode == 1
    assert f"{path}:3: column 'date'" in done.stdout
    assert f"{path}:4: column 'company'" in done.stdout and "1 report added" in done.stdout
    assert list(load(register).events["id"]) == ["a"]


def test_a_changed_report_under_the_same_id_and_day_is_refused_never_updated(register, write):
    url = parse_register(register)
    a = write(
        "a.csv",
        "id,date,company,regulator,title,status,reported\n"
        "x,2026-01-30,Nvidia,US BIS,First,pending,2026-01-30\n",
    )
    import_model(url, load(a))
    b = write(
        "b.csv",
        "id,date,company,regulator,title,status,reported\n"
        "x,2026-01-30,Nvidia,US BIS,First,approved,2026-01-30\n"
        "x,2026-01-30,Nvidia,US BIS,First,approved,2026-02-03\n",
    )
    result = import_model(url, load(b))
    assert result.written == 1 and len(result.refused) == 1
    assert result.refused[0].line == 2 and "never changed" in result.refused[0].reason
    model = load(register)
    assert model.events["status"].tolist() == ["approved"]  # the later report
    assert model.history(0)["status"].tolist() == ["pending", "approved"]


def test_hostile_values_come_back_exactly_and_stay_text(register, write):
    huge = "x" * 200_000
    path = write(
        "hostile.csv",
        "id,date,company,regulator,title,description,conditions,reported\n"
        f'h1,2026-01-30~,"<b>Bold</b> & co",US BIS,"=HYPERLINK(""http://evil"")","{huge}",'
        '"line one\nline two",2026-02-01\n'
        "h2,2026-Q1,\"Robert'); DROP TABLE regtimeline_events;--\",CN MIIT,+cmd|' /C calc'!A0,"
        '"@SUM(1)","\t-tab",\n'
        "h3,1999,\u4e2d\u6587,CN NDRC,nul?,,,\n",
    )
    original = load(path)
    url = parse_register(register)
    import_model(url, original)
    back = load(register)
    same_record(original, back)
    assert back.events.set_index("id").loc["h1", "description"] == huge
    assert len(back.events) == 3  # the statement in a value was only ever a value


def test_as_of_and_filters_are_pushed_into_the_query_with_the_same_result(register, tmp_path):
    assert run("register", "import", H200, register).returncode == 0
    args = [
        "--company",
        "DeepSeek",
        "--from",
        "2025-12",
        "--to",
        "2026-02",
        "--as-of",
        "2026-01-29",
    ]
    from_file = tmp_path / "file.csv"
    from_register = tmp_path / "register.csv"
    assert run("export", H200, "-o", str(from_file), *args).returncode == 0
    done = run("export", register, "-o", str(from_register), *args)
    assert done.returncode == 0, done.stderr
    assert from_file.read_text("utf-8") == from_register.read_text("utf-8")


def test_pushdown_reads_fewer_reports(register, h200_model):
    from viewer.io.register.read import Pushdown, read_register

    url = parse_register(register)
    import_model(url, h200_model)
    day = 1769644800.0  # 2026-01-29
    raw = read_register(url, Pushdown(as_of=day, companies=("DeepSeek",)))
    assert raw.subset and 0 < len(raw.events) < len(h200_model.rows)
    assert all(r <= "2026-01-29" for r in raw.events["reported"])


def test_two_writers_at_once_lose_nothing_and_a_reader_sees_both(register, write):
    url = parse_register(register)
    tables = []
    for w in range(2):
        lines = ["id,date,company,regulator,title"]
        lines += [f"w{w}-{k},2026-01-{k % 28 + 1:02d},Nvidia,US BIS,Event {k}" for k in range(2000)]
        tables.append(load(write(f"w{w}.csv", "\n".join(lines) + "\n")))
    results, errors = [None, None], []

    def importer(k: int) -> None:
        try:
            results[k] = import_model(parse_register(register), tables[k])
        except Exception as exc:  # pragma: no cover - the assertion below shows it
            errors.append(exc)

    threads = [threading.Thread(target=importer, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == [] and [r.written for r in results] == [2000, 2000]
    model = load(url)
    assert len(model) == 4000 and model.problems == []


def test_two_processes_importing_at_once(register, write):
    paths = []
    for w in range(2):
        lines = ["id,date,company,regulator,title"]
        lines += [f"p{w}-{k},2025-{k % 12 + 1:02d},AMD,US BIS,Item {k}" for k in range(3000)]
        paths.append(write(f"p{w}.csv", "\n".join(lines) + "\n"))
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "viewer", "register", "import", str(p), register],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for p in paths
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert len(load(register)) == 6000


def test_a_newer_register_is_refused_and_an_older_one_upgraded_on_request(register):
    from viewer.io.register.connection import connect
    from viewer.io.register.schema import VERSION, steps

    url = parse_register(register)
    with connect(url) as con:
        con.run(f"UPDATE {url.table('version')} SET version = {VERSION + 1}")
    with pytest.raises(LoadError, match="made by a newer RegTimeline"):
        load(register)
    with pytest.raises(LoadError, match="newer"):
        upgrade_register(url)

    old = parse_register(register + ("&" if "?" in register else "?") + "prefix=old")
    with connect(old) as con, con.transaction():
        for sql in steps(old, 0, 1)[0][1]:
            con.run(sql)
        con.run(f"UPDATE {old.table('version')} SET version = 1")
    with pytest.raises(LoadError, match=r"older RegTimeline .* register upgrade"):
        load(old)
    assert "from schema version 1 to" in upgrade_register(old)
    assert len(load(old)) == 0 and "up to date" in upgrade_register(old)
    assert "already a register" in init_register(old)


def test_addresses_are_checked_and_shown_without_password():
    url = parse_register(
        "postgresql://ann:pa%40ss@db.example:5433/team?sslmode=require&prefix=Desk2"
    )
    assert url.address == "postgresql://ann@db.example:5433/team?sslmode=require&prefix=desk2"
    assert "pa" not in url.address and url.table("events") == "desk2_events"
    assert parse_register(url.address).connect_text == url.connect_text  # (this run only)
    for bad in (
        "postgresql://h/db?prefix=x;drop",
        "postgresql://h/db?prefix=1abc",
        "sqlite://host/r.db",
        "sqlite:///r.db?table=x",
        "postgresql://h:port/db",
    ):
        with pytest.raises(AddressError):
            parse_register(bad)
    assert parse_register("sqlite:///r.db").path.name == "r.db"
    assert str(parse_register("sqlite:////srv/r.db").path) == "/srv/r.db"


def test_unreachable_and_missing_registers_say_why():
    with pytest.raises(LoadError, match="no such register"):
        load("sqlite:////nonexistent/folder/r.db")
    with pytest.raises(LoadError, match="cannot connect") as caught:
        load("postgresql://someone:hunter2@127.0.0.1:1/nothing")
    assert "hunter2" not in str(caught.value)
    done = run("validate", "postgresql://someone:hunter2@127.0.0.1:1/nothing")
    assert done.returncode == 1 and "hunter2" not in done.stderr + done.stdout
    assert "Traceback" not in done.stderr


def test_a_password_in_the_address_is_used_but_never_written(
    postgres_server, tmp_path, monkeypatch, h200_model
):
    from viewer.app.settings import AppSettings

    name = postgres_server.new_database().rsplit("/", 1)[1]
    monkeypatch.delenv("PGPASSFILE")  # only the address knows the password now
    secret = postgres_server.address(name, password=True)
    assert postgres_server.PASSWORD in secret
    done = run("register", "init", secret)
    assert done.returncode == 0 and postgres_server.PASSWORD not in done.stdout + done.stderr
    assert run("register", "import", H200, secret).returncode == 0
    out = tmp_path / "snap.pdf"
    table = tmp_path / "t.xlsx"
    for args in (
        ["export", secret, "-o", str(out)],
        ["export", secret, "-o", str(table)],
        ["validate", secret],
    ):
        done = run(*args)
        assert done.returncode == 0, done.stderr
        assert postgres_server.PASSWORD not in done.stdout + done.stderr
    for path in (out, table):
        assert postgres_server.PASSWORD.encode() not in path.read_bytes()
    model = load(secret)
    settings = AppSettings()
    settings.add_recent_file(model.origin)
    settings.sync()
    assert postgres_server.PASSWORD not in settings.path.read_text("utf-8")
    assert postgres_server.PASSWORD not in str(model.problems) + model.origin + model.name
