"""rdflib's pure-Python SPARQL engine over an in-memory graph: the reference engine the tests compare with.

rdflib would fetch the IRI of a ``FROM`` clause over the network; this backend has no named graphs of its own,
so it refuses dataset clauses (use the default Oxigraph engine) and turns rdflib's graph loading off.
"""

from __future__ import annotations

import rdflib.plugins.sparql as rdflib_sparql
from rdflib import Graph

from ..errors import QueryError
from .base import ResultTable, Store
from .sparql import QueryInfo

rdflib_sparql.SPARQL_LOAD_GRAPHS = False  # never fetch a FROM IRI


class RdflibStore(Store):
    """rdflib's engine over one graph (its default graph stands for the union of ours)."""

    name = "rdflib"

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def _run(self, sparql: str, info: QueryInfo) -> object:
        from rdflib.plugins.sparql import prepareQuery

        if info.has_dataset_clause:
            raise QueryError(
                "the rdflib engine has no named graphs, so FROM / FROM NAMED cannot be honoured; "
                "use the default engine (--engine oxigraph)"
            )
        try:
            prepared = prepareQuery(sparql)
        except Exception as exc:
            raise QueryError(f"SPARQL syntax error: {str(exc).strip().splitlines()[0]}") from exc
        return self.graph.query(prepared)

    def _select(self, sparql: str, info: QueryInfo) -> ResultTable:
        result = self._run(sparql, info)
        return ResultTable([str(v) for v in result.vars or []], [tuple(row) for row in result])

    def _ask(self, sparql: str, info: QueryInfo) -> bool:
        return bool(self._run(sparql, info).askAnswer)

    def _construct(self, sparql: str, info: QueryInfo) -> Graph:
        return self._run(sparql, info).graph

    def __len__(self) -> int:
        return len(self.graph)
