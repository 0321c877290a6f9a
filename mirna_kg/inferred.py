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

from rdflib import Graph

from .errors import InconsistentOntologyError
from .namespaces import INFERRED_GRAPH
from .stores.base import Store

__all__ = ["INFERRED_GRAPH", "derive"]


def derive(store: Store) -> Graph:
    """The triples the fast reasoner adds to the graph held by ``store`` (any backend: it needs only SPARQL).

    An inconsistent graph has no inferred triples: ``InconsistentOntologyError`` names the clash.
    """
    from .reasoning import reason

    result = reason(store, "fast")
    if not result.consistent:
        raise InconsistentOntologyError(
            "the graph is inconsistent: "
            + "; ".join(result.explanation)
            + " (run `mirna-kg reason --reasoner hermit` for the complete check)"
        )
    return result.inferred
