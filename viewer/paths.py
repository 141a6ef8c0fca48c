"""Where the bundled data, resources, the user's log and cache live, installed or in a checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def _locate(folder: str, package: str, name: str) -> Path:
    in_checkout = _HERE.parent / folder / name
    if in_checkout.exists():
        return in_checkout
    return Path(str(resources.files(package) / name))


def bundled_data() -> Path:
    """The sample event table that opens when no file is given."""
    return _locate("data", "viewer.data", "h200_china.csv")


def is_bundled(path: Path | None) -> bool:
    """Whether `path` is the bundled sample (package data: never the user's file, never
    changed, never written beside)."""
    return path is not None and path.resolve() == bundled_data().resolve()


def resource(name: str) -> Path:
    """A file of resources/ (icons, desktop entry)."""
    return _locate("resources", "viewer.resources", name)


def user_data_dir() -> Path:
    """Per-user folder for the log file; created on demand."""
    from platformdirs import user_data_dir as _user_data_dir

    path = Path(_user_data_dir("RegTimeline", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_file() -> Path:
    return user_data_dir() / "regtimeline.log"


def user_cache_dir() -> Path:
    """Per-user folder for pages fetched from the registers (they can be fetched again)."""
    from platformdirs import user_cache_dir as _user_cache_dir

    path = Path(_user_cache_dir("RegTimeline", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path
