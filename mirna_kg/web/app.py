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
- ``/claims`` the claims browser (facets, text filter, sorting, downloads of the rows shown);
- ``/complete/…`` the SPARQL editor's autocompletion (prefixes, classes, properties, entities) from the graph;
- ``/downloads/{file}`` the release files of ``dist/`` when built, ``/void.ttl``, ``/status``.

This module is wiring only: it builds the shared ``Context`` (store, settings, query workers, renderer, one
byte-bounded cache) and mounts each concern's routes — ``sparql`` (the protocol), ``stored`` (the query API),
``pages`` (entities and search), ``claims`` (the claims browser), ``completion`` (the editor's
autocompletion), ``home`` (home, downloads, VoID, status), ``figures``. Handlers parse the
request, call the core (``mirna_kg.api``) and render; the core's errors map onto HTTP statuses once, in
``errors.STATUS_CODES``. User SPARQL runs in worker processes (``pool``) with a time limit that really stops it;
entity pages and search run here on the server's store, so a runaway query does not stall them.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from .. import api
from ..cache import ByteCache
from . import claims, completion, home, pages, sparql, stored
from .context import NOTE_HEADER, TRUNCATED_HEADER, Context
from .figures import figure_routes
from .pool import QueryPool, StoreSpec
from .render import STATIC_DIR, Renderer
from .settings import Settings


def create_app(store: api.Store, settings: Settings | None = None) -> Starlette:
    """The web app over an opened store (in memory, on disk or remote); the store stays the caller's."""
    settings = settings or Settings()
    pool = QueryPool(
        StoreSpec.of(store),
        size=settings.workers,
        timeout=settings.timeout,
        max_waiting=settings.max_waiting,
        express_timeout=settings.express_timeout,
    )
    ctx = Context(store, settings, pool, Renderer(settings), ByteCache(settings.cache_bytes))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        ctx.facts["stats"] = api.stats(store)
        await pool.start()
        try:
            yield
        finally:
            await pool.close()

    routes = [
        *home.routes(ctx),
        *sparql.routes(ctx),
        *stored.routes(ctx),
        *pages.routes(ctx),
        *claims.routes(ctx),
        *completion.routes(ctx),
        *figure_routes(store, ctx.renderer, ctx.cache),
        Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
    ]
    middleware = (
        [
            Middleware(
                CORSMiddleware,
                allow_origins=["*"],
                allow_methods=["GET", "POST"],
                allow_headers=["Content-Type", "Accept"],
                expose_headers=[TRUNCATED_HEADER, NOTE_HEADER],
            )
        ]
        if settings.cors
        else []
    )
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.pool = pool
    app.state.store = store
    app.state.settings = settings
    app.state.context = ctx
    return app


__all__ = ["Settings", "create_app"]
