"""Opening the user's files for reading: regular files only, and never more than they hold.

Every reader, the sources files beside a table, saved views and the fingerprint of exports open
files here. A named pipe would block the reader until some other program writes to it (for
ever, in a live reload), and a link to a device such as /dev/zero reads until memory runs out:
both are refused before a byte is read. A file that grows while it is read stops at a bound
rather than being followed, and a file (or what a workbook expands to) larger than the memory
free is refused up front. Every failure is a LoadError naming the file and the reason.
No Qt here.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

from viewer.io.progress import NO_PROGRESS, Progress
from viewer.record.problems import LoadError

_KINDS = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)
_REASONS = {
    errno.ENOENT: "no such file",
    errno.ENOTDIR: "no such file (a part of its path is not a folder)",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ELOOP: "a loop of symbolic links, not a file",
    errno.EISDIR: "is a folder, not a file",
    errno.ENXIO: "not a regular file (a socket or a device that is not there)",
    errno.ENAMETOOLONG: "the name is too long",
}
MEMORY_FACTOR = 4
"""Bytes of memory a table takes per byte of file, about, once read as text cells."""
GROWTH = 1 << 20
"""Bytes a file may grow by while it is read (a line appended); more means it is being written."""


def open_regular(path: str | Path) -> BinaryIO:
    """The file opened for reading in binary, if it is a regular file; else a LoadError.

    Opened without waiting (O_NONBLOCK), so a named pipe answers at once; its kind is then
    read from the open file itself, so nothing can be swapped in between the check and the read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise LoadError(path, _reason(exc)) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise LoadError(path, "is a folder, not a file")
        for test, kind in _KINDS:
            if test(mode):
                raise LoadError(path, f"not a regular file ({kind})")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def check_regular(path: str | Path) -> None:
    """Raise LoadError unless `path` is a regular file that can be opened for reading."""
    open_regular(path).close()


def regular_file_or_none(path: Path | None) -> Path | None:
    """`path` when it is a regular file (a companion file that may or may not be there)."""
    if path is None:
        return None
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    return path if stat.S_ISREG(mode) else None


def read_bytes(path, progress: Progress = NO_PROGRESS, start: float = 0.0, span: float = 0.3):
    """Read a whole regular file in chunks, reporting progress and stopping when cancelled.

    The chunks go straight into one buffer of the file's size: joining a list of chunks would
    hold the file twice (120 MB more at the peak of a million-row table) and copy it once more.
    Returns a bytearray of what was read.
    """
    with open_regular(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        chunk = 1 << 22
        data = bytearray(size)
        view = memoryview(data)
        done = 0
        while done < size:
            progress.step(start + span * done / size, "Reading")
            got = handle.readinto(view[done : done + chunk])
            if not got:
                break
            done += got
        view.release()
        if done < size:  # the file shrank while being read
            del data[done:]
            return data
        progress.step(start + span, "Reading")
        more = handle.read(GROWTH + 1)  # it grew while being read: a little more is taken
        if len(more) > GROWTH:
            raise LoadError(path, "it grew while being read (is it still being written?)")
        data += more
    return data


def read_limited(path: str | Path, limit: int, what: str) -> bytes:
    """The whole of a small file (a saved view); LoadError if it holds more than `limit` bytes."""
    with open_regular(path) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise LoadError(path, f"{what} holds at most {_size(limit)}; this file is larger")
    return data


def _reason(exc: OSError) -> str:
    return _REASONS.get(exc.errno or 0, f"cannot be read ({exc.strerror or exc})")


def _size(n: int) -> str:
    return f"{n / (1 << 20):g} MB" if n >= 1 << 20 else f"{n / 1024:g} KB"


def check_memory(path: Path) -> None:
    """Refuse up front a file that can't fit, rather than freezing the machine trying."""
    check_memory_for(path, path.stat().st_size)


def check_memory_for(path: Path, size: int, factor: int = MEMORY_FACTOR) -> None:
    """Refuse a file whose `size` bytes, each needing `factor` bytes of memory once read,
    can't fit in the memory free."""
    free = available_memory()
    if free is not None and size * factor > free:
        raise LoadError(
            path,
            f"too large to read: {size / 1e9:.1f} GB needs about "
            f"{size * factor / 1e9:.1f} GB of memory, {free / 1e9:.1f} GB is free",
        )


def available_memory() -> int | None:
    """Memory the system can give us now (Linux: MemAvailable), None when unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None
