"""Drive the real window on a real X server (xcb, not offscreen) and save what the screen shows.

    python tests/real_window_driver.py --out DIR [--xvfb]

With --xvfb (or when DISPLAY is unset) it starts its own Xvfb. Then it launches RegTimeline
on the bundled data and, as a user would: types a filter, clicks a table row and a mark in the
timeline, exports a snapshot through File > Export Snapshot (Ctrl+E sent by xdotool as real X
key presses when xdotool is installed, else by QTest), switches to the dark theme, and saves
screenshots of the X screen (ImageMagick `import`) and of the window.
It prints one JSON object with what it saw, for tests/test_real_window.py to check.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def start_xvfb() -> tuple[subprocess.Popen, str]:
    """An Xvfb on a free display number (it picks one and tells us through a pipe)."""
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    if not number:
        server.kill()
        raise SystemExit("Xvfb did not start")
    return server, f":{number}"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--xvfb", action="store_true", help="start a private Xvfb")
    args = p.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    server = None
    if args.xvfb or not os.environ.get("DISPLAY"):
        server, display = start_xvfb()
        os.environ["DISPLAY"] = display
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    try:
        with tempfile.TemporaryDirectory() as settings:
            report = drive(args.out, Path(settings))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
    print(json.dumps(report))
    return 0


def drive(out: Path, settings: Path) -> dict:
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(settings))
    from viewer.app.application import application

    app = application()
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    from viewer.app.main_window import MainWindow
    from viewer.paths import bundled_data

    report: dict = {"platform": app.platformName(), "display": os.environ["DISPLAY"]}
    window = MainWindow()
    window.resize(1500, 920)
    window.move(20, 20)
    window.show()
    window.open_file(bundled_data())
    window.raise_()
    window.activateWindow()
    wait(app, lambda: window.isVisible() and window.document.content is not None)
    wait(app, lambda: window.isActiveWindow(), timeout=3.0)
    report["events_shown"] = window.table.model().rowCount()
    report["screen_ratio"] = window.devicePixelRatioF()
    screen(out / "1-launched.png", report)

    # Filter: type into the filter panel's text field, as a user would.
    field = window.filter_panel.text_edit if hasattr(window, "filter_panel") else None
    if field is not None:
        window.filter_dock.show()
        window.filter_dock.raise_()
        settle(app)
        QTest.mouseClick(field, Qt.MouseButton.LeftButton)
        QTest.keyClicks(field, "DeepSeek")
        QTest.keyClick(field, Qt.Key.Key_Return)
        wait(app, lambda: window.table.model().rowCount() < report["events_shown"])
        report["events_after_filter"] = window.table.model().rowCount()
        report["filtered_titles"] = [
            window.table.model().data(window.table.model().index(r, 3))
            for r in range(window.table.model().rowCount())
        ]
        screen(out / "2-filtered.png", report)

    # Select: click the first row of the table, then a mark in the timeline.
    table = window.table
    first = table.visualRect(table.model().index(0, 3)).center()
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=first)
    wait(app, lambda: window.document.state.selected is not None)
    report["selected_from_table"] = window.document.state.selected
    report["detail_shows_it"] = bool(
        window.document.state.selected
        and window.document.model.events.set_index("id").loc[
            window.document.state.selected, "title"
        ]
        in window.detail.toPlainText()
    )
    target = "cn-deepseek-approval"
    i = window.document.model.index_of(target)
    if i is not None:
        window.timeline.ensure_event_visible(i)
        settle(app)
        pos = window.timeline.view_pos_of_event(i)
        scene = window.timeline.viewbox.mapViewToScene(pos)
        point = window.timeline.plot.mapFromScene(scene)
        QTest.mouseClick(
            window.timeline.plot.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(point)
        )
        wait(app, lambda: window.document.state.selected == target)
        report["selected_from_timeline"] = window.document.state.selected
    screen(out / "3-selected.png", report)

    # Export: File > Export Snapshot by its shortcut, the dialog filled in and saved.
    exported = out / "snapshot.png"
    exported.unlink(missing_ok=True)
    report["shortcut_by"] = press_ctrl_e(app, window)
    wait(
        app,
        lambda: (
            window.exporter.snapshot_dialog is not None
            and window.exporter.snapshot_dialog.isVisible()
        ),
    )
    dialog = window.exporter.snapshot_dialog
    report["export_dialog_opened"] = bool(dialog is not None and dialog.isVisible())
    if dialog is not None:
        screen(out / "4-export-dialog.png", report)
        dialog.path_edit.setText(str(exported))
        QTest.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        wait(app, lambda: exported.exists() and not dialog.isVisible())
    report["exported"] = str(exported) if exported.exists() else None

    # Dark theme through the View menu's action.
    window.theme_menu.actions_by_name["dark"].trigger()
    settle(app)
    report["dark_background"] = window.timeline.theme.background
    screen(out / "5-dark.png", report)
    window.grab().save(str(out / "window-grab.png"))
    window.close()
    settle(app)
    return report


def press_ctrl_e(app, window) -> str:
    """Ctrl+E as real X key events (xdotool), else as Qt key events."""
    settle(app)
    if shutil.which("xdotool"):
        done = subprocess.run(
            ["xdotool", "key", "--clearmodifiers", "ctrl+e"],
            capture_output=True,
            timeout=10,
            check=False,
        )
        wait(app, lambda: window.exporter.snapshot_dialog is not None, timeout=3.0)
        if done.returncode == 0 and window.exporter.snapshot_dialog is not None:
            return "xdotool"
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    return "qtest"


def screen(path: Path, report: dict) -> None:
    """What the X server shows: the whole screen, with ImageMagick's `import`."""
    if shutil.which("import"):
        subprocess.run(["import", "-window", "root", str(path)], check=False, timeout=30)
        report.setdefault("screenshots", []).append(str(path))


def wait(app, condition, timeout: float = 8.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        app.processEvents()
        if condition():
            settle(app, 0.1)
            return True
        time.sleep(0.02)
    return False


def settle(app, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


if __name__ == "__main__":
    sys.exit(main())
