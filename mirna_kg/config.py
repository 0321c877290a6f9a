"""Configuration is data: the sources mirna-kg knows (reviews, external databases) are nodes of the curated
graph, each with a ``mkg:curationKey``, read here the one way (``reviews``, ``ingest.databases``)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TypeVar

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from .errors import InputError
from .loading import parse_file
from .namespaces import MKG

T = TypeVar("T")


def keyed_nodes(path: Path, cls: URIRef, what: str, example: str) -> tuple[Graph, dict[str, URIRef]]:
    """The file's graph and its ``cls`` nodes by curation key, in key order; a node without a key is an
    ``InputError`` naming the file and what to add."""
    graph: Graph = parse_file(path)
    found: dict[str, URIRef] = {}
    for node in sorted(graph.subjects(RDF.type, cls)):
        key = graph.value(node, MKG.curationKey)
        if key is None or not isinstance(node, URIRef):
            raise InputError(f'{path}: {what} {node} has no mkg:curationKey; add one (e.g. "{example}")')
        found[str(key)] = node
    return graph, dict(sorted(found.items()))


def by_key(known: Mapping[str, T], key: str, what: str, file_name: str) -> T:
    """``known[key]``, or an ``InputError`` naming the keys the configuration file has."""
    if key not in known:
        raise InputError(f"unknown {what} {key!r}; data/ttl/{file_name} has {', '.join(known)}")
    return known[key]
