"""`regtimeline register …`: make, fill, upgrade and write out a register.

    regtimeline register init REGISTER             (a plain path means a SQLite file)
    regtimeline register import FILE REGISTER [--map FIELD=COLUMN,...]
    regtimeline register export REGISTER -o FILE.csv|.xlsx
    regtimeline register upgrade REGISTER

REGISTER is `sqlite:///register.db` or `postgresql://user@host:5432/dbname`. An import checks
the table exactly as opening it does, prints the same problems, and writes only rows without
any, in one transaction. Exit codes as for the other commands: 0 done, 1 problems or a register
that can't be used, 2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from viewer.record.text import counted

NOTE = ("analyst's note", "analysts' notes")


def _parser() -> argparse.ArgumentParser:
    from viewer.cli.options import add_map_option

    p = argparse.ArgumentParser(
        prog="regtimeline register",
        description="A register: the data format kept in a database the team shares "
        "(sqlite:///FILE for one desk, postgresql://user@host/dbname for a team).",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    init = sub.add_parser("init", help="create a register (a plain path: a SQLite file)")
    init.add_argument("register", help="sqlite:///FILE, FILE, or postgresql://…")
    add = sub.add_parser(
        "import", help="append a table's reports (checked as when opened; idempotent)"
    )
    add.add_argument("file", help="event table (CSV, XLSX, JSON, Parquet or TimelineJS)")
    add.add_argument("register", help="sqlite:///FILE or postgresql://…")
    add_map_option(add)
    out = sub.add_parser("export", help="write every report and source in the data format")
    out.add_argument("register", help="sqlite:///FILE or postgresql://…")
    out.add_argument("-o", "--output", required=True, help="FILE.csv (+ FILE.sources.csv) or .xlsx")
    up = sub.add_parser("upgrade", help="bring a register made by an older RegTimeline up to date")
    up.add_argument("register", help="sqlite:///FILE or postgresql://…")
    return p


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    from viewer.io.register.url import AddressError, parse_register
    from viewer.record.problems import LoadError

    try:
        url = parse_register(args.register, plain_path_is_sqlite=args.command == "init")
    except AddressError as exc:
        print(f"regtimeline register: error: {exc}", file=sys.stderr)
        return 2
    try:
        return COMMANDS[args.command](url, args)
    except LoadError as exc:
        print(f"regtimeline: error: {exc}", file=sys.stderr)
        return 1


def init(url, args: argparse.Namespace) -> int:
    from viewer.io.register.write import init_register

    print(init_register(url))
    return 0


def upgrade(url, args: argparse.Namespace) -> int:
    from viewer.io.register.write import upgrade_register

    print(upgrade_register(url))
    return 0


def import_file(url, args: argparse.Namespace) -> int:
    from viewer.io import load
    from viewer.io.register.url import is_register_address
    from viewer.io.register.write import import_model
    from viewer.record.problems import loaded_text

    if is_register_address(args.file):
        print(
            "regtimeline register: error: import reads a table file; to copy a register, "
            "export it to a file first",
            file=sys.stderr,
        )
        return 2
    model = load(args.file, mapping=args.mapping)  # (a LoadError is said by main())
    for problem in model.problems:
        print(problem)
    print(f"{args.file}: {loaded_text(len(model), model.problems)}")
    result = import_model(url, model)
    for problem in result.refused:
        print(problem)
    summary = result.summary()
    ids = set(model.events["id"])  # (a note goes with an event the register holds)
    notes = [n for n in model.notes if n.event_id in ids]
    if notes:
        from viewer.io.notes_store import add_missing_notes

        summary += f" · {counted(add_missing_notes(url, notes), *NOTE)}"
    print(f"{url.address}: {summary}")
    return 1 if (model.problems or result.refused) else 0


def export(url, args: argparse.Namespace) -> int:
    from viewer.io import load
    from viewer.io.files import WriteError
    from viewer.io.notes_store import sidecar_path, write_sidecar
    from viewer.io.register.write import record_frames
    from viewer.io.writers import write_data_set

    out = Path(args.output)
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        print(
            f"regtimeline register export: error: {out}: unsupported type '{suffix or 'none'}'"
            " (use .csv or .xlsx)",
            file=sys.stderr,
        )
        return 2
    model = load(url)
    for problem in model.problems:
        print(problem, file=sys.stderr)
    events, sources = record_frames(model)
    try:
        write_data_set(out, events, sources)
        # (a notes file left beside OUT by an earlier export is replaced too: never the
        # notes of another record attached to this one)
        side: Path | None = sidecar_path(out)
        if len(model.notes) or side.exists():
            write_sidecar(out, model.notes)
        else:
            side = None
    except WriteError as exc:
        print(f"regtimeline: error: {exc}", file=sys.stderr)
        return 1
    print(
        f"Wrote {out} ({len(events):,} reports of {len(model):,} events, {len(sources):,} sources)"
    )
    if side is not None:  # (beside the table, as the window keeps a file's notes)
        print(f"Wrote {side} ({counted(len(model.notes), *NOTE)})")
    return 0


COMMANDS = {"init": init, "import": import_file, "export": export, "upgrade": upgrade}


def pushdown_from_args(args: argparse.Namespace, as_of: float | None):
    """What a register may leave out for `export`'s --as-of, --from/--to and --company (the
    exact filters still run afterwards); None when nothing is asked or a date is bad (the
    filters then say so)."""
    from viewer.io.register.read import Pushdown
    from viewer.record import dates as D

    try:
        lo = D.parse_one(args.date_from)[0] if args.date_from else None
        hi = D.parse_one(args.date_to)[1] if args.date_to else None
    except ValueError:
        return None
    push = Pushdown(as_of=as_of, date_from=lo, date_to=hi, companies=tuple(args.company or ()))
    return push if push.active else None
