"""The stored queries as an API: ``/queries`` (the list), ``/queries/{name}`` (one query's answer in any SPARQL
results format, or an HTML table) and ``/openapi.json`` (generated from the queries' headers).

Parameters are prepared by the core (``api.prepare_stored_query``), exactly as the command line prepares them —
``gene=PD-L1`` finds CD274, ``mirna=MIMAT0000076`` hsa-miR-21-5p, an unknown name is 404 with close names — and
the prepared text runs in a worker like any SPARQL request. Notes the core has for a person (what a name was
taken to mean, why there are no rows) travel in the ``X-Mirna-KG-Note`` header and on the HTML page.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .. import api
from ..errors import MirnaKgError
from ..formats import SPARQL_JSON
from ..queries import StoredQuery, stored_queries
from ..stores.protocol import Dataset
from .context import Context, wants_html
from .errors import HttpError, error_json, error_text, status_of
from .openapi import document
from .sparql import results_response, run_sparql

#: Query-string keys that are not query parameters.
CONTROL_KEYS = ("format",)


def routes(ctx: Context) -> list[Route]:
    """The API's routes over the server's context."""

    def query_list(request: Request) -> Response:
        queries = stored_queries()
        if wants_html(request):
            return ctx.renderer.page(request, "queries.html", queries=queries)
        return JSONResponse([query_json(q, request) for q in queries])

    async def query_run(request: Request) -> Response:
        name = request.path_params["name"]
        known = {q.name: q for q in stored_queries()}
        html = wants_html(request)
        if name not in known:  # names only, never paths
            error = HttpError(404, f"no stored query named {name!r}; see /queries")
            return ctx.renderer.error(request, error, status=404) if html else error_text(error)
        stored = known[name]
        params = {k: v for k, v in request.query_params.items() if k not in CONTROL_KEYS}
        if html and not params and stored.parameters:
            params = {p.name: p.example for p in stored.parameters}
        accept = SPARQL_JSON.media_type if html else request.headers.get("accept")
        if request.query_params.get("format"):
            accept = request.query_params["format"]
        try:
            prepared = await anyio.to_thread.run_sync(prepare, ctx, name, params)
            outcome = await run_sparql(ctx, prepared.sparql, accept, Dataset())
        except MirnaKgError as error:
            if html:
                return ctx.renderer.error(request, error, status=status_of(error), query=stored)
            return error_json(error) if _wants_json(request) else error_text(error)
        empty = await anyio.to_thread.run_sync(api.empty_note, ctx.store, prepared, outcome.rows)
        notes = prepared.notes + ([empty] if empty else [])
        if html:
            return ctx.renderer.page(
                request,
                "query.html",
                query=stored,
                params=params,
                table=json.loads(outcome.body),
                notes=notes,
                truncated=outcome.truncated,
                max_rows=ctx.settings.max_rows,
                editor_link="/sparql?" + urlencode({"stored": stored.name}),
            )
        return results_response(ctx, outcome, notes)

    def openapi(request: Request) -> Response:
        return JSONResponse(document(stored_queries(), ctx.settings))

    return [
        Route("/queries", query_list, name="queries"),
        Route("/queries/{name}", query_run, name="query"),
        Route("/openapi.json", openapi),
    ]


def prepare(ctx: Context, name: str, params: dict[str, str]) -> api.PreparedQuery:
    """The core's preparation of a stored query, kept (the server's graph does not change)."""
    key = ("prepared", name, tuple(sorted(params.items())))
    return ctx.cache.get(key, lambda: api.prepare_stored_query(ctx.store, name, params))


def _wants_json(request: Request) -> bool:
    accept = request.headers.get("accept") or ""
    return "json" in accept or request.query_params.get("format", "").endswith("json")


def query_json(query: StoredQuery, request: Request) -> dict[str, Any]:
    """A stored query as the API lists it."""
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
