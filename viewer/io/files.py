"""Writing files atomically: a temporary file in the same folder, renamed over the target.

A failed or interrupted write never leaves a half-written file, and never damages the old one.
Before anything is written the target is checked: never the file the data were read from (or
its sources file) under any name, never a read-only file, never a device or a folder. The
temporary files an export killed half-way left behind are cleaned up by the next one.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

STALE_PART_SECONDS = 600.0
"""A temporary `.NAME.xxxxxxxx.part` file untouched this long was left by a killed export."""


class WriteError(Exception):
    """A file that could not be written; the message names the path and the reason."""


class TargetError(WriteError):
    """A target that must not be written at all (the export's own data): a usage error."""


def check_not_over(target: str | Path, inputs: Iterable[str | Path | None]) -> None:
    """Raise TargetError when writing `target` would replace one of `inputs` (the files the
    written data were read from), whatever name reaches it: the same name, a symbolic or hard
    link, `..`, or another case of the name on a file system that ignores case.

    Compares the files themselves when both exist, else the absolute paths.
    """
    target = Path(target)
    for given in inputs:
        if given is None:
            continue
        given = Path(given)
        try:
            same = os.path.samefile(target, given)
        except (OSError, ValueError):
            same = target.resolve() == given.resolve()
        if same:
            raise TargetError(
                f"{target}: would replace {given}, which the data were read from; write to "
                "another file (the input is never written over)"
            )


def atomic_write(
    path: str | Path, write: Callable[[Path], None], keep: Iterable[Path | None] = ()
) -> Path:
    """Call `write(tmp_path)` then move tmp over `path`; clean up on any failure.

    `keep`: files the target must not be (see check_not_over).
    """
    path = Path(path)
    check_not_over(path, keep)
    folder = path.parent
    if not folder.is_dir():
        raise WriteError(f"{path}: folder {folder} does not exist")
    _check_replaceable(path)
    clean_stale_parts(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise WriteError(f"{path}: cannot write in {folder} ({exc.strerror or exc})") from None
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        write(tmp_path)
        if not tmp_path.exists() or tmp_path.stat().st_size == 0:
            raise WriteError(f"{path}: nothing was written")
        if path.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp_path, path.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp_path, 0o666 & ~umask)
        os.replace(tmp_path, path)
    except WriteError:
        tmp_path.unlink(missing_ok=True)
        raise
    except OSError as exc:
        tmp_path.unlink(missing_ok=True)
        raise WriteError(f"{path}: cannot be written ({exc.strerror or exc})") from None
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise
    return path


def clean_stale_parts(path: Path) -> None:
    """Remove the temporary files of earlier exports to `path` that were killed half-way
    (`.NAME.xxxxxxxx.part`, untouched for STALE_PART_SECONDS: one being written stays)."""
    folder = path.parent
    pattern = re.compile(rf"\.{re.escape(path.name)}\.[a-z0-9_]{{8}}\.part")
    now = time.time()
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if not pattern.fullmatch(name):
            continue
        part = folder / name
        with contextlib.suppress(OSError):
            info = part.lstat()
            if stat.S_ISREG(info.st_mode) and now - info.st_mtime > STALE_PART_SECONDS:
                part.unlink()


def _check_replaceable(path: Path) -> None:
    """A target that exists must be a regular file the user may write: a read-only file is
    left alone (renaming over it would replace it silently), a device or folder too."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise WriteError(f"{path}: cannot be written ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise WriteError(f"{path}: is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise WriteError(f"{path}: not a regular file; choose a file to write")
    if not info.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise WriteError(f"{path}: the file is read-only; it was left as it is")
