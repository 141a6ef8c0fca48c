"""Refresh the README's pictures: the window on the bundled data, and a page of its PDF export.

    python tests/screenshots.py [--out docs/screenshots] [--platform offscreen|xcb]

Writes window.png (light theme, an event selected so the detail pane shows its sources),
window-dark.png (the same in the dark theme) and export-pdf.png (the first page of a PDF
exported by the window, rendered with poppler's pdftoppm when it is installed). Settings go
to a temporary folder, so the user's own window layout never shows up in the pictures.
Run it whenever the window changes, then look at the pictures before committing them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SELECTED = "cn-deepseek-approval"
SIZE = (1600, 980)
# Mid-2025 to the first deliveries: where most of the record is (POSIX seconds, UTC).
WINDOW = (1748736000.0, 1773532800.0)  # 2025-06-01 .. 2026-03-15


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    p.add_argument("--platform", default=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    args = p.parse_args()
    os.environ["QT_QPA_PLATFORM"] = args.platform
    sys.path.insert(0, str(ROOT))
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        from PySide6.QtCore import QSettings

        QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, tmp)
        written = shoot(args.out, Path(tmp))
    for path in written:
        print(path)
    return 0


def shoot(out: Path, tmp: Path) -> list[Path]:
    from viewer.app.application import application

    app = application()
    from viewer.app.main_window import MainWindow
    from viewer.paths import bundled_data

    window = MainWindow()
    window.resize(*SIZE)
    window.show()
    window.open_file(bundled_data())
    window.theme_menu.choose("light")
    window.detail_dock.raise_()  # the selected event's sources, rather than the filters
    window.select_id(SELECTED)
    window.timeline.set_window(*WINDOW)
    settle(app)
    written = [save(window.grab(), out / "window.png")]

    window.theme_menu.choose("dark")
    settle(app)
    written.append(save(window.grab(), out / "window-dark.png"))
    window.theme_menu.choose("light")
    settle(app)

    pdf = tmp / "h200_china.pdf"
    if not window.exporter.export_to(pdf, page="a4", warn=False):
        raise SystemExit(f"export failed: {window.exporter.last_error}")
    page = pdf_page_png(pdf, out / "export-pdf.png")
    if page is not None:
        written.append(page)
    window.close()
    return written


def settle(app) -> None:
    """Let layouts, paints and deferred updates finish before grabbing."""
    import time

    end = time.monotonic() + 0.6
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def save(pixmap, path: Path) -> Path:
    if not pixmap.save(str(path)):
        raise SystemExit(f"could not write {path}")
    return path


def pdf_page_png(pdf: Path, target: Path) -> Path | None:
    tool = shutil.which("pdftoppm")
    if tool is None:
        print("pdftoppm (poppler-utils) not found: export-pdf.png left as it is", file=sys.stderr)
        return None
    stem = target.with_suffix("")
    subprocess.run(
        [tool, "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
        check=True,
    )
    return target


if __name__ == "__main__":
    sys.exit(main())
