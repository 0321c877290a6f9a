"""Autocompletion for the SPARQL editor, served by this server from the graph itself (``/complete/…``).

YASGUI's own completers ask lov.linkeddata.es and prefix.cc; ``static/editor.js`` replaces them with completers
that call these routes, so typing a query sends nothing beyond this server:

- ``/complete/prefixes`` the project's prefixes (``mkg: <https://w3id.org/mirna-kg/ontology/>`` …);
- ``/complete/classes?q=`` and ``/complete/properties?q=`` the ontology's classes and properties;
- ``/complete/entities?q=`` entities by name (``hsa-miR-21`` → its IRI), ranked as ``/search`` ranks them.

Each answers JSON: a list of ``{"iri", "curie", "label"}`` (entities add ``kind``).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .. import api
from .context import Context

#: The most suggestions one answer carries.
LIMIT = 50


def routes(ctx: Context) -> list[Route]:
    """The completion routes over the server's context."""

    def words() -> api.Vocabulary:
        return ctx.cache.get(("vocabulary",), lambda: api.vocabulary(ctx.store))

    def typed(request: Request) -> str:
        return request.query_params.get("q", "")[:200]

    def prefixes(request: Request) -> Response:
        return JSONResponse([{"prefix": p, "iri": iri} for p, iri in sorted(words().prefixes.items())])

    def classes(request: Request) -> Response:
        return JSONResponse(_json(api.complete_words(words().classes, typed(request), LIMIT)))

    def properties(request: Request) -> Response:
        return JSONResponse(_json(api.complete_words(words().properties, typed(request), LIMIT)))

    def entities(request: Request) -> Response:
        text = typed(request).strip().lstrip("<").rstrip(">")
        if len(text) < 2:
            return JSONResponse([])
        matches = ctx.cache.get(("complete-entities", text), lambda: api.search(ctx.store, text, 20))
        return JSONResponse([{"iri": m.iri, "curie": m.curie, "label": m.label, "kind": m.kind} for m in matches])

    return [
        Route("/complete/prefixes", prefixes),
        Route("/complete/classes", classes),
        Route("/complete/properties", properties),
        Route("/complete/entities", entities),
    ]


def _json(words: list[api.Word]) -> list[dict[str, str]]:
    return [{"iri": w.iri, "curie": w.curie, "label": w.label} for w in words]
