"""Writing files atomically: a temporary file in the same folder, renamed over the target.

A failed or interrupted write never leaves a half-written file, and never damages the old one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


class WriteError(Exception):
    """A file that could not be written; the message names the path and the reason."""


def atomic_write(path: str | Path, write: Callable[[Path], None]) -> Path:
    """Call `write(tmp_path)` then move tmp over `path`; clean up on any failure."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise WriteError(f"{path}: folder {folder} does not exist")
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


def check_not_over(target: str | Path, inputs: list[str | Path | None]) -> None:
    """Refuse a target that is one of the files it is made from: inputs are never written over.

    Compares the files themselves when both exist (links, `..` and case on case-insensitive
    systems included), else the absolute paths.
    """
    target = Path(target)
    for given in inputs:
        if given is None:
            continue
        given = Path(given)
        try:
            same = os.path.samefile(target, given)
        except OSError:
            same = target.resolve() == given.resolve()
        if same:
            raise WriteError(
                f"{target}: is the input {given}; write to another file (the input is never "
                "written over)"
            )
