"""Test configuration: Qt runs offscreen, with no display and nothing set by hand."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import numpy as np

# Offscreen whatever the environment says (even `xcb` with no display, or empty): the suite
# never needs a display, and a window popping up on a developer's screen is no test.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("XDG_DATA_HOME", str(Path(__file__).parent / ".." / ".pytest_cache" / "xdg"))

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "h200_china.csv"


def csv_rows(path) -> list[dict[str, str]]:
    """Every row of a CSV file (a table, an export), read with the csv module alone."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def secs(y: int, m: int, d: int) -> float:
    """The start of a day (UTC) in POSIX seconds, as the record keeps its dates."""
    return dt.datetime(y, m, d, tzinfo=dt.UTC).timestamp()


BUNDLED_ROWS = csv_rows(DATA)
"""Every row (report) of the bundled record."""


def _bundled_latest() -> list[dict[str, str]]:
    """The bundled record's events in their latest report, read with the csv module alone (not
    with the code under test), so tests count what the file holds, whatever it holds."""
    latest: dict[str, dict[str, str]] = {}
    for row in BUNDLED_ROWS:  # ISO report days sort as text; a later line wins a tie
        if row["id"] not in latest or row["reported"] >= latest[row["id"]]["reported"]:
            latest[row["id"]] = row
    return list(latest.values())


def names_in(cell: str) -> list[str]:
    """A `;`-separated cell's names."""
    return [name.strip() for name in cell.split(";") if name.strip()]


BUNDLED_LATEST = _bundled_latest()
BUNDLED_IDS = [row["id"] for row in BUNDLED_LATEST]
BUNDLED_COMPANIES = {
    "All companies" if name.lower() == "all" else name
    for row in BUNDLED_LATEST
    for name in names_in(row["company"])
}
BUNDLED_EVENTS = len(BUNDLED_IDS)
"""How many events the bundled record holds (rows sharing an id are one event's history)."""
BUNDLED_FR_DOCS = set(
    re.findall(r"FR Doc (\d{4}-\d{5})", DATA.with_name("h200_china.sources.csv").read_text("utf-8"))
)
"""The Federal Register documents the bundled record's sources cite (their FR Doc numbers)."""
OFFICIAL = ROOT / "tests" / "official"
"""Recorded answers of the Federal Register and the screening list (see its README.md)."""
sys.path.insert(0, str(ROOT))
HANG_LIMIT = 60.0
"""Seconds a command-line run may take in a test before it counts as hung (a loaded machine
starts Python, pandas and Qt in a few seconds; a hang never ends)."""


@pytest.fixture(autouse=True)
def settings_dir(tmp_path_factory, monkeypatch) -> Path:
    """Point the user's settings at a fresh folder per test: tests never touch the real ones.

    AppSettings() with no argument then reads and writes `<folder>/RegTimeline/RegTimeline.ini`.
    """
    from PySide6.QtCore import QSettings

    folder = tmp_path_factory.mktemp("settings")
    for scope in (QSettings.UserScope, QSettings.SystemScope):
        QSettings.setPath(QSettings.IniFormat, scope, str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder


@pytest.fixture(autouse=True)
def _join_background_loads():
    """No load thread outlives its test (a thread left running can outlive its Qt objects)."""
    yield
    loading = sys.modules.get("viewer.app.loading")
    if loading is not None:
        assert loading.join_all(30.0), "a background load did not finish"


@pytest.fixture(autouse=True)
def user_cache(tmp_path_factory, monkeypatch) -> Path:
    """A fresh user cache folder per test: fetched pages never reach (or come from) the real
    one. platformdirs puts RegTimeline's cache under XDG_CACHE_HOME on Linux."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


@pytest.fixture
def make_window(qtbot):
    """A main window, shown, with `path` open (the bundled record; None: nothing). Links the
    user agrees to open are kept in `w.opened_urls` instead of reaching a browser."""

    def make(path=DATA, size=(1400, 900), settings=None):
        from viewer.app.main_window import MainWindow

        w = MainWindow(settings=settings)
        qtbot.addWidget(w)
        w.opened_urls = []
        w.detail.open_url = lambda url: w.opened_urls.append(url.toString())
        if size is not None:
            w.resize(*size)
        w.show()
        qtbot.waitExposed(w)
        if path is not None:
            assert w.open_file(path)
        return w

    return make


@pytest.fixture
def window(make_window):
    """The main window on the bundled record."""
    return make_window()


def assert_problems(model, expected: dict) -> None:
    """The model read what a corpus file's expectation says (tests/bad_files, tests/hostile):
    each problem on its line and column with the reason named, and so many events."""
    got = [(p.line, p.column or "", p.reason) for p in model.problems]
    assert len(got) == len(expected["problems"]), got
    for (line, column, reason), (want_line, want_column, want_reason) in zip(
        got, expected["problems"], strict=True
    ):
        assert (line, column) == (want_line, want_column), got
        assert want_reason in reason, got
    assert len(model) == expected["events"]


def widget_point(w, view_pos):
    """Where a point of the timeline's data (time, row) is in its plot widget."""
    scene = w.timeline.viewbox.mapViewToScene(view_pos)
    return w.timeline.plot.mapFromScene(scene)


def event_point(w, event: int):
    """Where an event's mark is in the timeline's plot widget, once the view is laid out."""
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    return widget_point(w, w.timeline.view_pos_of_event(event))


def hover(w, qtbot, event: int) -> str:
    """Move the mouse over an event's mark, as a user would; the text its tooltip shows."""
    qtbot.mouseMove(w.timeline.plot.viewport(), event_point(w, event))
    qtbot.waitUntil(lambda: w.timeline.hover_text != "", timeout=2000)
    return w.timeline.hover_text


def run(
    *args,
    cwd: Path = ROOT,
    env: dict | None = None,
    timeout: float = 120.0,
    prefix: tuple[str, ...] = (),
    **kw,
):
    """`regtimeline ARGS` as a user runs it: a new process (offscreen, in `cwd`), its output as
    text; arguments may be bytes (file names and text that are not UTF-8). `prefix` runs it
    through another command (e.g. setpriv). A run past `timeout` fails the test as a hang."""
    base = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    argv = [
        *prefix,
        sys.executable,
        "-m",
        "viewer",
        *(a if isinstance(a, bytes) else str(a) for a in args),
    ]
    try:
        done = subprocess.run(
            argv, capture_output=True, cwd=cwd, env={**base, **(env or {})}, timeout=timeout, **kw
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"regtimeline {' '.join(map(repr, args))} hung past {timeout:.0f} s")
    done.stdout = done.stdout.decode("utf-8", errors="replace")
    done.stderr = done.stderr.decode("utf-8", errors="replace")
    return done


SVG = "{http://www.w3.org/2000/svg}"


def svg_texts(data: bytes) -> list[str]:
    """Every text element of an SVG file, as the words it holds."""
    root = ET.fromstring(data)
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def svg_shapes(data: bytes) -> list[dict]:
    """Every path, rect and text of an SVG file with where it was drawn: its bounding box in
    the picture's pixels (x0, y0, x1, y1), the box around its own origin (`local`, before its
    group's transform), and the fill, stroke and words it was drawn with."""
    root = ET.fromstring(data)
    out: list[dict] = []

    def walk(element, matrix, style):
        for child in element:
            tag = child.tag.removeprefix(SVG)
            own = dict(style)
            for key in ("fill", "fill-opacity", "stroke"):
                if child.get(key) is not None:
                    own[key] = child.get(key)
            m = matrix
            if child.get("transform", "").startswith("matrix("):
                a, b, c, d, e, f = (float(v) for v in child.get("transform")[7:-1].split(","))
                m = _compose(matrix, (a, b, c, d, e, f))
            if tag == "g":
                walk(child, m, own)
                continue
            if tag == "rect":
                x, y = float(child.get("x", 0)), float(child.get("y", 0))
                w, h = float(child.get("width", 0)), float(child.get("height", 0))
                local = (x, y, x + w, y + h)
            elif tag == "path":
                numbers = [
                    float(v) for v in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", child.get("d", ""))
                ]
                if len(numbers) < 2:
                    continue
                xs, ys = numbers[0::2], numbers[1::2]
                local = (min(xs), min(ys), max(xs), max(ys))
            elif tag == "text":
                x, y = float(child.get("x", 0)), float(child.get("y", 0))
                local = (x, y, x, y)
                own["text"] = "".join(child.itertext())
            else:
                continue
            corners = [_apply(m, px, py) for px in local[0::2] for py in local[1::2]]
            xs, ys = [p[0] for p in corners], [p[1] for p in corners]
            own.update(kind=tag, local=local, box=(min(xs), min(ys), max(xs), max(ys)))
            out.append(own)

    walk(root, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), {})
    return out


def _compose(outer, inner):
    a1, b1, c1, d1, e1, f1 = outer
    a2, b2, c2, d2, e2, f2 = inner
    return (
        a1 * a2 + c1 * b2,
        b1 * a2 + d1 * b2,
        a1 * c2 + c1 * d2,
        b1 * c2 + d1 * d2,
        a1 * e2 + c1 * f2 + e1,
        b1 * e2 + d1 * f2 + f1,
    )


def _apply(m, x, y):
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


@pytest.fixture(scope="session")
def h200_path() -> Path:
    return DATA


@pytest.fixture(scope="session")
def h200_model():
    from viewer.io import load

    return load(DATA)


@pytest.fixture(scope="module")
def app():
    """The offscreen application snapshots are drawn with (no window)."""
    from viewer.app.application import application

    return application(offscreen=True)


@pytest.fixture(scope="module")
def content(h200_model):
    """What the window shows of the bundled record with no filter."""
    from viewer.shown.content import make_content

    return make_content(h200_model)


@pytest.fixture(scope="module")
def deepseek(h200_model):
    """DeepSeek's December 2025 - February 2026, as shown."""
    from viewer.shown.content import make_content
    from viewer.shown.filters import from_options

    flt = from_options(h200_model, companies=["DeepSeek"], date_from="2025-12", date_to="2026-02")
    return make_content(h200_model, flt)


def deepseek_window(content):
    """The time window a content's date filters name."""
    return (content.filters.date_from, content.filters.date_to)


def pdf_pages(path) -> list[str]:
    """The text of each page of a PDF, as `normal` folds it."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    return [normal(page.extract_text()) for page in reader.pages]


def normal(text: str) -> str:
    """Extracted PDF text compared as a reader searches it: ligatures and spacing folded."""
    import unicodedata

    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))


@pytest.fixture
def write(tmp_path):
    """Write a text file in tmp_path and return its path."""

    def _write(name: str, text: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture
def cli(tmp_path):
    """`run` in tmp_path, as a user would run it there, with HANG_LIMIT for a time limit."""

    def run_here(*args, cwd: Path | None = None, timeout: float = HANG_LIMIT, **kw):
        return run(*args, cwd=cwd or tmp_path, timeout=timeout, **kw)

    return run_here


def as_qt_shows(text: str) -> str:
    """The words a tooltip or label shows for `text`: Qt renders what looks like markup
    (Qt::mightBeRichText), so a cell of `<b>x</b>` must arrive escaped to be seen as written."""
    from PySide6.QtGui import Qt, QTextDocument

    if not Qt.mightBeRichText(text):
        return text
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText()


def click_check(qtbot, tree, item) -> None:
    """Click the item's check box, where a user would."""
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    style = tree.style()
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

    opt = QStyleOptionViewItem()
    opt.initFrom(tree)
    opt.rect = rect
    opt.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    box = style.subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, opt, tree)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=box.center())


def mentions(model, word: str) -> np.ndarray:
    """Events whose title, description or conditions, or a cited source's publisher or title,
    contain `word` (any case): the definition, by plain Python over each event."""
    by_id = {
        sid: f"{pub} {title}".lower()
        for sid, pub, title in zip(
            model.sources["id"], model.sources["publisher"], model.sources["title"], strict=True
        )
    }
    out = []
    for _, ev in model.events.iterrows():
        own = f"{ev['title']}\n{ev['description']}\n{ev['conditions']}".lower()
        cited = [by_id.get(s.strip(), "") for s in ev["sources"].split(";")]
        out.append(word in own or any(word in c for c in cited))
    return np.array(out, dtype=bool)


JOINT_EVENTS = (
    "id,date,end_date,company,regulator,track,status,title,sources,reported\n"
    "cn-first-batch,2026-01-28,,ByteDance; Alibaba,CN government,CN ministry approval,"
    "conditional,China clears first H200 purchases,S1,2026-01-28\n"
    "cn-first-batch,2026-01-28,,ByteDance; Alibaba,CN MIIT; CN MOFCOM,,"
    "conditional,China clears first H200 purchases,S1; S2,2026-01-30\n"
    "cn-deepseek,2026-01-30,,DeepSeek,CN MIIT;CN MOFCOM,,conditional,"
    "DeepSeek cleared to buy H200,S2,\n"
    "cn-miit-only,2026-02-03,,Moore Threads,CN MIIT,,approved,"
    "MIIT approves a domestic accelerator,S3,\n"
    "cn-pause,2026-01-07~,,all,CN government,,reported,"
    "Beijing asks firms to pause H200 orders,S4,\n"
    "us-licence-and-permit,2026-02-10,,Nvidia,US BIS; CN MOFCOM,,approved,"
    "Export licence and import permit issued together,S5,\n"
    "cn-ndrc-review,2026-02-12,2026-03-12,DeepSeek,CN NDRC,,pending,"
    "NDRC reviews the conditions,S2,\n"
)
JOINT_SOURCES = """\
id,publisher,title,url,published
S1,Reuters,China gives nod to first H200 imports,https://example.org/1,2026-01-28
S2,Reuters,MIIT and MOFCOM approved the purchases,https://example.org/2,2026-01-30
S3,MIIT,Notice on accelerator approval,https://example.org/3,2026-02-03
S4,The Information,Beijing tells firms to pause orders,https://example.org/4,2026-01-07
S5,BIS,Licence issued,https://example.gov/5,2026-02-10
"""


@pytest.fixture
def joint_table(write) -> Path:
    """A small table of joint and single acts: a joint approval first attributed to the
    Chinese government and two days later to MIIT and MOFCOM (status history), a joint
    approval spelled without a space, a US licence issued with a Chinese permit (two tracks),
    MIIT alone, NDRC alone and a report naming no ministry."""
    write("joint.sources.csv", JOINT_SOURCES)
    return write("joint.csv", JOINT_EVENTS)


def type_into(qtbot, edit, text: str, enter: bool = True) -> None:
    """As a user types a value: click the field, select all (Ctrl+A), type, press Enter."""
    from PySide6.QtCore import Qt

    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, text)
    if enter:
        qtbot.keyClick(edit, Qt.Key.Key_Return)


# -- registers ---------------------------------------------------------------------------------


@pytest.fixture
def sqlite_register(tmp_path):
    """A new, empty SQLite register: its address."""
    from viewer.io.register.url import parse_register
    from viewer.io.register.write import init_register

    url = parse_register(f"sqlite:///{tmp_path / 'register.db'}")
    init_register(url)
    return url.address


class PostgresServer:
    """A throwaway PostgreSQL cluster on 127.0.0.1 (a free port), password required over TCP
    (scram-sha-256); the password is in a libpq password file named by PGPASSFILE."""

    ROLE = "regtimeline"
    PASSWORD = "s3cret-Pw-for-tests"

    def __init__(self, folder: Path) -> None:
        import shutil
        import socket

        self.folder = folder
        self.bin = _postgres_bin()
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.runner: list[str] = []
        if os.geteuid() == 0:  # initdb refuses root: run the server as an unprivileged user
            user = "postgres" if _user_exists("postgres") else "regtest"
            if not _user_exists(user):
                import subprocess

                subprocess.run(["useradd", "-M", "-r", user], check=True, capture_output=True)
            shutil.chown(folder, user)
            self.runner = ["runuser", "-u", user, "--"]
        self.passfile = folder.parent / f"pgpass-{self.port}"
        self.passfile.write_text(f"127.0.0.1:{self.port}:*:{self.ROLE}:{self.PASSWORD}\n")
        self.passfile.chmod(0o600)
        self._databases = 0

    def run(self, *args: str) -> None:
        import subprocess

        subprocess.run([*self.runner, *args], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        pwfile = self.folder / "pw"
        pwfile.write_text(self.PASSWORD + "\n")
        if self.runner:
            import shutil

            shutil.chown(pwfile, self.runner[2])
        data = self.folder / "data"
        self.run(
            str(self.bin / "initdb"),
            "-D",
            str(data),
            "-U",
            self.ROLE,
            f"--pwfile={pwfile}",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "-E",
            "UTF8",
            "--no-locale",
        )
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        self.run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "-l",
            str(self.folder / "log"),
            "start",
        )

    def stop(self) -> None:
        import contextlib
        import subprocess

        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self.run(
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.folder / "data"),
                "-m",
                "immediate",
                "-w",
                "stop",
            )

    def address(self, database: str, password: bool = False) -> str:
        secret = f":{self.PASSWORD}" if password else ""
        return f"postgresql://{self.ROLE}{secret}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A new empty database: its address (the password comes from the password file)."""
        import psycopg

        self._databases += 1
        name = f"t{self._databases}"
        with psycopg.connect(self.address("postgres"), autocommit=True) as con:
            con.execute(f"CREATE DATABASE {name}")
        return self.address(name)


def _postgres_bin() -> Path:
    import glob
    import shutil

    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise FileNotFoundError("no PostgreSQL server programs (initdb) on this machine")


def _user_exists(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server for the whole session; skipped where none can be started, except
    in CI (CI set), where that is a failure: these tests must never be skipped silently there."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="regtimeline-pg-"))
    folder.chmod(0o755)  # (the server's user goes through it to its cluster)
    server = None
    try:
        (folder / "cluster").mkdir()
        server = PostgresServer(folder / "cluster")
        server.start()
    except Exception as exc:
        if server is not None:
            server.stop()
        message = f"no PostgreSQL server could be started: {exc}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    old = os.environ.get("PGPASSFILE")
    os.environ["PGPASSFILE"] = str(server.passfile)
    yield server
    if old is None:
        os.environ.pop("PGPASSFILE", None)
    else:
        os.environ["PGPASSFILE"] = old
    server.stop()
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pg_register(postgres_server):
    """A new, empty PostgreSQL register (a database of its own): its address."""
    from viewer.io.register.url import parse_register
    from viewer.io.register.write import init_register

    address = postgres_server.new_database()
    init_register(parse_register(address))
    return address


@pytest.fixture(params=["sqlite", "postgresql"])
def register(request):
    """A new, empty register of each kind: its address."""
    name = "sqlite_register" if request.param == "sqlite" else "pg_register"
    return request.getfixturevalue(name)


@dataclass
class Reply:
    """One recorded answer: status, body, headers; `delay` seconds before it, `cut` to send
    only half the body after a Content-Length for all of it."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    cut: bool = False

    @classmethod
    def file(cls, name: str, **kwargs) -> Reply:
        return cls((OFFICIAL / name).read_bytes(), **kwargs)

    @classmethod
    def json(cls, data: object, **kwargs) -> Reply:
        return cls(json.dumps(data).encode("utf-8"), **kwargs)


@dataclass
class Asked:
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    line: str


class RegisterServer:
    """Recorded answers served on 127.0.0.1: routes by path (and query values), each a list
    of replies given in turn, the last one repeated; every request is kept in `asked`."""

    def __init__(self) -> None:
        self.routes: list[tuple[str, dict[str, str], list[Reply]]] = []
        self.asked: list[Asked] = []
        self.release = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.answer(self)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def route(self, path: str, *replies: Reply, when: dict[str, str] | None = None) -> None:
        self.routes.append((path, when or {}, list(replies)))

    def asked_at(self, path: str) -> list[Asked]:
        return [a for a in self.asked if a.path == path]

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)  # (an absolute address when asked as a proxy)
        query = parse_qs(parts.query)
        self.asked.append(Asked(parts.path, query, dict(handler.headers), handler.path))
        reply = Reply(b"not recorded", 404)
        for path, when, replies in self.routes:
            if path == parts.path and all(query.get(k) == [v] for k, v in when.items()):
                reply = replies.pop(0) if len(replies) > 1 else replies[0]
                break
        if reply.delay:
            self.release.wait(reply.delay)
        handler.send_response(reply.status)
        for name, value in reply.headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(reply.body)))
        handler.send_header("Connection", "close")
        handler.end_headers()
        try:
            handler.wfile.write(reply.body[: len(reply.body) // 2] if reply.cut else reply.body)
            handler.wfile.flush()
        except OSError:
            pass  # the client gave up (a timeout test)
        handler.close_connection = True

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


@pytest.fixture
def official_server(monkeypatch):
    """A local server of recorded register answers; the proxies of the environment are
    bypassed for it (as a user's `no_proxy` would)."""
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    server = RegisterServer()
    yield server
    server.close()


DOCUMENTS = "/api/v1/documents.json"
"""The Federal Register's document search (its first page of answers)."""
NEXT = "/api/v1/documents"
"""Where the Federal Register's next_page_url points (`page=2`, ...)."""


FETCHED_ON = "2026-02-01"
"""The day the tests' fetches are made on (what `reported` says of a fetched row)."""


def recorded(*names: str) -> list[dict]:
    """The documents of recorded Federal Register pages (tests/official), in order."""
    docs = []
    for name in names:
        docs += json.loads((OFFICIAL / name).read_text(encoding="utf-8"))["results"]
    return docs


@pytest.fixture(scope="module")
def bis():
    """The recorded BIS documents (both pages) as a fetch's table, fetched on FETCHED_ON."""
    from viewer.io.official import federal_register as fr

    docs = recorded("bis-documents-page-1.json", "bis-documents-page-2.json")
    return fr.documents_table(docs, fr.Query(), FETCHED_ON)


def serve_bis(server: RegisterServer) -> None:
    """The recorded BIS documents as the Federal Register's answer: page 1, then page 2."""
    server.route(DOCUMENTS, Reply.file("bis-documents-page-1.json"))
    server.route(NEXT, Reply.file("bis-documents-page-2.json"), when={"page": "2"})
