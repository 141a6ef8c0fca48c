"""Register addresses: `sqlite:///register.db`, `postgresql://user@host:5432/dbname`. No Qt here.

A register is named by a URL. Its password, when one is written in it, is used to connect and
never shown or stored: `address` (what messages, settings, logs and exports see) leaves it out.
Passwords belong in libpq's password file or the PG* environment; one typed into an address is
kept in memory for this run only, so reconnecting (live refresh, Open Recent) still works.
`?prefix=NAME` names the register's tables (`NAME_events`...), for several registers in one
database; the name is checked, so it can go into SQL text safely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

SCHEMES = {"sqlite": "sqlite", "postgresql": "postgresql", "postgres": "postgresql"}
DEFAULT_PREFIX = "regtimeline"
PREFIX_RE = re.compile(r"[a-z][a-z0-9_]{0,30}")
SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3", ".regtimeline")
"""A plain path with one of these endings is a SQLite register, not an event table."""

_PASSWORDS: dict[str, str] = {}
"""Connection text by shown address, for addresses typed with a password (this run only)."""


class AddressError(ValueError):
    """An address that can't name a register; the message says why."""


@dataclass(frozen=True)
class RegisterURL:
    """A parsed register address: which database, which tables; safe to show."""

    kind: str  # "sqlite" or "postgresql"
    address: str  # without any password: what is shown and remembered
    prefix: str = DEFAULT_PREFIX
    path: Path | None = None  # the SQLite file
    connect_text: str = field(default="", repr=False, compare=False)
    """What the driver gets: a libpq URI (maybe with a password) or the SQLite file path."""

    def __str__(self) -> str:
        return self.address

    @property
    def name(self) -> str:
        """Short name for titles: the file's for SQLite, the database's for PostgreSQL."""
        if self.path is not None:
            return self.path.name
        database = urlsplit(self.address).path.lstrip("/") or "postgres"
        return database if self.prefix == DEFAULT_PREFIX else f"{database} ({self.prefix})"

    @property
    def stem(self) -> str:
        """The name without a file extension: a snapshot's default title."""
        return self.path.stem if self.path is not None else self.name

    def table(self, kind: str) -> str:
        """`events` -> `regtimeline_events`: the prefix is checked, so this is safe SQL text."""
        return f"{self.prefix}_{kind}"


def is_register_address(text: str | Path) -> bool:
    """True for `sqlite:`/`postgresql:` URLs (a Path is never one)."""
    if isinstance(text, Path):
        return False
    scheme = str(text).split(":", 1)[0].lower() if ":" in str(text) else ""
    return scheme in SCHEMES


def parse_register(text: str | Path, plain_path_is_sqlite: bool = False) -> RegisterURL:
    """Parse an address (or, when asked, a plain path, as a SQLite file); AddressError if bad."""
    if isinstance(text, RegisterURL):
        return text
    raw = str(text).strip()
    if not is_register_address(raw):
        if plain_path_is_sqlite and raw:
            return _sqlite(Path(raw), {})
        raise AddressError(f"{raw!r} is not a register address (sqlite:///FILE or postgresql://…)")
    parts = urlsplit(raw)
    kind = SCHEMES[parts.scheme.lower()]
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    if kind == "sqlite":
        return _sqlite(_sqlite_path(raw, parts), query)
    return _postgresql(raw, parts, query)


def _sqlite_path(raw: str, parts) -> Path:
    """`sqlite:///r.db` is r.db here, `sqlite:////srv/r.db` is /srv/r.db (as SQLAlchemy reads
    them); `sqlite:r.db` is accepted too."""
    if parts.netloc:
        raise AddressError(f"{raw}: a SQLite address has no host (write sqlite:///FILE)")
    rest = unquote(parts.path)
    if raw.lower().startswith("sqlite:///"):
        rest = rest[1:]
    elif raw.lower().startswith("sqlite://"):
        rest = rest.lstrip("/")
    if not rest:
        raise AddressError(f"{raw}: no file named (write sqlite:///FILE)")
    return Path(rest)


def _sqlite(path: Path, query: dict[str, str]) -> RegisterURL:
    prefix = _prefix(query, f"sqlite:///{path}")
    unknown = sorted(set(query) - {"prefix"})
    if unknown:
        raise AddressError(f"sqlite:///{path}: unknown option {unknown[0]!r} (known: prefix)")
    path = path.expanduser().absolute()
    address = "sqlite:///" + quote(str(path), safe="/:~")
    if prefix != DEFAULT_PREFIX:
        address += "?" + urlencode({"prefix": prefix})
    return RegisterURL("sqlite", address, prefix, path, str(path))


def _postgresql(raw: str, parts, query: dict[str, str]) -> RegisterURL:
    prefix = _prefix(query, _without_password(parts, {}))
    libpq = {k: v for k, v in query.items() if k != "prefix"}
    shown = {k: v for k, v in libpq.items() if k != "password"}
    if prefix != DEFAULT_PREFIX:
        shown["prefix"] = prefix
    address = _without_password(parts, shown)
    connect = urlunsplit(("postgresql", parts.netloc, parts.path, urlencode(libpq), ""))
    secret = parts.password is not None or "password" in libpq
    if secret:
        _PASSWORDS[address] = connect
    else:
        connect = _PASSWORDS.get(address, connect)
    return RegisterURL("postgresql", address, prefix, None, connect)


def _without_password(parts, query: dict[str, str]) -> str:
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    netloc = host
    try:
        port = parts.port
    except ValueError:
        raise AddressError(f"{parts.scheme}://…: the port is not a number") from None
    if port is not None:
        netloc += f":{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    return urlunsplit(("postgresql", netloc, parts.path, urlencode(query), ""))


def _prefix(query: dict[str, str], where: str) -> str:
    prefix = query.get("prefix", DEFAULT_PREFIX).strip().lower()
    if not PREFIX_RE.fullmatch(prefix):
        raise AddressError(
            f"{where}: table prefix {query.get('prefix')!r} is not allowed: use 1 to 31 "
            "letters, digits or _, starting with a letter"
        )
    return prefix


def scrub(text: str, url: RegisterURL) -> str:
    """A driver's message with the address's password taken out, should the driver quote it."""
    if url.kind != "postgresql":
        return text  # (a SQLite file has no password)
    parts = urlsplit(url.connect_text)
    for value in (parts.password, dict(parse_qsl(parts.query)).get("password")):
        if value:
            text = text.replace(value, "***").replace(quote(value, safe=""), "***")
    return text
