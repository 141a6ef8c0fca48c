"""The filter options of the command line, shared by `export`, `validate` and the window.

They mean what the filter panel means: each repeatable option keeps the events matching any of
its values, options combine with AND, and naming companies keeps the All companies lane. A saved
view (`--view`) gives the starting filters; options given beside it replace its fields.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from viewer.record.model import EventModel
from viewer.shown import filters as F


def text(value: str) -> str:
    """An option's words, which must be text: bytes that are not UTF-8 (a terminal in another
    encoding) would match nothing and break every file they reach."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise argparse.ArgumentTypeError(
            f"{value.encode('utf-8', 'surrogateescape')!r} is not valid UTF-8 text"
        ) from None
    return value


def add_filter_options(p: argparse.ArgumentParser) -> None:
    group = p.add_argument_group("filters (the same as the window's filter panel)")
    group.add_argument(
        "--company",
        action="append",
        default=[],
        type=text,
        metavar="NAME",
        help="keep this company's events (repeatable); All companies events stay in",
    )
    group.add_argument(
        "--regulator",
        action="append",
        default=[],
        type=text,
        metavar="NAME",
        help="keep this regulator's events, e.g. 'CN NDRC' (repeatable)",
    )
    group.add_argument(
        "--track",
        action="append",
        default=[],
        type=text,
        metavar="NAME",
        help="keep this track (repeatable)",
    )
    group.add_argument(
        "--status",
        action="append",
        default=[],
        type=text,
        metavar="NAME",
        help="keep this status, e.g. approved (repeatable)",
    )
    group.add_argument(
        "--from",
        dest="date_from",
        type=text,
        metavar="DATE",
        help="start of the window (YYYY-MM-DD, YYYY-MM…)",
    )
    group.add_argument(
        "--to", dest="date_to", type=text, metavar="DATE", help="end of the window, inclusive"
    )
    group.add_argument(
        "--search",
        default="",
        type=text,
        metavar="TEXT",
        help="keep events whose title, description, conditions or sources contain every word",
    )


def add_view_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--view",
        metavar="VIEW.json",
        type=Path,
        help="a saved view (File > Save View): filters, time window, lanes, selection",
    )


def filters_from_args(
    model: EventModel, args: argparse.Namespace, base: F.Filters | None = None
) -> tuple[F.Filters, list[str]]:
    """The filters the options ask for, over `base` (a saved view's), and notes on names the
    data lack. A bad date raises ValueError naming it."""
    given = F.from_options(
        model,
        companies=args.company,
        regulators=args.regulator,
        tracks=getattr(args, "track", []),
        statuses=getattr(args, "status", []),
        date_from=args.date_from,
        date_to=args.date_to,
        text=getattr(args, "search", "") or "",
    )
    flt = base or F.Filters()
    changes = {}
    if args.company:
        changes["companies"] = given.companies
    if args.regulator:
        changes["regulators"] = given.regulators
    if getattr(args, "track", []):
        changes["tracks"] = given.tracks
    if getattr(args, "status", []):
        changes["statuses"] = given.statuses
    if args.date_from:
        changes["date_from"] = given.date_from
    if args.date_to:
        changes["date_to"] = given.date_to
    if getattr(args, "search", ""):
        changes["text"] = given.text
    flt = flt.with_(**changes)
    return flt, F.unknown_names(model, flt)
