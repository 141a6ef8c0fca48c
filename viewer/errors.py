"""Unexpected errors: written with their traceback to the user's log file, summarised to them."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

_logger: logging.Logger | None = None


def logger() -> logging.Logger:
    global _logger
    if _logger is None:
        _logger = logging.getLogger("regtimeline")
        _logger.setLevel(logging.INFO)
        try:
            from viewer.paths import log_file

            handler: logging.Handler = _LogFile(log_file(), encoding="utf-8")
        except OSError:
            handler = logging.NullHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        _logger.addHandler(handler)
        _logger.propagate = False
    return _logger


class _LogFile(logging.FileHandler):
    """The log file; when it can't be written (a full disk), the message is dropped rather
    than a traceback printed to the user's terminal by the logging module."""

    def handleError(self, record: logging.LogRecord) -> None:
        pass


def log_path() -> Path | None:
    try:
        from viewer.paths import log_file

        return log_file()
    except OSError:
        return None


def report(exc: BaseException, context: str) -> str:
    """Log the traceback; return a one-paragraph summary that says where the details are."""
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    logger().error("%s\n%s", context, text)
    where = log_path()
    detail = f" Details were written to {where}." if where else ""
    return f"{context}: unexpected error ({type(exc).__name__}: {exc}).{detail}"
