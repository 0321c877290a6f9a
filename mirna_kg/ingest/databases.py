"""The external databases ingest reads, from ``data/ttl/databases.ttl``: configuration is data.

Each database is a ``mkg:ExternalDatabase`` node with its key (``mkg:curationKey``, the name ``mirna-kg ingest
KEY`` takes), title, web site, default release, the Biolink agent type of its records and the row format its
release files have (``mkg:rowFormat``). How a row of that format becomes triples is code (one ``RowFormat``
class in ``sources.ROW_FORMATS``); a database whose files read like another's is added here alone. Everything
said *about* the database is here, in the graph, where the release nodes link to it (``dcat:inSeries``) and
queries and exports can read it.

>>> databases()["mirtarbase"].default_release
'10.0'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import RDFS

from ..config import by_key, keyed_nodes
from ..namespaces import DCAT, MKG
from ..resources import ProjectLayout, project

DATABASES_FILE = "databases.ttl"


@dataclass(frozen=True)
class Database:
    """One external database."""

    key: str
    iri: URIRef
    title: str
    homepage: str
    default_release: str
    agent_type: str
    row_format: str
    """The key of its reader in ``sources.ROW_FORMATS`` (``mkg:rowFormat``; default: the database's key)."""


def databases(layout: ProjectLayout | None = None) -> dict[str, Database]:
    """The databases by key, in key order."""
    layout = layout or project()
    return _read(layout.data_dir / DATABASES_FILE)


def database(key: str, layout: ProjectLayout | None = None) -> Database:
    """One database by key; an ``InputError`` naming the known keys otherwise."""
    return by_key(databases(layout), key, "source", DATABASES_FILE)


@cache
def _read(path: Path) -> dict[str, Database]:
    graph, nodes = keyed_nodes(path, MKG.ExternalDatabase, "database", "mirtarbase")
    return {
        key: Database(
            key=key,
            iri=node,
            title=str(graph.value(node, RDFS.label) or key),
            homepage=str(graph.value(node, DCAT.landingPage) or ""),
            default_release=str(graph.value(node, MKG.defaultRelease) or ""),
            agent_type=str(graph.value(node, MKG.agentType) or "not_provided"),
            row_format=str(graph.value(node, MKG.rowFormat) or key),
        )
        for key, node in nodes.items()
    }
