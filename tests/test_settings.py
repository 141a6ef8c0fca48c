"""AppSettings: what is remembered, and a broken settings file never stops the program."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QSettings

from viewer.app.settings import MAX_RECENT, AppSettings


def _settings(path: Path) -> AppSettings:
    return AppSettings(QSettings(str(path), QSettings.IniFormat))


def test_default_file_is_in_the_test_folder(settings_dir):
    settings = AppSettings()
    settings.set_theme("dark")
    settings.sync()
    assert settings.path == settings_dir / "RegTimeline" / "RegTimeline.ini"
    assert settings.path.exists()
    assert AppSettings().theme() == "dark"


def test_recent_files_most_recent_first_without_duplicates(tmp_path):
    settings = _settings(tmp_path / "s.ini")
    assert settings.recent_files() == []
    for name in ["a.csv", "b.csv", "a.csv"]:
        settings.add_recent_file(str(tmp_path / name))
    assert settings.recent_files() == [str(tmp_path / "a.csv"), str(tmp_path / "b.csv")]
    for i in range(MAX_RECENT + 5):
        settings.add_recent_file(str(tmp_path / f"f{i}.csv"))
    files = settings.recent_files()
    assert len(files) == MAX_RECENT
    assert files[0] == str(tmp_path / f"f{MAX_RECENT + 4}.csv")
    settings.remove_recent_file(files[0])
    assert files[0] not in settings.recent_files()
    settings.clear_recent_files()
    assert settings.recent_files() == []


def test_values_survive_a_new_instance(tmp_path):
    path = tmp_path / "s.ini"
    first = _settings(path)
    first.add_recent_file(str(tmp_path / "events.csv"))
    header = "Datum|Firma|Behörde|Titel"
    first.set_column_mapping(header, {"Datum": "date", "Firma": "company"})
    view = {"filters": {"companies": ["Nvidia"]}, "window": [1.0, 2.0], "as_of": "2026-01-20"}
    first.set_last_view(str(tmp_path / "events.csv"), view)
    first.set_theme("light")
    first.set_window_geometry(QByteArray(b"\x01\x02geometry"))
    first.set_window_state(b"\x00state")
    first.set_column_widths("events", {"Date": 120, "Title": 300})
    first.sync()

    second = _settings(path)
    assert second.notice() is None
    assert second.recent_files() == [str(tmp_path / "events.csv")]
    assert second.column_mapping(header) == {"Datum": "date", "Firma": "company"}
    assert second.column_mapping("other|header") is None
    assert second.last_view(str(tmp_path / "events.csv")) == view
    assert second.last_view(str(tmp_path / "other.csv")) is None
    assert second.theme() == "light"
    assert bytes(second.window_geometry()) == b"\x01\x02geometry"
    assert bytes(second.window_state()) == b"\x00state"
    assert second.column_widths("events") == {"Date": 120, "Title": 300}


def test_last_view_is_keyed_by_the_resolved_path(tmp_path, monkeypatch):
    settings = _settings(tmp_path / "s.ini")
    monkeypatch.chdir(tmp_path)
    settings.set_last_view("events.csv", {"window": [0, 1]})
    assert settings.last_view(str(tmp_path / "events.csv")) == {"window": [0, 1]}


def test_theme_rejects_unknown_names(tmp_path):
    settings = _settings(tmp_path / "s.ini")
    assert settings.theme() == "system"
    with pytest.raises(ValueError, match="system, light, dark"):
        settings.set_theme("purple")


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\x01\xff\xfe\x80garbage",
        b'[General\ntheme="dark"\n',
        b"[General]\nthis line has no value\n",
        '[General]\ntheme="dark"\n'.encode("utf-16"),
    ],
)
def test_corrupt_file_is_set_aside_with_a_notice(tmp_path, content):
    path = tmp_path / "s.ini"
    path.write_bytes(content)
    settings = _settings(path)
    notice = settings.notice()
    assert notice is not None and str(path) in notice and "s.ini.bad" in notice
    assert (tmp_path / "s.ini.bad").read_bytes() == content
    assert settings.theme() == "system"
    assert settings.recent_files() == []
    settings.add_recent_file(str(tmp_path / "x.csv"))
    settings.sync()
    again = _settings(path)
    assert again.notice() is None
    assert again.recent_files() == [str(tmp_path / "x.csv")]


def test_unreadable_values_are_ignored_with_a_notice(tmp_path):
    path = tmp_path / "s.ini"
    path.write_text(
        "[General]\n"
        "recent_files={not json\n"
        "theme=42\n"
        "[window]\n"
        'geometry="%%%not base64"\n'
        "[column_widths]\n"
        'events="{\\"Date\\": \\"wide\\", \\"Title\\": 200}"\n',
        encoding="utf-8",
    )
    settings = _settings(path)
    assert settings.notice() is None
    assert settings.recent_files() == []
    assert settings.theme() == "system"
    assert settings.window_geometry() is None
    assert settings.column_widths("events") == {"Title": 200}
    assert "recent_files" in settings.notice()
