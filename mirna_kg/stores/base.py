"""The store contract: what every backend (in-memory or on-disk Oxigraph, rdflib, a remote endpoint) answers.

A store holds the graph in named graphs (``mirna_kg.namespaces.GRAPH``) and answers queries over their union,
so a stored query runs unchanged on every backend. Each store answers the four query forms, as Python values
(``select``/``ask``/``construct``) for the CLI and the figures, or as a protocol answer (``run``: the media type
the client accepts, the bytes, a row cap that is signalled, the protocol's dataset) that the web server sends as
it is. Every query passes ``check_query`` first: no updates, no ``LOAD``, no ``SERVICE``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from ..errors import QueryError
from ..formats import RdfFormat, ResultsFormat
from ..namespaces import GRAPH
from .protocol import (
    Dataset,
    Outcome,
    boolean_outcome,
    graph_outcome,
    rdflib_term,
    result_format,
    table_outcome,
)
from .sparql import QueryInfo, check_query

#: Counts only the project's own graphs (a Virtuoso default graph also holds the server's system graphs).
TRIPLE_COUNT = f"""SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{GRAPH}")) }}"""
#: The row cap of ``Store.run`` when the caller names none.
DEFAULT_MAX_ROWS = 10_000


@dataclass(frozen=True)
class ResultTable:
    """A SELECT result: variable names in projection order and rows of rdflib terms (None = unbound)."""

    variables: list[str]
    rows: list[tuple[Identifier | None, ...]]


class Store(ABC):
    """A read-only SPARQL store over the mirna-kg graphs."""

    name: str = "store"
    """Backend name shown to users (oxigraph, oxigraph-disk, rdflib, remote)."""

    def select(self, sparql: str) -> ResultTable:
        """Run a SELECT query."""
        info = self._check(sparql, "SELECT")
        return self._select(sparql, info)

    def ask(self, sparql: str) -> bool:
        """Run an ASK query."""
        info = self._check(sparql, "ASK")
        return self._ask(sparql, info)

    def construct(self, sparql: str) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query; the triples as an rdflib graph."""
        info = self._check(sparql, "CONSTRUCT", "DESCRIBE")
        return self._construct(sparql, info)

    def run(
        self,
        sparql: str,
        accept: str | None = None,
        *,
        dataset: Dataset | None = None,
        max_rows: int = DEFAULT_MAX_ROWS,
    ) -> Outcome:
        """Run any query form as the SPARQL 1.1 Protocol answers it: serialised in the media type ``accept``
        prefers (SPARQL JSON, XML, CSV, TSV for SELECT and ASK; Turtle, N-Triples, JSON-LD, RDF/XML for CONSTRUCT
        and DESCRIBE), over ``dataset`` when the request names one, cut at ``max_rows`` rows or triples and saying
        so. ``NotAcceptableError`` when no offered format is acceptable; refusals and syntax errors are
        ``QueryError``s."""
        info = check_query(sparql)
        fmt = result_format(info, accept)
        return self._answer(sparql, info, fmt, dataset or Dataset(), max_rows)

    def __len__(self) -> int:
        """Number of triples in the project's graphs."""
        table = self.select(TRIPLE_COUNT)
        return int(table.rows[0][0]) if table.rows and table.rows[0][0] is not None else 0

    def close(self) -> None:  # noqa: B027 - most backends hold nothing to release
        """Release what the store holds (files, connections)."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check(self, sparql: str, *forms: str) -> QueryInfo:
        info = check_query(sparql)
        if info.form not in forms:
            raise QueryError(f"expected a {' or '.join(forms)} query, got {info.form}")
        return info

    @abstractmethod
    def _select(self, sparql: str, info: QueryInfo) -> ResultTable: ...

    @abstractmethod
    def _ask(self, sparql: str, info: QueryInfo) -> bool: ...

    @abstractmethod
    def _construct(self, sparql: str, info: QueryInfo) -> Graph: ...

    def _answer(
        self, sparql: str, info: QueryInfo, fmt: RdfFormat | ResultsFormat, dataset: Dataset, max_rows: int
    ) -> Outcome:
        """The protocol answer from the Python values; a backend that serialises natively overrides this."""
        if dataset:
            raise QueryError(
                f"the {self.name} backend does not take default-graph-uri / named-graph-uri; "
                "name graphs in the query (FROM / FROM NAMED) instead"
            )
        if info.form == "ASK":
            return boolean_outcome(self._ask(sparql, info), fmt)
        if info.returns_graph:
            graph = self._construct(sparql, info)
            triples = ox.parse(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
            return graph_outcome(info.form, triples, fmt, max_rows)
        table = self._select(sparql, info)
        return table_outcome(table.variables, ([rdflib_term(t) for t in row] for row in table.rows), fmt, max_rows)


def literal(value: str, language: str | None, datatype: str | None) -> Literal:
    """An rdflib literal from its parts, plain ``xsd:string`` literals written without a datatype."""
    if language:
        return Literal(value, lang=language)
    if datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
        return Literal(value, datatype=URIRef(datatype))
    return Literal(value)


def blank(label: str) -> BNode:
    return BNode(label)
