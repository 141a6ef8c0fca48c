"""`regtimeline export` for every output type, as a user runs it; files read back."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QImage

from tests.conftest import DATA, csv_rows, run


def test_svg_with_title_and_filters(tmp_path):
    out = tmp_path / "deepseek.svg"
    r = run(
        "export", DATA, "-o", out, "--company", "DeepSeek", "--from", "2025-12", "--to", "2026-02",
        "--title", "DeepSeek and the H200",
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    texts = "".join(ET.parse(out).getroot().itertext())
    assert "DeepSeek and the H200" in texts
    assert "Filters: DeepSeek · 1 Dec 2025 – 28 Feb 2026" in texts
    assert "Time window: 1 December 2025 – 28 February 2026" in texts


def test_fit_shows_the_whole_span_despite_from_and_to(tmp_path):
    out = tmp_path / "fit.svg"
    r = run("export", DATA, "-o", out, "--from", "2025-12", "--to", "2026-02", "--fit")
    assert r.returncode == 0, r.stderr
    texts = "".join(ET.parse(out).getroot().itertext())
    assert "Time window: 1 December 2025" not in texts and "Time window:" in texts


def test_pdf_letter_page(tmp_path):
    from pypdf import PdfReader

    out = tmp_path / "h200.pdf"
    r = run("export", DATA, "-o", out, "--page", "letter")
    assert r.returncode == 0, r.stderr
    reader = PdfReader(str(out))
    assert len(reader.pages) >= 2
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (792, 612)


def test_png_scale_two(tmp_path):
    out = tmp_path / "hidpi.png"
    r = run("export", DATA, "-o", out, "--width", "800", "--height", "500", "--scale", "2")
    assert r.returncode == 0, r.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1600, 1000)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_table_with_filters(tmp_path, suffix):
    out = tmp_path / f"nvidia{suffix}"
    r = run("export", DATA, "-o", out, "--company", "Nvidia", "--regulator", "US Commerce")
    assert r.returncode == 0, r.stderr
    assert "events" in r.stdout and "sources" in r.stdout
    if suffix == ".csv":
        rows = csv_rows(out)
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(out, read_only=True)["Events"]
        values = list(sheet.iter_rows(values_only=True))
        rows = [dict(zip(values[0], row, strict=True)) for row in values[1:]]
    assert rows and all(r["regulator"] == "US Commerce" for r in rows)
    assert all("Nvidia" in r["company"] or r["company"] == "all" for r in rows)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-o", "x.gif"), "unsupported output type '.gif'"),
        (("-o", "x.pdf", "--page", "a3"), "invalid choice"),
        (("-o", "x.png", "--scale", "9"), "outside 0.5..4"),
    ],
)
def test_output_usage_errors(tmp_path, args, message):
    r = run("export", DATA, *args, cwd=tmp_path)
    assert r.returncode == 2
    assert message in r.stderr and "Traceback" not in r.stderr
    assert not list(tmp_path.iterdir())
