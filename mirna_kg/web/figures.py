"""The figures on the web: a gallery, figure files drawn on demand, ego networks and the interactive network.

Routes (``figure_routes``):

- ``/figures/`` the gallery — every figure of ``figure_catalog`` with its title, caption and stored query;
- ``/figures/{name}.svg`` / ``.png`` one catalog figure (names only from the catalog, never a path);
- ``/figures/ego/{CURIE}.svg`` / ``.png`` a miRNA's ego network;
- ``/network`` and ``/network/{cancer CURIE}`` the communication network as a cytoscape.js page (pan, zoom,
  click a node for its entity page), its elements at ``/network.json`` and ``/network/{CURIE}.json``.

Drawing is matplotlib in the server process: slow (a few hundred milliseconds a figure) and CPU-bound, so it
happens only when a figure is first asked for, then the bytes are kept (the graph is read-only, a figure never
goes stale). matplotlib's rc settings are process-global, so drawings take turns under one lock. Entity pages
learn what to show through the Jinja global ``entity_figures(d)``, which the static site does not define.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from ..cache import ByteCache
from ..figures import FigureSpec, figure_catalog, network_elements
from ..figures import ego as ego_figure
from ..figures import network as network_figure
from ..figures.style import EFFECT_COLOURS, EFFECT_NAMES, MEDIA_TYPES, figure_style, short_mirna
from ..namespaces import compress, expand, slug
from ..stores import Store
from .render import Renderer, entity_path

#: The formats the server draws (PDF stays a release file: browsers show SVG and PNG inline).
WEB_FORMATS = ("svg", "png")
#: Colours of the cell lineages in the interactive network (Okabe–Ito tints; miRNAs are drawn in ink).
GROUP_COLOURS = {
    "tumour cells": "#F5C4A1",
    "myeloid cells": "#F7DFA0",
    "lymphocytes": "#B9DDF4",
    "other leukocytes": "#CDE7F7",
    "stromal and vascular cells": "#A9DCCB",
    "bone cells": "#F4E9A6",
    "other cells": "#DDDDDD",
}


class FigureService:
    """The figures of one store, drawn lazily and kept."""

    def __init__(self, store: Store, cache: ByteCache) -> None:
        self.store = store
        self.memo = cache
        self._draw_lock = threading.Lock()  # matplotlib's rcParams are global to the process

    # -- what exists -----------------------------------------------------------------------------------

    def catalog(self) -> list[FigureSpec]:
        return self.memo.get("catalog", lambda: figure_catalog(self.store))

    def spec(self, name: str) -> FigureSpec | None:
        return next((s for s in self.catalog() if s.name == name), None)

    def network_figures(self) -> dict[str, str]:
        """Cancer IRI -> name of its network figure in the catalog (named as ``figure_catalog`` names them)."""

        def make() -> dict[str, str]:
            names = {s.name for s in self.catalog()}
            found = {}
            for iri, label, _ in network_figure.network_cancers(network_figure.network_rows(self.store)):
                name = f"network-{slug(label).replace('_', '-').lower()}"
                if name in names:
                    found[iri] = name
            return found

        return self.memo.get("network-figures", make)

    def cancer_of(self, name: str) -> str | None:
        """The cancer IRI a network figure shows (None for the other figures)."""
        return next((iri for iri, n in self.network_figures().items() if n == name), None)

    # -- drawing ---------------------------------------------------------------------------------------

    def _draw(self, draw: Callable[[], bytes]) -> bytes:
        with self._draw_lock, figure_style():
            return draw()

    def figure(self, name: str, fmt: str) -> bytes | None:
        spec = self.spec(name)
        if spec is None or fmt not in WEB_FORMATS:
            return None
        return self.memo.get(("figure", name, fmt), lambda: self._draw(lambda: spec.draw(fmt)))

    def ego_rows(self, iri: str) -> list[dict[str, Any]]:
        return self.memo.get(("ego-rows", iri), lambda: ego_figure.ego_rows(self.store, iri))

    def ego(self, iri: str, fmt: str) -> bytes | None:
        """A miRNA's ego network, or None when the graph has no claims on it."""
        rows = self.ego_rows(iri)
        if not rows or fmt not in WEB_FORMATS:
            return None
        label = next((r["mirna_node_label"] for r in rows if r["mirna_node"] == iri and r["mirna_node_label"]), None)
        label = label or next((r["mirna_node_label"] for r in rows if r["mirna_node_label"]), None) or compress(iri)
        return self.memo.get(("ego", iri, fmt), lambda: self._draw(lambda: ego_figure.draw(rows, label, fmt)))

    def elements(self, cancer: str | None) -> dict[str, Any]:
        """cytoscape.js elements, each node and edge with the server path of its entity page (``href``)."""

        def make() -> dict[str, Any]:
            elements = network_elements(self.store, cancer)
            if cancer is None:
                elements["cancer_label"] = "all cancers"
            for node in elements["nodes"]:
                node["data"]["href"] = entity_path(node["data"]["iri"])
                for target in node["data"]["targets"]:
                    target["href"] = entity_path(target["iri"])
            for edge in elements["edges"]:
                edge["data"]["href"] = entity_path(edge["data"]["claim"])
            return elements

        return self.memo.get(("elements", cancer), make)

    # -- for entity pages ------------------------------------------------------------------------------

    def for_entity(self, d: Any) -> dict[str, Any] | None:
        """What an entity page shows: a miRNA its ego network, a cancer its network figure and interactive link."""
        if d.kind == "mirna":
            rows = self.ego_rows(d.iri)
            if not rows:
                return None
            label = d.label
            return {
                "kind": "ego",
                "src": ego_path(d.iri, "svg"),
                "png": ego_path(d.iri, "png"),
                "title": f"Ego network of {short_mirna(label)}",
                "caption": ego_figure.caption(label, rows),
                "query": ego_figure.QUERY,
            }
        if d.kind == "cancer":
            name = self.network_figures().get(d.iri)
            has_network = bool(name) or bool(self.elements(d.iri)["nodes"])
            if not has_network:
                return None
            spec = self.spec(name) if name else None
            return {
                "kind": "network",
                "src": f"/figures/{name}.svg" if name else None,
                "png": f"/figures/{name}.png" if name else None,
                "title": spec.title if spec else f"miRNA-mediated cell-cell communication in {d.label}",
                "caption": spec.caption if spec else "",
                "query": network_figure.QUERY,
                "interactive": network_path(d.iri),
            }
        return None


def ego_path(iri: str, fmt: str) -> str:
    return f"/figures/ego/{compress(iri)}.{fmt}"


def network_path(cancer: str | None, suffix: str = "") -> str:
    return f"/network/{compress(cancer)}{suffix}" if cancer else f"/network{suffix}"


def _split(file: str) -> tuple[str, str | None]:
    """``name.svg`` -> (``name``, ``svg``); (``file``, None) when the suffix is not a web format."""
    stem, dot, fmt = file.rpartition(".")
    return (stem, fmt) if dot and fmt in WEB_FORMATS else (file, None)


def _not_found(message: str) -> Response:
    return PlainTextResponse(message + "\n", status_code=404)


def _image(body: bytes, fmt: str) -> Response:
    media = MEDIA_TYPES[fmt] + ("; charset=utf-8" if fmt == "svg" else "")
    return Response(body, media_type=media, headers={"Cache-Control": "public, max-age=3600"})


def figure_routes(store: Store, renderer: Renderer, cache: ByteCache) -> list[Route]:
    """The figure routes over ``store``, drawings kept in ``cache``; also tells ``renderer``'s entity pages which
    figure to show."""
    service = FigureService(store, cache)
    renderer.env.globals["entity_figures"] = service.for_entity

    def gallery(request: Request) -> Response:  # sync: runs in a thread (the catalog runs queries)
        items = [
            {"spec": s, "interactive": network_path(c) if (c := service.cancer_of(s.name)) else None}
            for s in service.catalog()
        ]
        return renderer.page(request, "figures.html", items=items, formats=WEB_FORMATS)

    def figure_file(request: Request) -> Response:
        name, fmt = _split(request.path_params["file"])
        body = service.figure(name, fmt) if fmt else None  # names only from the catalog, never a path
        if body is None:
            return _not_found(f"no figure {request.path_params['file']!r}; see /figures/")
        return _image(body, fmt)

    def ego_file(request: Request) -> Response:
        curie, fmt = _split(request.path_params["file"])
        iri = str(expand(curie))
        body = service.ego(iri, fmt) if fmt and iri.startswith(("http://", "https://")) else None
        if body is None:
            return _not_found(f"no ego network for {curie!r}: not a miRNA with claims in the graph")
        return _image(body, fmt)

    def network_page(request: Request) -> Response:
        curie = request.path_params.get("curie")
        as_json = False
        if curie and curie.endswith(".json"):
            curie, as_json = curie[: -len(".json")], True
        elif curie is None and request.url.path.endswith(".json"):
            as_json = True
        cancer = str(expand(curie)) if curie else None
        elements = service.elements(cancer)
        if not elements["nodes"]:
            message = f"no communication network for {curie!r}: no claims in that cancer name a cell; see /network"
            return _not_found(message) if as_json else renderer.error(request, _Missing(message), status=404)
        if as_json:
            return JSONResponse(elements)
        cancers = [(iri, label) for iri, label, _ in network_figure.network_cancers(network_figure.network_rows(store))]
        return renderer.page(
            request,
            "network.html",
            elements=elements,
            cancer=cancer,
            json_path=network_path(cancer, ".json"),
            figure=service.network_figures().get(cancer) if cancer else None,
            cancers=[(network_path(iri), label) for iri, label in cancers],
            legend=[(EFFECT_NAMES[e], EFFECT_COLOURS[e]) for e in ("promotes", "inhibits", "not stated")],
            style={"effects": EFFECT_COLOURS, "groups": GROUP_COLOURS},
            groups=list(GROUP_COLOURS.items()),
            query=network_figure.QUERY,
        )

    return [
        Route("/figures", lambda request: RedirectResponse("/figures/", status_code=308)),
        Route("/figures/", gallery, name="figures"),
        Route("/figures/ego/{file:path}", ego_file),
        Route("/figures/{file}", figure_file),
        Route("/network", network_page, name="network"),
        Route("/network.json", network_page),
        Route("/network/{curie:path}", network_page),
    ]


class _Missing(Exception):
    """A page that does not exist (rendered by the error template)."""


__all__ = ["FigureService", "figure_routes"]
