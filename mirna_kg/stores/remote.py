"""A remote SPARQL 1.1 endpoint as a store, spoken to over the SPARQL 1.1 Protocol with httpx.

Only an explicit ``--store URL`` makes mirna-kg open a connection. Queries are sent as URL-encoded POST bodies
(the form every SPARQL 1.1 server accepts, and the one Virtuoso handles best); results come back as SPARQL
JSON (SELECT, ASK) or N-Triples (CONSTRUCT, DESCRIBE) and become rdflib terms, or are passed through as bytes
for ``serialize``. A server that is down or slow becomes a ``StoreUnavailableError``; a query it rejects, a
``QueryError`` with the server's own message.
"""

from __future__ import annotations

import json

import httpx
from rdflib import Graph, URIRef
from rdflib.term import Identifier

from ..errors import QueryError, StoreError, StoreUnavailableError
from ..formats import NTRIPLES, SPARQL_JSON, TURTLE, RdfFormat, ResultsFormat
from .base import ResultTable, Store, blank, literal
from .sparql import QueryInfo

DEFAULT_TIMEOUT = 60.0


class RemoteStore(Store):
    """Any SPARQL 1.1 query endpoint (Oxigraph server, Virtuoso, QLever, GraphDB …)."""

    name = "remote"

    def __init__(self, url: str, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.url = url
        self.timeout = timeout
        self._client = httpx.Client(timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
                                    headers={"User-Agent": "mirna-kg"}, follow_redirects=False)

    def post(self, sparql: str, accept: str) -> httpx.Response:
        """Send one query; errors become mirna-kg errors that name the endpoint."""
        try:
            response = self._client.post(self.url, data={"query": sparql}, headers={"Accept": accept})
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
        document = self._json(sparql)
        variables = list(document.get("head", {}).get("vars", []))
        rows = [tuple(_term(b.get(v)) for v in variables) for b in document.get("results", {}).get("bindings", [])]
        return ResultTable(variables, rows)

    def _ask(self, sparql: str, info: QueryInfo) -> bool:
        return bool(self._json(sparql).get("boolean"))

    def _construct(self, sparql: str, info: QueryInfo) -> Graph:
        response = self.post(sparql, f"{NTRIPLES.media_type}, {TURTLE.media_type};q=0.9")
        graph = Graph()
        kind = response.headers.get("content-type", "").split(";")[0].strip()
        graph.parse(data=response.content, format=TURTLE.rdflib if kind == TURTLE.media_type else NTRIPLES.rdflib)
        return graph

    def _serialize(self, sparql: str, info: QueryInfo, fmt: RdfFormat | ResultsFormat) -> bytes:
        return self.post(sparql, fmt.media_type).content

    def _json(self, sparql: str) -> dict:
        response = self.post(sparql, SPARQL_JSON.media_type)
        try:
            return json.loads(response.content)
        except ValueError as exc:
            raise StoreError(f"{self.url} did not answer SPARQL JSON ({response.headers.get('content-type')})") from exc

    def close(self) -> None:
        self._client.close()


def _message(response: httpx.Response) -> str:
    text = response.text.strip().splitlines()
    return text[0][:300] if text else response.reason_phrase


def _term(binding: dict | None) -> Identifier | None:
    if binding is None:
        return None
    kind, value = binding.get("type"), binding.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return blank(value)
    return literal(value, binding.get("xml:lang"), binding.get("datatype"))
