"""Test configuration: Qt runs offscreen, with no display and nothing set by hand."""

from __future__ import annotations

import os
import re
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
