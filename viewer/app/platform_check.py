"""Before the window opens on Linux: are the system libraries Qt's X11 (xcb) plugin needs there?

When one is missing, Qt names only the first it noticed (often just libxcb-cursor0) and aborts.
Each library is tried here first, and the command line names every package to install (Debian
and Ubuntu names; the libraries' own names for other systems) and exits. No Qt here.
"""

from __future__ import annotations

import ctypes
import os
import sys

PACKAGES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
}
"""Every library Qt 6's xcb plugin and its GUI module load (beyond the C and C++ runtimes),
with the Debian 12 package holding it: read from the plugin's ELF `NEEDED` entries."""


def loadable(library: str) -> bool:
    """Whether the dynamic loader finds and loads `library`."""
    try:
        ctypes.CDLL(library)
    except OSError:
        return False
    return True


def uses_xcb() -> bool:
    """Whether Qt will open its window through xcb: on Linux, when asked to or by default
    (no Wayland session to try first)."""
    if not sys.platform.startswith("linux"):
        return False
    platform = os.environ.get("QT_QPA_PLATFORM", "").strip().lower()
    if platform:
        return platform.startswith("xcb")
    return not os.environ.get("WAYLAND_DISPLAY")


def window_problem() -> str | None:
    """What to install before the window can open, or None when nothing is missing."""
    if not uses_xcb():
        return None
    missing = [lib for lib in PACKAGES if not loadable(lib)]
    if not missing:
        return None
    packages = " ".join(dict.fromkeys(PACKAGES[lib] for lib in missing))
    return (
        "regtimeline: the window needs system libraries that are not installed: "
        f"{', '.join(missing)}.\n"
        f"On Debian or Ubuntu, install them with:\n    sudo apt-get install {packages}\n"
        "(elsewhere, the packages that provide these libraries). Exports need no window: "
        "regtimeline export FILE -o OUT.png"
    )
