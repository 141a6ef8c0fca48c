"""Test configuration: Qt runs offscreen, with no display and nothing set by hand."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_DATA_HOME", str(Path(__file__).parent / ".." / ".pytest_cache" / "xdg"))

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "h200_china.csv"
sys.path.insert(0, str(ROOT))


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


@pytest.fixture
def make_window(qtbot):
    """A main window, shown, with `path` open (the bundled record; None: nothing)."""

    def make(path=DATA, size=(1400, 900), settings=None):
        from viewer.app.main_window import MainWindow

        w = MainWindow(settings=settings)
        qtbot.addWidget(w)
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


def widget_point(w, view_pos):
    """Where a point of the timeline's data (time, row) is in its plot widget."""
    scene = w.timeline.viewbox.mapViewToScene(view_pos)
    return w.timeline.plot.mapFromScene(scene)


def run(*args, cwd=ROOT, env=None):
    """`regtimeline ARGS` as a user runs it (offscreen), with its output."""
    return subprocess.run(
        [sys.executable, "-m", "viewer", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT), **(env or {})},
        timeout=120,
    )


SVG = "{http://www.w3.org/2000/svg}"


def svg_texts(data: bytes) -> list[str]:
    """Every text element of an SVG file, as the words it holds."""
    root = ET.fromstring(data)
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


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


def type_into(qtbot, edit, text: str, enter: bool = True) -> None:
    """As a user types a value: click the field, select all (Ctrl+A), type, press Enter."""
    from PySide6.QtCore import Qt

    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, text)
    if enter:
        qtbot.keyClick(edit, Qt.Key.Key_Return)
