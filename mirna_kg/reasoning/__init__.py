"""Reasoning over the knowledge graph: the fast SPARQL classifier by default, HermiT as the complete check.

``reason(source, reasoner="fast")`` takes an rdflib Graph or any store with ``select`` (in-memory, on-disk,
remote) and returns a ``ReasoningResult``:

- ``fast`` (``fast.classify``): memberships of every defined miRNA class, derived from the ontology's own
  equivalent-class axioms translated into SPARQL, plus the clashes the ontology can produce; fast enough
  for every build (docs/benchmarks.md), and it needs nothing but SPARQL;
- ``hermit`` (``hermit.reason_hermit``): HermiT's complete OWL 2 DL consistency check and classification,
  much slower; needs Java. CI checks that both give the same memberships.
"""

from __future__ import annotations

from typing import Final

from rdflib import Graph

from ..errors import InputError
from ..stores import OxigraphStore, Store
from .conventions import CANCER_ROLLUP, CLASS_VALUED_PROPERTIES, DEFINED_CLASSES, MATERIALIZED_PROPERTIES
from .fast import class_queries, classify
from .hermit import explain_inconsistency, reason_hermit, reasoner_input, require_java
from .result import ReasoningResult

REASONERS: Final = ("fast", "hermit")
DEFAULT_REASONER: Final = "fast"

__all__ = [
    "CANCER_ROLLUP",
    "CLASS_VALUED_PROPERTIES",
    "DEFAULT_REASONER",
    "DEFINED_CLASSES",
    "MATERIALIZED_PROPERTIES",
    "REASONERS",
    "ReasoningResult",
    "class_queries",
    "classify",
    "explain_inconsistency",
    "reason",
    "reason_hermit",
    "reasoner_input",
    "require_java",
]


def reason(source: Graph | Store, reasoner: str = DEFAULT_REASONER) -> ReasoningResult:
    """Classify ``source`` (a graph, or a store) with the named reasoner."""
    if reasoner == "fast":
        return classify(OxigraphStore.from_graph(source) if isinstance(source, Graph) else source)
    if reasoner == "hermit":
        return reason_hermit(source if isinstance(source, Graph) else _as_graph(source))
    raise InputError(f"unknown reasoner {reasoner!r}; choose one of {', '.join(REASONERS)}")


def _as_graph(store: Store) -> Graph:
    """All triples of a store, for HermiT, which needs the whole graph in memory."""
    from ..stores.rdflib_store import RdflibStore

    if isinstance(store, RdflibStore):
        return store.graph
    graph = Graph()
    for s, p, o in store.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }").rows:
        graph.add((s, p, o))
    return graph
