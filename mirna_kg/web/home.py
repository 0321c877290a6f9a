"""The home page, release downloads, VoID, the server's status and its icon.

The home page says what the graph is (counts from the core's ``api.stats``, the reviews, the stored queries,
the release files); ``/downloads/{file}`` serves only the files ``dist/`` lists, never a path.
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from .. import api
from ..queries import stored_queries
from ..stores import Store
from .context import Context
from .errors import HttpError, error_text
from .render import STATIC_DIR


def routes(ctx: Context) -> list[Route]:
    """The home, download, VoID and status routes over the server's context."""

    def dist_dir() -> Path:
        return ctx.settings.dist_dir if ctx.settings.dist_dir is not None else api.project().dist_dir

    def downloads() -> list[tuple[str, int]]:
        """The release's files (``figures/…`` included) by their path in the release, and their sizes."""
        folder = dist_dir()
        if not folder.is_dir():
            return []
        return [
            (p.relative_to(folder).as_posix(), p.stat().st_size)
            for p in sorted(folder.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        ]

    def home(request: Request) -> Response:
        crate = api.release_crate(dist_dir())
        base = str(request.url_for("home")) + "downloads/"
        return ctx.renderer.page(
            request,
            "home.html",
            headers={"Link": api.landing_signposts(crate)},
            stats=ctx.facts.get("stats", {}),
            reviews=api.reviews(),
            queries=stored_queries(),
            downloads=[(name, size) for name, size in downloads() if "/" not in name],
            has_void=True,
            dataset_script=api.dataset_script(crate, base) if crate else "",
        )

    def download(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in dict(downloads()):  # only the listed files, never a path
            return error_text(HttpError(404, f"no release file {name!r}; run `mirna-kg build` to make dist/"))
        return FileResponse(dist_dir() / name)

    def void(request: Request) -> Response:
        if "void.ttl" in dict(downloads()):
            return FileResponse(dist_dir() / "void.ttl", media_type="text/turtle; charset=utf-8")
        body = ctx.cache.get("void", lambda: void_turtle(ctx.store))
        return Response(body, media_type="text/turtle; charset=utf-8")

    def status(request: Request) -> Response:
        return JSONResponse(
            {
                "store": ctx.store.name,
                "triples": ctx.facts.get("stats", {}).get("triples"),
                "workers": ctx.pool.pids,
                "replaced": ctx.pool.replaced,
                "timeout": ctx.settings.timeout,
                "max_rows": ctx.settings.max_rows,
                "cache_bytes": ctx.cache.size_in_bytes,
                "cache_max_bytes": ctx.cache.max_bytes,
            }
        )

    def favicon(request: Request) -> Response:
        return FileResponse(
            STATIC_DIR / "favicon.ico", media_type="image/x-icon", headers={"Cache-Control": "max-age=86400"}
        )

    return [
        Route("/", home, name="home"),
        Route("/favicon.ico", favicon),
        Route("/downloads/{name:path}", download),
        Route("/void.ttl", void),
        Route("/status", status),
    ]


def void_turtle(store: Store) -> bytes:
    """The VoID description of the store's graph (when no release has been built)."""
    return api.void_description(store).serialize(format="turtle", encoding="utf-8")
