"""Snapshots and table exports, produced offscreen from the bundled data and read back."""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtGui import QFontDatabase, QImage

from tests.conftest import (
    BUNDLED_EVENTS,
    DATA,
    csv_rows,
    deepseek_window,
    normal,
    pdf_pages,
    svg_texts,
)
from viewer.export import Snapshot, export_snapshot, render_svg
from viewer.export.source_list import format_numbers, number_sources, picture_events
from viewer.export.table import events_frame, export_table
from viewer.io import load
from viewer.io.files import WriteError
from viewer.io.writers import neutralise
from viewer.record import dates as D
from viewer.shown.content import make_content
from viewer.timeline.legend import legend_entries


def sha12(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def has_cjk_font() -> bool:
    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


# -- PNG ------------------------------------------------------------------------------------------


def test_png_has_the_asked_size_and_is_not_blank(app, content, tmp_path):
    out = tmp_path / "snap.png"
    export_snapshot(content, out, Snapshot(width=1200, height=700))
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1200, 700)
    colours = {image.pixel(x, y) for x in range(0, 1200, 5) for y in range(0, 700, 5)}
    assert len(colours) > 30
    assert image.text("Title") == "h200_china"
    assert sha12(DATA) in image.text("Source")


def test_png_scale_two_doubles_the_pixels_with_the_same_layout(app, deepseek, tmp_path):
    window = deepseek_window(deepseek)
    one, two = tmp_path / "one.png", tmp_path / "two.png"
    export_snapshot(deepseek, one, Snapshot(window=window, width=900))
    export_snapshot(deepseek, two, Snapshot(window=window, width=900, scale=2))
    a, b = QImage(str(one)), QImage(str(two))
    assert (b.width(), b.height()) == (2 * a.width(), 2 * a.height())
    assert abs(b.dotsPerMeterX() - 2 * a.dotsPerMeterX()) <= 2
    # Same layout: both pictures blurred to the same small size look alike.
    size = (a.width() // 6, a.height() // 6)
    assert np.mean(np.abs(gray(a, *size) - gray(b, *size))) < 4


def gray(image: QImage, width: int, height: int) -> np.ndarray:
    from PySide6.QtCore import Qt

    small = image.scaled(
        width,
        height,
        Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    ).convertToFormat(QImage.Format.Format_Grayscale8)
    data = np.frombuffer(small.constBits(), np.uint8).reshape(height, small.bytesPerLine())
    return data[:, :width].astype(int)


def test_png_height_follows_the_lanes_when_not_given(app, content, deepseek, tmp_path):
    tall, short = tmp_path / "all.png", tmp_path / "deepseek.png"
    export_snapshot(content, tall, Snapshot(width=1000))
    export_snapshot(deepseek, short, Snapshot(window=deepseek_window(deepseek), width=1000))
    assert len(content.layout.rows) > len(deepseek.layout.rows)
    assert QImage(str(tall)).height() > QImage(str(short)).height()


# -- SVG ------------------------------------------------------------------------------------------


def test_svg_keeps_titles_legend_caption_and_footer_as_text(app, deepseek):
    window = deepseek_window(deepseek)
    data, _notes = render_svg(deepseek, Snapshot(window=window, width=1800, title="H200 brief"))
    texts = svg_texts(data)
    joined = "\n".join(texts)
    model = deepseek.model
    events = picture_events(deepseek, window)
    titles = [model.events["title"].iat[i] for i in events]
    labels = [t for t in texts if t and not t.isdigit()]
    # Every label is a title (or the start of one, elided); most titles are there in full.
    full = [t for t in titles if t in texts]
    assert len(full) >= 3
    elided = [t for t in labels if t.endswith("…")]
    assert all(any(title.startswith(e[:-1]) for title in titles) for e in elided)
    assert "H200 brief" in texts
    for entry in legend_entries(model, np.isin(np.arange(len(model)), events), static=True):
        assert entry.label in texts
    assert "Filters: DeepSeek" in joined and "Time window: 1 December 2025" in joined
    # The date axis is words too (it is cached as pixels on screen, never in an export).
    assert "5 Jan 2026" in texts and "12 Jan" in texts
    assert f"sha256 {sha12(DATA)}" in joined
    root = ET.fromstring(data)
    assert root.get("width") == "1800"
    families = {e.get("font-family") for e in root.iter() if e.get("font-family")}
    assert families and all(f.endswith("sans-serif") for f in families)


def chinese_table(write):
    write(
        "cn.sources.csv",
        "id,publisher,title,url,published\n"
        "S1,Le Monde,Pékin approuve l’achat de puces,https://example.org/a,2026-01-30\n"
        "S2,新华社,国家发展和改革委员会发布条件,https://example.org/b,2026-01-31\n",
    )
    return write(
        "cn.csv",
        "id,date,company,regulator,status,title,sources\n"
        "a,2026-01-30,深度求索,CN 国家发展和改革委员会,conditional,深度求索获准购买 H200,S1; S2\n"
        "b,2026-02-02,Thalès,EU Commission,statement,Décision de la Commission,S1\n",
    )


def test_svg_keeps_chinese_and_accented_text(app, write):
    content = make_content(load(chinese_table(write)))
    data, _notes = render_svg(content, Snapshot(width=1400))
    joined = "".join(svg_texts(data))  # a change of font (fallback) starts a new text element
    for text in ("深度求索", "CN 国家发展和改革委员会", "Thalès", "Décision de la Commission"):
        assert text in joined


# -- PDF ------------------------------------------------------------------------------------------


def test_pdf_has_the_picture_then_the_numbered_sources(app, content, tmp_path):
    out = tmp_path / "snap.pdf"
    export_snapshot(content, out, Snapshot(title="H200 and China"))
    pages = pdf_pages(out)
    first, rest = pages[0], " ".join(pages[1:])
    assert len(pages) >= 2
    assert (
        "H200 and China" in first
        and f"All {BUNDLED_EVENTS} events · No filters · Time window:" in first
    )
    for label in ("Regulator:", "Status:", "US BIS", "CN NDRC", "conditional", "disputed"):
        assert label in first
    assert "Generated" in first and sha12(DATA) in first
    # The list: every event in the picture, every source numbered once, in order.
    model = content.model
    events = picture_events(content, _fit_window(content))
    listed = number_sources(model, events)
    assert "Sources — H200 and China" in rest
    for item in listed.events:
        assert normal(item.title) in rest
    numbers = [int(n) for n in re.findall(r"\[(\d+)\]", rest)]
    assert sorted(set(numbers)) == list(range(1, listed.n_sources + 1))
    accented = [
        c.text.split("“")[1].split("”")[0]
        for item in listed.events
        for c in item.sources
        if any(ord(ch) > 127 and ch not in "“”’" for ch in c.text)
    ]
    # (the PDF's text layer breaks runs where the font changes: compared without spaces)
    unspaced = re.sub(r"\s", "", rest)
    assert accented and all(re.sub(r"\s", "", normal(t)) in unspaced for t in accented)
    assert f"Page 2 of {len(pages)}" in pages[1]


def _fit_window(content):
    return content.fit_window()


@pytest.mark.parametrize(("page", "size"), [("a4", (842, 595)), ("letter", (792, 612))])
def test_pdf_pages_are_landscape_paper(app, deepseek, tmp_path, page, size):
    from pypdf import PdfReader

    out = tmp_path / f"{page}.pdf"
    export_snapshot(deepseek, out, Snapshot(window=deepseek_window(deepseek), page=page))
    box = PdfReader(str(out)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size


def test_pdf_fit_page_takes_the_picture_size(app, deepseek, tmp_path):
    from pypdf import PdfReader

    out = tmp_path / "fit.pdf"
    export_snapshot(deepseek, out, Snapshot(window=deepseek_window(deepseek), page="fit"))
    box = PdfReader(str(out)).pages[0].mediabox
    assert round(float(box.width)) == round(1600 * 0.75)
    assert float(box.height) < float(box.width)


def test_pdf_marks_carry_their_source_numbers(app, deepseek, tmp_path):
    out = tmp_path / "notes.pdf"
    window = deepseek_window(deepseek)
    export_snapshot(deepseek, out, Snapshot(window=window))
    first = pdf_pages(out)[0]
    listed = number_sources(deepseek.model, picture_events(deepseek, window))
    shown = [n for n in listed.numbers.values() if n in first]
    assert len(shown) >= len(listed.numbers) * 0.6


def test_pdf_keeps_accents_and_chinese_as_text(app, write, tmp_path):
    content = make_content(load(chinese_table(write)))
    out = tmp_path / "cn.pdf"
    export_snapshot(content, out, Snapshot(page="a4"))
    text = " ".join(pdf_pages(out))
    assert "Décision de la Commission" in text and "Pékin approuve l’achat de puces" in text
    if not has_cjk_font():
        pytest.skip("no font with Chinese glyphs here (install fonts-noto-cjk): PDF text of them")
    assert "深度求索" in text and "国家发展和改革委员会" in text


def test_unknown_glyphs_are_reported_not_hidden(app, write, tmp_path):
    from viewer.export.fonts import missing_note, uncovered

    assert uncovered(["Décision de la Commission, 2026"]) == ""
    odd = "\U0010fffd"  # a private-use code point no font draws
    assert uncovered([f"title {odd}"]) == odd
    assert "fonts-noto-cjk" in missing_note([odd])
    path = write("odd.csv", f"date,company,regulator,title\n2026-01-01,Acme,US BIS,Odd {odd}\n")
    written = export_snapshot(make_content(load(path)), tmp_path / "odd.png")
    assert any(odd in note for note in written.notes)


# -- sources -------------------------------------------------------------------------------------


def test_format_numbers_compacts_runs():
    assert format_numbers([3, 4, 5, 9]) == "3–5, 9"
    assert format_numbers([2, 1]) == "1, 2"
    assert format_numbers([]) == ""


def test_sources_numbered_by_first_citation_and_shared_ones_keep_their_number(h200_model):
    events = np.argsort(h200_model.events["start"].to_numpy(), kind="stable")
    listed = number_sources(h200_model, events)
    seen: dict[str, int] = {}
    for item in listed.events:
        for cited in item.sources:
            seen.setdefault(cited.text, cited.number)
            assert seen[cited.text] == cited.number
    assert sorted(seen.values()) == list(range(1, listed.n_sources + 1))


def test_source_list_stays_bounded(h200_model):
    events = np.arange(len(h200_model))
    listed = number_sources(h200_model, events, limit=10)
    assert len(listed.events) == 10 and listed.more_events == len(h200_model) - 10
    assert set(listed.numbers) <= {item.event for item in listed.events}


def test_legend_of_a_snapshot_lists_only_what_it_shows(h200_model, deepseek):
    events = picture_events(deepseek, deepseek_window(deepseek))
    shown = np.zeros(len(h200_model), dtype=bool)
    shown[events] = True
    labels = {e.label for e in legend_entries(h200_model, shown)}
    everything = {e.label for e in legend_entries(h200_model)}
    assert labels < everything
    assert "US Commerce" in everything and "US Commerce" not in labels


# -- tables ---------------------------------------------------------------------------------------


def test_csv_has_the_filtered_events_with_derived_columns_and_sources(deepseek, tmp_path):
    out = tmp_path / "events.csv"
    _path, n, _sources = export_table(deepseek, out)
    rows = csv_rows(out)
    assert len(rows) == n == deepseek.selection.count
    ids = {r["id"] for r in rows}
    shown = set(deepseek.model.events["id"].to_numpy()[deepseek.selection.events])
    assert ids == shown
    for r in rows:
        assert r["date_precision"] in D.PRECISION_NAMES
        assert r["track"] and re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["reported"])
    row = next(r for r in rows if r["id"] == "cn-deepseek-approval")
    assert row["jurisdiction"] == "CN" and row["track"] == "CN ministry approval"
    assert "深度求索" in row["description"]
    assert (
        "Business AM (relaying Reuters): La Chine approuve sous conditions"
        in (row["source_citations"])
    )
    assert row["sources"].count(";") == row["source_citations"].count(" | ")
    approx = [r for r in rows if r["date"].endswith("~")]
    assert approx and all(r["date_precision"] == "approximate" for r in approx)


def formula_table(write):
    return write(
        "f.csv",
        "id,date,company,regulator,title,description,conditions\n"
        'x,2026-01-01,Acme,US BIS,"=HYPERLINK(""http://evil"",""x"")",+1+2,-3\n'
        "y,2026-01-02,@Acme,US BIS,ok,@SUM(A1),fine\n",
    )


def test_csv_neutralises_formula_cells(write, tmp_path):
    content = make_content(load(formula_table(write)))
    out = tmp_path / "out.csv"  # (f.csv is the data: never written over)
    export_table(content, out)
    rows = {r["id"]: r for r in csv_rows(out)}
    assert rows["x"]["title"] == '\'=HYPERLINK("http://evil","x")'
    assert rows["x"]["description"] == "'+1+2" and rows["x"]["conditions"] == "'-3"
    assert rows["y"]["company"] == "'@Acme" and rows["y"]["description"] == "'@SUM(A1)"
    assert rows["y"]["title"] == "ok"
    import pandas as pd

    cells = neutralise(pd.Series(["\tcmd", "\rcmd", "a=b", "2026-01-01"]))
    assert cells.tolist() == ["'\tcmd", "'\rcmd", "a=b", "2026-01-01"]


def test_xlsx_neutralises_formulas_and_opens_again(write, tmp_path):
    from openpyxl import load_workbook

    content = make_content(load(formula_table(write)))
    out = tmp_path / "f.xlsx"
    export_table(content, out)
    book = load_workbook(out)
    sheet = book["Events"]
    header = [c.value for c in sheet[1]]
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert all(c.data_type != "f" for c in cells)
    title = sheet.cell(row=2, column=header.index("title") + 1)
    # Text as written, no visible apostrophe: a text cell, quote-prefixed (issue 20.7).
    assert title.value.startswith("=HYPERLINK") and title.data_type == "s" and title.quotePrefix
    assert load(out).summary() == content.model.summary()


def test_xlsx_of_the_bundled_data_is_a_workbook_regtimeline_opens(h200_model, content, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "h200.xlsx"
    _p, n, n_sources = export_table(content, out)
    book = load_workbook(out, read_only=True)
    assert book.sheetnames[:2] == ["Events", "Sources"]
    again = load(out)
    assert len(again) == n == len(h200_model) and not again.problems
    assert len(again.sources) == n_sources
    frame = events_frame(content)
    assert list(frame.columns[:4]) == ["id", "date", "end_date", "date_precision"]


# -- writing safely -------------------------------------------------------------------------------


def test_failed_csv_write_leaves_the_old_file_untouched(content, tmp_path, monkeypatch):
    import pyarrow.csv as pacsv

    out = tmp_path / "events.csv"
    out.write_text("precious\n", encoding="utf-8")

    def half_then_disk_full(table, handle, **kwargs):
        handle.write(b"id,date\nhalf")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pacsv, "write_csv", half_then_disk_full)
    with pytest.raises(WriteError, match="No space left on device"):
        export_table(content, out)
    assert out.read_text(encoding="utf-8") == "precious\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.csv"]


def test_failed_pdf_write_leaves_the_old_file_untouched(app, content, tmp_path, monkeypatch):
    import viewer.export.pdf as pdf

    out = tmp_path / "snap.pdf"
    out.write_bytes(b"%PDF old")

    def crash(*_args, **_kwargs):
        raise RuntimeError("interrupted while writing the source list")

    monkeypatch.setattr(pdf, "_paint_source_pages", crash)
    with pytest.raises(RuntimeError):
        export_snapshot(content, out)
    assert out.read_bytes() == b"%PDF old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["snap.pdf"]


def test_unsupported_or_unwritable_paths_say_why(app, content, tmp_path):
    with pytest.raises(WriteError, match=r"use \.png, \.svg or \.pdf"):
        export_snapshot(content, tmp_path / "x.gif")
    with pytest.raises(WriteError, match="does not exist"):
        export_snapshot(content, tmp_path / "missing" / "x.svg")
    with pytest.raises(WriteError, match=r"use \.csv or \.xlsx"):
        export_table(content, tmp_path / "x.ods")


def test_a_failing_paint_is_logged_and_the_export_still_written(tmp_path):
    """An exception escaping an item's paint while a snapshot renders used to end the process
    (segmentation fault): the item is left out, the error goes to the log, the file is written."""
    import os
    import subprocess
    import sys

    from tests.conftest import DATA

    out = tmp_path / "broken.png"
    script = (
        "import sys\n"
        "from viewer.timeline.connectors import ConnectorsItem\n"
        "def boom(self): raise IndexError('a bug in the connectors')\n"
        "ConnectorsItem.wanted = boom\n"
        "from viewer.cli.main import main\n"
        f"sys.exit(main(['export', {str(DATA)!r}, '-o', {str(out)!r}]))\n"
    )
    home = tmp_path / "home"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_DATA_HOME": str(home),
        "PYTHONPATH": os.pathsep.join([str(DATA.parents[1]), os.environ.get("PYTHONPATH", "")]),
    }
    r = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert r.returncode == 0, r.stderr[-2000:]
    assert out.exists() and out.stat().st_size > 1000
    logs = list(home.rglob("regtimeline.log"))
    assert logs and "a bug in the connectors" in logs[0].read_text(encoding="utf-8")
