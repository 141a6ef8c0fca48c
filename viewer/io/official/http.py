"""Asking a register's server for a page: timeouts, retries, proxies, plain messages. No Qt.

Standard library only (urllib): the registers answer plain GETs with JSON, and urllib already
honours the proxies set in the environment (`https_proxy`, `http_proxy`, `no_proxy`), so a
third-party client would add a dependency without doing the job better here.

A busy or failing server (429, 5xx), a timeout, a broken connection or a page cut off are tried
again after a back-off (doubling from `backoff` seconds, or what the server's Retry-After asks);
a refused connection, an unknown host or another 4xx fails at once. Every failure is a
RegisterError whose message names the host and says what to do; none is a traceback.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import errno
import http.client
import socket
import ssl
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from viewer.io.progress import NO_PROGRESS, Progress

CHUNK = 1 << 16
USER_AGENT = (
    "RegTimeline/0.1 (export-control timeline; +https://www.federalregister.gov/developers)"
)


class RegisterError(Exception):
    """A register that could not be read; the message says why and what to try."""


@dataclass
class Answer:
    """A server's answer: status, body and headers (names in lower case)."""

    url: str
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    parsed: Any = None


class _TryAgainError(Exception):
    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


@dataclass
class Client:
    """GETs with timeouts and retries; `progress` reports and cancels (off the UI thread)."""

    timeout: float = 30.0
    tries: int = 4
    backoff: float = 1.0
    max_wait: float = 120.0
    progress: Progress = NO_PROGRESS
    fraction: float = 0.0
    """How far the whole fetch is (set by the caller): what progress reports while reading."""
    opener: urllib.request.OpenerDirector = field(default_factory=urllib.request.build_opener)

    def get(
        self,
        url: str,
        headers: dict[str, str] | None = None,
        parse: Callable[[bytes], Any] | None = None,
    ) -> Answer:
        """The answer to GET url (a 304 too); `parse` (e.g. json.loads) runs on the body, and a
        body it can't parse counts as a page cut off: tried again."""
        host = urlsplit(url).netloc or url
        last = ""
        for attempt in range(max(1, self.tries)):
            self.progress.step(self.fraction, f"Asking {host}")
            try:
                answer = self._once(url, host, headers or {})
                if parse is not None and answer.status == 200:
                    try:
                        answer.parsed = parse(answer.body)
                    except ValueError as exc:
                        reason = f"the page from {host} is not complete JSON ({exc})"
                        raise _TryAgainError(reason) from None
                return answer
            except _TryAgainError as again:
                last = again.reason
                if attempt == self.tries - 1:
                    break
                wait = again.wait if again.wait is not None else self.backoff * 2**attempt
                if wait > self.max_wait:
                    raise RegisterError(
                        f"{last}; it asks to wait {wait:.0f} s before asking again: try later"
                    ) from None
                self.progress.step(self.fraction, f"{last}; trying again in {wait:.0f} s")
                self.progress.wait(wait)
        tries = f"{self.tries} tries" if self.tries > 1 else "one try"
        raise RegisterError(f"{last} ({tries}); try again later")

    def _once(self, url: str, host: str, headers: dict[str, str]) -> Answer:
        request = urllib.request.Request(
            url, headers={"User-Agent": USER_AGENT, "Accept": "application/json", **headers}
        )
        try:
            response = self.opener.open(request, timeout=self.timeout)
        except urllib.error.HTTPError as exc:
            try:
                return self._refused(url, host, exc)
            finally:
                with contextlib.suppress(Exception):
                    exc.close()
        except urllib.error.URLError as exc:
            raise self._unreachable(host, exc.reason) from None
        except TimeoutError:
            raise _TryAgainError(f"{host} did not answer within {self.timeout:g} s") from None
        except (ConnectionError, http.client.HTTPException) as exc:
            raise _TryAgainError(f"the connection to {host} broke ({_why(exc)})") from None
        with response:
            body = self._read(response, host)
            return Answer(url, response.status, body, _lower(response.headers))

    def _read(self, response, host: str) -> bytes:
        expected = response.headers.get("Content-Length")
        size = int(expected) if expected and expected.isdigit() else None
        parts: list[bytes] = []
        got = 0
        try:
            while True:
                chunk = response.read(CHUNK)
                if not chunk:
                    break
                parts.append(chunk)
                got += len(chunk)
                self.progress.step(self.fraction, f"Reading {host}: {got / 1024:,.0f} kB")
        except TimeoutError:
            raise _TryAgainError(f"{host} stopped sending within {self.timeout:g} s") from None
        except (ConnectionError, http.client.HTTPException) as exc:
            raise _TryAgainError(f"the page from {host} was cut off ({_why(exc)})") from None
        if size is not None and got < size:
            raise _TryAgainError(f"the page from {host} was cut off ({got:,} of {size:,} bytes)")
        return b"".join(parts)

    def _refused(self, url: str, host: str, exc: urllib.error.HTTPError) -> Answer:
        status = exc.code
        if status == 304:
            return Answer(url, 304, b"", _lower(exc.headers))
        said = f"{host} answered {status} {exc.reason or ''}".rstrip()
        if status == 429 or 500 <= status < 600:
            raise _TryAgainError(said, retry_after(exc.headers.get("Retry-After")))
        raise RegisterError(f"{said} for {url}")

    def _unreachable(self, host: str, reason: object) -> Exception:
        if isinstance(reason, TimeoutError):
            return _TryAgainError(f"{host} did not answer within {self.timeout:g} s")
        if isinstance(reason, ConnectionRefusedError):
            return RegisterError(
                f"cannot connect to {host}: the connection was refused (is the address right?)"
            )
        if isinstance(reason, socket.gaierror) or (
            isinstance(reason, OSError) and reason.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH)
        ):
            return RegisterError(
                f"cannot reach {host}: this computer seems to be offline (or the name is wrong); "
                "--offline works from the pages fetched before"
            )
        if isinstance(reason, ssl.SSLError):
            return RegisterError(f"the secure connection to {host} failed ({_why(reason)})")
        if isinstance(reason, ConnectionError):
            return _TryAgainError(f"the connection to {host} broke ({_why(reason)})")
        return RegisterError(f"cannot reach {host} ({_why(reason)})")


def retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds a Retry-After header asks for: a number, or an HTTP date; None when absent."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - now).total_seconds())


def _lower(headers) -> dict[str, str]:
    return {str(k).lower(): str(v) for k, v in (headers.items() if headers else [])}


def _why(exc: object) -> str:
    text = str(getattr(exc, "strerror", None) or getattr(exc, "reason", None) or exc)
    return text or type(exc).__name__
