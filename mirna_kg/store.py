"""The seam between mirna-kg and a triple store.

Everything that queries the graph goes through ``Store.select``. Two embedded engines implement it: rdflib's
own SPARQL engine and Oxigraph (pyoxigraph). A remote SPARQL 1.1 endpoint can implement the same two methods
later without touching the callers. Parameters are bound by the engine (rdflib ``initBindings``, Oxigraph
``substitutions``), never pasted into query text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier, Variable

from .errors import QueryError

ENGINES = ("oxigraph", "rdflib")
DEFAULT_ENGINE = "oxigraph"


@dataclass(frozen=True)
class ResultTable:
    """A SELECT result: variable names in projection order and rows of rdflib terms (None = unbound)."""

    variables: list[str]
    rows: list[tuple[Identifier | None, ...]]


class Store(Protocol):
    """What a query needs from a store."""

    name: str

    def select(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> ResultTable:
        """Run a SPARQL SELECT with pre-bound variables."""
        ...

    def __len__(self) -> int:
        """Number of triples."""
        ...


class RdflibStore:
    """rdflib's pure-Python engine over an in-memory graph."""

    name = "rdflib"

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def select(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> ResultTable:
        from rdflib.plugins.sparql import prepareQuery

        try:
            prepared = prepareQuery(query)
        except Exception as exc:
            raise QueryError(f"SPARQL syntax error: {_first_line(exc)}") from exc
        init = {Variable(k): v for k, v in (bindings or {}).items()}
        result = self.graph.query(prepared, initBindings=init)
        if result.type != "SELECT":
            raise QueryError(f"only SELECT queries are supported here, not {result.type}")
        variables = [str(v) for v in result.vars or []]
        rows = [tuple(row) for row in result]
        return ResultTable(variables, rows)

    def __len__(self) -> int:
        return len(self.graph)


class OxigraphStore:
    """Oxigraph's Rust engine, loaded from an rdflib graph (or N-Triples) into memory."""

    name = "oxigraph"

    def __init__(self, graph: Graph) -> None:
        import pyoxigraph as ox

        self._ox = ox
        self.store = ox.Store()
        data = graph.serialize(format="nt", encoding="utf-8")
        self.store.bulk_load(data, ox.RdfFormat.N_TRIPLES)

    def select(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> ResultTable:
        ox = self._ox
        substitutions = {ox.Variable(k): _to_oxigraph(ox, v) for k, v in (bindings or {}).items()}
        try:
            solutions = self.store.query(query, substitutions=substitutions or None)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {_first_line(exc)}") from exc
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("only SELECT queries are supported here")
        variables = [v.value for v in solutions.variables]
        rows = [tuple(_from_oxigraph(ox, s[v]) for v in variables) for s in solutions]
        return ResultTable(variables, rows)

    def __len__(self) -> int:
        return len(self.store)


def open_store(graph: Graph, engine: str = DEFAULT_ENGINE) -> Store:
    """A store of the named engine over ``graph``."""
    if engine == "rdflib":
        return RdflibStore(graph)
    if engine == "oxigraph":
        return OxigraphStore(graph)
    raise QueryError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def _to_oxigraph(ox, term: Identifier):  # noqa: ANN001, ANN202 - pyoxigraph has no stubs
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise QueryError(f"cannot bind {term!r}")


def _from_oxigraph(ox, term) -> Identifier | None:  # noqa: ANN001 - pyoxigraph has no stubs
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype))


def sorted_rows(table: ResultTable) -> Sequence[tuple[str, ...]]:
    """Rows as strings, sorted; for comparing results across engines regardless of row order."""
    return sorted(tuple("" if t is None else str(t) for t in row) for row in table.rows)
