"""The server's limits and switches, one frozen object handed to ``create_app``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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
