"""TimelineJS (Knight Lab template) sheets and JSON open as event tables."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from tests.conftest import ROOT
from viewer.io import load
from viewer.io.timelinejs import NOT_STATED, TEMPLATE, html_to_text
from viewer.record import dates as D

ROWS = [
    # Year, Month, Day, Headline, Text, Media, Media Credit, Media Caption, Type, Group
    ("", "", "", "Chips to <b>China</b>", "<p>The record</p>", "", "", "", "title", ""),
    ("2025", "12", "", "Review period", "", "", "", "", "era", ""),
    (
        "2025",
        "12",
        "8",
        "Sales <i>allowed</i>",
        '<p>Said on <a href="https://x.example">social media</a>.</p><script>bad()</script>',
        "https://news.example/a",
        "Reuters",
        "Announcement",
        "",
        "Nvidia",
    ),
    ("2026", "1", "", "Customs notice", "Month only &amp; more", "", "", "", "", "Nvidia"),
    ("2026", "", "", "Talks", "", "", "", "", "", ""),
]


def _frame() -> pd.DataFrame:
    rows = []
    for y, m, d, head, text, media, credit, caption, kind, group in ROWS:
        row = dict.fromkeys(TEMPLATE, "")
        row.update(
            {
                "Year": y,
                "Month": m,
                "Day": d,
                "Headline": head,
                "Text": text,
                "Media": media,
                "Media Credit": credit,
                "Media Caption": caption,
                "Type": kind,
                "Group": group,
            }
        )
        if kind == "era":
            row.update({"End Year": "2026", "End Month": "1"})
        rows.append(row)
    return pd.DataFrame(rows, columns=list(TEMPLATE))


def _check(model) -> None:
    assert model.name == "Chips to China"
    ev = model.events
    assert list(ev["title"]) == ["Sales allowed", "Customs notice", "Talks"]
    assert list(ev["company"]) == ["Nvidia", "Nvidia", "all"]
    assert set(ev["regulator"]) == {NOT_STATED}
    assert list(ev["precision"]) == [D.DAY, D.MONTH, D.YEAR]
    assert ev["description"].iat[0] == "Said on social media."
    assert ev["description"].iat[1] == "Month only & more"
    src = model.event_sources(0)  # the media, then the link in the text
    assert list(src["publisher"]) == ["Reuters", "x.example"]
    assert list(src["url"]) == ["https://news.example/a", "https://x.example"]
    assert list(src["title"]) == ["Announcement", "social media"]
    assert len(model.bands) == 1
    band = model.bands[0]
    assert band.label == "Review period"
    assert D.format_iso(band.start, band.start + 1, D.DAY) == "2025-12-01"
    assert D.format_iso(band.stop, band.stop + 1, D.DAY) == "2026-02-01"
    assert not model.problems


def test_template_csv(tmp_path):
    path = tmp_path / "timeline.csv"
    _frame().to_csv(path, index=False)
    _check(load(path))


def test_template_xlsx(tmp_path):
    path = tmp_path / "timeline.xlsx"
    _frame().to_excel(path, index=False, sheet_name="od1")
    _check(load(path))


def test_template_json(tmp_path):
    def date(y, m, d):
        out = {"year": y}
        if m:
            out["month"] = m
        if d:
            out["day"] = d
        return out

    events = []
    for y, m, d, head, text, media, credit, caption, _kind, group in ROWS[2:]:
        ev = {"start_date": date(y, m, d), "text": {"headline": head, "text": text}}
        if media or credit:
            ev["media"] = {"url": media, "credit": credit, "caption": caption}
        if group:
            ev["group"] = group
        events.append(ev)
    doc = {
        "title": {"text": {"headline": ROWS[0][3], "text": ROWS[0][4]}},
        "events": events,
        "eras": [
            {
                "start_date": {"year": "2025", "month": "12"},
                "end_date": {"year": "2026", "month": "1"},
                "text": {"headline": "Review period"},
            }
        ],
    }
    path = tmp_path / "timeline.json"
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    _check(load(path))


def test_html_is_reduced_to_text():
    assert html_to_text("<p>a<br>b</p><style>x{}</style>&lt;tag&gt;") == "a\nb\n<tag>"
    assert html_to_text("plain, not touched") == "plain, not touched"
    assert html_to_text("<img src=x onerror=alert(1)>") == ""


def test_an_era_is_drawn_as_a_band_with_its_name(qapp, tmp_path, caplog):
    """The era's band is painted (its name is text in an SVG snapshot), without an error
    that the timeline's paint guard would otherwise only log."""
    import logging

    from tests.conftest import svg_texts
    from viewer.export import Snapshot, render_svg
    from viewer.shown.content import make_content

    path = tmp_path / "timeline.csv"
    _frame().to_csv(path, index=False)
    model = load(path)
    window = (D.parse_dates(["2025-11"]).start[0], D.parse_dates(["2026-03"]).start[0])
    with caplog.at_level(logging.ERROR):
        data, _notes = render_svg(make_content(model), Snapshot(window=window, width=1400))
    assert "Review period" in svg_texts(data)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


SAMPLE = ROOT / "tests" / "samples" / "women_in_computing.csv"


def _sample_event(model, title: str) -> int:
    return int(np.flatnonzero(model.events["title"].to_numpy(dtype=object) == title)[0])


def test_the_knight_lab_sample_reads_as_timelinejs_shows_it():
    m = load(SAMPLE)
    assert not m.problems and len(m) == 10 and m.name == "Women in Computing"
    # Type and Background lay the slides out; the caption is its media's title: no extras.
    assert m.extra_columns == []
    text = " ".join(str(v) for v in m.events.select_dtypes(include="object").to_numpy().ravel())
    assert "ARL_ENIAC_02.png" not in text and "<" not in text
    # Edith Clarke's slide is only a quote in Media: its words, set as a quote, with its cite.
    edith = _sample_event(m, "Edith Clarke: Bucking the Trend")
    assert m.events["description"].iat[edith] == (
        "“There is no demand for women engineers, as such, as there are for women doctors; "
        "but there's always a demand for anyone who can do a good piece of work.”\n"
        "— Edith Clarke, first female professor of electrical engineering in the United States"
    )
    assert len(m.event_sources(edith)) == 0  # a quote is no source
    # Ada Lovelace: the image with its credit and caption, then the links of text and caption.
    ada = m.event_sources(_sample_event(m, "Ada Lovelace"))
    assert list(ada["publisher"]) == [
        "Wikimedia Commons",
        "en.wikipedia.org",
        "en.wikipedia.org",
        "en.wikipedia.org",
    ]
    assert list(ada["title"])[:3] == [
        "Portrait by Alfred Edward Chalon",
        "Ada Lovelace",
        "Charles Babbage's Analytical Engine",
    ]
    assert all(u.startswith("https://") for u in ada["url"])
    # TimelineJS's notes (tl-note) stand on a line of their own.
    space = m.events["description"].iat[_sample_event(m, "Contributions to space exploration")]
    assert space.endswith("on the Apollo Project.\nVideos from Vimeo are also easy to embed.")


def test_links_become_sources_only_for_http_and_https(write):
    row = dict.fromkeys(TEMPLATE, "")
    row.update(
        {
            "Year": "2026",
            "Headline": "Links",
            "Text": '<a href="javascript:alert(1)">bad</a> and <a href="https://ok.example/a">ok</a>',
            "Media": "<blockquote>Said <a href='http://q.example'>here</a></blockquote>",
            "Media Caption": "<a href='ftp://x.example'>file</a>",
        }
    )
    path = write("links.csv", pd.DataFrame([row]).to_csv(index=False))
    m = load(path)
    assert list(m.event_sources(0)["url"]) == ["http://q.example", "https://ok.example/a"]
    assert m.events["description"].iat[0] == "bad and ok\n\n“Said here”\n\nfile"


BCE_SHEET = [
    # Year, Month, Day, Display Date, Headline
    ("-500", "", "", "c. 500 BCE", "Founding"),
    ("-44", "3", "15", "", "Ides of March"),
    ("1985", "", "", "", "Late"),
]


def _bce_sheet(write):
    rows = []
    for year, month, day, shown, headline in BCE_SHEET:
        row = dict.fromkeys(TEMPLATE, "")
        row.update(
            {"Year": year, "Month": month, "Day": day, "Display Date": shown, "Headline": headline}
        )
        rows.append(row)
    return write("bce.csv", pd.DataFrame(rows).to_csv(index=False))


def test_negative_years_are_bce_as_timelinejs_reads_them(write):
    m = load(_bce_sheet(write))
    assert not m.problems, m.problems
    ev = m.events
    parts = zip(ev["start"], ev["stop"], ev["precision"], strict=True)
    when = [D.format_long(s, e, int(p)) for s, e, p in parts]
    assert when == ["500 BCE (year)", "15 March 44 BCE", "1985 (year)"]
    assert D.format_iso(ev["start"].iat[1], ev["stop"].iat[1], D.DAY) == "-0044-03-15"
    assert m.summary().endswith("Jan 500 BCE – Dec 1985")
    # The date axis labels years before 1 CE too.
    from viewer.shown import ticks as T

    t0, t1 = ev["start"].iat[0], ev["start"].iat[1] + 600 * 365.25 * 86400
    step = T.choose_step(t0, t1, 1200)
    labels = [T.tick_label(t, step) for t in T.tick_times(t0, t1, step)]
    assert "400 BCE" in labels and "100" in labels


def test_display_date_is_the_date_the_reader_sees(write, make_window, qtbot):
    w = make_window(_bce_sheet(write), size=(1366, 768))
    founding = w.document.model.index_of(w.document.model.events["id"].iat[0])
    row = w.table.table_model.row_of_event(founding)
    w.table.selectRow(row)  # as a user picks it in the Events table
    text = w.detail.toPlainText()
    assert "Date\tc. 500 BCE" in text or "Date c. 500 BCE" in text.replace("\n", " ")
    assert "500 BCE (year)" not in text and "Display Date" not in text
    from viewer.timeline.view import tooltip_text

    assert tooltip_text(w.document.content, founding).splitlines()[0] == "c. 500 BCE"
    ides = w.document.model.index_of(w.document.model.events["id"].iat[1])
    assert tooltip_text(w.document.content, ides).splitlines()[0] == "15 March 44 BCE"
