"""The window on a register: opened by address, following colleagues' imports live, keeping
the last good view with a banner when the database goes away."""

from __future__ import annotations

import pytest

from tests.conftest import run
from viewer.io import load
from viewer.io.register.url import parse_register
from viewer.io.register.write import import_model

HEADER = "id,date,company,regulator,title,status,reported\n"
FIRST = [
    "a,2026-01-05,Nvidia,US BIS,Rule one,in force,2026-01-05\n",
    "b,2026-01-10,AMD,US BIS,Rule two,pending,2026-01-10\n",
    "c,2026-01-20,DeepSeek,CN MIIT,Approval,conditional,2026-01-20\n",
]
LATER = [
    "b,2026-01-10,AMD,US BIS,Rule two,approved,2026-01-25\n",  # a later report: changed
    "d,2026-02-01,Nvidia,CN NDRC,Condition,reported,2026-02-01\n",
    "e,2026-02-02,Alibaba,CN MIIT,Approval two,conditional,2026-02-02\n",
    "f,2026-02-03,Tencent,CN MIIT,Approval three,conditional,2026-02-03\n",
]
WAIT = 15000  # ms: generous for a loaded machine; a change shows well within a second


@pytest.fixture
def open_register(make_window, qtbot, write):
    """A window showing a register that holds FIRST."""

    def _open(address: str):
        import_model(parse_register(address), load(write("first.csv", HEADER + "".join(FIRST))))
        w = make_window(path=None, size=None)
        w.load_file(address)
        qtbot.waitUntil(
            lambda: w.document.model is not None and w.document.model.origin is not None,
            timeout=WAIT,
        )
        return w

    return _open


def test_a_colleagues_import_shows_within_the_window_ringed_keeping_the_view(
    register, open_register, qtbot, write
):
    w = open_register(register)
    assert len(w.document.model) == 3 and w.windowTitle().startswith(parse_register(register).stem)
    w.select_id("a")
    window = w.timeline.time_window()
    later = write("later.csv", HEADER + "".join(LATER))
    done = run("register", "import", later, register)
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: len(w.document.model) == 6, timeout=WAIT)
    assert w.following.last_summary == "+3 events · 1 changed · 0 removed"
    assert "+3 events · 1 changed" in w.statusBar().currentMessage()
    assert w.document.state.selected == "a" and w.timeline.time_window() == pytest.approx(window)
    ringed = set(w.document.model.events["id"][w.timeline.marks_item.highlight])
    assert ringed == {"b", "d", "e", "f"}
    assert w.document.model.events.set_index("id").loc["b", "status"] == "approved"


def test_a_register_that_goes_away_keeps_the_last_view_under_a_banner_and_comes_back(
    sqlite_register, open_register, qtbot, write
):
    w = open_register(sqlite_register)
    db = parse_register(sqlite_register).path
    aside = db.with_name("away.db")
    db.rename(aside)
    qtbot.waitUntil(lambda: w.reload_banner.isVisible(), timeout=WAIT)
    assert "can't be read now" in w.reload_banner.label.text()
    assert len(w.document.model) == 3  # the last good view stays
    aside.rename(db)
    import_model(parse_register(sqlite_register), load(write("l.csv", HEADER + LATER[1])))
    qtbot.waitUntil(
        lambda: len(w.document.model) == 4 and not w.reload_banner.isVisible(), timeout=WAIT
    )


def test_a_dropped_postgresql_connection_is_retried(pg_register, open_register, qtbot, write):
    import psycopg

    w = open_register(pg_register)
    qtbot.waitUntil(lambda: w.live.register_watcher._pg is not None, timeout=WAIT)
    with psycopg.connect(pg_register, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid()"
        )
    qtbot.waitUntil(lambda: w.reload_banner.isVisible(), timeout=WAIT)
    assert len(w.document.model) == 3
    import_model(parse_register(pg_register), load(write("l.csv", HEADER + LATER[1])))
    qtbot.waitUntil(
        lambda: len(w.document.model) == 4 and not w.reload_banner.isVisible(), timeout=WAIT
    )


def test_a_register_is_remembered_in_open_recent_without_its_password(
    postgres_server, make_window, qtbot
):
    from viewer.io.register.url import parse_register as parse
    from viewer.io.register.write import init_register

    name = postgres_server.new_database().rsplit("/", 1)[1]
    secret = postgres_server.address(name, password=True)
    init_register(parse(secret))
    w = make_window(path=None, size=None)
    w.load_file(secret)
    qtbot.waitUntil(
        lambda: w.document.model is not None and w.document.model.origin is not None, timeout=WAIT
    )
    w.live.shutdown()
    w.settings.sync()
    assert w.settings.recent_files()[0] == postgres_server.address(name)
    assert postgres_server.PASSWORD not in w.settings.path.read_text("utf-8")
    w.recent_menu.rebuild()
    labels = [a.text() for a in w.recent_menu.actions()]
    assert any(name in label and "(register)" in label for label in labels)


def test_a_register_reopens_as_it_was_last_left(sqlite_register, open_register, qtbot, write):
    w = open_register(sqlite_register)
    w.select_id("c")
    w.timeline.set_window(1.7670e9, 1.7695e9)
    other = write("other.csv", HEADER + FIRST[0])
    assert w.open_file(other)  # another data set: the register's view is kept
    assert w.document.state.selected is None
    w.load_file(sqlite_register)
    qtbot.waitUntil(lambda: w.document.model.origin is not None, timeout=WAIT)
    assert w.document.state.selected == "c"
    t0, t1 = w.timeline.time_window()
    assert abs(t0 - 1.7670e9) < 1 and abs(t1 - 1.7695e9) < 1
    assert "last left" in w.statusBar().currentMessage()


def test_open_register_starts_at_the_open_ones_address_and_opens_a_new_one(
    sqlite_register, open_register, qtbot, tmp_path
):
    from viewer.panels.register_dialog import RegisterDialog

    w = open_register(sqlite_register)
    w.open_register_action.trigger()
    dialog = w.findChild(RegisterDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.address.text() == parse_register(sqlite_register).address
    dialog.create(str(tmp_path / "desk"))  # as New SQLite Register… does, once a file is chosen
    made = parse_register(f"sqlite:///{tmp_path / 'desk.db'}").address
    qtbot.waitUntil(
        lambda: w.document.model is not None and w.document.model.origin == made, timeout=WAIT
    )
    assert len(w.document.model) == 0
    qtbot.waitUntil(lambda: w.findChild(RegisterDialog) is None, timeout=WAIT)  # (not kept)
