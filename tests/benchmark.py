"""How fast RegTimeline opens, draws, filters and exports large tables: one run, a table, JSON.

    python tests/benchmark.py --events 100000 1000000 --json results.json

For each size a seeded synthetic table (tests/synthetic.py) is written once (kept in --workdir)
and measured in a fresh Python process, so one size's memory never counts for another:

    load_s                 file -> model ready: parse, validate, index (lanes, marks)
    first_frame_s          open -> the window's first frame (load + window + first paint)
    pan/zoom_frame_ms_*    median and p95 of 50 frames of a 1600x900 timeline plot: set the
                           time window, process events, grab() (a full repaint of the plot)
    hover_ms_median        hit-test (mark or density bin under the pointer), 1,000 positions
    filter_ms_median       filter change in the window -> the timeline repainted
    export_*_s             snapshot of the view to PNG, SVG and PDF (temporary files)
    peak_rss_mb            the process's peak resident memory
    cli_export_png_s       `regtimeline export FILE -o OUT.png` as a whole process ...
    cli_peak_rss_mb        ... and its peak memory

With --register N…, the same synthetic table is imported once into a SQLite register in
--workdir (and, with --postgres URL, into that PostgreSQL database, tables prefixed `benchN`)
and opened from there, each in a fresh process:

    register_transfer_s    the reports' query alone: database -> Arrow table
    register_load_s        register -> model ready (transfer, checks, index, first view laid
                           out): what load_s measures for a file; its target is load_s's plus
                           the transfer

Targets (docs: shared design notes, performance) are printed beside the figures. Machines are
noisy: compare ratios within one run; tests only fail far outside the budget.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent

KEYS = (
    "load_s",
    "first_frame_s",
    "pan_frame_ms_median",
    "pan_frame_ms_p95",
    "zoom_frame_ms_median",
    "zoom_frame_ms_p95",
    "hover_ms_median",
    "filter_ms_median",
    "export_png_s",
    "export_svg_s",
    "export_pdf_s",
    "peak_rss_mb",
)
CLI_KEYS = ("cli_export_png_s", "cli_peak_rss_mb")

TARGETS: dict[int, dict[str, float]] = {
    100_000: {
        "load_s": 0.5,
        "first_frame_s": 0.8,
        "pan_frame_ms_median": 12,
        "pan_frame_ms_p95": 25,
        "zoom_frame_ms_median": 12,
        "zoom_frame_ms_p95": 25,
        "hover_ms_median": 1,
        "filter_ms_median": 40,
        "export_png_s": 0.3,
        "export_svg_s": 2,
        "export_pdf_s": 2,
        "peak_rss_mb": 350,
    },
    1_000_000: {
        "load_s": 3,
        "first_frame_s": 4,
        "pan_frame_ms_median": 16,
        "pan_frame_ms_p95": 33,
        "zoom_frame_ms_median": 16,
        "zoom_frame_ms_p95": 33,
        "hover_ms_median": 2,
        "filter_ms_median": 100,
        "export_png_s": 0.5,
        "export_svg_s": 2,
        "export_pdf_s": 2,
        "peak_rss_mb": 900,
        "cli_export_png_s": 8,
        "cli_peak_rss_mb": 1200,
    },
}

VIEW_SIZE = (1600, 900)
FRAMES = 50


def targets_for(n: int) -> dict[str, float]:
    """The targets of the nearest size with targets (100k for anything up to 100k)."""
    return TARGETS[100_000] if n <= 100_000 else TARGETS[1_000_000]


# --- the measuring child process -------------------------------------------------------------


def measure(path: Path, n: int) -> dict:
    """All figures but the CLI ones, for one table, in this (fresh) process."""
    import resource
    import statistics

    sys.path.insert(0, str(ROOT))
    import viewer  # noqa: F401  (first, as when the app starts: its process-wide settings)

    # isort: split
    import numpy as np

    from viewer.app.application import application

    app = application(offscreen=True)
    from PySide6.QtCore import QPointF, QSize
    from PySide6.QtWidgets import QApplication

    from viewer.app.main_window import MainWindow
    from viewer.export import export_snapshot, window_snapshot
    from viewer.io import load
    from viewer.shown.content import make_content
    from viewer.shown.filters import Filters
    from viewer.timeline.view import TimelineView

    rec: dict = {"events": n}
    # Never shown: each grab() paints once, as a screen would (offscreen, a shown widget would
    # also paint on every processEvents()).
    window = MainWindow()
    window.resize(VIEW_SIZE[0] + 440, VIEW_SIZE[1] + 300)
    app.processEvents()
    # The window around a timeline of VIEW_SIZE (its plot plus the lane scroll bar): a grab
    # lays the unshown window out, then it grows by what the timeline lacks.
    window.grab()
    timeline = window.timeline
    lacking = QSize(
        VIEW_SIZE[0] + timeline.scrollbar.sizeHint().width() - timeline.width(),
        VIEW_SIZE[1] - timeline.height(),
    )
    window.resize(window.size() + lacking)
    window.grab()
    rec["window_timeline_size"] = [timeline.width(), timeline.height()]

    t0 = time.perf_counter()
    model = load(path)
    # What the loader's thread does for the window (viewer/app/loading.py): the first view's
    # filter, lanes and index, which the window then takes as they are.
    content = make_content(model, window.document.state.filters, window.document.state.layout)
    rec["load_s"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    window.show_model(model, content=content)
    app.processEvents()
    window.grab()
    rec["first_frame_s"] = rec["load_s"] + time.perf_counter() - t1

    # Never shown: painted only by grab(), once per frame, as a screen would paint it once.
    # A pan or zoom repaints the plot (the time axis, lanes and marks), not the lane scroll
    # bar beside it: the plot is what a frame grabs, sized VIEW_SIZE.
    view = TimelineView()
    view.resize(*VIEW_SIZE)
    view.set_content(window.document.content)
    app.processEvents()
    # (never shown, so its layout is applied by hand: the plot gets VIEW_SIZE exactly)
    view.layout().activate()
    view.resize(VIEW_SIZE[0] + view.width() - view.plot.width(), VIEW_SIZE[1])
    view.layout().activate()
    app.processEvents()
    surface = view.plot
    warm = surface.grab()  # warm-up
    rec["frame_size"] = [warm.width(), warm.height()]
    if tuple(rec["frame_size"]) != VIEW_SIZE:
        raise RuntimeError(f"frames would be {rec['frame_size']}, not {VIEW_SIZE}")
    lo, hi = view.time_window()
    mid, span = (lo + hi) / 2, hi - lo

    def frame(t0_: float, t1_: float) -> float:
        start = time.perf_counter()
        view.set_window(t0_, t1_)
        QApplication.processEvents()
        surface.grab()
        return (time.perf_counter() - start) * 1000

    # Zoom: from the whole span down to about a month and back, around the middle.
    factors = np.geomspace(1.0, 30 * 86400 / span, FRAMES // 2)
    widths = np.concatenate([factors, factors[::-1]]) * span
    zoom = [frame(mid - w / 2, mid + w / 2) for w in widths]
    # Pan: a quarter of the span in view, 2% of it per frame.
    width = span / 4
    pan = [frame(lo + k * width * 0.02, lo + width + k * width * 0.02) for k in range(FRAMES)]
    rec["zoom_frame_ms_median"] = statistics.median(zoom)
    rec["zoom_frame_ms_p95"] = float(np.percentile(zoom, 95))
    rec["pan_frame_ms_median"] = statistics.median(pan)
    rec["pan_frame_ms_p95"] = float(np.percentile(pan, 95))

    # Hover: the hit-test behind the tooltip, at random positions in the view.
    rng = np.random.default_rng(1)
    t_lo, t_hi = view.time_window()
    n_rows = max(1, view.n_rows())
    hover = []
    for _ in range(1000):
        pos = QPointF(float(rng.uniform(t_lo, t_hi)), float(rng.uniform(0, n_rows)))
        start = time.perf_counter()
        view.hover_target(pos)
        hover.append((time.perf_counter() - start) * 1000)
    rec["hover_ms_median"] = statistics.median(hover)

    # Filter: a change in the window, through its state, to the timeline repainted.
    m = window.document.model
    companies = [c for c in m.companies]
    choices = [
        Filters(regulators=frozenset(m.regulators[:3])),
        Filters(companies=frozenset(companies[:6])),
        Filters(statuses=frozenset(["approved", "in force", "conditional"])),
        Filters(companies=frozenset(companies[::2]), regulators=frozenset(m.regulators[::2])),
        Filters(),
    ]
    filt = []
    for k in range(10):
        start = time.perf_counter()
        window.document.state.filters = choices[k % len(choices)]
        QApplication.processEvents()
        window.timeline.grab()
        filt.append((time.perf_counter() - start) * 1000)
    rec["filter_ms_median"] = statistics.median(filt)

    # Exports of the view as it is (a quarter of the span, everything shown).
    with tempfile.TemporaryDirectory() as tmp:
        for suffix in ("png", "svg", "pdf"):
            out = Path(tmp) / f"view.{suffix}"
            start = time.perf_counter()
            export_snapshot(view.content, out, window_snapshot(view))
            rec[f"export_{suffix}_s"] = time.perf_counter() - start
            rec[f"export_{suffix}_bytes"] = out.stat().st_size

    rec["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    view.close()
    window.close()
    return rec


# --- the driver ----------------------------------------------------------------------------


def table_path(n: int, workdir: Path, seed: int = 6) -> Path:
    """The synthetic table of n events in workdir, written the first time it is asked for."""
    path = workdir / f"synthetic-{n}-seed{seed}.csv"
    if not path.exists():
        sys.path.insert(0, str(HERE))
        import synthetic

        tmp = path.with_name("writing-" + path.name)
        synthetic.write(n, tmp, seed)
        tmp.with_name(tmp.stem + ".sources.csv").replace(path.with_name(path.stem + ".sources.csv"))
        tmp.replace(path)
    return path


def _env() -> dict:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def run_size(n: int, workdir: Path, seed: int = 6, cli: bool = True) -> dict:
    """Measure one size in a fresh process (and the CLI export in another)."""
    path = table_path(n, workdir, seed)
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", str(path), "--events", str(n)],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=str(ROOT),
    )
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark of {n:,} events failed:\n{proc.stderr[-4000:]}")
    rec = json.loads(proc.stdout.strip().splitlines()[-1])
    if cli:
        rec.update(cli_export(path, workdir))
    return rec


def cli_export(path: Path, workdir: Path) -> dict:
    """`regtimeline export FILE -o OUT.png`, timed as a whole process, with its peak memory."""
    out = workdir / (path.stem + "-cli.png")
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "viewer", "export", str(path), "-o", str(out)],
        env=_env(),
        cwd=str(ROOT),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode != 0:
        raise RuntimeError(f"regtimeline export failed ({proc.returncode}):\n{err[-4000:]}")
    out.unlink(missing_ok=True)
    return {"cli_export_png_s": seconds, "cli_peak_rss_mb": usage.ru_maxrss / 1024}


def over_budget(rec: dict, factor: float) -> list[str]:
    """Figures more than `factor` times their target, as readable lines."""
    target = targets_for(rec["events"])
    out = []
    for key, limit in target.items():
        if key in rec and rec[key] > limit * factor:
            out.append(f"{key} = {rec[key]:.3g}, more than {factor:g} x {limit:g}")
    return out


def format_table(records: list[dict]) -> str:
    """Figures per size, each with its target and whether it is met."""
    sizes = [r["events"] for r in records]
    head = ["measure"] + [f"{n:,} events" for n in sizes]
    lines = [head]
    for key in KEYS + CLI_KEYS:
        if not any(key in r for r in records):
            continue
        row = [key]
        for r in records:
            if key not in r:
                row.append("–")
                continue
            limit = targets_for(r["events"]).get(key)
            mark = "" if limit is None else (" ok" if r[key] <= limit else " MISSED")
            goal = "" if limit is None else f" (≤ {limit:g})"
            row.append(f"{r[key]:.3g}{goal}{mark}")
        lines.append(row)
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    text = [
        " | ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)) for line in lines
    ]
    text.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(text)


def register_of(n: int, workdir: Path, kind: str, postgres: str | None, seed: int = 6) -> str:
    """A register holding the synthetic table of n events, imported the first time."""
    sys.path.insert(0, str(ROOT))
    from viewer.io import load
    from viewer.io.register.connection import connect
    from viewer.io.register.url import parse_register
    from viewer.io.register.write import import_model, init_register, schema_version

    if kind == "sqlite":
        address = f"sqlite:///{(workdir / f'register-{n}-seed{seed}.db').absolute()}"
    else:
        address = f"{postgres}{'&' if '?' in postgres else '?'}prefix=bench{n}s{seed}"
    url = parse_register(address)
    init_register(url)
    with connect(url) as con:
        held = con.rows(f"SELECT count(*) FROM {url.table('events')}")[0][0]
        assert schema_version(con) is not None
    if held < n:
        import_model(url, load(table_path(n, workdir, seed)))
    return url.address


def measure_register(address: str, n: int) -> dict:
    """The register figures, in this (fresh) process."""
    sys.path.insert(0, str(ROOT))
    import viewer  # noqa: F401

    # isort: split
    from viewer.io import load
    from viewer.io.register.connection import connect
    from viewer.io.register.schema import EVENT_TEXT
    from viewer.io.register.url import parse_register
    from viewer.shown.content import LayoutOptions, prepare
    from viewer.shown.filters import Filters

    url = parse_register(address)
    rec: dict = {"events": n, "register": url.kind}
    start = time.perf_counter()
    with connect(url) as con:
        cols = ", ".join(("report", *EVENT_TEXT, "extra"))
        table = con.query(f"SELECT {cols} FROM {url.table('events')} ORDER BY report")
    rec["register_transfer_s"] = time.perf_counter() - start
    rec["reports"] = table.num_rows
    del table
    start = time.perf_counter()
    model = load(url)
    prepare(model, Filters(), LayoutOptions())
    rec["register_load_s"] = time.perf_counter() - start
    return rec


def run_register(n: int, workdir: Path, kind: str, postgres: str | None, seed: int = 6) -> dict:
    address = register_of(n, workdir, kind, postgres, seed)
    proc = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).resolve()),
            "--child-register",
            address,
            "--events",
            str(n),
        ],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=str(ROOT),
    )
    if proc.returncode != 0:
        raise RuntimeError(f"register benchmark of {n:,} failed:\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Measure RegTimeline at scale (see module docstring).")
    p.add_argument("--events", type=int, nargs="+", default=[100_000, 1_000_000])
    p.add_argument("--json", help="write the records (a JSON list) to this file")
    p.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "regtimeline-bench"))
    p.add_argument("--seed", type=int, default=6)
    p.add_argument("--no-cli", action="store_true", help="skip the command-line export")
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument(
        "--register",
        type=int,
        nargs="+",
        default=[],
        metavar="N",
        help="also open N synthetic events from registers (SQLite; PostgreSQL with --postgres)",
    )
    p.add_argument("--postgres", metavar="URL", help="a PostgreSQL database for --register")
    p.add_argument("--child-register", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        print(json.dumps(measure(Path(args.child), args.events[0])))
        return 0
    if args.child_register:
        print(json.dumps(measure_register(args.child_register, args.events[0])))
        return 0
    if args.register:
        return _main_register(args)
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    records = []
    for n in args.events:
        print(f"measuring {n:,} events…", file=sys.stderr, flush=True)
        records.append(run_size(n, workdir, args.seed, cli=not args.no_cli))
    print(format_table(records))
    if args.json:
        Path(args.json).write_text(json.dumps(records, indent=2) + "\n", encoding="utf-8")
    return 0


def _main_register(args: argparse.Namespace) -> int:
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    kinds = ["sqlite"] + (["postgresql"] if args.postgres else [])
    records = []
    for n in args.register:
        for kind in kinds:
            print(f"measuring {n:,} reports from {kind}…", file=sys.stderr, flush=True)
            records.append(run_register(n, workdir, kind, args.postgres, args.seed))
    for rec in records:
        budget = targets_for(rec["events"])["load_s"] + rec["register_transfer_s"]
        mark = "ok" if rec["register_load_s"] <= budget else "MISSED"
        print(
            f"{rec['events']:>9,} {rec['register']:<10} register_transfer_s "
            f"{rec['register_transfer_s']:.2f}  register_load_s {rec['register_load_s']:.2f} "
            f"(≤ {budget:.2f}: load_s target + transfer) {mark}"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(records, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
