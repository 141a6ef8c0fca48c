"""Seeded synthetic event tables for benchmarks and scale tests.

What a team logging every licence, listing, filing and shipment would write: about fifty lanes
(companies x tracks), activity in power-law bursts over ten years, 70% points and 30% periods,
every status and every date precision, a few cited sources per event, and now and then a related
or disputing event. Same seed, same bytes.

    python tests/synthetic.py 100000 /tmp/big.csv      # also writes /tmp/big.sources.csv
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from viewer.record.vocab import STATUSES

START = np.datetime64("2016-01-01")
YEARS = 10
DAYS = int(YEARS * 365.25)

COMPANIES = (
    "Nvidia",
    "AMD",
    "Intel",
    "ByteDance",
    "Alibaba",
    "Tencent",
    "Baidu",
    "DeepSeek",
    "Huawei",
    "SMIC",
    "Lenovo",
    "Inspur",
    "Sugon",
    "iFlytek",
    "SenseTime",
    "Megvii",
    "Moore Threads",
    "Biren",
    "Cambricon",
    "Hygon",
    "Zhipu",
    "Moonshot",
    "MiniMax",
)
REGULATORS = (
    "US BIS",
    "US Commerce",
    "US State",
    "CN MOFCOM",
    "CN MIIT",
    "CN GACC",
    "CN CAC",
    "CN NDRC",
    "EU DG Trade",
    "NL Customs",
)
PUBLISHERS = ("Reuters", "Bloomberg", "Financial Times", "Caixin", "SCMP", "Nikkei", "FT中文网")
ACTS = ("licence", "listing", "filing", "shipment", "approval", "review", "notice", "inquiry")


def generate(n: int, seed: int = 6, joint: float = 0.0) -> tuple[pa.Table, pa.Table]:
    """(events, sources) as Arrow tables of text columns in the data format. A share `joint`
    of the companies' events names both of their regulators (`US BIS; CN MOFCOM`: two tracks);
    without it the bytes are those of earlier versions."""
    rng = np.random.default_rng(seed)
    # About fifty lanes: every company works with two regulators of different tracks, and
    # about one event in fifty concerns all companies.
    n_comp = len(COMPANIES)
    second_body = (3, 4, 7, 5, 6, 8, 3, 9, 4, 7)  # CN ministries, NDRC, EU, NL: by company
    comp_regs = np.array([[i % 3, second_body[i % len(second_body)]] for i in range(n_comp)])
    weight = 1.0 / np.arange(1, n_comp + 1) ** 0.8
    company = rng.choice(n_comp, size=n, p=weight / weight.sum())
    regulator = comp_regs[company, rng.integers(0, 2, size=n)]
    industry = rng.random(n) < 0.02
    regulator[industry] = rng.integers(0, len(REGULATORS), size=int(industry.sum()))

    # Power-law bursts: burst sizes from a Pareto law, events spread around the burst centre.
    n_bursts = max(10, n // 200)
    sizes = rng.pareto(1.2, size=n_bursts) + 1.0
    centre = rng.integers(0, DAYS, size=n_bursts)
    spread = rng.exponential(20.0, size=n_bursts) + 1.0
    burst = rng.choice(n_bursts, size=n, p=sizes / sizes.sum())
    day = np.clip(centre[burst] + rng.normal(0, spread[burst]), 0, DAYS - 1).astype(np.int64)
    start = START + day.astype("timedelta64[D]")

    # Precision: mostly days; months, quarters, years and approximate days too.
    precision = rng.choice(5, size=n, p=[0.8, 0.1, 0.03, 0.02, 0.05])
    date = _format_dates(start, precision)

    period = rng.random(n) < 0.3
    length = (rng.exponential(45.0, size=n) + 1).astype(np.int64)
    end = start + length.astype("timedelta64[D]")
    end_text = np.where(period, np.datetime_as_string(end, unit="D"), "")
    # A period's start is a day, so its end never falls before an imprecise start.
    date = np.where(period, np.datetime_as_string(start, unit="D"), date)
    ongoing = period & (rng.random(n) < 0.01)
    end_text = np.where(ongoing, "ongoing", end_text)

    status = rng.choice(len(STATUSES), size=n)
    act = rng.choice(len(ACTS), size=n)
    number = rng.integers(1000, 99999, size=n)

    comp_names = np.array(COMPANIES, dtype=object)[company]
    comp_names[industry] = "all"
    # A few US-track events concern two companies (every company has a US lane).
    second = (rng.random(n) < 0.03) & ~industry & (regulator < 3)
    other = np.array(COMPANIES, dtype=object)[(company + 1 + rng.integers(0, 5, n)) % n_comp]
    comp_text = np.where(second, comp_names + "; " + other, comp_names)
    reg_names = np.array(REGULATORS, dtype=object)[regulator]
    if joint:
        both = (np.random.default_rng(seed + 1).random(n) < joint) & ~industry
        pair = comp_regs[company]
        named = np.array(REGULATORS, dtype=object)[pair]
        reg_names = np.where(both, named[:, 0] + "; " + named[:, 1], reg_names)
    acts = np.array(ACTS, dtype=object)[act]
    title = comp_text + " " + acts + " " + number.astype(str) + " (" + reg_names + ")"
    description = np.where(rng.random(n) < 0.2, "Reported " + acts + " under review.", "")

    # Sources: a pool about a tenth the size of the table; each event cites one to three.
    n_src = max(20, n // 10)
    cites = rng.integers(1, 4, size=n)
    s1, s2, s3 = (rng.integers(0, n_src, size=n) for _ in range(3))
    src_text = _ids("s", s1)
    src_text = np.where(cites >= 2, src_text + ";" + _ids("s", s2), src_text)
    src_text = np.where(cites >= 3, src_text + ";" + _ids("s", s3), src_text)

    ids = _ids("e", np.arange(n))
    related = np.full(n, "", dtype=object)
    linked = np.flatnonzero(rng.random(n) < 0.005)
    linked = linked[linked > 0]
    target = (linked * 0.7).astype(np.int64)
    disputes = rng.random(len(linked)) < 0.3
    related[linked] = np.where(disputes, "disputes:" + _ids("e", target), _ids("e", target))

    events = pa.table(
        {
            "id": ids,
            "date": date,
            "end_date": end_text,
            "company": comp_text,
            "regulator": reg_names,
            "status": np.array(STATUSES, dtype=object)[status],
            "title": title,
            "description": description,
            "sources": src_text,
            "related": related,
        }
    )
    sday = START + rng.integers(0, DAYS, size=n_src).astype("timedelta64[D]")
    sources = pa.table(
        {
            "id": _ids("s", np.arange(n_src)),
            "publisher": np.array(PUBLISHERS, dtype=object)[
                rng.integers(0, len(PUBLISHERS), n_src)
            ],
            "title": "Report " + np.arange(n_src).astype(str).astype(object),
            "url": "https://example.org/r/" + np.arange(n_src).astype(str).astype(object),
            "published": np.datetime_as_string(sday, unit="D"),
        }
    )
    return events, sources


def _ids(prefix: str, numbers: np.ndarray) -> np.ndarray:
    return prefix + numbers.astype(str).astype(object)


def _format_dates(start: np.ndarray, precision: np.ndarray) -> np.ndarray:
    """Cells at each precision: day, month, quarter, year, approximate day (`~`)."""
    out = np.datetime_as_string(start, unit="D").astype(object)
    month = precision == 1
    out[month] = np.datetime_as_string(start[month], unit="M")
    year_text = np.datetime_as_string(start, unit="Y").astype(object)
    quarter = precision == 2
    q = (start.astype("datetime64[M]").astype(np.int64) % 12) // 3 + 1
    out[quarter] = year_text[quarter] + "-Q" + q[quarter].astype(str).astype(object)
    year = precision == 3
    out[year] = year_text[year]
    approx = precision == 4
    out[approx] = out[approx] + "~"
    return out


def write(n: int, path: str | Path, seed: int = 6, joint: float = 0.0) -> Path:
    """Write `path` and `path`'s `.sources.csv` beside it; returns `path`."""
    path = Path(path)
    events, sources = generate(n, seed, joint)
    options = pacsv.WriteOptions(quoting_style="needed")
    pacsv.write_csv(events, str(path), options)
    pacsv.write_csv(sources, str(path.with_name(path.stem + ".sources.csv")), options)
    return path


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("events", type=int, help="number of events")
    p.add_argument("path", help="CSV file to write (the sources go beside it)")
    p.add_argument("--seed", type=int, default=6)
    p.add_argument("--joint", type=float, default=0.0, help="share of events naming two bodies")
    args = p.parse_args(argv)
    write(args.events, args.path, args.seed, args.joint)
    print(args.path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
