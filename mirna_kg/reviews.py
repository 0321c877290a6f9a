"""The reviews the graph is curated from, read from ``data/ttl/reviews.ttl``: configuration is data.

Each review is a ``mkg:Review`` node (its DOI IRI) with a ``mkg:curationKey`` — the first word of its
statement IRIs and its folder ``data/ttl/KEY/``. Adding a third review is adding a node there and a folder;
no Python changes.

>>> statement_iri("gu2026", "Table 4", "miR-92 a", row=12)
rdflib.term.URIRef('https://w3id.org/mirna-kg/statement/gu2026-t4-r12-miR-92_a')
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDFS

from .config import by_key, keyed_nodes
from .namespaces import MKG, MKGS, location_slug, slug
from .resources import ProjectLayout, project

REVIEWS_FILE = "reviews.ttl"


@dataclass(frozen=True)
class Review:
    """One source review."""

    key: str
    iri: URIRef
    doi: str
    label: str
    title: str
    citation: str
    data_dir: Path


def reviews(layout: ProjectLayout | None = None) -> dict[str, Review]:
    """The reviews by curation key, in key order."""
    layout = layout or project()
    return _read(layout.data_dir / REVIEWS_FILE)


def review(key: str, layout: ProjectLayout | None = None) -> Review:
    """One review by key; an ``InputError`` naming the known keys otherwise."""
    return by_key(reviews(layout), key, "review", REVIEWS_FILE)


@cache
def _read(path: Path) -> dict[str, Review]:
    graph, nodes = keyed_nodes(path, MKG.Review, "review", "gu2026")
    return {
        key: Review(
            key=key,
            iri=node,
            doi=str(graph.value(node, DCTERMS.identifier) or ""),
            label=str(graph.value(node, RDFS.label) or key),
            title=str(graph.value(node, DCTERMS.title) or ""),
            citation=str(graph.value(node, DCTERMS.bibliographicCitation) or ""),
            data_dir=path.parent / key,
        )
        for key, node in nodes.items()
    }


def statement_iri(
    review_key: str, location: str, name: str, *, row: int | None = None, qualifier: str | None = None
) -> URIRef:
    """Mint a statement IRI from what it is and where it is stated, never from a counter.

    ``review_key`` (a key of ``reviews.ttl``: gu2026, pan2020), the table or section, the printed table row where
    there is one, the miRNA as the review writes it (or another short name for non-miRNA statements), and an
    optional qualifier that separates two statements sharing all of these (e.g. one per cancer).
    """
    if review_key not in reviews():
        raise ValueError(f"unknown review key {review_key!r}; known: {', '.join(reviews())}")
    parts = [review_key, location_slug(location)]
    if row is not None:
        parts.append(f"r{row:02d}")
    parts.append(slug(name))
    if qualifier:
        parts.append(slug(qualifier))
    return MKGS["-".join(parts)]
