"""What every handler of the web face shares: the store, the settings, the query workers, the renderer, the
cache — and the small request helpers (content negotiation between a page and data)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request

from ..cache import ByteCache
from ..formats import JSONLD, NTRIPLES, RDFXML, SPARQL_JSON, TURTLE, RdfFormat, negotiate
from ..stores import Store
from .pool import QueryPool
from .render import Renderer
from .settings import Settings

HTML = RdfFormat("html", (".html",), "text/html", "", "", aliases=("application/xhtml+xml",))
#: What an entity page is offered as, and the path suffix that asks for each.
ENTITY_FORMATS = (HTML, TURTLE, JSONLD, NTRIPLES, RDFXML)
SUFFIXES = {".ttl": TURTLE, ".jsonld": JSONLD, ".nt": NTRIPLES, ".rdf": RDFXML, ".html": HTML}
TRUNCATED_HEADER = "X-Mirna-KG-Truncated"
NOTE_HEADER = "X-Mirna-KG-Note"


@dataclass
class Context:
    """The server's shared parts, built once by ``create_app``."""

    store: Store
    settings: Settings
    pool: QueryPool
    renderer: Renderer
    cache: ByteCache
    facts: dict[str, Any] = field(default_factory=dict)


def wants_html(request: Request) -> bool:
    """Whether the client prefers HTML to data (a browser) — by Accept, as a browser sends it."""
    accept = request.headers.get("accept") or ""
    return "text/html" in accept and negotiate(accept, (HTML, TURTLE, JSONLD, NTRIPLES, SPARQL_JSON)) is HTML


def with_charset(media_type: str) -> str:
    """The media type with ``charset=utf-8`` where it is text."""
    textual = media_type.startswith("text/") or media_type.endswith(("json", "+xml", "n-triples"))
    return f"{media_type}; charset=utf-8" if textual else media_type
