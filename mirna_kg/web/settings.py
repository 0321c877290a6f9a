"""The server's limits and switches, one frozen object handed to ``create_app``."""

from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError


@dataclass(frozen=True)
class Settings:
    """What ``mirna-kg serve`` lets a client do, and how the site presents itself."""

    timeout: float = 5.0
    """Seconds a SPARQL query may run before its worker is killed and the client gets 503."""
    max_rows: int = 10_000
    """Rows (or triples) a result may have; more are cut and the cut is signalled (X-Mirna-KG-Truncated)."""
    workers: int = 2
    """Query worker processes (each holds a copy of the store)."""
    max_waiting: int = 64
    """Requests that may wait for a free worker; more get 429 with Retry-After at once."""
    express_timeout: float = 0.5
    """Seconds a query may run on the express worker, the one kept for when every regular worker is busy, so a
    short query never waits behind long ones; a query that needs longer waits for a regular worker instead.
    0 keeps no express worker."""
    max_body: int = 1_000_000
    """Largest request body (or query string) accepted, in bytes; 413 beyond."""
    cors: bool = False
    """Send CORS headers (Access-Control-Allow-Origin: *) so other sites' pages may query the endpoint."""
    cache_bytes: int = 64 * 1024 * 1024
    """Bytes of rendered entity pages, searches, query results and figures kept in memory (the graph is
    read-only, so an answer never goes stale); the least recently used go first. 0 keeps nothing."""
    dist_dir: Path | None = None
    """Release files offered for download (default: the tree's dist/ if built)."""
    title: str = "mirna-kg"


def check_address(host: str, port: int) -> None:
    """Fail with a clear ``InputError`` when the server could not listen on ``host``:``port`` (not a port
    number, an unknown host, a port in use or reserved), before the store is opened and workers started.

    The check binds a socket and closes it again, as the server then does (with ``SO_REUSEADDR``), so a port
    another program takes in between still fails later, in the server's own words."""
    if not 0 <= port <= 65535:
        raise InputError(f"--port {port} is not a port number; choose one from 1 to 65535")
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        socket.create_server((host, port), family=family).close()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputError(
            f"cannot listen on {host}:{port} ({reason}); choose another --port, or stop the program using it"
        ) from None
