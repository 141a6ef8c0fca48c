"""The start-up report: printed once, at the first paint of the timeline with data."""

from __future__ import annotations

import re
import time

from tests.conftest import DATA
from viewer.app import first_frame


def test_process_start_is_in_the_past():
    start = first_frame.process_start()
    assert start <= time.time()
    assert time.time() - start < 24 * 3600  # this test process, not boot time


def test_reports_the_first_frame_with_data(qtbot, monkeypatch, capsys):
    from viewer.app.main_window import MainWindow

    monkeypatch.setenv(first_frame.ENV, "1")
    w = MainWindow()
    qtbot.addWidget(w)
    first_frame.watch(w)
    w.show()
    qtbot.waitExposed(w)
    w.timeline.plot.viewport().repaint()  # a frame without data: not reported
    assert "first frame" not in capsys.readouterr().err
    assert w.open_file(DATA)
    qtbot.waitUntil(lambda: "first frame" in capsys.readouterr().err, timeout=5000)


def test_silent_without_the_variable(qtbot, monkeypatch):
    from viewer.app.main_window import MainWindow

    monkeypatch.delenv(first_frame.ENV, raising=False)
    w = MainWindow()
    qtbot.addWidget(w)
    first_frame.watch(w)
    assert not hasattr(w, "_first_frame_watcher")
    assert re.fullmatch(r"[A-Z_]+", first_frame.ENV)
