"""The seam between mirna-kg and a triple store.

Everything that queries the graph goes through ``Store.select``. Two embedded engines implement it: rdflib's
own SPARQL engine and Oxigraph (pyoxigraph). A remote SPARQL 1.1 endpoint can implement the same two methods
later without touching the callers. Query parameters are bound before the query reaches a store
(``mirna_kg.queries.bind``), so every store sees plain SPARQL 1.1.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from .errors import InputError, QueryError, RdfParseError

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

    def select(self, query: str) -> ResultTable:
        """Run a SPARQL SELECT query."""
        ...

    def __len__(self) -> int:
        """Number of triples."""
        ...


class RdflibStore:
    """rdflib's pure-Python engine over an in-memory graph."""

    name = "rdflib"

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def select(self, query: str) -> ResultTable:
        from rdflib.plugins.sparql import prepareQuery

        try:
            prepared = prepareQuery(query)
        except Exception as exc:
            raise QueryError(f"SPARQL syntax error: {_first_line(exc)}") from exc
        result = self.graph.query(prepared)
        if result.type != "SELECT":
            raise QueryError(f"only SELECT queries are supported here, not {result.type}")
        variables = [str(v) for v in result.vars or []]
        rows = [tuple(row) for row in result]
        return ResultTable(variables, rows)

    def __len__(self) -> int:
        return len(self.graph)


class OxigraphStore:
    """Oxigraph's Rust engine over an in-memory store, filled from files or from an rdflib graph."""

    name = "oxigraph"

    def __init__(self, graph: Graph | None = None) -> None:
        import pyoxigraph as ox

        self._ox = ox
        self.store = ox.Store()
        if graph is not None:
            self.store.load(graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)

    @classmethod
    def from_files(cls, paths: Sequence[Path]) -> OxigraphStore:
        """Parse the files with Oxigraph itself (much faster than rdflib); errors name file and line."""
        store = cls()
        ox = store._ox
        formats = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".owl": ox.RdfFormat.RDF_XML,
                   ".rdf": ox.RdfFormat.RDF_XML, ".jsonld": ox.RdfFormat.JSON_LD}
        for path in paths:
            if path.suffix.lower() not in formats:
                raise InputError(f"{path}: unknown RDF file type {path.suffix!r} (use one of "
                                 f"{', '.join(sorted(formats))})")
            if not path.is_file():
                raise InputError(f"{path}: no such file")
            try:
                store.store.load(path=str(path), format=formats[path.suffix.lower()])
            except SyntaxError as exc:
                match = re.search(r"line (\d+)", str(exc))
                raise RdfParseError(path, str(exc).strip(), int(match.group(1)) if match else None) from exc
        return store

    def select(self, query: str) -> ResultTable:
        ox = self._ox
        try:
            solutions = self.store.query(query)
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
