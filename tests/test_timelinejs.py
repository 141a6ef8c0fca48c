"""TimelineJS (Knight Lab template) sheets and JSON open as event tables."""

from __future__ import annotations

import json

import pandas as pd

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
    src = model.event_sources(0)
    assert list(src["publisher"]) == ["Reuters"]
    assert list(src["url"]) == ["https://news.example/a"]
    assert list(src["title"]) == ["Announcement"]
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
