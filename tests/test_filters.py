"""Every filter, alone and combined, against a direct pandas query over the bundled table."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from tests.conftest import DATA, mentions
from viewer.record.vocab import ALL_COMPANIES, track_of
from viewer.shown import filters as F
from viewer.shown.filters import Filters, apply, facet_counts, from_options
from viewer.shown.search_text import matches

DAY = np.timedelta64(1, "D")


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    """The bundled CSV read by pandas alone: latest report per id, derived columns by hand."""
    d = pd.read_csv(DATA, dtype=str, keep_default_na=False)
    d["line"] = np.arange(len(d))
    d["rep"] = d["reported"].where(d["reported"] != "", d["date"].str.rstrip("~"))
    d = d.sort_values(["rep", "line"]).drop_duplicates("id", keep="last")
    d["status"] = d["status"].where(d["status"] != "", "reported")
    d["track"] = d["track"].where(d["track"] != "", d["regulator"].map(track_of))
    d["companies"] = d["company"].map(
        lambda c: {ALL_COMPANIES if x.strip().lower() == "all" else x.strip() for x in c.split(";")}
    )
    d["start"] = pd.to_datetime(d["date"].str.rstrip("~"))
    end = pd.to_datetime(d["end_date"].replace("", None))
    d["last"] = np.maximum(d["start"] + pd.Timedelta(days=1), end + pd.Timedelta(days=1))
    d["last"] = d["last"].fillna(d["start"] + pd.Timedelta(days=1))
    return d.set_index("id")


@pytest.fixture(scope="module")
def sources() -> pd.DataFrame:
    return pd.read_csv(DATA.with_name("h200_china.sources.csv"), dtype=str, keep_default_na=False)


def _names(cell: str) -> set[str]:
    """The names of a `;`-list cell (a joint act names several bodies, and their tracks)."""
    return {" ".join(n.split()) for n in cell.split(";") if n.strip()}


def shown_ids(model, flt: Filters) -> set[str]:
    sel = apply(model, flt)
    return set(model.events["id"].to_numpy()[sel.events])


def query(table, sources, companies=None, regulators=None, tracks=None, statuses=None,
          date_from=None, date_to=None, text=""):  # fmt: skip
    keep = pd.Series(True, index=table.index)
    if companies is not None:
        wanted = set(companies) | {ALL_COMPANIES}
        keep &= table["companies"].map(lambda cs: bool(cs & wanted))
    if regulators is not None:
        keep &= table["regulator"].map(lambda cell: bool(_names(cell) & set(regulators)))
    if tracks is not None:
        keep &= table["track"].map(lambda cell: bool(_names(cell) & set(tracks)))
    if statuses is not None:
        keep &= table["status"].isin(statuses)
    if date_from is not None:
        keep &= table["last"] > pd.Timestamp(date_from)
    if date_to is not None:
        keep &= table["start"] < pd.Timestamp(date_to) + pd.Timedelta(days=1)
    if text:
        src = sources.set_index("id")
        by_id = (src["publisher"] + " " + src["title"]).to_dict()
        hay = (
            table["title"]
            + " "
            + table["description"]
            + " "
            + table["conditions"]
            + " "
            + table["sources"].map(
                lambda s: " ".join(by_id.get(x.strip(), "") for x in s.split(";"))
            )
        ).str.lower()
        for word in text.lower().split():
            keep &= hay.str.contains(word, regex=False)
    return set(table.index[keep])


CASES = {
    "companies": [["DeepSeek"], ["ByteDance", "Alibaba"], ["AMD"], ["Tencent", "Nvidia"]],
    "regulators": [["CN NDRC"], ["US BIS", "US Commerce"], ["CN MIIT", "CN NDRC", "CN GACC"]],
    "tracks": [["NDRC condition"], ["US export permission", "Other"]],
    "statuses": [["conditional"], ["approved", "in force"], ["expected", "disputed"]],
    "dates": [("2026-01-01", "2026-01-31"), ("2025-04-10", "2025-04-20"), (None, "2024-12-31")],
    "text": ["h200", "ndrc", "Reuters", "deepseek approval", "customs"],
}


def _kwargs(key, value):
    if key == "dates":
        return {"date_from": value[0], "date_to": value[1]}
    if key == "text":
        return {"text": value}
    return {key: value}


@pytest.mark.parametrize(
    "key,value", [(k, v) for k, vs in CASES.items() for v in vs], ids=lambda v: str(v)
)
def test_each_filter_matches_pandas(h200_model, table, sources, key, value):
    kw = _kwargs(key, value)
    expected = query(table, sources, **kw)
    got = shown_ids(h200_model, from_options(h200_model, **kw))
    assert got == expected
    assert expected  # every case keeps something, so the comparison says something
    assert len(expected) < len(table) or key == "text"


def test_combinations_match_pandas(h200_model, table, sources):
    checked = 0
    keys = list(CASES)
    for a, b, c in itertools.combinations(keys, 3):
        for va, vb, vc in itertools.product(CASES[a][:2], CASES[b][:2], CASES[c][:2]):
            kw = {**_kwargs(a, va), **_kwargs(b, vb), **_kwargs(c, vc)}
            assert shown_ids(h200_model, from_options(h200_model, **kw)) == query(
                table, sources, **kw
            ), kw
            checked += 1
    for a, b in itertools.combinations(keys, 2):
        for va, vb in itertools.product(CASES[a], CASES[b]):
            kw = {**_kwargs(a, va), **_kwargs(b, vb)}
            assert shown_ids(h200_model, from_options(h200_model, **kw)) == query(
                table, sources, **kw
            ), kw
            checked += 1
    assert checked > 200


def test_all_companies_stay_unless_unchecked(h200_model, table):
    with_all = shown_ids(h200_model, from_options(h200_model, companies=["DeepSeek"]))
    alone = shown_ids(h200_model, Filters(companies=frozenset({"DeepSeek"})))
    industry = set(table.index[table["companies"].map(lambda cs: ALL_COMPANIES in cs)])
    deepseek = set(table.index[table["companies"].map(lambda cs: "DeepSeek" in cs)])
    assert with_all == deepseek | industry
    assert alone == deepseek
    assert industry and not (industry <= deepseek)


def test_company_filter_hides_other_lanes_of_shared_events(h200_model):
    sel = apply(h200_model, from_options(h200_model, companies=["AMD"]))
    names = {h200_model.companies[c] for c in h200_model.marks.company[sel.marks]}
    assert names == {"AMD", ALL_COMPANIES}


def test_facet_counts_say_what_each_item_would_show(h200_model, table, sources):
    flt = from_options(h200_model, regulators=["CN NDRC"], companies=["DeepSeek"])
    counts = facet_counts(h200_model, apply(h200_model, flt))
    for code, name in enumerate(h200_model.companies):
        # Counting a company ignores the company filter but keeps the others.
        ndrc = table[table["regulator"].map(lambda cell: "CN NDRC" in _names(cell))]["companies"]
        expected = sum(name in cs for cs in ndrc)
        assert counts["companies"][code] == expected, name
    for code, name in enumerate(h200_model.regulators):
        expected = len(query(table, sources, companies=["DeepSeek"], regulators=[name]))
        assert counts["regulators"][code] == expected, name
    for code, name in enumerate(h200_model.statuses):
        expected = len(
            query(table, sources, companies=["DeepSeek"], regulators=["CN NDRC"], statuses=[name])
        )
        assert counts["statuses"][code] == expected, name


def test_describe_reads_like_the_chips(h200_model):
    flt = from_options(
        h200_model,
        companies=["DeepSeek", "ByteDance"],
        regulators=["CN NDRC", "CN MIIT"],
        date_from="2026-01",
        date_to="2026-01",
    )
    assert F.describe(flt) == "ByteDance, DeepSeek · CN MIIT, CN NDRC · Jan 2026"
    assert F.dates_text(*_window("2025-12-01", "2026-02-28")) == "1 Dec 2025 – 28 Feb 2026"
    assert F.dates_text(*_window("2026-01-01", "2026-03-31")) == "Q1 2026"
    assert F.dates_text(_window("2025-12-03", "2025-12-03")[0], None) == "from 3 Dec 2025"


def _window(a: str, b: str) -> tuple[float, float]:
    from viewer.record import dates as D

    return D.parse_one(a)[0], D.parse_one(b)[1]


def test_chip_removal_and_normalising(h200_model):
    flt = from_options(h200_model, companies=["DeepSeek"], regulators=["CN NDRC", "CN MIIT"])
    assert F.without(flt, "companies", "DeepSeek").companies is None
    assert F.without(flt, "regulators", "CN MIIT").regulators == {"CN NDRC"}
    assert (
        F.without(F.without(flt, "regulators", "CN MIIT"), "regulators", "CN NDRC").regulators
        is None
    )
    no_all = Filters(companies=frozenset({"DeepSeek"}))
    assert F.without(no_all, "companies", ALL_COMPANIES).companies == {"DeepSeek", ALL_COMPANIES}
    everything = Filters(companies=frozenset(h200_model.companies))
    assert F.normalise(h200_model, everything) == Filters()
    dated = from_options(h200_model, date_from="2026-01", text="h200")
    assert F.without(dated, "dates").date_from is None
    assert F.without(dated, "text").text == ""


def test_filter_dict_round_trip_and_unknown_names(h200_model):
    flt = from_options(
        h200_model,
        companies=["DeepSeek", "Huawei"],
        statuses=["Approved"],
        date_from="2025-12",
        date_to="2026-01-15",
        text="h200 ndrc",
    )
    assert Filters.from_dict(flt.to_dict()) == flt
    assert F.unknown_names(h200_model, flt) == ["no company named 'Huawei' in the data"]
    with pytest.raises(ValueError, match=r"filters\.from"):
        Filters.from_dict({"from": "soon"})
    with pytest.raises(ValueError, match=r"filters\.companies"):
        Filters.from_dict({"companies": "DeepSeek"})


def naive_facets(model, flt: Filters) -> dict[str, np.ndarray]:
    """Facet counts by their definition, one filter field left out at a time, with plain Python
    sets per event read from its text cells: a regulator or track list counts under each of its
    names, and an event counts once per company whatever the number of its tracks."""
    ev = model.events

    def fold(name: str) -> str:
        return " ".join(name.lower().split())

    named = {
        "regulators": [{fold(n) for n in cell.split(";")} for cell in ev["regulator"]],
        "tracks": [{fold(n) for n in cell.split(";")} for cell in ev["track"]],
        "statuses": [{fold(cell)} for cell in ev["status"]],
    }
    companies = [set() for _ in range(len(ev))]
    for e, c in zip(model.marks.event.tolist(), model.marks.company.tolist(), strict=True):
        companies[e].add(model.companies[c])

    def events_passing(skip: str) -> np.ndarray:
        keep = np.ones(len(ev), dtype=bool)
        for field in named:
            wanted = getattr(flt, field)
            if field != skip and wanted is not None:
                folded = {fold(w) for w in wanted}
                keep &= np.array([bool(names & folded) for names in named[field]], dtype=bool)
        if flt.date_from is not None:
            keep &= np.fmax(ev["end_stop"].to_numpy(), ev["stop"].to_numpy()) > flt.date_from
        if flt.date_to is not None:
            keep &= ev["start"].to_numpy() < flt.date_to
        return keep

    def has(sets: list[set], name: str) -> np.ndarray:
        return np.array([name in names for names in sets], dtype=bool)

    out = {}
    base = events_passing("")
    out["companies"] = np.array([(base & has(companies, c)).sum() for c in model.companies])
    has_company = np.ones(len(ev), dtype=bool)
    if flt.companies is not None:
        has_company = np.array([bool(cs & flt.companies) for cs in companies], dtype=bool)
    for field, names in (
        ("regulators", model.regulators),
        ("tracks", model.tracks),
        ("statuses", model.statuses),
    ):
        keep = events_passing(field) & has_company
        out[field] = np.array([(keep & has(named[field], fold(n))).sum() for n in names])
    return out


@pytest.fixture(scope="module", params=[0.0, 0.2], ids=["single", "joint"])
def synthetic_model(request, tmp_path_factory):
    """5,000 synthetic events; in the `joint` one, a fifth name two bodies of two tracks."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import synthetic

    from viewer.io import load

    path = tmp_path_factory.mktemp("syn") / "syn.csv"
    return load(synthetic.write(5_000, path, seed=3, joint=request.param))


def test_facet_counts_agree_with_their_definition_for_random_filters(synthetic_model):
    """The per-model cube of regulator x track x status cells (and its fallback for date
    filters) counts what a direct count would, with and without a company filter; a joint
    event counts under each of its bodies and tracks, and once per company."""
    m = synthetic_model
    rng = np.random.default_rng(8)

    def some(names, k):
        return frozenset(rng.choice(names, size=k, replace=False).tolist())

    span = m.span()
    for trial in range(60):
        picks = rng.random(5) < 0.5
        flt = Filters(
            companies=some(m.companies, 3) if picks[0] else None,
            regulators=some(m.regulators, 4) if picks[1] else None,
            tracks=some(m.tracks, 2) if picks[2] else None,
            statuses=some(m.statuses, 3) if picks[3] else None,
            date_from=float(rng.uniform(*span)) if picks[4] else None,
        )
        got = facet_counts(m, apply(m, flt))
        want = naive_facets(m, flt)
        for key in want:
            assert np.array_equal(got[key], want[key]), (trial, key, flt)


def test_text_search_finds_words_in_the_events_and_in_the_sources_they_cite(synthetic_model):
    """Every word must appear (any case) in an event's title, description or conditions, or
    in the publisher or title of a source it cites: checked event by event in plain Python."""
    m = synthetic_model
    publisher = str(m.sources["publisher"].iloc[0]).split()[0]
    title_word = str(m.events["title"].iloc[5]).split()[0]
    for query in (title_word, title_word.upper(), publisher, f"{publisher} {title_word}", "zzqx"):
        want = np.ones(len(m), dtype=bool)
        for word in query.lower().split():
            want &= mentions(m, word)
        got = matches(m, query)
        assert np.array_equal(got, want), query
    assert matches(m, publisher).any() and not matches(m, "zzqx").any()
