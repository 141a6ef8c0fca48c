"""`make install-desktop` (Linux): the menu entry and icon for the current user, no root.

Writes `regtimeline.desktop` into `$XDG_DATA_HOME/applications` with `Exec` pointing at this
installation's `regtimeline` (a venv's bin folder is rarely on the desktop's PATH), and the
icon into the hicolor theme. `python -m viewer.app.desktop --uninstall` removes both.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from viewer.paths import resource

ENTRY = "regtimeline.desktop"


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def command() -> str:
    """How the desktop should start this installation: its own script, else `python -m`."""
    script = Path(sys.executable).with_name("regtimeline")
    if script.exists():
        return shlex.quote(str(script))
    return f"{shlex.quote(sys.executable)} -m viewer"


def entry_text(exec_command: str) -> str:
    """The bundled .desktop entry with Exec and TryExec for this installation."""
    lines = []
    for line in resource(ENTRY).read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            line = f"Exec={exec_command} %f"
        elif line.startswith("TryExec="):
            line = "TryExec=" + shlex.split(exec_command)[0]
        lines.append(line)
    return "\n".join(lines) + "\n"


def targets(home: Path) -> dict[str, Path]:
    icons = home / "icons" / "hicolor"
    return {
        "entry": home / "applications" / ENTRY,
        "svg": icons / "scalable" / "apps" / "regtimeline.svg",
        "png": icons / "256x256" / "apps" / "regtimeline.png",
    }


def install(home: Path | None = None) -> list[Path]:
    paths = targets(home or data_home())
    for path in paths.values():
        path.parent.mkdir(parents=True, exist_ok=True)
    paths["entry"].write_text(entry_text(command()), encoding="utf-8")
    shutil.copyfile(resource("regtimeline.svg"), paths["svg"])
    shutil.copyfile(resource("regtimeline.png"), paths["png"])
    _refresh(paths["entry"].parent)
    return list(paths.values())


def uninstall(home: Path | None = None) -> list[Path]:
    removed = []
    for path in targets(home or data_home()).values():
        if path.exists():
            path.unlink()
            removed.append(path)
    return removed


def _refresh(applications: Path) -> None:
    """Tell the desktop about the new entry when its tools are installed (optional)."""
    tool = shutil.which("update-desktop-database")
    if tool:
        subprocess.run([tool, str(applications)], check=False, capture_output=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m viewer.app.desktop", description="Add RegTimeline to the desktop's menu."
    )
    p.add_argument("--uninstall", action="store_true", help="remove the entry and icon")
    args = p.parse_args(argv)
    if not sys.platform.startswith("linux"):
        print("The desktop entry is for Linux desktops; on Windows and macOS run 'regtimeline'.")
        return 0
    try:
        paths = uninstall() if args.uninstall else install()
    except OSError as exc:
        print(f"regtimeline: error: {exc}", file=sys.stderr)
        return 1
    verb = "Removed" if args.uninstall else "Installed"
    for path in paths:
        print(f"{verb} {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
