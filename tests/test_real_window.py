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


def test_drive_the_window_under_xvfb(tmp_path):
    done = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "real_window_driver.py"), "--out", str(tmp_path),
         "--xvfb"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
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
