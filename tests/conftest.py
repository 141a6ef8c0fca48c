"""Test configuration: Qt runs offscreen, with no display and nothing set by hand."""

from __future__ import annotations

import os
import sys
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


@pytest.fixture(scope="session")
def h200_path() -> Path:
    return DATA


@pytest.fixture(scope="session")
def h200_model():
    from viewer.io import load

    return load(DATA)


@pytest.fixture
def open_window(qtbot):
    """Open the window on the bundled data at a size (a screen's width), shown offscreen."""

    def _open(width: int = 1500, height: int = 900, path: Path = DATA):
        from viewer.app.main_window import MainWindow

        w = MainWindow()
        qtbot.addWidget(w)
        w.resize(width, height)
        w.show()
        qtbot.waitExposed(w)
        assert w.open_file(path)
        return w

    return _open


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
