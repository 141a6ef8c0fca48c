"""Several acting bodies on one event (`CN MIIT; CN MOFCOM`): read, checked, filtered, counted,
drawn, exported and opened again alike; and a body named only as the Chinese government."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from tests.conftest import click_check, csv_rows, run
from viewer.io import load
from viewer.record.as_of import known_on, parse_as_of
from viewer.record.vocab import jurisdiction_of, track_of
from viewer.shown.content import make_content
from viewer.shown.filters import Filters, apply, facet_counts, from_options
from viewer.shown.mark_looks import mark_looks
from viewer.shown.palette import FIXED_COLOURS, mark_colours, regulator_colours

MIIT, MOFCOM = "#E69F00", "#D55E00"


def shown(model, flt: Filters) -> set[str]:
    return set(model.events["id"].to_numpy()[apply(model, flt).events])


def lanes_of(model, event_id: str) -> set[tuple[str, str]]:
    """(company, track) of every mark of an event."""
    i = model.index_of(event_id)
    at = model.marks.event == i
    return {
        (model.companies[c], model.tracks[t])
        for c, t in zip(model.marks.company[at], model.marks.track[at], strict=True)
    }


# -- reading -----------------------------------------------------------------------------------


def test_a_joint_act_names_each_body_once_in_the_order_given(joint_table):
    m = load(joint_table)
    assert not m.problems
    assert set(m.regulators) == {"CN MIIT", "CN MOFCOM", "CN government", "US BIS", "CN NDRC"}
    i = m.index_of("cn-deepseek")  # written `CN MIIT;CN MOFCOM`
    assert m.events["regulator"].iat[i] == "CN MIIT; CN MOFCOM"
    assert m.event_regulators(i) == ["CN MIIT", "CN MOFCOM"]
    assert m.events["jurisdiction"].iat[i] == "CN"
    assert m.events["track"].iat[i] == "CN ministry approval"
    assert lanes_of(m, "cn-deepseek") == {("DeepSeek", "CN ministry approval")}
    # The first body colours the mark, as a single body does.
    assert m.regulators[int(m.events["regulator_code"].iat[i])] == "CN MIIT"


def test_the_track_follows_the_bodies(joint_table):
    """A US licence issued with a Chinese permit is a mark in each track its bodies imply."""
    m = load(joint_table)
    i = m.index_of("us-licence-and-permit")
    assert m.events["track"].iat[i] == "US export permission; CN ministry approval"
    assert m.events["jurisdiction"].iat[i] == "US; CN"
    assert m.event_tracks(i) == ["US export permission", "CN ministry approval"]
    assert lanes_of(m, "us-licence-and-permit") == {
        ("Nvidia", "US export permission"),
        ("Nvidia", "CN ministry approval"),
    }
    assert m.event_companies(i) == ["Nvidia"]
    assert track_of("US BIS; CN MOFCOM; CN MIIT") == "US export permission; CN ministry approval"
    assert jurisdiction_of("US BIS; Nvidia; CN MOFCOM") == "US; CN"


def test_a_body_named_only_as_the_chinese_government(joint_table):
    m = load(joint_table)
    i = m.index_of("cn-pause")
    assert m.events["track"].iat[i] == "CN ministry approval"
    assert m.events["jurisdiction"].iat[i] == "CN"
    assert track_of("CN government") == "CN ministry approval"
    colour = regulator_colours(["CN government"])[0]
    assert colour == FIXED_COLOURS["CN GOVERNMENT"]
    others = [c for name, c in FIXED_COLOURS.items() if name != "CN GOVERNMENT"]
    assert colour not in others


def test_a_body_named_only_as_the_us_government(h200_model):
    i = h200_model.index_of("us-ds-blackwell-claim")  # (an official no agency is named for)
    assert h200_model.events["regulator"].iat[i] == "US government"
    assert h200_model.events["track"].iat[i] == "US export permission"
    colour = regulator_colours(["US government"])[0]
    assert colour == FIXED_COLOURS["US GOVERNMENT"]
    assert colour not in [c for n, c in FIXED_COLOURS.items() if n != "US GOVERNMENT"]


def test_a_json_list_of_bodies_is_a_joint_act(write):
    path = write(
        "joint.json",
        '[{"id": "a", "date": "2026-01-28", "company": "ByteDance",\n'
        '  "regulator": ["CN MIIT", "CN MOFCOM"], "title": "joint approval"}]\n',
    )
    m = load(path)
    assert m.event_regulators(0) == ["CN MIIT", "CN MOFCOM"]
    assert m.events["regulator"].iat[0] == "CN MIIT; CN MOFCOM"


def test_a_list_that_names_nothing_is_a_problem_with_its_line(write):
    path = write(
        "empty.csv",
        "id,date,company,regulator,title\n"
        "a,2026-01-01,Nvidia, ; ,nothing\n"
        "b,2026-01-02,;,CN MIIT,no company\n"
        "c,2026-01-03,Nvidia,CN MIIT ;  CN MIIT;,one body twice\n",
    )
    m = load(path)
    found = {(p.line, p.column, p.reason) for p in m.problems}
    assert found == {
        (2, "regulator", "the list names nothing"),
        (3, "company", "the list names nothing"),
    }
    assert list(m.events["id"]) == ["c"]
    assert m.events["regulator"].iat[0] == "CN MIIT"
    assert m.regulator_lists.single


def test_a_table_of_single_bodies_keeps_one_code_and_one_mark_per_company(write):
    """No list names several: the list code is the body's code and nothing is split."""
    m = load(
        write(
            "single.csv",
            "id,date,company,regulator,title\n"
            "a,2026-01-01,Nvidia; AMD,US BIS,licences\n"
            "b,2026-01-02,DeepSeek,CN MIIT,approval\n"
            "c,2026-01-03,DeepSeek,CN NDRC,conditions\n",
        )
    )
    ev = m.events
    assert m.regulator_lists.single and m.track_lists.single
    assert np.array_equal(ev["regulator_list"].to_numpy(), ev["regulator_code"].to_numpy())
    assert m.marks.first is None and len(m.marks) == 4
    assert mark_looks(m).lists is None


# -- filters and counts ------------------------------------------------------------------------


def test_filtering_by_either_body_finds_the_joint_acts(joint_table):
    m = load(joint_table)
    joint = {"cn-first-batch", "cn-deepseek"}
    assert shown(m, from_options(m, regulators=["CN MOFCOM"])) == joint | {"us-licence-and-permit"}
    assert shown(m, from_options(m, regulators=["CN MIIT"])) == joint | {"cn-miit-only"}
    assert shown(m, from_options(m, regulators=["CN government"])) == {"cn-pause"}
    assert shown(m, from_options(m, regulators=["us bis"])) == {"us-licence-and-permit"}


def test_the_filter_panel_counts_a_joint_act_under_each_body_and_track(joint_table):
    m = load(joint_table)
    counts = facet_counts(m, apply(m, Filters()))
    by = {key: dict(zip(names, counts[key].tolist(), strict=True)) for key, names in (
        ("regulators", m.regulators), ("tracks", m.tracks), ("companies", m.companies),
    )}  # fmt: skip
    assert by["regulators"] == {
        "CN MIIT": 3,
        "CN MOFCOM": 3,
        "CN government": 1,
        "US BIS": 1,
        "CN NDRC": 1,
    }
    assert by["tracks"]["CN ministry approval"] == 5
    assert by["tracks"]["US export permission"] == 1
    assert by["companies"]["Nvidia"] == 1  # one event, though it has two marks
    # With MOFCOM ticked, the other regulators count what they would add beside it.
    flt = from_options(m, regulators=["CN MOFCOM"], companies=["DeepSeek"])
    counts = facet_counts(m, apply(m, flt))
    regs = dict(zip(m.regulators, counts["regulators"].tolist(), strict=True))
    assert regs["CN MIIT"] == 1 and regs["CN NDRC"] == 1 and regs["CN MOFCOM"] == 1


def test_a_track_filter_shows_a_joint_act_only_in_the_tracks_kept(joint_table):
    m = load(joint_table)
    sel = apply(m, from_options(m, tracks=["US export permission"]))
    i = m.index_of("us-licence-and-permit")
    kept = {m.tracks[t] for t in m.marks.track[sel.marks & (m.marks.event == i)]}
    assert kept == {"US export permission"}
    assert set(m.events["id"].to_numpy()[sel.events]) == {"us-licence-and-permit"}


def test_as_known_before_the_attribution_the_government_acted(joint_table):
    """The first report named no ministry; two days later MIIT and MOFCOM were named."""
    m = load(joint_table)
    before = known_on(m, parse_as_of("2026-01-29"))
    i = before.index_of("cn-first-batch")
    assert before.event_regulators(i) == ["CN government"]
    assert "cn-first-batch" not in shown(before, from_options(before, regulators=["CN MOFCOM"]))
    after = known_on(m, parse_as_of("2026-01-31"))
    j = after.index_of("cn-first-batch")
    assert after.event_regulators(j) == ["CN MIIT", "CN MOFCOM"]
    assert "cn-first-batch" in shown(after, from_options(after, regulators=["CN MOFCOM"]))
    # Codes stay those of the full record, so colours do not change with the day.
    assert after.regulators[: len(m.regulators)] == m.regulators


# -- exports and the command line --------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_exported_table_opens_again_with_the_same_lists(joint_table, tmp_path, suffix):
    from viewer.export.table import export_table

    m = load(joint_table)
    out = tmp_path / f"out{suffix}"
    export_table(make_content(m), out)
    again = load(out)
    # (A CSV carries source ids without the sources: those are noted, nothing else is.)
    assert {p.column for p in again.problems} <= ({"sources"} if suffix == ".csv" else set())
    columns = ["id", "regulator", "jurisdiction", "track"]
    mine = m.events[columns].sort_values("id").to_numpy().tolist()
    assert again.events[columns].sort_values("id").to_numpy().tolist() == mine
    assert set(again.regulators) == set(m.regulators)
    i = again.index_of("us-licence-and-permit")
    assert again.event_regulators(i) == ["US BIS", "CN MOFCOM"]
    assert lanes_of(again, "us-licence-and-permit") == lanes_of(m, "us-licence-and-permit")
    assert len(again.marks) == len(m.marks)


def _ids(path) -> set[str]:
    return {row["id"] for row in csv_rows(path)}


def test_command_line_and_saved_view_find_joint_acts_by_either_body(joint_table, tmp_path):
    out = tmp_path / "mofcom.csv"
    r = run("export", joint_table, "-o", out, "--regulator", "CN MOFCOM")
    assert r.returncode == 0, r.stderr
    assert _ids(out) == {"cn-first-batch", "cn-deepseek", "us-licence-and-permit"}
    written = {row["id"]: row["regulator"] for row in csv_rows(out)}
    assert written["cn-deepseek"] == "CN MIIT; CN MOFCOM"
    r = run("export", joint_table, "-o", out, "--regulator", "CN MIIT")
    assert r.returncode == 0, r.stderr
    assert _ids(out) == {"cn-first-batch", "cn-deepseek", "cn-miit-only"}
    view = tmp_path / "mofcom.json"
    filters = {"regulators": ["CN MOFCOM"], "tracks": ["CN ministry approval"]}
    view.write_text(json.dumps({"regtimeline_view": 1, "filters": filters}))
    r = run("export", joint_table, "-o", out, "--view", view)
    assert r.returncode == 0, r.stderr
    assert _ids(out) == {"cn-first-batch", "cn-deepseek", "us-licence-and-permit"}
    r = run("validate", joint_table, "--regulator", "CN MOFCOM")
    assert r.returncode == 0, r.stderr
    assert "3 of 6 events match CN MOFCOM" in r.stdout


# -- what is drawn -----------------------------------------------------------------------------


def test_the_legend_names_every_body_and_how_a_joint_mark_looks(joint_table):
    from viewer.timeline.legend import legend_entries

    m = load(joint_table)
    only_joint = m.events["id"].to_numpy() == "cn-deepseek"
    labels = [e.label for e in legend_entries(m, only_joint)]
    assert "CN MIIT" in labels and "CN MOFCOM" in labels and "CN NDRC" not in labels
    joint = [e for e in legend_entries(m, only_joint) if e.kind == "joint"]
    assert [(e.colour, e.second) for e in joint] == [(MIIT, MOFCOM)]
    single = m.events["id"].to_numpy() == "cn-pause"
    labels = [e.label for e in legend_entries(m, single)]
    assert "CN government" in labels
    assert not [e for e in legend_entries(m, single) if e.kind == "joint"]


def _painter(m):
    """The mark painter the timeline draws this model's marks with (light theme)."""
    from viewer.shown.theme import LIGHT
    from viewer.timeline.mark_painter import MarkPainter

    colours, splits = mark_colours(m.regulators, m.regulator_lists)
    return MarkPainter(LIGHT, colours, m.statuses, splits)


def _symbol(m, p: QPainter, event: int, status: str) -> None:
    """An event's symbol drawn at (20, 20), 24 px across, with the given status."""
    _painter(m).points(
        p,
        np.array([20.0]),
        np.array([20.0]),
        m.events["regulator_code"].to_numpy()[[event]],
        np.array([m.statuses.index(status)]),
        24.0,
        m.events["regulator_list"].to_numpy()[[event]],
    )


def _colour_rows(image: QImage, colour: str) -> set[int]:
    """Rows of the image holding pixels of about `colour`."""
    want = QColor(colour)
    rows = set()
    for y in range(image.height()):
        for x in range(image.width()):
            c = image.pixelColor(x, y)
            if max(abs(c.red() - want.red()), abs(c.green() - want.green()),
                   abs(c.blue() - want.blue())) < 12:  # fmt: skip
                rows.add(y)
    return rows


@pytest.mark.parametrize("status", ["approved", "conditional"])
def test_a_joint_mark_is_a_band_per_body_top_down(joint_table, qapp, status):
    """On screen a joint event's symbol is cut across: the first body's colour above, the
    second's below; a single body's symbol is one colour."""
    m = load(joint_table)
    for event_id, expect_second in (("cn-deepseek", True), ("cn-miit-only", False)):
        image = QImage(40, 40, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor("white"))
        p = QPainter(image)
        _symbol(m, p, m.index_of(event_id), status)
        p.end()
        top, bottom = _colour_rows(image, MIIT), _colour_rows(image, MOFCOM)
        assert top and min(top) < 14
        if expect_second:
            assert bottom and min(bottom) >= 18 and max(top) <= 21
        else:
            assert not bottom and max(top) > 26


def test_a_joint_mark_in_an_svg_has_both_colours_as_shapes(joint_table, qapp, tmp_path):
    """Vector snapshots draw the bands as shapes of their own (no clip)."""
    from PySide6.QtSvg import QSvgGenerator

    m = load(joint_table)
    out = tmp_path / "mark.svg"
    gen = QSvgGenerator()
    gen.setFileName(str(out))
    gen.setViewBox(QRectF(0, 0, 40, 40))
    p = QPainter(gen)
    _symbol(m, p, m.index_of("cn-deepseek"), "approved")
    p.end()
    svg = out.read_text().lower()
    assert MIIT.lower() in svg and MOFCOM.lower() in svg
    assert "clip" not in svg


def test_a_joint_period_has_a_strip_in_the_second_body_colour(write, qapp):
    path = write(
        "periods.csv",
        "id,date,end_date,company,regulator,title,status\n"
        "a,2026-01-01,2026-02-01,Nvidia,CN MIIT; CN MOFCOM,joint review,approved\n",
    )
    m = load(path)
    image = QImage(120, 40, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    p = QPainter(image)
    _painter(m).bars(
        p,
        np.array([10.0]),
        np.array([110.0]),
        np.array([15.0]),
        10.0,
        m.events["regulator_code"].to_numpy(),
        m.events["status_code"].to_numpy(),
        lists=m.events["regulator_list"].to_numpy(),
    )
    p.end()
    bar, strip = _colour_rows(image, MIIT), _colour_rows(image, MOFCOM)
    assert bar and strip and min(strip) > max(bar)


# -- the window --------------------------------------------------------------------------------


def test_the_window_filters_counts_and_details_joint_acts(joint_table, make_window, qtbot):
    w = make_window(joint_table)
    panel = w.filter_panel
    assert panel.count_of("regulators", "CN MOFCOM") == 3
    assert panel.count_of("regulators", "CN MIIT") == 3
    assert panel.item("regulators", "CN government").parent().text(0) == "CN"
    w.filter_dock.raise_()
    click_check(qtbot, panel.tree, panel.item("regulators", "CN MOFCOM"))
    doc = w.document
    qtbot.waitUntil(lambda: doc.content.selection.count == 3)
    tm = w.table.table_model
    rows = {doc.model.events["id"].iat[int(tm.rows[r])] for r in range(tm.rowCount())}
    assert rows == {"cn-first-batch", "cn-deepseek", "us-licence-and-permit"}
    w.select_id("us-licence-and-permit")
    text = w.detail.toPlainText()
    assert "US BIS, CN MOFCOM (jointly)" in text
    assert "US export permission, CN ministry approval" in text
    assert "reported up to 10 Feb 2026" in w.status.summary_label.text()


def test_each_event_counts_once_per_company_whatever_its_tracks(joint_table):
    """Marks.per_company: one (company, event) per event and company, though an event in two
    tracks has a mark in each."""
    m = load(joint_table)
    company, event = m.marks.per_company
    pairs = list(zip(company.tolist(), event.tolist(), strict=True))
    assert len(pairs) == len(set(pairs)) == len({*zip(m.marks.company, m.marks.event, strict=True)})
    assert len(m.marks) > len(pairs)  # (the licence with a permit: two marks, one count)
    assert m.marks.per_company is m.marks.per_company  # worked out once
