"""Help > Data Format shows the README's section; Help > About names version, licences, log."""

from __future__ import annotations

import re

from tests.conftest import ROOT
from viewer.panels import about


def test_section_is_cut_at_the_next_heading():
    text = "# T\n\n## Use\nx\n## Data format\n\nrows\n### Sub\nmore\n## Architecture\nno"
    assert about.section(text, "data format") == "## Data format\n\nrows\n### Sub\nmore"
    assert about.section(text, "missing") == ""


def test_data_format_is_the_readme_section():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    md = about.data_format_markdown()
    assert md.startswith("## Data format")
    columns = re.findall(r"^\| `(\w+)`", about.section(readme, "Data format"), flags=re.M)
    assert {"date", "company", "regulator", "title"} <= set(columns)
    for column in columns:
        assert f"`{column}`" in md
    assert "](#" not in md  # links into the README's other sections are plain text here


def test_installed_copy_reads_the_package_metadata(monkeypatch, tmp_path):
    class Meta(dict):
        def get_payload(self):
            return "# RegTimeline\n\n## Data format\n\nfrom metadata\n"

    monkeypatch.setattr(about, "__file__", str(tmp_path / "viewer" / "about.py"))
    monkeypatch.setattr(about.metadata, "metadata", lambda name: Meta())
    assert about.data_format_markdown() == "## Data format\n\nfrom metadata"


def test_every_dependency_has_a_version_and_a_licence():
    rows = dict(
        (name, (version, licence)) for name, version, licence in about.dependency_licences()
    )
    assert set(rows) == set(about.DEPENDENCIES)
    for name, (version, licence) in rows.items():
        assert version != "not installed", name
        assert licence and licence != "unknown", name
    assert "LGPL" in rows["PySide6-Essentials"][1]


def test_help_data_format_window(window, qtbot):
    window.help_menu.data_format_action.trigger()
    dialog = window.help_menu.dialog
    qtbot.waitExposed(dialog)
    text = dialog.browser.toPlainText()
    assert text.startswith("Data format")
    assert "end_date" in text and "disputes:ID" in text
    assert dialog.windowTitle() == "Data Format"
    dialog.close()


def test_help_about_window(window, qtbot):
    from viewer import __version__, errors

    window.help_menu.about_action.trigger()
    dialog = window.help_menu.dialog
    qtbot.waitExposed(dialog)
    text = dialog.browser.toPlainText()
    assert f"RegTimeline {__version__}" in text
    for name, _, licence in about.dependency_licences():
        assert name in text and licence in text
    assert str(errors.log_path()) in text
    assert str(window.settings.path) in text
