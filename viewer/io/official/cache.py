"""Raw pages as the registers sent them, kept in the user's cache folder. No Qt here.

One folder per register and query (its options hashed; `query.json` says which), one sub-folder
per run: the pages of that run, then `done.json` once the last page has arrived. A run cut off
(Ctrl+C, Cancel, a failure) has no `done.json` and is ignored, then cleared by the next run, so
what `--offline` replays is always whole. Files are written atomically.

    ~/.cache/RegTimeline/registers/federal-register/3f2a.../query.json
                                                      run-20260115T101500-4711/page-0001.json
                                                      run-20260115T101500-4711/done.json
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from viewer.io.files import atomic_write

DONE = "done.json"


def cache_root() -> Path:
    """`registers/` in the user cache folder (platformdirs: ~/.cache/RegTimeline on Linux)."""
    from viewer.paths import user_cache_dir

    return user_cache_dir() / "registers"


@dataclass(frozen=True)
class Run:
    """One complete run: its folder and what done.json says (when, the latest date seen...)."""

    folder: Path
    meta: dict

    def pages(self) -> Iterator[bytes]:
        for page in sorted(self.folder.glob("page-*.json")):
            yield page.read_bytes()


class QueryCache:
    """The runs of one query of one register."""

    def __init__(self, register: str, query: dict, root: Path | None = None) -> None:
        text = json.dumps(query, sort_keys=True, ensure_ascii=False)
        key = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        self.register = register
        self.query = query
        self.folder = (root or cache_root()) / register / key

    def runs(self) -> list[Run]:
        """Complete runs, oldest first."""
        return list(_complete_runs(self.folder))

    def start_run(self) -> RunWriter:
        """A new run; runs left incomplete before are cleared."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for folder in self.folder.glob("run-*"):
            if not (folder / DONE).is_file():
                shutil.rmtree(folder, ignore_errors=True)
        query = self.folder / "query.json"
        if not query.is_file():
            text = json.dumps({"register": self.register, **self.query}, indent=1, sort_keys=True)
            atomic_write(query, lambda tmp: tmp.write_text(text, encoding="utf-8"))
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
        folder = self.folder / f"run-{stamp}-{os.getpid()}"
        folder.mkdir()
        return RunWriter(folder)

    def keep_last(self) -> None:
        """Only the latest complete run is kept (for a register that sends the whole list)."""
        for run in self.runs()[:-1]:
            shutil.rmtree(run.folder, ignore_errors=True)


class RunWriter:
    """Pages written as they arrive; `finish()` marks the run complete."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0

    def add_page(self, body: bytes) -> None:
        self.count += 1
        atomic_write(self.folder / f"page-{self.count:04d}.json", lambda tmp: tmp.write_bytes(body))

    def finish(self, meta: dict) -> Run:
        meta = {"fetched": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), **meta}
        text = json.dumps({**meta, "pages": self.count}, indent=1, sort_keys=True)
        atomic_write(self.folder / DONE, lambda tmp: tmp.write_text(text, encoding="utf-8"))
        return Run(self.folder, json.loads(text))


def cached_runs(register: str, root: Path | None = None) -> Iterator[Run]:
    """Every complete run of a register, whatever its query (for joins across fetches)."""
    folder = (root or cache_root()) / register
    if not folder.is_dir():
        return
    for query in sorted(p for p in folder.iterdir() if p.is_dir()):
        yield from _complete_runs(query)


def _complete_runs(query_folder: Path) -> Iterator[Run]:
    """The runs of one query that have their done.json, oldest first."""
    for folder in sorted(query_folder.glob("run-*")):
        done = folder / DONE
        if not done.is_file():
            continue
        try:
            meta = json.loads(done.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # a damaged marker: the run is not trusted
        yield Run(folder, meta)
