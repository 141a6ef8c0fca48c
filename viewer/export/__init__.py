"""Exports: snapshots (PNG, SVG, PDF) and the event table (CSV, XLSX), for the window and CLI.

    snapshot.py     the offscreen timeline and the page around it, PNG and SVG
    composition.py  title, caption, legend, timeline and footer laid out in one column
    pdf.py          the PDF page and its numbered source list
    sources.py      which events a snapshot shows and how their sources are numbered (no Qt)
    describe.py     title, caption and footer words (no Qt)
    table.py        the filtered events as CSV or XLSX, formula-like cells neutralised (no Qt)
    fonts.py        fonts with fallbacks, and a note when no font has some characters

Every file is written atomically (viewer/files.py): a failed export leaves no partial file and
never damages the one it would replace.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from viewer.export.snapshot import (
    PAGES,
    PNG_QUALITY,
    Drawn,
    Snapshot,
    render_image,
    render_svg,
    window_snapshot,
)
from viewer.export.table import TABLE_SUFFIXES, data_files, export_table
from viewer.io.files import WriteError, atomic_write
from viewer.record.memory import release_unused
from viewer.shown.content import Content

SNAPSHOT_SUFFIXES = (".png", ".svg", ".pdf")
EXPORT_SUFFIXES = SNAPSHOT_SUFFIXES + TABLE_SUFFIXES

__all__ = [
    "EXPORT_SUFFIXES",
    "PAGES",
    "SNAPSHOT_SUFFIXES",
    "TABLE_SUFFIXES",
    "Snapshot",
    "Written",
    "export_image",
    "export_snapshot",
    "export_table",
    "render_image",
    "render_svg",
    "snapshot_mime",
    "window_snapshot",
]


@dataclass
class Written:
    """A file written, with notes for the user (e.g. characters no font could draw)."""

    path: Path
    notes: list[str] = field(default_factory=list)
    events: int | None = None  # a snapshot: the events with a mark in its picture
    analyst_notes: int = 0  # a PDF asked for them: the analysts' notes it lists
    timeline_pages: int = 1  # a PDF on paper: the pages its timeline runs over


def export_snapshot(content: Content, path: str | Path, snap: Snapshot = Snapshot()) -> Written:
    """Write a PNG, SVG or PDF snapshot (by extension); raises WriteError naming the path."""
    from viewer.export.snapshot import _render_image

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SNAPSHOT_SUFFIXES:
        raise WriteError(
            f"{path}: unsupported snapshot type '{path.suffix}' (use .png, .svg or .pdf)"
        )
    drawn = Drawn(0)
    if suffix == ".png":
        image, drawn = _render_image(content, snap)

        def write(tmp: Path) -> None:
            tmp.write_bytes(png_bytes(image, path))  # (Python reports a full disk; Qt didn't)

    elif suffix == ".svg":
        data, drawn = render_svg(content, snap)

        def write(tmp: Path) -> None:
            tmp.write_bytes(data)

    else:
        from viewer.export.pdf import write_pdf

        def write(tmp: Path) -> None:
            nonlocal drawn
            drawn = write_pdf(content, snap, tmp)

    try:
        atomic_write(path, write, data_files(content))
    finally:
        release_unused()  # the page's image or document, back to the system (a few ms)
    return Written(path, drawn.notes, drawn.events, drawn.analyst_notes, drawn.timeline_pages)


def png_bytes(image, path: Path) -> bytes:
    """The image encoded as PNG in memory."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG", PNG_QUALITY):
        raise WriteError(f"{path}: the image could not be encoded")
    buffer.close()
    return bytes(data)


def export_image(content: Content, path: str | Path, snap: Snapshot = Snapshot()) -> Path:
    """The first version's entry point: write a snapshot, return its path."""
    return export_snapshot(content, path, snap).path


def snapshot_mime(content: Content, snap: Snapshot):
    """Clipboard data for a snapshot: the picture, plus SVG for programs that take vectors."""
    from PySide6.QtCore import QMimeData

    mime = QMimeData()
    mime.setImageData(render_image(content, snap))
    data, _drawn = render_svg(content, snap)
    mime.setData("image/svg+xml", data)
    return mime
