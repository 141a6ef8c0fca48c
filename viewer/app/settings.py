"""What RegTimeline remembers between runs, kept with QSettings in an INI file.

One INI file in the user's config folder (`~/.config/RegTimeline/RegTimeline.ini` on Linux,
`%APPDATA%\\RegTimeline\\RegTimeline.ini` on Windows, `~/Library/Preferences/...` on macOS), so
it reads the same on every platform and a user can inspect or delete it. Values are JSON text:
QSettings' INI type guessing differs between platforms, JSON does not.

A settings file that can't be read is set aside (renamed to `*.bad`) and the defaults are used,
with a notice for the window to show: losing remembered window sizes is a nuisance, refusing to
start would be a failure. A single value that doesn't parse is ignored the same way.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from viewer.shown.palette import COLOUR_BY

ORGANIZATION = "RegTimeline"
APPLICATION = "RegTimeline"
THEMES = ("system", "light", "dark")
"""The theme choices: follow the desktop, or always light or dark (viewer/app/themes.py)."""
MAX_RECENT = 10
MAX_VIEWS = 100
MAX_MAPPINGS = 100


def default_qsettings() -> QSettings:
    """The user's settings file (tests point QSettings' user-scope path at a temporary folder)."""
    return QSettings(QSettings.IniFormat, QSettings.UserScope, ORGANIZATION, APPLICATION)


def _ini_problem(path: Path) -> str | None:
    """Why the INI file can't be trusted, or None. Qt's reader skips garbage silently."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"it can't be read ({exc.strerror or exc})"
    if b"\x00" in data:
        return "it holds binary data"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"it isn't UTF-8 text (byte {exc.start})"
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line[0] in ";#":
            continue
        if line.startswith("["):
            if not line.endswith("]"):
                return f"line {number} opens a section that isn't closed"
            continue
        if "=" not in line:
            return f"line {number} is not a 'key=value' line"
    return None


def _remembered(path: str) -> str:
    """How a data set is remembered: a file's full path; a register's address, its password
    taken out (parse_register leaves it out of `address`)."""
    from viewer.io.register.url import AddressError, is_register_address, parse_register

    if not is_register_address(path):
        return str(Path(path).expanduser().resolve())
    try:
        return parse_register(path).address
    except AddressError:
        return ""


def _key(text: str) -> str:
    """A QSettings key for free text (paths, header lists): '/' and '\\' would nest groups."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


class AppSettings:
    """Typed access to the remembered settings; never raises on bad stored values."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self._notices: list[str] = []
        self._qs = qsettings if qsettings is not None else default_qsettings()
        self._check_file()

    # -- the file ----------------------------------------------------------------------------

    @property
    def path(self) -> Path:
        return Path(self._qs.fileName())

    def _check_file(self) -> None:
        path = self.path
        problem = _ini_problem(path)
        if problem is None and self._qs.status() == QSettings.FormatError:
            problem = "its format is broken"
        if problem is None:
            return
        fmt = self._qs.format()
        aside = path.with_name(path.name + ".bad")
        try:
            os.replace(path, aside)
            where = f"it was set aside as {aside.name} and the defaults are used"
        except OSError:
            aside = None
            where = "the defaults are used and it is left as it is"
        self._notices.append(f"The settings file {path} was ignored: {problem}; {where}.")
        # A fresh QSettings on the same path: the old one has parsed the garbage already.
        if aside is not None:
            self._qs = QSettings(str(path), fmt)
        else:
            self._qs = QSettings(str(path) + ".new", fmt)

    def notice(self) -> str | None:
        """What went wrong reading the settings (for the status bar), or None."""
        return " ".join(self._notices) if self._notices else None

    def sync(self) -> None:
        """Write pending changes now (QSettings also writes on its own, later)."""
        self._qs.sync()
        if self._qs.status() == QSettings.AccessError:
            note = f"Settings can't be saved to {self.path}: the folder is not writable."
            if note not in self._notices:
                self._notices.append(note)

    # -- JSON values -------------------------------------------------------------------------

    def _get(self, key: str, kind: type, default: Any = None) -> Any:
        raw = self._qs.value(key)
        if raw is None:
            return default
        try:
            value = json.loads(str(raw))
        except (ValueError, TypeError):
            value = None
        if not isinstance(value, kind):
            self._notices.append(f"The remembered value of {key!r} was unreadable and is ignored.")
            self._qs.remove(key)
            return default
        return value

    def _set(self, key: str, value: Any) -> None:
        self._qs.setValue(key, json.dumps(value, ensure_ascii=False, sort_keys=True))

    def _choice(self, key: str, choices: tuple[str, ...], default: str) -> str:
        """One of `choices`, or `default` when none (or one this version does not know) is kept."""
        name = self._get(key, str, default)
        return name if name in choices else default

    def _set_choice(self, key: str, choices: tuple[str, ...], name: str, what: str) -> None:
        if name not in choices:
            raise ValueError(f"{what} must be one of {', '.join(choices)}, not {name!r}")
        self._set(key, name)

    # -- recent files ------------------------------------------------------------------------

    def recent_files(self) -> list[str]:
        """Most recent first, at most MAX_RECENT, only text entries."""
        files = self._get("recent_files", list, [])
        return [f for f in files if isinstance(f, str) and f][:MAX_RECENT]

    def add_recent_file(self, path: str) -> None:
        """A file (its full path) or a register (its address: never with a password)."""
        path = _remembered(path)
        if not path:
            return
        files = [f for f in self.recent_files() if f != path]
        self._set("recent_files", [path, *files][:MAX_RECENT])

    def remove_recent_file(self, path: str) -> None:
        self._set("recent_files", [f for f in self.recent_files() if f != path])

    def clear_recent_files(self) -> None:
        self._set("recent_files", [])

    # -- column mappings (headers that don't name our columns) -------------------------------

    def column_mapping(self, header_key: str) -> dict[str, str] | None:
        entry = self._get(f"column_mappings/{_key(header_key)}", dict)
        if not entry or entry.get("header") != header_key:
            return None
        mapping = entry.get("mapping")
        if not isinstance(mapping, dict):
            return None
        return {str(k): str(v) for k, v in mapping.items()}

    def set_column_mapping(self, header_key: str, mapping: dict[str, str]) -> None:
        self._set(
            f"column_mappings/{_key(header_key)}",
            {"header": header_key, "mapping": dict(mapping), "used": time.time()},
        )
        self._prune("column_mappings", MAX_MAPPINGS)

    # -- last view of each file --------------------------------------------------------------

    def last_view(self, path: str) -> dict | None:
        """The view dict saved for this file or register (ViewState's dict form), or None."""
        path = _remembered(path)
        if not path:
            return None
        entry = self._get(f"last_views/{_key(path)}", dict)
        if not entry or entry.get("path") != path or not isinstance(entry.get("view"), dict):
            return None
        return entry["view"]

    def set_last_view(self, path: str, view: dict) -> None:
        path = _remembered(path)
        if not path:
            return
        self._set(f"last_views/{_key(path)}", {"path": path, "view": view, "used": time.time()})
        self._prune("last_views", MAX_VIEWS)

    def _prune(self, group: str, keep: int) -> None:
        """Forget the least recently used entries of a group beyond `keep`."""
        self._qs.beginGroup(group)
        keys = self._qs.childKeys()
        self._qs.endGroup()
        if len(keys) <= keep:
            return
        used = []
        for key in keys:
            entry = self._get(f"{group}/{key}", dict, {})
            stamp = entry.get("used", 0)
            used.append((stamp if isinstance(stamp, int | float) else 0, key))
        for _, key in sorted(used)[: len(keys) - keep]:
            self._qs.remove(f"{group}/{key}")

    # -- theme -------------------------------------------------------------------------------

    def theme(self) -> str:
        """'system' (follow the desktop), 'light' or 'dark'."""
        return self._choice("theme", THEMES, "system")

    def set_theme(self, name: str) -> None:
        self._set_choice("theme", THEMES, name, "theme")

    # -- how the timeline lays out and colours its marks -------------------------------------

    def colour_by(self) -> str:
        """What the marks' colour says: 'regulator' (the default), 'jurisdiction' or 'track'."""
        return self._choice("timeline/colour_by", COLOUR_BY, "regulator")

    def set_colour_by(self, name: str) -> None:
        self._set_choice("timeline/colour_by", COLOUR_BY, name, "colour by")

    def compact_rows(self) -> bool:
        """One sub-row per row, overlapping events not stacked (off by default)."""
        return bool(self._get("timeline/compact_rows", bool, False))

    def set_compact_rows(self, on: bool) -> None:
        self._set("timeline/compact_rows", bool(on))

    # -- window geometry and docks -----------------------------------------------------------

    def _bytes(self, key: str) -> QByteArray | None:
        text = self._get(key, str)
        if not text:
            return None
        try:
            return QByteArray(base64.b64decode(text.encode("ascii"), validate=True))
        except ValueError:
            self._notices.append(f"The remembered value of {key!r} was unreadable and is ignored.")
            return None

    def _set_bytes(self, key: str, data: QByteArray | bytes) -> None:
        self._set(key, base64.b64encode(bytes(data)).decode("ascii"))

    def window_geometry(self) -> QByteArray | None:
        """QWidget.saveGeometry() of the main window, or None."""
        return self._bytes("window/geometry")

    def set_window_geometry(self, data: QByteArray | bytes) -> None:
        self._set_bytes("window/geometry", data)

    def window_state(self) -> QByteArray | None:
        """QMainWindow.saveState(): where the docks and toolbars are."""
        return self._bytes("window/state")

    def set_window_state(self, data: QByteArray | bytes) -> None:
        self._set_bytes("window/state", data)

    # -- table column widths -----------------------------------------------------------------

    def column_widths(self, table: str) -> dict[str, int]:
        """Width in pixels by column title, for the table named `table`."""
        widths = self._get(f"column_widths/{table}", dict, {})
        return {str(k): int(v) for k, v in widths.items() if isinstance(v, int) and 10 <= v <= 5000}

    def set_column_widths(self, table: str, widths: dict[str, int]) -> None:
        self._set(f"column_widths/{table}", {str(k): int(v) for k, v in widths.items()})
