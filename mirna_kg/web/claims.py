"""The claims browser ``/claims``: every regulatory claim in one table, facets with counts, a free-text filter,
sortable columns, and downloads of exactly the rows shown (CSV, TSV, JSON, or the claims' RDF as Turtle).

The filter state lives in the URL (``/claims?cancer=MONDO:0007254&recipient=CL:0000235&q=exosome&sort=-mirna``),
so a view is a link to share and the back button works. Without JavaScript the facets are plain links and the
text filter a GET form; ``static/claims.js`` only fetches the next view in place. The rows come from the core
(``mirna_kg.claims``), read once per store and kept in the server's cache; each request is a pass over them.
"""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .. import api
from ..claims import DOWNLOADS, FACET_KEYS, FACETS, SORTS, Browse, ClaimTable, Selection
from ..errors import InputError, MirnaKgError
from .context import Context, with_charset
from .errors import error_text

#: What a /claims address may carry: the facets, the text, the sort and the download format.
KEYS = (*FACET_KEYS, "q", "sort", "format")


def routes(ctx: Context) -> list[Route]:
    """The claims browser's route over the server's context."""

    def table() -> ClaimTable:
        return ctx.cache.get(("claim-table",), lambda: api.claim_table(ctx.store))

    def claims_page(request: Request) -> Response:  # sync: Starlette runs it in a thread, off the event loop
        params = {key: request.query_params.getlist(key) for key in request.query_params}
        fmt = request.query_params.get("format", "html")
        try:
            unknown = sorted(set(params) - set(KEYS))
            if unknown:
                raise InputError(f"/claims has no filter {unknown[0]!r}; it takes: {', '.join(KEYS)}")
            selection = Selection.parse(params)
            view = api.browse_claims(table(), selection)
            if fmt != "html":
                body = api.download_claims(ctx.store, view.rows, fmt)
                return Response(
                    body,
                    media_type=with_charset(DOWNLOADS[fmt]),
                    headers={"Content-Disposition": f'attachment; filename="claims.{fmt}"'},
                )
        except MirnaKgError as error:
            return ctx.renderer.error(request, error) if fmt == "html" else error_text(error)
        return ctx.renderer.page(request, "claims.html", view=view, links=Links(view), sorts=SORTS, facets=FACETS)

    return [Route("/claims", claims_page, name="claims")]


class Links:
    """The URLs a view links to: each facet value toggled, each column sorted, each download — all as ``?…``."""

    def __init__(self, view: Browse) -> None:
        self.view = view
        self.selection = view.selection

    def chips(self) -> list[tuple[str, str, str]]:
        """Each chosen value as (facet heading, value label, the link that removes it)."""
        labels = {(fc.facet.key, v.term.key): v.term.label for fc in self.view.facets for v in fc.values}
        headings = {f.key: f.label for f in FACETS}
        return [
            (headings[key], labels.get((key, value), value), self.toggle(key, value))
            for key, values in self.selection.filters
            for value in values
        ]

    def toggle(self, facet: str, value: str) -> str:
        return _query(self.selection.toggled(facet, value).params())

    def sort(self, column: str) -> str:
        return _query(self.selection.sorted_by(column).params())

    def download(self, fmt: str) -> str:
        return _query([*self.selection.params(), ("format", fmt)])

    def clear(self) -> str:
        return _query(Selection(text=self.selection.text).params()) if self.selection.filters else "?"

    @property
    def current(self) -> str:
        return _query(self.selection.params())


def _query(pairs: list[tuple[str, str]]) -> str:
    return "?" + urlencode(pairs) if pairs else "?"
