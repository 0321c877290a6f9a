"""The reviews the graph is curated from, read from ``data/ttl/reviews.ttl``: configuration is data.

Each review is a ``mkg:Review`` node (its DOI IRI) with a ``mkg:curationKey`` — the first word of its
statement IRIs and its folder ``data/ttl/KEY/``. Adding a third review is adding a node there and a folder;
no Python changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDFS

from .config import by_key, keyed_nodes
from .namespaces import MKG
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
