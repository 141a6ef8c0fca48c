"""The registers' HTTP client against a local server: retries, back-off, timeouts, cut pages,
proxies, and the messages a user reads when it fails."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Reply
from viewer.io.official.http import Client, RegisterError, retry_after
from viewer.io.progress import CancelledError, Progress

PAGE = {"count": 1, "results": [{"document_number": "2026-00789"}]}


class Waits(Progress):
    """Records the back-off waits instead of sleeping through them."""

    def __init__(self) -> None:
        super().__init__()
        self.waits: list[float] = []

    def wait(self, seconds: float) -> None:
        self.waits.append(seconds)


def client(**kwargs) -> Client:
    return Client(**{"timeout": 2.0, "tries": 3, "backoff": 0.5, "progress": Waits(), **kwargs})


def test_429_then_success_waits_what_retry_after_asks(official_server):
    official_server.route("/p", Reply(b"slow down", 429, {"Retry-After": "7"}), Reply.json(PAGE))
    c = client()
    answer = c.get(official_server.url + "/p", parse=json.loads)
    assert answer.parsed == PAGE
    assert c.progress.waits == [7.0]
    assert len(official_server.asked) == 2


def test_server_errors_back_off_doubling_then_give_up_with_the_status(official_server):
    official_server.route("/p", Reply(b"oops", 500))
    c = client(tries=3)
    with pytest.raises(RegisterError) as caught:
        c.get(official_server.url + "/p")
    message = str(caught.value)
    assert "answered 500" in message and "3 tries" in message and "127.0.0.1" in message
    assert c.progress.waits == [0.5, 1.0]
    assert len(official_server.asked) == 3


def test_a_500_once_is_only_a_delay(official_server):
    official_server.route("/p", Reply(b"oops", 503), Reply.json(PAGE))
    assert client().get(official_server.url + "/p", parse=json.loads).parsed == PAGE


def test_a_page_cut_off_is_asked_again(official_server):
    official_server.route("/p", Reply.json(PAGE, cut=True), Reply.json(PAGE))
    c = client()
    assert c.get(official_server.url + "/p", parse=json.loads).parsed == PAGE
    assert len(c.progress.waits) == 1


def test_a_page_always_cut_off_says_so(official_server):
    official_server.route("/p", Reply.json(PAGE, cut=True))
    with pytest.raises(RegisterError, match=r"was cut off \(\d+ of \d+ bytes\)"):
        client(tries=2).get(official_server.url + "/p", parse=json.loads)


def test_a_page_that_is_not_json_is_not_taken(official_server):
    official_server.route("/p", Reply(b"<html>maintenance</html>"))
    with pytest.raises(RegisterError, match="not complete JSON"):
        client(tries=1).get(official_server.url + "/p", parse=json.loads)


def test_a_slow_page_times_out_with_a_plain_message(official_server):
    official_server.route("/p", Reply.json(PAGE, delay=30))
    with pytest.raises(RegisterError, match=r"did not answer within 0.3 s \(2 tries\)"):
        client(timeout=0.3, tries=2).get(official_server.url + "/p")


def test_a_404_fails_at_once(official_server):
    with pytest.raises(RegisterError, match="answered 404") as caught:
        client().get(official_server.url + "/missing")
    assert "/missing" in str(caught.value)
    assert len(official_server.asked) == 1


def test_a_long_retry_after_is_not_waited_out(official_server):
    official_server.route("/p", Reply(b"", 429, {"Retry-After": "3600"}))
    with pytest.raises(RegisterError, match="asks to wait 3600 s"):
        client().get(official_server.url + "/p")


def test_cancel_during_back_off_stops_at_once(official_server):
    official_server.route("/p", Reply(b"", 503, {"Retry-After": "60"}))
    progress = Progress()
    c = Client(timeout=2.0, tries=3, progress=progress)
    progress.cancel()
    with pytest.raises(CancelledError):
        c.get(official_server.url + "/p")


def test_unknown_host_says_offline(monkeypatch):
    import socket

    def no_dns(*args, **kwargs):
        raise socket.gaierror(-3, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    with pytest.raises(RegisterError, match=r"seems to be offline.*--offline"):
        client().get("https://www.federalregister.gov/api/v1/documents.json")


def test_proxies_from_the_environment_are_used(official_server, monkeypatch):
    """With http_proxy set, the request goes to the proxy, naming the real address."""
    official_server.route("/api/v1/documents.json", Reply.json(PAGE))
    monkeypatch.setenv("http_proxy", official_server.url)
    monkeypatch.delenv("no_proxy")
    monkeypatch.delenv("NO_PROXY")
    answer = Client(timeout=2.0, tries=1).get(
        "http://registers.invalid/api/v1/documents.json", parse=json.loads
    )
    assert answer.parsed == PAGE
    assert official_server.asked[0].line == "http://registers.invalid/api/v1/documents.json"


def test_retry_after_reads_seconds_and_dates():
    import datetime as dt

    now = dt.datetime(2026, 1, 15, 12, 0, 0, tzinfo=dt.UTC)
    assert retry_after("120") == 120.0
    assert retry_after("Thu, 15 Jan 2026 12:00:30 GMT", now) == 30.0
    assert retry_after("Thu, 15 Jan 2026 11:00:00 GMT", now) == 0.0
    assert retry_after("soon") is None
    assert retry_after(None) is None
