"""`regtimeline fetch`: events from the official registers, written as a data set.

    regtimeline fetch federal-register [--agency SLUG]... [--type rule|proposed-rule|notice|
        presidential]... [--since DATE] [--until DATE] [--term TEXT] -o OUT.csv|.xlsx|.parquet
        [--merge EXISTING] [--base-url URL] [--offline]
    regtimeline fetch screening-list [--list NAME]... [--country CC]... -o OUT
        [--merge EXISTING] [--base-url URL] [--offline]

Exit codes as the rest of the command line: 0 written, 1 the register or a file failed, 2 usage,
130 interrupted (Ctrl+C: the file being written is dropped, the old one stays).
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from pathlib import Path

from viewer.cli.options import number, parsed
from viewer.io.official import federal_register as fr
from viewer.io.official import screening_list as csl
from viewer.io.official.run import FetchOutcome, FetchRequest, run_fetch

BAR_WIDTH = 28


def _common(p: argparse.ArgumentParser, default_base: str) -> None:
    p.add_argument(
        "-o",
        "--output",
        required=True,
        type=Path,
        help="the data set to write: .csv (sources in OUT.sources.csv), .xlsx (a Sources "
        "sheet) or .parquet (OUT.sources.parquet)",
    )
    p.add_argument(
        "--merge",
        type=Path,
        metavar="EXISTING",
        help="add to this table (left unchanged; OUT is a new file): its rows stay as they "
        "are, nothing it already holds is added again",
    )
    p.add_argument(
        "--base-url", default=default_base, metavar="URL", help=f"server (default {default_base})"
    )
    p.add_argument(
        "--offline",
        action="store_true",
        help="use only the pages fetched before (the user cache folder), no network",
    )
    p.add_argument(
        "--timeout",
        type=number(0.1, 600, unit="seconds"),
        default=30.0,
        metavar="SECONDS",
        help="how long to wait for the server each time (30)",
    )


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="regtimeline fetch",
        description="Events from the official registers, each with its document as source.",
    )
    sub = p.add_subparsers(dest="register", required=True, metavar="REGISTER")
    f = sub.add_parser(
        fr.REGISTER,
        help="Federal Register documents (rules, proposed rules, notices, presidential)",
        description="One event per Federal Register document (id fr-NUMBER), the document "
        "as its source with number, citation, CFR parts, RINs and PDF address.",
    )
    f.add_argument(
        "--agency",
        action="append",
        default=[],
        metavar="SLUG",
        help=f"agency as the API names it (repeatable; default {fr.DEFAULT_AGENCY})",
    )
    f.add_argument(
        "--type",
        action="append",
        default=[],
        choices=tuple(fr.TYPES),
        help="document type (repeatable; default every type)",
    )
    f.add_argument(
        "--since",
        type=parsed(fr.publication_day),
        metavar="DATE",
        help="published on or after DATE",
    )
    f.add_argument(
        "--until",
        type=parsed(functools.partial(fr.publication_day, last=True)),
        metavar="DATE",
        help="published on or before DATE",
    )
    f.add_argument("--term", default="", metavar="TEXT", help="words the documents contain")
    _common(f, fr.BASE_URL)
    s = sub.add_parser(
        csl.REGISTER,
        help="the Consolidated Screening List (Entity List and the other lists)",
        description="One event per listed party, in the party's own lane, citing the Federal "
        "Register notice that listed it.",
    )
    s.add_argument(
        "--list",
        action="append",
        default=[],
        dest="lists",
        metavar="NAME",
        help="list name or abbreviation, e.g. 'Entity List' or EL (repeatable; default all)",
    )
    s.add_argument(
        "--country",
        action="append",
        default=[],
        dest="countries",
        metavar="CC",
        help="two-letter country of an address, e.g. CN (repeatable; default all)",
    )
    _common(s, csl.BASE_URL)
    return p


def request_from(args: argparse.Namespace) -> FetchRequest:
    common = {"merge_into": args.merge, "offline": args.offline, "timeout": args.timeout}
    if args.register == fr.REGISTER:
        if args.since and args.until and args.since > args.until:
            raise argparse.ArgumentTypeError(f"--since {args.since} is after --until {args.until}")
        query = fr.Query(
            agencies=tuple(args.agency) or (fr.DEFAULT_AGENCY,),
            types=tuple(dict.fromkeys(args.type)),
            since=args.since,
            until=args.until,
            term=args.term.strip(),
            base_url=args.base_url,
        )
        return FetchRequest(args.output, federal_register=query, **common)
    query = csl.Query(tuple(args.lists), tuple(args.countries), base_url=args.base_url)
    return FetchRequest(args.output, screening_list=query, **common)


def fetch(argv: list[str]) -> int:
    """Run `regtimeline fetch ...`; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        request = request_from(args)
    except argparse.ArgumentTypeError as exc:
        parser.error(str(exc))
    from viewer.io.progress import Progress

    bar = Bar(sys.stderr) if sys.stderr.isatty() else None
    try:
        outcome = run_fetch(request, Progress(bar.show if bar else None))
    except KeyboardInterrupt:
        print("\nregtimeline fetch: interrupted (no file is left half-written)", file=sys.stderr)
        raise
    finally:
        if bar:
            bar.close()
    return report(outcome)


def report(outcome: FetchOutcome) -> int:
    for note in outcome.notes:
        print(f"regtimeline: note: {note}", file=sys.stderr)
    if outcome.error:
        print(f"regtimeline fetch: error: {outcome.error}", file=sys.stderr)
        return 1
    names = " and ".join(str(p) for p in outcome.written)
    kept = f", {outcome.kept:,} rows kept from the table merged into" if outcome.kept else ""
    print(f"Wrote {names}: {outcome.added:,} rows added{kept}")
    print(f"Reads as: {outcome.summary}")
    for problem in outcome.problems:
        print(problem)
    return 0


class Bar:
    """A one-line progress bar on a terminal, redrawn at most ten times a second."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.last = 0.0
        self.drawn = False

    def show(self, fraction: float, text: str) -> None:
        now = time.monotonic()
        if now - self.last < 0.1 and fraction < 1.0:
            return
        self.last = now
        filled = int(BAR_WIDTH * fraction)
        line = f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {fraction:4.0%} {text[:60]}"
        self.stream.write(line.ljust(100))
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\r" + " " * 100 + "\r")
            self.stream.flush()
