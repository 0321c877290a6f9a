"""The web face's one mapping of errors to HTTP statuses (the CLI's ``EXIT_CODES``, for HTTP).

The core raises ``mirna_kg.errors`` classes; the query workers add ``PoolBusyError`` and ``WorkerFailedError``;
protocol misuse is an ``HttpError`` with its status. Every handler answers an error through ``error_text`` (or
the renderer's error page for a browser), so one error gets one status everywhere.
"""

from __future__ import annotations

from starlette.responses import JSONResponse, PlainTextResponse, Response

from ..errors import (
    MirnaKgError,
    QueryError,
    QueryRefusedError,
    QueryTimeoutError,
    StoreUnavailableError,
    UnknownNameError,
)
from ..stores.protocol import NotAcceptableError
from .pool import PoolBusyError, WorkerFailedError

#: Error class -> HTTP status; the first matching class wins.
STATUS_CODES: tuple[tuple[type[BaseException], int], ...] = (
    (PoolBusyError, 429),
    (QueryTimeoutError, 503),
    (WorkerFailedError, 500),
    (StoreUnavailableError, 502),
    (NotAcceptableError, 406),
    (QueryRefusedError, 403),
    (UnknownNameError, 404),
    (QueryError, 400),
    (MirnaKgError, 400),
)


class HttpError(Exception):
    """A request the server answers with an error status and a message (413, 400 on protocol misuse …)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def status_of(error: BaseException) -> int:
    """The HTTP status of an error (500 for anything unforeseen)."""
    if isinstance(error, HttpError):
        return error.status
    return next((code for cls, code in STATUS_CODES if isinstance(error, cls)), 500)


def error_text(error: BaseException) -> Response:
    """An error as one line of plain text with its status (``Retry-After`` where waiting helps)."""
    code = status_of(error)
    headers = {"Retry-After": "1"} if code in (429, 503) else {}
    return PlainTextResponse(f"{error}\n", status_code=code, headers=headers)


def error_json(error: BaseException) -> Response:
    """An error as JSON for API clients: the message, and the close names of an unknown name."""
    code = status_of(error)
    document: dict[str, object] = {"error": str(error), "status": code}
    if isinstance(error, UnknownNameError):
        document["parameter"] = error.parameter
        document["suggestions"] = error.suggestions
    headers = {"Retry-After": "1"} if code in (429, 503) else {}
    return JSONResponse(document, status_code=code, headers=headers)
