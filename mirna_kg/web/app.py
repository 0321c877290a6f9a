"""The web face of mirna-kg: a Starlette app over an opened ``Store``.

``create_app(store, settings)`` serves, from one process:

- ``/`` the home page (what the graph is, counts, reviews, stored queries, downloads, VoID);
- ``/sparql`` the SPARQL 1.1 Protocol endpoint (GET, URL-encoded POST, direct POST), the YASGUI editor for
  browsers and a service description for machines;
- ``/queries`` and ``/queries/{name}`` the stored queries as an API (JSON list; results in any SPARQL results
  format, or an HTML table), described by ``/openapi.json``;
- entity pages at the paths of their w3id IRIs (``/ontology/…``, ``/statement/…``, ``/resource/…``) and at
  ``/entity/{CURIE}`` for external entities, as HTML, Turtle, JSON-LD or N-Triples (``Accept`` or suffix);
- ``/search`` ranked search (HTML, or JSON for typeahead);
- ``/downloads/{file}`` the release files of ``dist/`` when built, ``/void.ttl``, ``/status``.

User SPARQL runs in worker processes (``pool``) with a time limit that really stops it, a row cap that is
signalled, and a bounded waiting line. Entity pages and search run here on the server's store, so a runaway
query does not stall them. The core's errors map onto HTTP statuses in ``STATUS_CODES``.
"""

from __future__ import annotations

import contextlib
import json
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from rdflib import Graph, URIRef
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import api
from ..entities import EntityDescription, describe, resolve, search
from ..errors import MirnaKgError, QueryError, QueryRefusedError, QueryTimeoutError, StoreUnavailableError
from ..formats import JSONLD, NTRIPLES, SPARQL_JSON, TURTLE, RdfFormat, negotiate
from ..namespaces import BASE, TURTLE_PREFIXES, bind_prefixes
from ..queries import bind, find_query, stored_queries
from .execute import Dataset, Job, NotAcceptableError, Outcome
from .figures import figure_routes
from .pool import PoolBusyError, QueryPool, StoreSpec, WorkerFailedError
from .render import Renderer, entity_path
from .settings import Settings

STATIC_DIR = Path(__file__).parent / "static"
HTML = RdfFormat("html", (".html",), "text/html", "", "", aliases=("application/xhtml+xml",))
ENTITY_FORMATS = (HTML, TURTLE, JSONLD, NTRIPLES)
SUFFIXES = {".ttl": TURTLE, ".jsonld": JSONLD, ".nt": NTRIPLES, ".html": HTML}
TRUNCATED_HEADER = "X-Mirna-KG-Truncated"

#: Error class -> HTTP status; the first matching class wins (the CLI's EXIT_CODES, for HTTP).
STATUS_CODES: tuple[tuple[type[BaseException], int], ...] = (
    (PoolBusyError, 429),
    (QueryTimeoutError, 503),
    (WorkerFailedError, 500),
    (StoreUnavailableError, 502),
    (NotAcceptableError, 406),
    (QueryRefusedError, 403),
    (QueryError, 400),
    (MirnaKgError, 400),
)


class HttpError(Exception):
    """A request the server answers with an error status and a message (413, 400 on protocol misuse …)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def status_of(error: BaseException) -> int:
    if isinstance(error, HttpError):
        return error.status
    return next((code for cls, code in STATUS_CODES if isinstance(error, cls)), 500)


class Cache:
    """A small LRU of rendered answers (the graph is read-only, so an answer never goes stale)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[object, object] = OrderedDict()

    def get(self, key: object, make: Callable[[], object]) -> Any:
        if key in self._items:
            self._items.move_to_end(key)
            return self._items[key]
        value = make()
        if self.size:
            self._items[key] = value
            if len(self._items) > self.size:
                self._items.popitem(last=False)
        return value


def create_app(store: api.Store, settings: Settings | None = None) -> Starlette:
    """The web app over an opened store (in memory, on disk or remote); the store stays the caller's."""
    settings = settings or Settings()
    pool = QueryPool(
        StoreSpec.of(store), size=settings.workers, timeout=settings.timeout, max_waiting=settings.max_waiting
    )
    renderer = Renderer(settings)
    pages = Cache(settings.cache_size)
    results = Cache(settings.cache_size)
    facts: dict[str, Any] = {}

    def description(iri: str) -> EntityDescription:
        return pages.get(("describe", iri), lambda: describe(store, iri))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        facts["stats"] = api.stats(store)
        await pool.start()
        try:
            yield
        finally:
            await pool.close()

    # ---------------------------------------------------------------------------------------------------
    # SPARQL
    # ---------------------------------------------------------------------------------------------------

    async def run_sparql(sparql: str, accept: str | None, dataset: Dataset, *, cache: bool = True) -> Outcome:
        key = (sparql, accept, dataset)
        if cache and settings.cache_size and key in results._items:
            return results.get(key, lambda: None)
        outcome = await pool.run(Job(sparql, accept, dataset, settings.max_rows))
        if cache and len(outcome.body) < 2_000_000:
            results.get(key, lambda: outcome)
        return outcome

    def results_response(outcome: Outcome) -> Response:
        headers = {"Vary": "Accept"}
        if outcome.truncated:
            headers[TRUNCATED_HEADER] = "true"
            headers["X-Mirna-KG-Note"] = (
                f"result cut at {settings.max_rows} rows (the server's --max-rows); page with LIMIT/OFFSET"
            )
        return Response(outcome.body, media_type=_with_charset(outcome.media_type), headers=headers)

    async def sparql_endpoint(request: Request) -> Response:
        try:
            sparql, dataset = await read_protocol_request(request, settings.max_body)
        except HttpError as error:
            return PlainTextResponse(str(error) + "\n", status_code=error.status)
        if sparql is None:
            if wants_html(request):
                queries = stored_queries()
                return renderer.page(
                    request,
                    "sparql.html",
                    queries=queries,
                    prefixes=TURTLE_PREFIXES,
                    queries_json=editor_queries(queries),
                )
            return service_description(request)
        try:
            outcome = await run_sparql(sparql, request.headers.get("accept"), dataset)
        except MirnaKgError as error:
            return error_text(error)
        return results_response(outcome)

    def service_description(request: Request) -> Response:
        fmt = negotiate(request.headers.get("accept"), (TURTLE, JSONLD, NTRIPLES)) or TURTLE
        graph = Graph().parse(data=service_turtle(str(request.url_for("sparql"))), format="turtle")
        bind_prefixes(graph.namespace_manager)
        graph.bind("sd", "http://www.w3.org/ns/sparql-service-description#")
        return Response(
            graph.serialize(format=fmt.rdflib, encoding="utf-8"),
            media_type=_with_charset(fmt.media_type),
            headers={"Vary": "Accept"},
        )

    # ---------------------------------------------------------------------------------------------------
    # Stored queries
    # ---------------------------------------------------------------------------------------------------

    def query_list(request: Request) -> Response:
        queries = stored_queries()
        if wants_html(request):
            return renderer.page(request, "queries.html", queries=queries)
        return JSONResponse([query_json(q, request) for q in queries])

    async def query_run(request: Request) -> Response:
        name = request.path_params["name"]
        known = {q.name: q for q in stored_queries()}
        html = wants_html(request)
        if name not in known:  # names only, never paths
            error = HttpError(404, f"no stored query named {name!r}; see /queries")
            return renderer.error(request, error) if html else error_text(error)
        stored = known[name]
        params = {k: v for k, v in request.query_params.items() if k not in ("format",)}
        if html and not params and stored.parameters:
            params = {p.name: p.example for p in stored.parameters}
        accept = SPARQL_JSON.media_type if html else request.headers.get("accept")
        if request.query_params.get("format"):
            accept = request.query_params["format"]
        try:
            sparql = bind(stored.text, stored.bindings(params))
            outcome = await run_sparql(sparql, accept, Dataset())
        except MirnaKgError as error:
            return renderer.error(request, error, status=status_of(error), query=stored) if html else error_text(error)
        if html:
            table = json.loads(outcome.body)
            return renderer.page(
                request,
                "query.html",
                query=stored,
                params=params,
                table=table,
                truncated=outcome.truncated,
                max_rows=settings.max_rows,
                editor_link="/sparql?" + urlencode({"stored": stored.name}),
            )
        return results_response(outcome)

    def openapi(request: Request) -> Response:
        from .openapi import document

        return JSONResponse(document(stored_queries(), settings))

    # ---------------------------------------------------------------------------------------------------
    # Entities and search
    # ---------------------------------------------------------------------------------------------------

    def entity(request: Request) -> Response:  # sync: Starlette runs it in a thread, off the event loop
        path = request.url.path.lstrip("/")
        if path.startswith("entity"):
            curie = request.path_params.get("curie") or request.query_params.get("iri", "")
            if not curie:
                return RedirectResponse("/search", status_code=303)
            iri, fmt = _split_suffix(curie, lambda i: description(str(resolve(i))).exists)
            iri = str(resolve(iri))
        else:
            iri, fmt = _split_suffix(BASE + path, lambda i: description(i).exists)
        found = description(iri)
        if not found.exists:
            error = HttpError(404, f"the graph says nothing about {iri}")
            return renderer.error(request, error) if fmt in (None, HTML) and wants_html(request) else error_text(error)
        if fmt is None:
            fmt = negotiate(request.headers.get("accept"), ENTITY_FORMATS) or HTML
        headers = {"Vary": "Accept", "Link": alternates(entity_path(iri))}
        if fmt is HTML:
            body = pages.get(("html", iri), lambda: renderer.render("entity.html", request=request, d=found).encode())
            return Response(body, media_type="text/html; charset=utf-8", headers=headers)
        body = pages.get(("rdf", iri, fmt.name), lambda: entity_rdf(store, iri, fmt))
        return Response(body, media_type=_with_charset(fmt.media_type), headers=headers)

    def search_page(request: Request) -> Response:
        text = request.query_params.get("q", "")[:200]
        try:
            limit = max(1, min(100, int(request.query_params.get("limit", "20"))))
        except ValueError:
            limit = 20
        matches = pages.get(("search", text, limit), lambda: search(store, text, limit))
        as_json = request.query_params.get("format") == "json" or not wants_html(request)
        if as_json:
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
        return renderer.page(request, "search.html", q=text, matches=matches)

    # ---------------------------------------------------------------------------------------------------
    # Home, downloads, VoID, status
    # ---------------------------------------------------------------------------------------------------

    def home(request: Request) -> Response:
        from ..reviews import reviews

        return renderer.page(
            request,
            "home.html",
            stats=facts.get("stats", {}),
            reviews=list(reviews().values()),
            queries=stored_queries(),
            downloads=downloads(),
            has_void=True,
        )

    def downloads() -> list[tuple[str, int]]:
        folder = settings.dist_dir if settings.dist_dir is not None else api.project().dist_dir
        if not folder.is_dir():
            return []
        return [
            (p.name, p.stat().st_size) for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")
        ]

    def download(request: Request) -> Response:
        name = request.path_params["name"]
        files = dict(downloads())
        if name not in files:  # only the listed files, never a path
            return error_text(HttpError(404, f"no release file {name!r}; run `mirna-kg build` to make dist/"))
        folder = settings.dist_dir if settings.dist_dir is not None else api.project().dist_dir
        return FileResponse(folder / name)

    def void(request: Request) -> Response:
        if "void.ttl" in dict(downloads()):
            return download_named("void.ttl")
        body = pages.get("void", lambda: void_turtle(store))
        return Response(body, media_type="text/turtle; charset=utf-8")

    def download_named(name: str) -> Response:
        folder = settings.dist_dir if settings.dist_dir is not None else api.project().dist_dir
        return FileResponse(folder / name, media_type="text/turtle; charset=utf-8")

    def status(request: Request) -> Response:
        return JSONResponse(
            {
                "store": store.name,
                "triples": facts.get("stats", {}).get("triples"),
                "workers": pool.pids,
                "replaced": pool.replaced,
                "timeout": settings.timeout,
                "max_rows": settings.max_rows,
            }
        )

    def error_text(error: BaseException) -> Response:
        code = status_of(error)
        headers = {"Retry-After": "1"} if code in (429, 503) else {}
        return PlainTextResponse(f"{error}\n", status_code=code, headers=headers)

    routes = [
        Route("/", home, name="home"),
        Route("/sparql", sparql_endpoint, methods=["GET", "POST"], name="sparql"),
        Route("/queries", query_list, name="queries"),
        Route("/queries/{name}", query_run, name="query"),
        Route("/openapi.json", openapi),
        Route("/search", search_page, name="search"),
        Route("/entity", entity),
        Route("/entity/{curie:path}", entity),
        Route("/ontology", entity),
        Route("/ontology/{rest:path}", entity),
        Route("/statement/{rest:path}", entity),
        Route("/resource/{rest:path}", entity),
        Route("/downloads/{name}", download),
        Route("/void.ttl", void),
        Route("/status", status),
        *figure_routes(store, renderer),
        Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
    ]
    middleware = (
        [
            Middleware(
                CORSMiddleware,
                allow_origins=["*"],
                allow_methods=["GET", "POST"],
                allow_headers=["Content-Type", "Accept"],
                expose_headers=[TRUNCATED_HEADER, "X-Mirna-KG-Note"],
            )
        ]
        if settings.cors
        else []
    )
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.pool = pool
    app.state.store = store
    app.state.settings = settings
    return app


# ------------------------------------------------------------------------------------------------------------
# Protocol details
# ------------------------------------------------------------------------------------------------------------

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"


async def read_protocol_request(request: Request, max_body: int) -> tuple[str | None, Dataset]:
    """The query and dataset of a SPARQL 1.1 Protocol request; ``HttpError`` for every misuse."""
    if len(request.url.query) > max_body:
        raise HttpError(413, f"the query string is longer than {max_body} bytes")
    url_params = parse_qsl(request.url.query, keep_blank_values=True)
    if request.method == "GET":
        return _query_of(url_params, url_params)
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_body:
        raise HttpError(413, f"the request body is larger than {max_body} bytes")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_body:
            raise HttpError(413, f"the request body is larger than {max_body} bytes")
    media, _, params = (request.headers.get("content-type") or "").partition(";")
    media = media.strip().lower()
    charset = next(
        (
            v.strip().strip('"').lower()
            for k, _, v in (p.partition("=") for p in params.split(";"))
            if k.strip().lower() == "charset"
        ),
        "utf-8",
    )
    if charset not in ("utf-8", "utf8"):
        raise HttpError(400, f"the body must be UTF-8, not {charset}")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HttpError(400, f"the request body is not valid UTF-8 (byte {exc.start})") from None
    if media == FORM:
        form = parse_qsl(text, keep_blank_values=True)
        if any(k == "update" for k, _ in form):
            raise HttpError(403, "SPARQL updates are refused: this endpoint is read-only")
        return _query_of(form, form)
    if media == DIRECT:
        if any(k == "query" for k, _ in url_params):
            raise HttpError(400, "a direct POST carries the query in the body; remove the query parameter")
        return text, _dataset(url_params)
    if media == UPDATE:
        raise HttpError(403, "SPARQL updates are refused: this endpoint is read-only")
    raise HttpError(400, f"POST a query as {FORM} (query=…) or {DIRECT}; got content type {media or 'none'!r}")


def _query_of(params: list[tuple[str, str]], dataset_params: list[tuple[str, str]]) -> tuple[str | None, Dataset]:
    queries = [v for k, v in params if k == "query"]
    if any(k == "update" for k, _ in params):
        raise HttpError(403, "SPARQL updates are refused: this endpoint is read-only")
    if len(queries) > 1:
        raise HttpError(400, f"the request has {len(queries)} query parameters; send exactly one")
    if not queries:
        return None, _dataset(dataset_params)
    if not queries[0].strip():
        raise HttpError(400, "the query parameter is empty")
    return queries[0], _dataset(dataset_params)


def _dataset(params: list[tuple[str, str]]) -> Dataset:
    return Dataset(
        tuple(v for k, v in params if k == "default-graph-uri"), tuple(v for k, v in params if k == "named-graph-uri")
    )


def wants_html(request: Request) -> bool:
    """Whether the client prefers HTML to data (a browser) — by Accept, as a browser sends it."""
    accept = request.headers.get("accept") or ""
    return "text/html" in accept and negotiate(accept, (HTML, TURTLE, JSONLD, NTRIPLES, SPARQL_JSON)) is HTML


def service_turtle(endpoint: str) -> str:
    """The SPARQL 1.1 Service Description of the endpoint."""
    from ..namespaces import GRAPH

    results = "".join(
        f"    sd:resultFormat <http://www.w3.org/ns/formats/{n}> ;\n"
        for n in (
            "SPARQL_Results_JSON",
            "SPARQL_Results_XML",
            "SPARQL_Results_CSV",
            "SPARQL_Results_TSV",
            "Turtle",
            "N-Triples",
            "JSON-LD",
            "RDF_XML",
        )
    )
    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix void: <http://rdfs.org/ns/void#> .
<{endpoint}> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
{results}    sd:feature sd:UnionDefaultGraph ;
    sd:defaultDataset [
        a sd:Dataset ;
        sd:defaultGraph [ a sd:Graph ; void:dataset <{BASE}dataset> ] ;
        sd:namedGraph [ a sd:NamedGraph ; sd:name <{GRAPH["curated"]}> ] ,
                      [ a sd:NamedGraph ; sd:name <{GRAPH["inferred"]}> ]
    ] .
"""


def entity_rdf(store: api.Store, iri: str, fmt: RdfFormat) -> bytes:
    """The triples about ``iri`` (outgoing and incoming) in an RDF format, with the project's prefixes."""
    term = URIRef(iri).n3()
    graph = store.construct(
        f"CONSTRUCT {{ {term} ?p ?o . ?s ?q {term} }} WHERE {{ {{ {term} ?p ?o }} UNION {{ ?s ?q {term} }} }}"
    )
    bind_prefixes(graph.namespace_manager)
    if fmt is JSONLD:
        return graph.serialize(format="json-ld", context=dict(TURTLE_PREFIXES), encoding="utf-8")
    return graph.serialize(format=fmt.rdflib, encoding="utf-8")


def void_turtle(store: api.Store) -> bytes:
    from ..void import describe as void_describe

    graph = store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    return void_describe(graph, {}).serialize(format="turtle", encoding="utf-8")


def editor_queries(queries: list[Any]) -> dict[str, str]:
    """Each stored query's text with its parameters bound to their examples, for the editor's menu."""
    return {q.name: bind(q.text, q.bindings({p.name: p.example for p in q.parameters})) for q in queries}


def alternates(path: str) -> str:
    return ", ".join(
        f'<{quote(path, safe="/:")}{suffix}>; rel="alternate"; type="{fmt.media_type}"'
        for suffix, fmt in SUFFIXES.items()
        if fmt is not HTML
    )


def query_json(query: Any, request: Request) -> dict[str, Any]:
    return {
        "name": query.name,
        "title": query.title,
        "description": query.header.get("description", ""),
        "source": query.header.get("source", ""),
        "columns": query.columns,
        "parameters": [
            {"name": p.name, "kind": p.kind, "example": p.example, "help": p.help} for p in query.parameters
        ],
        "url": str(request.url_for("query", name=query.name)),
    }


def _split_suffix(iri: str, exists: Callable[[str], bool]) -> tuple[str, RdfFormat | None]:
    """An IRI and the format its suffix asks for (``…/x.ttl``), unless the IRI with the suffix exists."""
    for suffix, fmt in SUFFIXES.items():
        if iri.endswith(suffix) and not exists(iri):
            return iri[: -len(suffix)], fmt
    return iri, None


def _with_charset(media_type: str) -> str:
    textual = media_type.startswith("text/") or media_type.endswith(("json", "+xml", "n-triples"))
    return f"{media_type}; charset=utf-8" if textual else media_type


__all__ = ["STATUS_CODES", "Settings", "create_app", "find_query"]
