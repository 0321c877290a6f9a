"""The store contract: what every backend (in-memory or on-disk Oxigraph, rdflib, a remote endpoint) answers.

A store holds the graph in named graphs (``mirna_kg.namespaces.GRAPH``) and answers queries over their union,
so a stored query runs unchanged on every backend. Each store answers the four query forms, as Python values
(``select``/``ask``/``construct``) for the CLI and the figures, or already serialised in a standard media type
(``serialize``) so the web server can pass a store's own bytes on without converting every term.
Every query passes ``check_query`` first: no updates, no ``LOAD``, no ``SERVICE``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from ..errors import QueryError
from ..formats import RDF_FORMATS, RESULT_FORMATS, RdfFormat, ResultsFormat, negotiate
from ..namespaces import GRAPH
from .sparql import QueryInfo, check_query

#: Counts only the project's own graphs (a Virtuoso default graph also holds the server's system graphs).
TRIPLE_COUNT = f"""SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{GRAPH}")) }}"""
GRAPH_FORMATS: tuple[RdfFormat, ...] = tuple(f for f in RDF_FORMATS if not f.quads)


@dataclass(frozen=True)
class ResultTable:
    """A SELECT result: variable names in projection order and rows of rdflib terms (None = unbound)."""

    variables: list[str]
    rows: list[tuple[Identifier | None, ...]]


@dataclass(frozen=True)
class SerializedResult:
    """A query result as bytes of one media type, ready to send."""

    info: QueryInfo
    media_type: str
    body: bytes


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

    def serialize(self, sparql: str, accept: str | None = None) -> SerializedResult:
        """Run any query form and serialise its result in the media type ``accept`` prefers.

        SELECT and ASK offer SPARQL JSON, XML, CSV and TSV; CONSTRUCT and DESCRIBE offer Turtle, N-Triples,
        JSON-LD and RDF/XML. A ``QueryError`` when none of them is acceptable.
        """
        info = check_query(sparql)
        offered = GRAPH_FORMATS if info.returns_graph else RESULT_FORMATS
        fmt = negotiate(accept, offered)
        if fmt is None or (info.form == "ASK" and fmt.name in ("csv", "tsv")):
            names = ", ".join(f.media_type for f in offered)
            raise QueryError(f"cannot give a {info.form} result as {accept!r}; acceptable: {names}")
        return SerializedResult(info, fmt.media_type, self._serialize(sparql, info, fmt))

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

    @abstractmethod
    def _serialize(self, sparql: str, info: QueryInfo, fmt: RdfFormat | ResultsFormat) -> bytes: ...


def literal(value: str, language: str | None, datatype: str | None) -> Literal:
    """An rdflib literal from its parts, plain ``xsd:string`` literals written without a datatype."""
    if language:
        return Literal(value, lang=language)
    if datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
        return Literal(value, datatype=URIRef(datatype))
    return Literal(value)


def boolean_document(value: bool, fmt: RdfFormat | ResultsFormat) -> bytes:
    """An ASK result in SPARQL JSON or XML (pyoxigraph's boolean result has no serializer)."""
    text = "true" if value else "false"
    if fmt.name == "xml":
        return (
            f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
            f"<boolean>{text}</boolean></sparql>\n"
        ).encode()
    return f'{{"head":{{}},"boolean":{text}}}\n'.encode()


def blank(label: str) -> BNode:
    return BNode(label)
