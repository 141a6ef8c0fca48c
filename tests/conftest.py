"""Test configuration: Qt runs offscreen, with no display and nothing set by hand."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np

# Offscreen whatever the environment says (even `xcb` with no display, or empty): the suite
# never needs a display, and a window popping up on a developer's screen is no test.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("XDG_DATA_HOME", str(Path(__file__).parent / ".." / ".pytest_cache" / "xdg"))

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "h200_china.csv"
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


@pytest.fixture(scope="session")
def h200_path() -> Path:
    return DATA


@pytest.fixture(scope="session")
def h200_model():
    from viewer.io import load

    return load(DATA)


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
    """Run `regtimeline ARGS` as a user would (a new process, in tmp_path, offscreen, with a
    time limit); arguments may be bytes (file names and text that are not UTF-8).

    `prefix` runs it through another command (e.g. setpriv). Returns the CompletedProcess with
    stdout and stderr as text; a run past HANG_LIMIT fails the test as a hang.
    """

    def run(
        *args,
        cwd: Path | None = None,
        env: dict | None = None,
        timeout=HANG_LIMIT,
        prefix: tuple[str, ...] = (),
        **kw,
    ):
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
                argv,
                capture_output=True,
                cwd=cwd or tmp_path,
                env={**base, **(env or {})},
                timeout=timeout,
                **kw,
            )
        except subprocess.TimeoutExpired:
            pytest.fail(f"regtimeline {' '.join(map(repr, args))} hung past {timeout:.0f} s")
        done.stdout = done.stdout.decode("utf-8", errors="replace")
        done.stderr = done.stderr.decode("utf-8", errors="replace")
        return done

    return run


def as_qt_shows(text: str) -> str:
    """The words a tooltip or label shows for `text`: Qt renders what looks like markup
    (Qt::mightBeRichText), so a cell of `<b>x</b>` must arrive escaped to be seen as written."""
    from PySide6.QtGui import Qt, QTextDocument

    if not Qt.mightBeRichText(text):
        return text
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText()


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
