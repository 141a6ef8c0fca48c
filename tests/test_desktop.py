"""The desktop entry and icon: valid files, installed for the user without root."""

from __future__ import annotations

import configparser
import shlex
import sys

from PySide6.QtGui import QIcon, QImage

from tests.conftest import ROOT
from viewer.app import desktop
from viewer.paths import resource


def _entry(text: str) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read_string(text)
    return parser["Desktop Entry"]


def test_bundled_entry_is_a_launcher_for_tables():
    entry = _entry(resource("regtimeline.desktop").read_text(encoding="utf-8"))
    assert entry["Type"] == "Application" and entry["Name"] == "RegTimeline"
    assert entry["Exec"] == "regtimeline %f" and entry["Icon"] == "regtimeline"
    assert "text/csv" in entry["MimeType"].split(";")
    assert entry["Categories"].endswith(";")


def test_icon_renders(qapp):
    image = QImage(str(resource("regtimeline.png")))
    assert (image.width(), image.height()) == (256, 256)
    icon = QIcon(str(resource("regtimeline.svg")))
    pixmap = icon.pixmap(64, 64)
    assert not pixmap.isNull() and pixmap.toImage().pixelColor(32, 32).alpha() == 255


def test_install_for_the_user_and_uninstall(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert desktop.main([]) == 0 if sys.platform.startswith("linux") else True
    paths = desktop.targets(tmp_path)
    entry = _entry(paths["entry"].read_text(encoding="utf-8"))
    program = shlex.split(entry["Exec"])[0]
    assert entry["Exec"].endswith(" %f") and program == entry["TryExec"]
    assert program.startswith("/")  # this installation's, not whatever is on PATH
    assert paths["svg"].read_bytes() == resource("regtimeline.svg").read_bytes()
    assert paths["png"].exists()
    assert desktop.main(["--uninstall"]) == 0
    assert not any(p.exists() for p in paths.values())


def test_makefile_and_package_ship_them():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "install-desktop:" in makefile and "-m viewer.app.desktop" in makefile
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'regtimeline = "viewer.cli.main:main"' in pyproject
    assert '"viewer.resources" = "resources"' in pyproject
