"""The SPARQL 1.1 Protocol endpoint ``/sparql``: queries by GET, URL-encoded POST and direct POST, the YASGUI
editor for browsers, the service description for machines.

A user's query runs in a worker process (``pool``) through the store's own ``Store.run`` — negotiation, the
protocol's dataset and the row cap happen there, once — with a time limit that really stops it. Answers are
cached by (query, accept, dataset): the graph a server holds is read-only.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

from rdflib import Graph
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from ..errors import MirnaKgError
from ..formats import JSONLD, NTRIPLES, TURTLE, negotiate
from ..namespaces import BASE, GRAPH, TURTLE_PREFIXES, bind_prefixes
from ..queries import StoredQuery, bind, stored_queries
from ..stores.protocol import Dataset, Outcome
from ..stores.sparql import keywords
from .context import NOTE_HEADER, TRUNCATED_HEADER, Context, wants_html, with_charset
from .errors import HttpError, error_text
from .pool import Job


def routes(ctx: Context) -> list[Route]:
    """The endpoint's route over the server's context."""

    async def sparql_endpoint(request: Request) -> Response:
        try:
            sparql, dataset = await read_protocol_request(request, ctx.settings.max_body)
        except HttpError as error:
            return PlainTextResponse(str(error) + "\n", status_code=error.status)
        if sparql is None:
            if wants_html(request):
                queries = stored_queries()
                return ctx.renderer.page(
                    request,
                    "sparql.html",
                    queries=queries,
                    prefixes=TURTLE_PREFIXES,
                    queries_json=editor_queries(queries),
                )
            return service_description(request)
        try:
            sparql = with_base(sparql, str(request.url_for("sparql")))
            outcome = await run_sparql(ctx, sparql, request.headers.get("accept"), dataset)
        except MirnaKgError as error:
            return error_text(error)
        return results_response(ctx, outcome)

    return [Route("/sparql", sparql_endpoint, methods=["GET", "POST"], name="sparql")]


async def run_sparql(ctx: Context, sparql: str, accept: str | None, dataset: Dataset) -> Outcome:
    """Run a query in a worker, or answer it from the cache."""
    key = ("sparql", sparql, accept, dataset)
    if key in ctx.cache:
        return ctx.cache.get(key, lambda: None)  # type: ignore[return-value]
    outcome = await ctx.pool.run(Job(sparql, accept, dataset, ctx.settings.max_rows))
    return ctx.cache.get(key, lambda: outcome)


def results_response(ctx: Context, outcome: Outcome, notes: list[str] | None = None) -> Response:
    """A query's answer as sent: its bytes, media type, and the cut (and any notes) in headers."""
    headers = {"Vary": "Accept"}
    said = list(notes or [])
    if outcome.truncated:
        headers[TRUNCATED_HEADER] = "true"
        said.append(f"result cut at {ctx.settings.max_rows} rows (the server's --max-rows); page with LIMIT/OFFSET")
    if said:
        headers[NOTE_HEADER] = "; ".join(said).encode("ascii", "replace").decode("ascii")
    return Response(outcome.body, media_type=with_charset(outcome.media_type), headers=headers)


def service_description(request: Request) -> Response:
    """The SPARQL 1.1 Service Description, in the RDF format the client accepts."""
    fmt = negotiate(request.headers.get("accept"), (TURTLE, JSONLD, NTRIPLES)) or TURTLE
    graph = Graph().parse(data=service_turtle(str(request.url_for("sparql"))), format="turtle")
    bind_prefixes(graph.namespace_manager)
    graph.bind("sd", "http://www.w3.org/ns/sparql-service-description#")
    return Response(
        graph.serialize(format=fmt.rdflib, encoding="utf-8"),
        media_type=with_charset(fmt.media_type),
        headers={"Vary": "Accept"},
    )


def editor_queries(queries: list[StoredQuery]) -> dict[str, str]:
    """Each stored query's text with its parameters bound to their examples, for the editor's menu."""
    return {q.name: bind(q.text, q.bindings({p.name: p.example for p in q.parameters})) for q in queries}


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
    if any(k == "update" for k, _ in url_params):
        raise HttpError(403, "SPARQL updates are refused: this endpoint is read-only")
    if media == FORM:
        form = parse_qsl(text, keep_blank_values=True)
        if any(k == "update" for k, _ in form):
            raise HttpError(403, "SPARQL updates are refused: this endpoint is read-only")
        if any(k == "query" for k, _ in url_params):
            raise HttpError(400, "a URL-encoded POST carries the query in the body (query=…), not in the URL")
        sparql, dataset = _query_of(form, form + url_params)  # the dataset may come in the URL too
        if sparql is None:
            raise HttpError(
                400, "a POST must carry a query (query=… in the form body); GET /sparql describes the service"
            )
        return sparql, dataset
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


#: Strings and comments (skipped) and IRIs (group 1) of a query, for finding relative IRIs.
_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|#[^\n]*"
    r'|<([^<>"{}|^`\\\x00-\x20]*)>',
    re.DOTALL,
)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_IRI_TEXT = re.compile(r'[^<>"{}|^`\\\x00-\x20]+')


def with_base(sparql: str, endpoint: str) -> str:
    """The query with the endpoint as its base IRI when it has relative IRIs and no ``BASE`` of its own.

    The SPARQL 1.1 Protocol lets a service define the base IRI ("which MAY be the service endpoint"); without
    one a relative IRI such as ``<s>`` is a syntax error in Oxigraph. Only such queries are changed (one line
    is added at the top), so every other query's error positions stay as the user wrote it."""
    relative = any(m.group(1) is not None and not _SCHEME.match(m.group(1)) for m in _TOKENS.finditer(sparql))
    if not relative or "BASE" in keywords(sparql) or not _IRI_TEXT.fullmatch(endpoint):  # a Host header's junk
        return sparql
    return f"BASE <{endpoint}>\n{sparql}"


def service_turtle(endpoint: str) -> str:
    """The SPARQL 1.1 Service Description of the endpoint."""
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
