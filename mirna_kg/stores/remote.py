"""A remote SPARQL 1.1 endpoint as a store, spoken to over the SPARQL 1.1 Protocol with httpx.

Only an explicit ``--store URL`` makes mirna-kg open a connection. Queries are sent as URL-encoded POST bodies
(the form every SPARQL 1.1 server accepts, and the one Virtuoso handles best); results come back as SPARQL
JSON (SELECT, ASK) or N-Triples (CONSTRUCT, DESCRIBE) and become rdflib terms, or are passed through as bytes
for ``serialize``.

Servers that cap result sets (Virtuoso's ResultSetMaxRows, 10,000 by default, flagged only by an
``X-SPARQL-MaxRows`` response header) never give wrong rows silently: a capped SELECT is re-run page by page
with ``LIMIT``/``OFFSET`` (the query's own ORDER BY keeps pages consistent) until a page comes back short; a
query that has its own LIMIT/OFFSET, or a CONSTRUCT/serialised result at the cap, raises or warns
(``TruncatedResultWarning``) instead. A server that is down or slow becomes a ``StoreUnavailableError``; a
query it rejects, a ``QueryError`` with the server's own message.
"""

from __future__ import annotations

import json
import re
import warnings

import httpx
import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Identifier

from ..errors import QueryError, StoreError, StoreUnavailableError
from ..formats import NTRIPLES, SPARQL_JSON, TURTLE, RdfFormat, ResultsFormat
from .base import ResultTable, Store
from .protocol import Dataset, Outcome, boolean_outcome, graph_outcome, table_outcome
from .sparql import QueryInfo
from .terms import Term, blank, literal

DEFAULT_TIMEOUT = 60.0
MAX_ROWS_HEADER = "X-SPARQL-MaxRows"
_OWN_SLICE = re.compile(r"\}[^}]*\b(LIMIT|OFFSET)\s+\d+[^}]*$", re.IGNORECASE)
_ORDERED = re.compile(r"\}[^}]*\bORDER\s+BY\b[^}]*$", re.IGNORECASE)


class TruncatedResultWarning(UserWarning):
    """A remote server capped a result (ResultSetMaxRows) and mirna-kg could not page around it."""


def max_rows(response: httpx.Response) -> int | None:
    """The server's row cap when it says it applied one (Virtuoso's ``X-SPARQL-MaxRows``)."""
    value = response.headers.get(MAX_ROWS_HEADER)
    return int(value) if value and value.strip().isdigit() else None


class RemoteStore(Store):
    """Any SPARQL 1.1 query endpoint (Oxigraph server, Virtuoso, QLever, GraphDB …)."""

    name = "remote"

    def __init__(self, url: str, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.url = url
        self.timeout = timeout
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            headers={"User-Agent": "mirna-kg"},
            follow_redirects=False,
        )

    def post(self, sparql: str, accept: str, dataset: Dataset | None = None) -> httpx.Response:
        """Send one query (with the protocol's dataset, passed on as it came, or else the query's own FROM /
        FROM NAMED as that dataset); errors become mirna-kg errors that name the endpoint."""
        form: dict[str, str | list[str]] = {"query": sparql}
        dataset = dataset or dataset_clause(sparql)
        if dataset:
            form["default-graph-uri"] = list(dataset.default_graphs)
            form["named-graph-uri"] = list(dataset.named_graphs)
        try:
            response = self._client.post(self.url, data=form, headers={"Accept": accept})
        except httpx.TimeoutException as exc:
            raise StoreUnavailableError(f"{self.url}: no answer within {self.timeout:g} s") from exc
        except httpx.HTTPError as exc:
            raise StoreUnavailableError(f"{self.url}: cannot reach the SPARQL endpoint ({exc})") from exc
        if response.status_code == 400:
            raise QueryError(f"{self.url} rejected the query: {_message(response)}")
        if response.status_code >= 400:
            raise StoreError(f"{self.url} answered HTTP {response.status_code}: {_message(response)}")
        return response

    def _select(self, sparql: str, info: QueryInfo) -> ResultTable:
        document, cap = self._json_capped(sparql)
        variables = list(document.get("head", {}).get("vars", []))
        bindings = document.get("results", {}).get("bindings", [])
        if cap is not None and len(bindings) >= cap:
            bindings = self._page(sparql, cap, bindings)
        rows = [tuple(_term(b.get(v)) for v in variables) for b in bindings]
        return ResultTable(variables, rows)

    def _page(self, sparql: str, cap: int, first: list[dict]) -> list[dict]:
        """All rows of a query the server capped at ``cap`` rows, fetched ``cap`` rows at a time."""
        if _OWN_SLICE.search(sparql):
            raise StoreError(
                f"{self.url} capped the result at {cap} rows (ResultSetMaxRows) and the query has its "
                "own LIMIT/OFFSET, so it cannot be paged; raise ResultSetMaxRows in the server's "
                "configuration or narrow the query"
            )
        if not _ORDERED.search(sparql):
            warnings.warn(
                f"{self.url} caps results at {cap} rows; paging a query without ORDER BY relies on the "
                "server returning rows in the same order each time",
                TruncatedResultWarning,
                stacklevel=4,
            )
        rows = list(first[:cap])
        offset = cap
        while True:
            document, _ = self._json_capped(f"{sparql}\nLIMIT {cap} OFFSET {offset}")
            page = document.get("results", {}).get("bindings", [])
            rows.extend(page)
            if len(page) < cap:
                return rows
            offset += cap

    def _ask(self, sparql: str, info: QueryInfo) -> bool:
        return bool(self._json(sparql).get("boolean"))

    def _construct(self, sparql: str, info: QueryInfo) -> Graph:
        response = self.post(sparql, f"{NTRIPLES.media_type}, {TURTLE.media_type};q=0.9")
        graph = Graph()
        kind = response.headers.get("content-type", "").split(";")[0].strip()
        graph.parse(data=response.content, format=TURTLE.rdflib if kind == TURTLE.media_type else NTRIPLES.rdflib)
        cap = max_rows(response)
        if cap is not None and len(graph) >= cap:
            raise StoreError(
                f"{self.url} capped the {info.form} result at {cap} triples (ResultSetMaxRows); "
                "raise it in the server's configuration or narrow the query"
            )
        return graph

    def _answer(
        self, sparql: str, info: QueryInfo, fmt: RdfFormat | ResultsFormat, dataset: Dataset, max_rows: int
    ) -> Outcome:
        """The endpoint's answer in one exchange format (SPARQL JSON, N-Triples), rewritten in the negotiated
        format under the same row cap as every store; the dataset goes to the endpoint."""
        if info.form == "ASK":
            return boolean_outcome(bool(self._json(sparql, dataset).get("boolean")), fmt)
        if info.returns_graph:
            response = self.post(sparql, f"{NTRIPLES.media_type}, {TURTLE.media_type};q=0.9", dataset)
            kind = response.headers.get("content-type", "").split(";")[0].strip()
            syntax = ox.RdfFormat.TURTLE if kind == TURTLE.media_type else ox.RdfFormat.N_TRIPLES
            return graph_outcome(info.form, ox.parse(response.content, format=syntax), fmt, max_rows)
        document = self._json(sparql, dataset)
        variables = list(document.get("head", {}).get("vars", []))
        bindings = document.get("results", {}).get("bindings", [])
        rows = ([_protocol_term(b.get(v)) for v in variables] for b in bindings)
        return table_outcome(variables, rows, fmt, max_rows)

    def _json(self, sparql: str, dataset: Dataset | None = None) -> dict:
        return self._json_capped(sparql, dataset)[0]

    def _json_capped(self, sparql: str, dataset: Dataset | None = None) -> tuple[dict, int | None]:
        response = self.post(sparql, SPARQL_JSON.media_type, dataset)
        try:
            return json.loads(response.content), max_rows(response)
        except ValueError as exc:
            raise StoreError(f"{self.url} did not answer SPARQL JSON ({response.headers.get('content-type')})") from exc

    def close(self) -> None:
        self._client.close()


def dataset_clause(sparql: str) -> Dataset:
    """The dataset a query names itself (``FROM`` / ``FROM NAMED``, IRIs or prefixed names), as the protocol's
    ``default-graph-uri`` / ``named-graph-uri`` say it.

    Why: a server whose default graph is the union of its graphs may ignore a query's FROM (the Oxigraph server
    with ``--union-default-graph`` does), while every SPARQL 1.1 server honours the protocol's dataset, which
    means the same (SPARQL 1.1 Protocol 2.1.4). An empty ``Dataset`` when the query names none or one that
    cannot be read here (a relative IRI, an unknown prefix): the query then goes as written."""
    text = _STRINGS_AND_COMMENTS.sub(lambda m: m.group(0) if m.group(0).startswith("<") else " ", sparql)
    prefixes = {m.group(1) or "": m.group(2) for m in _PREFIX_DECL.finditer(text)}
    default: list[str] = []
    named: list[str] = []
    for match in _FROM.finditer(text):
        iri = match.group(2)
        if iri is None:
            if match.group(3) not in prefixes:
                return Dataset()
            iri = prefixes[match.group(3)] + match.group(4)
        if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", iri):
            return Dataset()
        (named if match.group(1) else default).append(iri)
    return Dataset(tuple(default), tuple(named))


_STRINGS_AND_COMMENTS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n]*",
    re.DOTALL,
)
_PREFIX_DECL = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^<>\s]*)>", re.IGNORECASE)
_FROM = re.compile(r"\bFROM\s+(NAMED\s+)?(?:<([^<>\s]*)>|([A-Za-z][\w.-]*)?:([\w.%-]*))", re.IGNORECASE)


def _message(response: httpx.Response) -> str:
    text = response.text.strip().splitlines()
    return text[0][:300] if text else response.reason_phrase


def _protocol_term(binding: dict | None) -> Term | None:
    """A SPARQL JSON binding as the result writers take it."""
    if binding is None:
        return None
    kind = {"uri": "uri", "bnode": "bnode"}.get(binding.get("type", ""), "literal")
    return (kind, binding.get("value", ""), binding.get("xml:lang"), binding.get("datatype"))


def _term(binding: dict | None) -> Identifier | None:
    if binding is None:
        return None
    kind, value = binding.get("type"), binding.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return blank(value)
    return literal(value, binding.get("xml:lang"), binding.get("datatype"))
