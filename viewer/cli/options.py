"""The options several commands share, and the checked `type`s their values go through.

The filter options (`export`, `validate`) mean what the filter panel means: each repeatable
option keeps the events matching any of its values, options combine with AND, and naming
companies keeps the All companies lane. A saved view (`--view`) gives the starting filters;
options given beside it replace its fields. `--map` names a file's columns (`validate`,
`export`, `register import`, the window), `--as-of` the day the record is shown as known.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from viewer.io.mapping import parse_map
from viewer.record.as_of import parse_as_of
from viewer.record.model import EventModel
from viewer.shown import filters as F

T = TypeVar("T")

REPEATABLE = (
    ("--company", "keep this company's events (repeatable); All companies events stay in"),
    ("--regulator", "keep this regulator's events, e.g. 'CN NDRC' (repeatable)"),
    ("--track", "keep this track (repeatable)"),
    ("--status", "keep this status, e.g. approved (repeatable)"),
)
FILTER_FIELDS = {
    "company": "companies",
    "regulator": "regulators",
    "track": "tracks",
    "status": "statuses",
    "date_from": "date_from",
    "date_to": "date_to",
    "search": "text",
}
"""Each filter option (its dest) and the field of Filters it sets (from_options' names)."""


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


def parsed(parse: Callable[[str], T]) -> Callable[[str], T]:
    """An argparse `type` from a function that raises ValueError: the option's words must be
    text (see `text`), and the function's message is the usage error."""

    def convert(value: str) -> T:
        try:
            return parse(text(value))
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return convert


def number(low: float, high: float, whole: bool = False, unit: str = "") -> Callable[[str], float]:
    """An argparse `type`: a number from `low` to `high` (a whole one when `whole`)."""
    kind = ("a whole number" if whole else "a number") + (f" of {unit}" if unit else "")

    def convert(value: str) -> float:
        try:
            n = int(value) if whole else float(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{value!r} is not {kind}") from None
        if not low <= n <= high:
            shown = f"{n}" if whole else f"{n:g}"
            raise argparse.ArgumentTypeError(
                f"{shown} is outside {low:g}..{high:g}{f' {unit}' if unit else ''}"
            )
        return n

    return convert


def add_filter_options(p: argparse.ArgumentParser) -> None:
    group = p.add_argument_group("filters (the same as the window's filter panel)")
    for flag, words in REPEATABLE:
        group.add_argument(flag, action="append", default=[], type=text, metavar="NAME", help=words)
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


def filtering(args: argparse.Namespace) -> bool:
    """Whether any filter option was given."""
    return any(getattr(args, dest, None) for dest in FILTER_FIELDS)


def add_map_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--map",
        dest="mapping",
        metavar="FIELD=COLUMN,...",
        type=parsed(parse_map),
        help="which of the file's columns holds each field, for tables whose columns have "
        "other names: 'date=Effective Date,regulator=Agency,company=Entity,title=Summary'",
    )


def add_as_of_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--as-of",
        dest="as_of",
        metavar="DATE",
        type=parsed(parse_as_of),
        help="show the record as known on DATE: only what had been reported by then, each "
        "event in its state then (a month or year means its last day)",
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
    options = {field: getattr(args, dest, None) for dest, field in FILTER_FIELDS.items()}
    given = F.from_options(model, **options)
    changes = {field: getattr(given, field) for field, value in options.items() if value}
    flt = (base or F.Filters()).with_(**changes)
    return flt, F.unknown_names(model, flt)
