"""``mirna-kg push``: the local store's named graphs into a real remote store over the Graph Store Protocol, then
the stored queries against it. Oxigraph server (read-write) always; Virtuoso (slow) when ``virtuoso-t`` is
installed — including its silent ResultSetMaxRows cap, which must never give wrong rows without a warning.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mirna_kg import api
from mirna_kg.errors import StoreError
from mirna_kg.ingest.synthetic import write
from mirna_kg.stores.remote import RemoteStore

from .servers import oxigraph_server, virtuoso_server

#: Queries compared row for row between the local store and the remote one.
COMPARED = ["target_evidence", "unsupported_targets", "all_claims", "stats", "claims_by_target"]


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("push")
    store = folder / "store"
    api.load_store(store, with_inferred=False)
    api.ingest_release(store, "mirtarbase", write("mirtarbase", 1500, folder / "m.csv"), rejects=folder / "r.tsv")
    return store


def table(store, name: str, **params: str) -> list[tuple[str, ...]]:
    result = api.run_stored_query(store, name, params or None)
    # GROUP_CONCAT order is unspecified in SPARQL: compare its parts as sets
    return sorted(
        tuple(";".join(sorted(str(t).split(";"))) if t is not None else "" for t in row) for row in result.rows
    )


@pytest.mark.slow
def test_push_to_oxigraph_server(ingested: Path, tmp_path: Path) -> None:
    with oxigraph_server(tmp_path / "remote", read_only=False) as url:
        result = api.push(url, ingested)
        assert set(result.graphs) == set(api.open_store(ingested).named_graphs())
        again = api.push(url, ingested)  # PUT replaces: pushing twice changes nothing
        assert again.graphs == result.graphs
        with api.open_store(ingested) as local, api.open_store(url) as remote:
            for name in COMPARED:
                params = {"gene": "PTEN"} if name == "claims_by_target" else {}
                assert table(remote, name, **params) == table(local, name, **params), name
            assert api.evidence_for(remote, gene_iri="https://identifiers.org/hgnc:9588") == api.evidence_for(
                local, gene_iri="https://identifiers.org/hgnc:9588"
            )


@pytest.mark.slow
def test_push_to_virtuoso_and_query_past_its_row_cap(ingested: Path, tmp_path: Path) -> None:
    with virtuoso_server(tmp_path / "virtuoso", max_rows=100) as server:
        url = server["sparql"]
        result = api.push(url, ingested, user=server["user"], password=server["password"])
        assert result.graph_store.endswith("/sparql-graph-crud-auth")
        with api.open_store(ingested) as local, RemoteStore(url) as remote:
            # all_claims has more rows than the cap: RemoteStore pages with LIMIT/OFFSET and gets them all
            assert len(table(local, "all_claims")) > 100
            for name in COMPARED:
                params = {"gene": "PTEN"} if name == "claims_by_target" else {}
                assert table(remote, name, **params) == table(local, name, **params), name
            # a query with its own LIMIT cannot be paged: an error, never 100 rows passed off as the answer
            with pytest.raises(StoreError, match="ResultSetMaxRows"):
                remote.select("SELECT ?s WHERE { ?s ?p ?o } LIMIT 5000")


@pytest.mark.slow
def test_virtuoso_cap_is_flagged_by_header(tmp_path: Path) -> None:
    """The quirk itself: Virtuoso returns exactly ResultSetMaxRows rows and says so only in a header."""
    import httpx

    with virtuoso_server(tmp_path / "virtuoso", max_rows=20) as server:
        response = httpx.post(
            server["sparql"],
            data={"query": "SELECT ?s WHERE { ?s ?p ?o }"},
            headers={"Accept": "application/sparql-results+json"},
            timeout=60,
        )
        assert response.status_code == 200
        assert len(response.json()["results"]["bindings"]) == 20
        assert response.headers["X-SPARQL-MaxRows"] == "20"


def test_push_refuses_an_unknown_graph_store_shape(ingested: Path) -> None:
    from mirna_kg.errors import InputError

    with pytest.raises(InputError, match="--graph-store"):
        api.push("http://127.0.0.1:9/somewhere", ingested)


def test_push_command_then_query_the_remote_store(ingested: Path, tmp_path: Path) -> None:
    """The CLI face: `mirna-kg push --store URL --from DIR`, then `mirna-kg query … --store URL`."""
    from .cli_runner import CliRunner

    runner = CliRunner()
    with oxigraph_server(tmp_path / "remote", read_only=False) as url:
        pushed = runner.invoke(["push", "--store", url, "--from", str(ingested)])
        assert pushed.exit_code == 0, pushed.output
        assert "pushed" in pushed.output
        queried = runner.invoke(["query", "target_evidence", "--store", url, "--format", "csv"])
        assert queried.exit_code == 0, queried.output
        local = runner.invoke(["query", "target_evidence", "--store", str(ingested), "--format", "csv"])
        assert sorted(queried.output.splitlines()) == sorted(local.output.splitlines())
