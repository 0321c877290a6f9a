"""Entity pages and search: every IRI of the graph at its w3id path (``/ontology/…``, ``/statement/…``,
``/resource/…``) and external entities at ``/entity/{CURIE}``, as HTML, Turtle, JSON-LD, N-Triples or RDF/XML
(``Accept`` or a suffix); ``/search`` ranks names, synonyms and identifiers (HTML, or JSON for typeahead).

These run in the server process on its own store (a runaway SPARQL query in a worker never stalls them) through
the core's ``api.describe`` and ``api.search``, the same calls the command line makes: ``/entity/miR-21`` finds
what ``mirna-kg describe miR-21`` finds, and redirects to its page.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote, unquote_to_bytes

from rdflib import URIRef
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from .. import api
from ..entities import EntityDescription
from ..formats import JSONLD, RdfFormat, negotiate
from ..namespaces import BASE, TURTLE_PREFIXES, bind_prefixes
from ..stores import Store
from .context import ENTITY_FORMATS, HTML, SUFFIXES, Context, wants_html, with_charset
from .errors import HttpError, error_text
from .render import entity_path


def routes(ctx: Context) -> list[Route]:
    """The entity and search routes over the server's context."""

    def description(iri: str) -> EntityDescription:
        return ctx.cache.get(("describe", iri), lambda: api.describe(ctx.store, iri))

    def entity(request: Request) -> Response:  # sync: Starlette runs it in a thread, off the event loop
        if problem := _not_utf8(request):  # issue 22 case 14: no IRI is made of bytes that are not text
            error = HttpError(400, problem)
            return ctx.renderer.error(request, error) if wants_html(request) else error_text(error)
        path = request.url.path.lstrip("/")
        if path.startswith("entity"):
            asked = request.path_params.get("curie") or request.query_params.get("iri", "")
            if not asked:
                return RedirectResponse("/search", status_code=303)
            name, fmt = _split_suffix(asked, lambda i: description(i).exists)
        else:
            name, fmt = _split_suffix(BASE + path, lambda i: description(i).exists)
        found = description(name)
        if not found.exists:
            error = HttpError(404, f"the graph says nothing about {name}")
            return (
                ctx.renderer.error(request, error) if fmt in (None, HTML) and wants_html(request) else error_text(error)
            )
        if path.startswith("entity") and found.iri != str(api.resolve(name)):  # a name: the page of what it names
            return RedirectResponse(entity_path(found.iri), status_code=303)
        iri = found.iri
        if fmt is None:
            fmt = negotiate(request.headers.get("accept"), ENTITY_FORMATS) or HTML
        signposts = api.entity_signposts(iri, entity_path(iri), [t.iri for t in found.types])
        headers = {"Vary": "Accept", "Link": f"{alternates(entity_path(iri))}, {signposts}"}
        if fmt is HTML:
            body = ctx.cache.get(
                ("html", iri), lambda: ctx.renderer.render("entity.html", request=request, d=found).encode()
            )
            return Response(body, media_type="text/html; charset=utf-8", headers=headers)
        body = ctx.cache.get(("rdf", iri, fmt.name), lambda: entity_rdf(ctx.store, iri, fmt))
        return Response(body, media_type=with_charset(fmt.media_type), headers=headers)

    def search_page(request: Request) -> Response:
        text = request.query_params.get("q", "")[:200]
        try:
            limit = max(1, min(100, int(request.query_params.get("limit", "20"))))
        except ValueError:
            limit = 20
        matches = ctx.cache.get(("search", text, limit), lambda: api.search(ctx.store, text, limit))
        if request.query_params.get("format") == "json" or not wants_html(request):
            return JSONResponse(
                [
                    {
                        "iri": m.iri,
                        "label": m.label,
                        "curie": m.curie,
                        "kind": m.kind,
                        "matched": m.matched,
                        "field": m.field,
                        "score": m.score,
                        "url": entity_path(m.iri),
                    }
                    for m in matches
                ]
            )
        if len(matches) == 1 and request.query_params.get("go"):
            return RedirectResponse(entity_path(matches[0].iri), status_code=303)
        return ctx.renderer.page(request, "search.html", q=text, matches=matches)

    return [
        Route("/search", search_page, name="search"),
        Route("/entity", entity),
        Route("/entity/{curie:path}", entity),
        Route("/ontology", entity),
        Route("/ontology/{rest:path}", entity),
        Route("/statement/{rest:path}", entity),
        Route("/resource/{rest:path}", entity),
    ]


def entity_rdf(store: Store, iri: str, fmt: RdfFormat) -> bytes:
    """The triples about ``iri`` (outgoing and incoming) in an RDF format, with the project's prefixes."""
    term = URIRef(iri).n3()
    graph = store.construct(
        f"CONSTRUCT {{ {term} ?p ?o . ?s ?q {term} }} WHERE {{ {{ {term} ?p ?o }} UNION {{ ?s ?q {term} }} }}"
    )
    bind_prefixes(graph.namespace_manager)
    if fmt is JSONLD:
        return graph.serialize(format="json-ld", context=dict(TURTLE_PREFIXES), encoding="utf-8")
    return graph.serialize(format=fmt.rdflib, encoding="utf-8")


def alternates(path: str) -> str:
    """The ``Link`` header naming an entity's other representations."""
    return ", ".join(
        f'<{quote(path, safe="/:")}{suffix}>; rel="alternate"; type="{fmt.media_type}"'
        for suffix, fmt in SUFFIXES.items()
        if fmt is not HTML
    )


def _not_utf8(request: Request) -> str | None:
    """Why the request's path or query string is not text, if it is not: percent-escapes of bytes that are not
    UTF-8 (``/ontology/%FF``). Starlette would read them as U+FFFD and look up an IRI nobody wrote."""
    parts = (("path", request.scope.get("raw_path") or b""), ("query string", request.scope.get("query_string", b"")))
    for what, raw in parts:
        try:
            unquote_to_bytes(raw).decode("utf-8")
        except UnicodeDecodeError as exc:
            return f"the {what} has percent-escapes that are not UTF-8 text (at byte {exc.start}); IRIs are UTF-8"
    return None


def _split_suffix(iri: str, exists: Callable[[str], bool]) -> tuple[str, RdfFormat | None]:
    """An IRI and the format its suffix asks for (``…/x.ttl``), unless the IRI with the suffix exists."""
    for suffix, fmt in SUFFIXES.items():
        if iri.endswith(suffix) and not exists(iri):
            return iri[: -len(suffix)], fmt
    return iri, None
