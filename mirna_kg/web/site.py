"""``mirna-kg site``: the entity pages and the home page rendered once into static files.

Every IRI under our base that the graph describes, and every external entity with a label, gets
``PATH.html``, ``PATH.ttl`` and ``PATH.jsonld`` at the path of its server page (``statement/x.html``,
``entity/CL:0000235.html``), so a static host that serves ``PATH.html`` for ``PATH`` (GitHub Pages, nginx
``try_files $uri $uri.html``) answers the w3id paths. Search and SPARQL need the server; the static pages
keep the search box, which then needs a server behind ``/search``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

from rdflib.namespace import RDFS

from .. import api
from ..formats import JSONLD, TURTLE
from ..namespaces import BASE
from ..queries import stored_queries
from ..writing import write_atomically
from .pages import entity_rdf
from .render import STATIC_DIR, Renderer, entity_path
from .settings import Settings


def site_entities(store: api.Store) -> list[str]:
    """IRIs to render: our own described IRIs and every labelled external entity."""
    rows = store.select(f"""
        SELECT DISTINCT ?s WHERE {{
          {{ ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{BASE}")) }}
          UNION {{ ?s <{RDFS.label}> ?l FILTER(isIRI(?s)) }}
        }}""").rows
    return sorted(str(s) for (s,) in rows)


def build_site(store: api.Store, out: Path, settings: Settings | None = None, iris: Iterable[str] | None = None) -> int:
    """Write the static site into ``out`` (only the entities ``iris`` if given); returns the entity pages written."""
    settings = settings or Settings()
    renderer = Renderer(settings, static=True)
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for iri in site_entities(store) if iris is None else iris:
        path = entity_path(iri)
        if "?" in path:
            continue  # no CURIE: reachable on the server only
        description = api.describe(store, iri)
        if not description.exists:
            continue
        target = out / path.lstrip("/")
        write_atomically(
            target.with_name(target.name + ".html"),
            renderer.render("entity.html", request=None, d=description).encode("utf-8"),
        )
        write_atomically(target.with_name(target.name + ".ttl"), entity_rdf(store, iri, TURTLE))
        write_atomically(target.with_name(target.name + ".jsonld"), entity_rdf(store, iri, JSONLD))
        count += 1
    queries = stored_queries()
    home = renderer.render(
        "home.html",
        request=None,
        stats=api.stats(store),
        reviews=api.reviews(),
        queries=queries,
        downloads=[],
        has_void=False,
    )
    write_atomically(out / "index.html", home.encode("utf-8"))
    write_atomically(
        out / "queries.html", renderer.render("queries.html", request=None, queries=queries).encode("utf-8")
    )
    shutil.copytree(STATIC_DIR, out / "static", dirs_exist_ok=True, ignore=shutil.ignore_patterns("vendor"))
    return count
