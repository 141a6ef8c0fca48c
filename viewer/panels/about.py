"""What Help shows: the data format (the README's own section) and the About facts.

Qt-free so it is tested directly. The data format is read from the README beside the code in a
checkout, or from the installed package's metadata (pip stores the README there), so the help
and the README can't drift apart.
"""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

DEPENDENCIES = (
    "PySide6-Essentials",
    "shiboken6",
    "pyqtgraph",
    "pandas",
    "numpy",
    "pyarrow",
    "openpyxl",
    "platformdirs",
)
# What each project states, for an installation whose metadata leaves the licence out.
KNOWN_LICENCES = {
    "PySide6-Essentials": "LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only",
    "shiboken6": "LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only",
    "pyqtgraph": "MIT",
    "pandas": "BSD-3-Clause",
    "numpy": "BSD-3-Clause",
    "pyarrow": "Apache-2.0",
    "openpyxl": "MIT",
    "platformdirs": "MIT",
}
SECTION = "Data format"


def readme_text() -> str:
    """The README: the checkout's file, else the long description pip installed."""
    here = Path(__file__).resolve().parent.parent / "README.md"
    if here.exists():
        return here.read_text(encoding="utf-8")
    try:
        meta = metadata.metadata("regtimeline")
        return meta.get("Description") or meta.get_payload() or ""  # type: ignore[attr-defined]
    except metadata.PackageNotFoundError:
        return ""


def section(markdown: str, title: str) -> str:
    """One `## title` section of a Markdown text, heading included ('' when absent)."""
    lines = markdown.splitlines()
    out: list[str] = []
    inside = False
    for line in lines:
        if re.match(r"^##\s", line):
            if inside:
                break
            inside = line[2:].strip().lower() == title.lower()
        if inside:
            out.append(line)
    return "\n".join(out).strip()


def data_format_markdown() -> str:
    text = section(readme_text(), SECTION)
    if not text:
        return (
            "## Data format\n\nThe description of the data format was not installed with this "
            "copy of RegTimeline. Columns `date`, `company`, `regulator` and `title` are required."
        )
    # Links inside the README point at its other sections: not reachable from this window.
    return re.sub(r"\[([^\]]+)\]\(#[^)]*\)", r"\1", text)


def licence_of(name: str) -> str:
    try:
        meta = metadata.metadata(name)
    except metadata.PackageNotFoundError:
        return KNOWN_LICENCES.get(name, "unknown")
    for key in ("License-Expression", "License"):
        value = (meta.get(key) or "").strip()
        if value and len(value) < 100 and "\n" not in value:
            return value
    classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or []]
    licences = [c for c in classifiers if "License" in c]
    return licences[0] if licences else KNOWN_LICENCES.get(name, "unknown")


def dependency_licences() -> list[tuple[str, str, str]]:
    """(name, installed version, licence) of each library RegTimeline runs on."""
    rows = []
    for name in DEPENDENCIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "not installed"
        rows.append((name, version, licence_of(name)))
    return rows
