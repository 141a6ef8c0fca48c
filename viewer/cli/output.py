"""The output side of `regtimeline export`: what to write, how big, with which title.

The format follows the output's extension: .png .svg .pdf write a snapshot, .csv .xlsx the
table of filtered events. Filters are the command's other options (viewer/cli/options.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from viewer.cli.options import number, text
from viewer.record.text import counted
from viewer.shown.content import Content
from viewer.shown.palette import COLOUR_BY

PAGE_CHOICES = ("a4", "letter", "fit")


PIXELS = number(16, 20000, whole=True)


def add_output_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-o",
        "--output",
        required=True,
        help="output file; its extension chooses: .png .svg .pdf (snapshot), .csv .xlsx (table)",
    )
    p.add_argument("--title", type=text, help="snapshot title (default: the data set's name)")
    p.add_argument(
        "--page",
        choices=PAGE_CHOICES,
        default="a4",
        help="PDF page: A4 or Letter landscape, or the picture's own size (default a4)",
    )
    p.add_argument("--width", type=PIXELS, default=1600, help="width in pixels (1600)")
    p.add_argument(
        "--height",
        type=PIXELS,
        default=None,
        help="height in pixels (default: what the lanes need)",
    )
    p.add_argument(
        "--scale", type=number(0.5, 4), default=1.0, help="PNG pixels per pixel: 2 for high-DPI (1)"
    )
    p.add_argument(
        "--fit",
        action="store_true",
        help="time window: every shown event (the default unless --from/--to or a view's "
        "window are given)",
    )
    p.add_argument(
        "--colour-by",
        "--color-by",
        dest="colour_by",
        choices=COLOUR_BY,
        default="regulator",
        help="what the colour of a mark says: its regulator (the default), its jurisdiction "
        "(US, CN, other) or its track",
    )
    p.add_argument(
        "--no-sources",
        dest="sources",
        action="store_false",
        help="leave out the numbers beside the marks and the numbered sources they refer to",
    )
    p.add_argument(
        "--keep-empty",
        action="store_true",
        help="keep the rows that have no event in the time window (left out by default)",
    )
    p.add_argument(
        "--notes",
        action="store_true",
        help="PDF only: list each event's analysts' notes under its sources, marked as notes "
        "(not part of the sourced record); table exports always carry them",
    )


def output_problem(args: argparse.Namespace) -> str | None:
    """A usage error in the output options, before any data are read: an unknown type, or an
    output that is the input file itself (by any name)."""
    from viewer.export import EXPORT_SUFFIXES
    from viewer.io.files import TargetError, check_not_over

    suffix = Path(args.output).suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        kinds = " ".join(EXPORT_SUFFIXES)
        return f"{args.output}: unsupported output type '{suffix or 'none'}' (use {kinds})"
    if getattr(args, "notes", False):
        if suffix != ".pdf":
            also = (
                " (a table export always has them, in its analyst_notes column)"
                if suffix in (".csv", ".xlsx")
                else ""
            )
            return (
                f"--notes is for PDF exports only: it lists the analysts' notes on the PDF's "
                f"source pages, and a {suffix} has none{also}"
            )
        if not args.sources:
            return (
                "--notes lists the analysts' notes under each event on the PDF's source pages, "
                "which --no-sources leaves out: give one or the other"
            )
    try:
        check_not_over(args.output, [Path(args.file)])
    except TargetError as exc:
        return str(exc)
    return None


def time_window(args: argparse.Namespace, content: Content) -> tuple[float, float] | None:
    """`--from`/`--to` make the window (each side falls back to the data); else fit all."""
    flt = content.filters
    if getattr(args, "fit", False):
        return None
    if getattr(args, "view_window", None) is not None:  # a saved view's time window
        return args.view_window
    if flt.date_from is None and flt.date_to is None:
        return None
    span = content.span() or (0.0, 86400.0)
    lo = flt.date_from if flt.date_from is not None else span[0]
    hi = flt.date_to if flt.date_to is not None else span[1]
    return (lo, hi) if hi > lo else None


def write_output(args: argparse.Namespace, content: Content) -> int:
    """Write the snapshot or table; 0 on success, 1 when the file can't be written, 2 when
    it must not be (the data's own sources file)."""
    from viewer.export import TABLE_SUFFIXES
    from viewer.io.files import TargetError, WriteError

    out = Path(args.output)
    try:
        if out.suffix.lower() in TABLE_SUFFIXES:
            from viewer.export.table import export_table, provenance

            _path, n_events, n_sources = export_table(content, out, provenance(content))
            print(f"Wrote {out} ({counted(n_events, 'event')}, {counted(n_sources, 'source')})")
            return 0
        from viewer.app.application import application
        from viewer.export import Snapshot, export_snapshot

        application(offscreen=True)
        snap = Snapshot(
            window=time_window(args, content),
            width=args.width,
            height=args.height,
            scale=args.scale,
            title=args.title,
            page=args.page,
            colour_by=args.colour_by,
            sources=args.sources,
            keep_empty=args.keep_empty,
            analyst_notes=args.notes,
        )
        written = export_snapshot(content, out, snap)
    except TargetError as exc:
        print(f"regtimeline export: error: {exc}", file=sys.stderr)
        return 2
    except WriteError as exc:
        print(f"regtimeline: error: {exc}", file=sys.stderr)
        return 1
    for note in written.notes:
        print(f"regtimeline: note: {note}", file=sys.stderr)
    from viewer.export.describe import count_text

    held = f"{count_text(content.model, written.events or 0)} in the picture"
    if written.timeline_pages > 1:
        held += f", the timeline over {written.timeline_pages} pages"
    if args.notes:
        _say_notes(content, written.analyst_notes)
        n = written.analyst_notes
        if n:
            held += ", 1 analyst's note" if n == 1 else f", {n:,} analysts' notes"
    print(f"Wrote {out} ({held})")
    return 0


def _say_notes(content: Content, listed: int) -> None:
    """With --notes: why the PDF lists none, when it lists none (no notes kept beside the
    data, none on the events listed, or a notes file that can't be read)."""
    if listed:
        return
    model = content.model
    from viewer.io.notes_store import sidecar_path

    side = str(sidecar_path(model.path)) if model.path is not None else None
    for problem in model.problems:
        if side is not None and problem.file == side:
            print(f"regtimeline: note: {problem.file}: {problem.reason}", file=sys.stderr)
    why = "on the events listed" if len(model.notes) else "kept beside these data"
    print(
        f"regtimeline: note: no analysts' notes {why}; the PDF is as without --notes",
        file=sys.stderr,
    )
