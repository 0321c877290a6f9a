"""The store contract: what every backend (in-memory or on-disk Oxigraph, rdflib, a remote endpoint) answers.

A store holds the graph in named graphs (``mirna_kg.namespaces.GRAPH``) and answers queries over their union,
so a stored query runs unchanged on every backend. Each store answers the four query forms, as Python values
(``select``/``ask``/``construct``) for the CLI and the figures, or as a protocol answer (``run``: the media type
the client accepts, the bytes, a row cap that is signalled, the protocol's dataset) that the web server sends as
it is. Every query passes ``check_query`` first: no updates, no ``LOAD``, no ``SERVICE``.

Nothing here imports rdflib at start-up: a stored query on the Oxigraph store reads pyoxigraph's terms from
start to finish (``ResultTable.cells``), and rdflib is imported only by what asks for its terms (``rows``,
``construct``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..errors import QueryError
from ..namespaces import GRAPH_IRI
from .sparql import QueryInfo, check_query
from .terms import OxTerm, rdflib_of, term_of

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Identifier

    from ..formats import RdfFormat, ResultsFormat
    from .protocol import Dataset, Outcome

#: Counts only the project's own graphs (a Virtuoso default graph also holds the server's system graphs).
TRIPLE_COUNT = (
    f"""SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{GRAPH_IRI}")) }}"""
)
#: The row cap of ``Store.run`` when the caller names none.
DEFAULT_MAX_ROWS = 10_000


class ResultTable:
    """A SELECT result: variable names in projection order and its rows (None = unbound).

    The rows are kept as the engine gave them: pyoxigraph terms from Oxigraph (``from_terms``), rdflib terms from
    rdflib and from remote endpoints. ``rows`` is always rdflib terms, converted from pyoxigraph's once, on first
    use, so that only the callers that want rdflib's terms import it; ``cells`` are the rows as held, which the
    writers (``mirna_kg.results``) and the name lookups read through ``terms.term_of`` without rdflib. Two
    tables are equal when their variables and ``rows`` are.
    """

    __slots__ = ("_cells", "_ox", "_rows", "variables")

    def __init__(self, variables: list[str], rows: Sequence[tuple[Identifier | None, ...]]) -> None:
        """A table of rdflib terms (the rdflib and remote stores, and tests)."""
        self.variables = variables
        self._rows: list[tuple[Identifier | None, ...]] | None = list(rows)
        self._cells: list[tuple[object, ...]] = self._rows  # type: ignore[assignment]
        self._ox = False

    @classmethod
    def from_terms(cls, variables: list[str], terms: list[tuple[OxTerm | None, ...]]) -> ResultTable:
        """A table of pyoxigraph terms, kept as they are (the Oxigraph stores)."""
        table = cls.__new__(cls)
        table.variables = variables
        table._cells = terms  # type: ignore[assignment]
        table._rows = None
        table._ox = True
        return table

    @property
    def rows(self) -> list[tuple[Identifier | None, ...]]:
        """The rows as rdflib terms."""
        if self._rows is None:
            self._rows = [tuple(rdflib_of(t) for t in row) for row in self._cells]  # type: ignore[arg-type]
        return self._rows

    @property
    def cells(self) -> list[tuple[object, ...]]:
        """The rows as held: pyoxigraph terms (``from_terms``) or rdflib terms; read them with ``term_of``."""
        return self._cells

    def derived(self, variables: list[str], cells: list[tuple[object, ...]]) -> ResultTable:
        """A table of other ``cells`` of this one (fewer columns or rows), holding the same library's terms."""
        if self._ox:
            return ResultTable.from_terms(variables, cells)  # type: ignore[arg-type]
        return ResultTable(variables, cells)  # type: ignore[arg-type]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ResultTable):
            return NotImplemented
        return self.variables == other.variables and self.rows == other.rows

    __hash__ = None  # type: ignore[assignment]  # mutable lists inside, as the frozen dataclass it replaces

    def __repr__(self) -> str:
        return f"ResultTable(variables={self.variables!r}, rows={self.rows!r})"


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
        from .protocol import Dataset, result_format  # the writers and negotiation: not for ``select``

        info = check_query(sparql)
        fmt = result_format(info, accept)
        return self._answer(sparql, info, fmt, dataset or Dataset(), max_rows)

    def __len__(self) -> int:
        """Number of triples in the project's graphs."""
        table = self.select(TRIPLE_COUNT)
        count = term_of(table.cells[0][0]) if table.cells else None
        return int(count[1]) if count is not None else 0

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
        import pyoxigraph as ox

        from .protocol import boolean_outcome, graph_outcome, table_outcome

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
        return table_outcome(table.variables, ([term_of(t) for t in row] for row in table.cells), fmt, max_rows)
