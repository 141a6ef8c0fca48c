"""The start-up report: printed once, at the first paint of the timeline with data."""

from __future__ import annotations

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


def test_silent_without_the_variable(make_window, monkeypatch, capsys):
    from PySide6.QtWidgets import QApplication

    monkeypatch.delenv(first_frame.ENV, raising=False)
    w = make_window(path=None)
    first_frame.watch(w)
    assert not hasattr(w, "_first_frame_watcher")  # nothing watches the paints
    assert w.open_file(DATA)
    w.timeline.plot.viewport().grab()  # a frame with data, painted now
    QApplication.processEvents()  # (where the report would be printed)
    assert "first frame" not in capsys.readouterr().err
