"""Start-up time: when the window first paints the timeline with data in it.

`REGTIMELINE_FIRST_FRAME=1 regtimeline` prints, on stderr, the seconds from the process's start
to that frame; `=quit` also quits there (tests/startup_time.py launches it repeatedly this way).
The process start is the kernel's record where there is one (Linux), else the moment the
command line module was imported, which misses only the interpreter's own start.
"""

from __future__ import annotations

import os
import sys
import time

ENV = "REGTIMELINE_FIRST_FRAME"
_IMPORTED = time.time()


def process_start() -> float:
    """Wall-clock time the process started (POSIX seconds)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22: ticks after boot
        with open("/proc/uptime", encoding="ascii") as f:
            uptime = float(f.read().split()[0])
        return time.time() - (uptime - started)
    except (OSError, ValueError, IndexError, AttributeError):
        return _IMPORTED


def cpu_seconds() -> float | None:
    """Processor time this process has used so far: the start-up cost without the waiting
    that other programs on a busy machine add to the wall-clock figure."""
    try:
        import resource

        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime
    except (ImportError, OSError):
        return time.process_time()


def watch(window) -> None:
    """When the variable is set, report the first paint of the timeline once it has data."""
    mode = os.environ.get(ENV, "")
    if not mode:
        return
    from PySide6.QtCore import QEvent, QObject, QTimer

    target = window.timeline.plot.viewport()

    class _Watcher(QObject):
        def eventFilter(self, obj, event) -> bool:
            if event.type() == QEvent.Type.Paint and window.document.content is not None:
                target.removeEventFilter(self)
                QTimer.singleShot(0, done)  # after this paint has been drawn
            return False

    def done() -> None:
        now = time.time()
        seconds = now - process_start()
        cpu = cpu_seconds()
        used = f", {cpu:.3f} s of processor time" if cpu is not None else ""
        print(f"first frame with data: {seconds:.3f} s after start{used}", file=sys.stderr)
        if mode == "quit":
            window.close()
            from PySide6.QtWidgets import QApplication

            QApplication.instance().quit()

    window._first_frame_watcher = _Watcher(window)
    target.installEventFilter(window._first_frame_watcher)
