"""Push a store's named graphs to a remote store over the SPARQL 1.1 Graph Store Protocol (one PUT per graph).

Each named graph (curated, inferred, every ingested release) is dumped by Oxigraph to a temporary N-Triples
file and streamed as the body of ``PUT <graph store>?graph=<graph IRI>`` (sent as ``text/turtle``: N-Triples is
Turtle, and every server — Virtuoso 7 included — accepts that media type). PUT replaces the graph, so pushing
twice gives the same remote graphs. Afterwards each graph's triple count is read back over the query endpoint
and compared: a server that silently dropped triples is an error, not a surprise later.

The Graph Store endpoint is derived from the query endpoint when not given: Oxigraph ``…/query`` → ``…/store``;
Virtuoso ``…/sparql`` → ``…/sparql-graph-crud-auth`` (digest authentication, e.g. the ``dba`` account).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pyoxigraph as ox

from ..errors import InputError, StoreError, StoreUnavailableError
from ..stores.base import Store
from ..stores.oxigraph import OxigraphStore
from ..stores.remote import RemoteStore


@dataclass
class PushResult:
    """Triples per graph put to the remote store."""

    url: str
    graph_store: str
    graphs: dict[str, int] = field(default_factory=dict)


def graph_store_url(url: str, *, authenticated: bool) -> str:
    """The Graph Store Protocol endpoint next to a query endpoint."""
    base = url.rstrip("/")
    if base.endswith("/query"):
        return base[: -len("/query")] + "/store"
    if base.endswith("/sparql"):
        return base + ("-graph-crud-auth" if authenticated else "-graph-crud")
    raise InputError(f"cannot derive the Graph Store endpoint of {url}; give it with --graph-store URL")


def _count(remote: RemoteStore, graph: str) -> int:
    table = remote.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return int(table.rows[0][0]) if table.rows else 0


def push_graphs(
    local: Store,
    url: str,
    *,
    graph_store: str | None = None,
    user: str | None = None,
    password: str | None = None,
    timeout: float = 600.0,
) -> PushResult:
    """PUT every named graph of ``local`` (an Oxigraph store) to the remote store, then verify the counts."""
    if not isinstance(local, OxigraphStore):
        raise InputError("push reads an Oxigraph store (a --from folder, or the project's files)")
    target = graph_store or graph_store_url(url, authenticated=user is not None)
    auth = httpx.DigestAuth(user, password or "") if user else None
    result = PushResult(url, target)
    remote = RemoteStore(url, timeout=timeout)
    with (
        httpx.Client(
            timeout=httpx.Timeout(timeout, connect=10.0), auth=auth, headers={"User-Agent": "mirna-kg"}
        ) as client,
        tempfile.TemporaryDirectory() as tmp,
    ):
        if auth is not None:
            # digest auth answers the first request with a challenge and replays it; a streamed body cannot be
            # replayed, so take the challenge with a small request first (httpx then authenticates up front)
            try:
                client.head(target, params={"graph": str(local.named_graphs()[0]) if local.named_graphs() else ""})
            except httpx.HTTPError as exc:
                raise StoreUnavailableError(f"{target}: cannot reach the Graph Store endpoint ({exc})") from exc
        for graph in local.named_graphs():
            dump = Path(tmp) / "graph.nt"
            node = ox.NamedNode(graph)
            local.store.dump(str(dump), ox.RdfFormat.N_TRIPLES, from_graph=node)
            expected = sum(1 for _ in local.store.quads_for_pattern(None, None, None, node))
            try:
                with dump.open("rb") as body:
                    response = client.put(
                        target, params={"graph": graph}, content=body, headers={"Content-Type": "text/turtle"}
                    )
            except httpx.HTTPError as exc:
                raise StoreUnavailableError(f"{target}: cannot put graph {graph} ({exc})") from exc
            if response.status_code >= 400:
                raise StoreError(
                    f"{target} refused graph {graph}: HTTP {response.status_code} {response.text.strip()[:300]}"
                )
            found = _count(remote, graph)
            if found != expected:
                raise StoreError(f"{url} holds {found} triples in {graph} after the PUT of {expected}")
            result.graphs[graph] = expected
    remote.close()
    return result
