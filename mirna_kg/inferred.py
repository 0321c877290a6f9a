"""The one policy for inferred triples.

Inferred triples (the miRNAs' memberships in the ontology's defined classes, and subclass links the reasoner
finds) are *derived, never edited and never read back from a file that might be stale*:

- they are computed from the very graph a command opens, when it asks for them (``open_store(...,
  with_inferred=True)``), and kept in their own named graph, ``mkgg:inferred`` (``INFERRED_GRAPH``);
- the commands that publish the graph — ``build``, ``load`` and ``serve`` — include them by default; the ad-hoc
  readers — ``query``, ``stats``, ``export``, ``describe`` — take ``--with-inferred``;
- ``dist/inferred.ttl`` is an *output* of ``build`` and ``reason`` (for people and other tools), never an input;
- an on-disk store holds the inferred graph derived when it was loaded, and its manifest records the sources'
  digest, so a reading command can tell when the project's files have changed since (``stale_store_note``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rdflib import Graph

from .namespaces import INFERRED_GRAPH
from .stores.base import Store

__all__ = ["INFERRED_GRAPH", "derive"]


def derive(store: Store, files: Sequence[Path] = ()) -> Graph:
    """The triples the reasoner adds to the graph held by ``store`` (loaded from ``files``)."""
    from .loading import load
    from .reasoning import reason

    result = reason(load(files).graph)
    return result.inferred
