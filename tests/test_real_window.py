"""The real window on a real X server (Xvfb, xcb platform): launch, filter, select, export.

Skipped where Xvfb is not installed. The driver (tests/real_window_driver.py) can be run by
hand to look at the screenshots it saves: `python tests/real_window_driver.py --out DIR`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

from tests.conftest import BUNDLED_EVENTS, ROOT

pytestmark = pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed")


def drive(tmp_path, *options: str) -> dict:
    """Run the driver on Xvfb with `options`; its report (the last line it prints)."""
    driver = ROOT / "tests" / "real_window_driver.py"
    done = subprocess.run(
        [sys.executable, str(driver), "--out", str(tmp_path), "--xvfb", *options],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_drive_the_window_under_xvfb(tmp_path):
    report = drive(tmp_path)
    assert report["platform"] == "xcb"
    assert report["events_shown"] == BUNDLED_EVENTS
    assert 0 < report["events_after_filter"] < BUNDLED_EVENTS
    assert all(title for title in report["filtered_titles"])
    assert report["selected_from_table"] and report["detail_shows_it"]
    assert report["selected_from_timeline"] == "cn-deepseek-approval"
    assert report["export_dialog_opened"]
    exported = QImage(report["exported"])
    assert not exported.isNull() and exported.width() >= 640
    assert report["dark_background"] == "#1E2126"
    if shutil.which("import"):
        for path in report["screenshots"]:
            shot = QImage(path)
            assert (shot.width(), shot.height()) == (1600, 1000), path
            # The window is on the X screen: not a blank root window.
            colours = {shot.pixel(x, y) for x in range(0, 1600, 97) for y in range(0, 1000, 61)}
            assert len(colours) > 8, path


def inside(box, screen) -> bool:
    return screen[0] <= box[0] <= box[2] <= screen[2] and screen[1] <= box[1] <= box[3] <= screen[3]


def test_first_launch_fits_a_1366x768_laptop_screen(tmp_path):
    report = drive(tmp_path, "--screen", "1366x768", "--first-launch")
    screen = report["screen"]
    assert screen == [0, 0, 1366, 768]
    assert inside(report["window"], screen)
    assert report["hidden"] == []
    for name in ("menu bar", "timeline", "status bar", "legend"):
        assert inside(report["parts"][name], screen), name
    # Every dock on screen, or its tab on screen to bring it forward.
    assert {"Events", "Details", "Filters", "Problems", "Changes"} <= set(report["docks"])
    for name, where in report["docks"].items():
        assert where and inside(next(iter(where.values())), screen), name
    # The timeline keeps room for its rows, and the date axis starts where they end.
    assert report["timeline_rows_shown"] >= 8
    assert abs(report["rows_bottom"] - report["axis_top"]) <= 1
    if shutil.which("import"):
        shot = QImage(report["screenshots"][0])
        assert (shot.width(), shot.height()) == (1366, 768)
