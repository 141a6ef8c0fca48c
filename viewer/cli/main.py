"""Command line: open the window, validate a table, or export a snapshot without a display.

    regtimeline [FILE|REGISTER] [--as-of DATE] [--map FIELD=COLUMN,...]
    regtimeline validate FILE [--map FIELD=COLUMN,...]
    regtimeline export FILE -o OUT.png|.svg|.pdf|.csv|.xlsx [--company NAME]...
                       [--regulator NAME]... [--from DATE] [--to DATE] [--fit] [--title TEXT]
                       [--page a4|letter|fit] [--width PX] [--height PX] [--scale 2]
                       [--as-of DATE] [--map FIELD=COLUMN,...] [--notes (PDF)]
    regtimeline fetch federal-register|screening-list ... -o OUT  (viewer/cli/fetch.py)

    regtimeline register init|import|export|upgrade …   (viewer/cli/register.py)

FILE may be a register's address wherever a file is read: sqlite:///register.db or
postgresql://user@host:5432/dbname.

Exit codes: 0 success, 1 problems in the data or a file that can't be read or written,
2 usage errors. Qt is only imported for the window and for exports.
"""

from __future__ import annotations

import argparse
import sys

from viewer import errors

FILE_HELP = (
    "event table (CSV, XLSX, JSON, Parquet or TimelineJS) or register (sqlite:///FILE, "
    "postgresql://user@host/dbname)"
)


def _open_parser() -> argparse.ArgumentParser:
    from viewer.cli.options import add_as_of_option, add_map_option, add_view_option

    p = argparse.ArgumentParser(
        prog="regtimeline",
        description="Swimlane timeline of export permissions, approvals and conditions.",
        epilog="Other commands: 'regtimeline validate FILE', 'regtimeline export FILE -o OUT.png',"
        " 'regtimeline fetch federal-register -o OUT.csv' (each with --help).",
    )
    p.add_argument(
        "file",
        nargs="?",
        help="event table or register (sqlite:///FILE, postgresql://…) to open "
        "(default: the bundled H200 data)",
    )
    add_as_of_option(p)
    add_map_option(p)
    add_view_option(p)
    return p


def _validate_parser() -> argparse.ArgumentParser:
    from viewer.cli.options import add_filter_options, add_map_option

    p = argparse.ArgumentParser(
        prog="regtimeline validate",
        description="Load a table, print a summary and every problem; exit 1 when there are any.",
    )
    p.add_argument("file", help=FILE_HELP)
    add_map_option(p)
    add_filter_options(p)
    return p


def _export_parser() -> argparse.ArgumentParser:
    from viewer.cli.options import (
        add_as_of_option,
        add_filter_options,
        add_map_option,
        add_view_option,
    )
    from viewer.cli.output import add_output_options

    p = argparse.ArgumentParser(
        prog="regtimeline export",
        description="Write a snapshot (.png .svg .pdf) or the filtered events (.csv .xlsx), "
        "without a display.",
    )
    p.add_argument("file", help=FILE_HELP)
    add_map_option(p)
    add_filter_options(p)
    add_view_option(p)
    add_output_options(p)
    add_as_of_option(p)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    _tolerant_output()
    try:
        if argv and argv[0] == "validate":
            return validate(_validate_parser().parse_args(argv[1:]))
        if argv and argv[0] == "export":
            return export(_export_parser().parse_args(argv[1:]))
        if argv and argv[0] == "register":
            from viewer.cli import register

            return register.main(argv[1:])
        if argv and argv[0] == "fetch":
            from viewer.cli.fetch import fetch

            return fetch(argv[1:])
        return open_window(_open_parser().parse_args(argv))
    except SystemExit as exc:  # argparse: 2 for usage errors, 0 for --help
        return int(exc.code or 0) if isinstance(exc.code, int) else 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        print(f"regtimeline: {errors.report(exc, 'regtimeline')}", file=sys.stderr)
        return 1


def _tolerant_output() -> None:
    """A message naming a file whose name is not UTF-8 still reaches the terminal (its odd
    bytes escaped) rather than failing to print."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def _fail(message: str) -> int:
    print(f"regtimeline: error: {message}", file=sys.stderr)
    return 1


def _load(args: argparse.Namespace, pushdown=None):
    """The model of args.file (a file with --map, or a register), or None after saying why it
    can't be read."""
    from viewer.io import load
    from viewer.record.problems import LoadError, MissingColumnsError

    try:
        return load(args.file, mapping=args.mapping, pushdown=pushdown)
    except MissingColumnsError as exc:
        _fail(str(exc))
        hint = _map_hint(exc)
        if hint:
            print(f"regtimeline: hint: name the columns with {hint}", file=sys.stderr)
        return None
    except LoadError as exc:
        _fail(str(exc))
        return None


def _map_hint(exc) -> str:
    """A --map option guessed from the file's columns, for the user to check and reuse."""
    import shlex

    from viewer.io.mapping import format_map, guess_mapping

    raw = getattr(exc, "raw", None)
    if raw is None:
        return ""
    guess = guess_mapping(raw.events)
    return f"--map {shlex.quote(format_map(guess))}" if guess else ""


def validate(args: argparse.Namespace) -> int:
    model = _load(args)
    if model is None:
        return 1
    from viewer.record.problems import loaded_text
    from viewer.record.recency import reported_up_to

    summary = " · ".join(t for t in (model.summary(), reported_up_to(model)) if t)
    print(f"{model.origin or args.file}: {summary}")
    from viewer.cli.options import filtering, filters_from_args

    if filtering(args):
        from viewer.shown.filters import apply, describe

        try:
            flt, notes = filters_from_args(model, args)
        except ValueError as exc:
            print(f"regtimeline validate: error: {exc}", file=sys.stderr)
            return 2
        for note in notes:
            print(f"regtimeline: note: {note}", file=sys.stderr)
        print(f"{apply(model, flt).count:,} of {len(model):,} events match {describe(flt)}")
    for problem in model.problems:
        print(problem)
    print(loaded_text(len(model), model.problems) if model.problems else "No problems.")
    return 1 if model.problems else 0


def export(args: argparse.Namespace) -> int:
    from viewer.cli.output import output_problem, write_output
    from viewer.shown.content import make_content

    problem = output_problem(args)
    if problem:
        print(f"regtimeline export: error: {problem}", file=sys.stderr)
        return 2
    from viewer.cli.options import filters_from_args
    from viewer.shown.content import LayoutOptions

    options = LayoutOptions()
    base = None
    view = None
    if args.view is not None:  # (before loading: a bad view fails fast, naming itself)
        from viewer.shown.views import ViewError, read_view

        try:
            view = read_view(args.view)
        except ViewError as exc:
            return _fail(str(exc))
        base, options = view.filters, view.layout
    as_of = args.as_of if args.as_of is not None else (view.as_of if view else None)
    from viewer.cli.register import pushdown_from_args
    from viewer.record.as_of import known_on

    model = _load(args, pushdown_from_args(args, as_of))
    if model is None:
        return 1
    model = known_on(model, as_of)
    try:
        flt, notes = filters_from_args(model, args, base)
    except ValueError as exc:
        print(f"regtimeline export: error: {exc}", file=sys.stderr)
        return 2
    for note in notes:
        print(f"regtimeline: note: {note}", file=sys.stderr)
    content = make_content(model, flt, options)
    if view is not None and view.window is not None and not (args.date_from or args.date_to):
        args.view_window = view.window
    return write_output(args, content)


def open_window(args: argparse.Namespace) -> int:
    from viewer.app.application import application
    from viewer.app.platform_check import window_problem
    from viewer.paths import bundled_data

    problem = window_problem()  # (Qt would abort naming one library at most)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    app = application()
    from viewer.app.main_window import MainWindow

    window = MainWindow()
    from viewer.app.first_frame import watch

    watch(window)
    window.document.state.set_as_of(args.as_of)
    window.show()

    def then(ok: bool) -> None:
        if not ok and args.file:
            print(f"regtimeline: error: could not open {shown(args.file)}", file=sys.stderr)
        elif args.view is not None and window.view_files.open(args.view):
            notice = window.view_files.last_notice
            if notice:
                print(f"regtimeline: note: {notice}", file=sys.stderr)

    if args.file:
        window.load_file(args.file, mapping=args.mapping, then=then)  # in the background
    else:
        then(window.open_file(bundled_data()))
    _install_excepthook(window)
    return app.exec()


def shown(where: str) -> str:
    """A file or register as it may be printed: a register's address without its password."""
    from viewer.io.register.url import AddressError, is_register_address, parse_register

    if not is_register_address(where):
        return where
    try:
        return parse_register(where).address
    except AddressError:
        return "the register address given"


def _install_excepthook(window) -> None:
    """A bug in a slot must not kill the window: log it and tell the user."""

    def hook(kind, exc, tb):
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        try:
            message = errors.report(exc.with_traceback(tb), "RegTimeline")
            window.warn("Something went wrong", message)
        except Exception:
            pass

    sys.excepthook = hook


if __name__ == "__main__":
    sys.exit(main())
