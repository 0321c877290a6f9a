"""Every face gives the same answer: the core, the command line and the HTTP API, for every stored query.

For each stored query and a table of parameter values as people type them — a label, an alias (PD-L1), a
CURIE (``mirbase:MI0000077``), an accession (MIMAT0000076), a Cell Ontology synonym (histiocyte), a review key
or DOI, an unknown name — the rows of ``api.run_stored_query``, of ``mirna-kg query NAME --format json`` and of
``GET /queries/NAME`` (SPARQL JSON) are the same; an unknown name is the same error on both faces (exit 2,
HTTP 404) with the same close names. A new query or a new parameter value is tested by adding it here or to
``queries/``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from mirna_kg import api
from mirna_kg.errors import UnknownNameError
from mirna_kg.web import Settings, create_app

from .cli_runner import CliRunner
from .conftest import LAYOUT

#: Values a person types for each parameter name; the last of each is unknown to the graph.
VALUES: dict[str, list[str]] = {
    "gene": ["PTEN", "PD-L1", "hgnc:9588", "HGNC:17635", "TP53"],
    "mirna": ["miR-21", "hsa-miR-21-5p", "MIMAT0000076", "mirbase:MI0000077", "miR-9999"],
    "cell": ["leukocyte", "histiocyte", "CL:0000235", "nosuchcell"],
    "review": ["gu2026", "10.3892/ijo.2019.4952", "doi:10.3389/fonc.2026.1775016", "nosuchreview"],
}


def _cases() -> Iterator[tuple[str, dict[str, str]]]:
    for query in api.stored_queries(LAYOUT.queries_dir):
        if not query.parameters:
            yield query.name, {}
            continue
        (parameter,) = query.parameters  # every stored query has at most one parameter today
        for value in VALUES[parameter.name]:
            yield query.name, {parameter.name: value}


CASES = list(_cases())


@pytest.fixture(scope="module")
def store() -> Iterator[api.Store]:
    with api.open_store() as opened:
        yield opened


@pytest.fixture(scope="module")
def client(store: api.Store) -> Iterator[TestClient]:
    with TestClient(create_app(store, Settings(timeout=30, workers=1, max_rows=100_000))) as test_client:
        yield test_client


def _cell(value: str) -> str:
    """A cell as compared: ';'-joined lists (GROUP_CONCAT, whose order SPARQL leaves open) sorted."""
    return ";".join(sorted(value.split(";")))


def _rows(document: dict) -> list[tuple[str, ...]]:
    variables = document["head"]["vars"]
    bindings = document["results"]["bindings"]
    return sorted(tuple(_cell(b.get(v, {}).get("value", "")) for v in variables) for b in bindings)


def _core(store: api.Store, name: str, params: dict[str, str]) -> list[tuple[str, ...]] | str:
    try:
        table = api.run_stored_query(store, name, params)
    except UnknownNameError as error:
        return str(error)
    return sorted(tuple("" if t is None else _cell(str(t)) for t in row) for row in table.rows)


def _cli(name: str, params: dict[str, str]) -> tuple[int, list[tuple[str, ...]] | str]:
    args = ["query", name, "--format", "json"]
    for key, value in params.items():
        args += ["--param", f"{key}={value}"]
    result = CliRunner().invoke(args)
    if result.exit_code:
        return result.exit_code, result.stderr.strip().removeprefix("mirna-kg: ")
    return 0, _rows(json.loads(result.stdout))


def _http(client: TestClient, name: str, params: dict[str, str]) -> tuple[int, list[tuple[str, ...]] | str]:
    response = client.get(f"/queries/{name}", params=params, headers={"Accept": "application/sparql-results+json"})
    if response.status_code != 200:
        return response.status_code, response.json()["error"]
    return 200, _rows(response.json())


@pytest.mark.parametrize(("name", "params"), CASES, ids=[f"{n}-{'-'.join(p.values()) or 'none'}" for n, p in CASES])
def test_core_cli_and_http_agree(store: api.Store, client: TestClient, name: str, params: dict[str, str]) -> None:
    core = _core(store, name, params)
    cli_code, cli = _cli(name, params)
    http_code, http = _http(client, name, params)
    if isinstance(core, str):  # an unknown name: the same error, with the same close names, on both faces
        assert (cli_code, http_code) == (2, 404)
        assert cli == http == core
        return
    assert (cli_code, http_code) == (0, 200), (cli, http)
    assert cli == http == core


@pytest.mark.parametrize(
    ("name", "params", "expected"),
    [
        ("claims_by_target", {"gene": "PD-L1"}, "CD274"),  # the web answered 0 rows before the spine
        ("mirna_profile", {"mirna": "MIMAT0000076"}, "hsa-miR-21-5p"),
        ("mirnas_by_cell_lineage", {"cell": "histiocyte"}, "macrophage"),
    ],
)
def test_the_issue_examples_answer_on_the_web(client: TestClient, name: str, params: dict, expected: str) -> None:
    """Issue 21's table: what the command line found, the web API now finds too."""
    status, rows = _http(client, name, params)
    assert status == 200 and isinstance(rows, list) and rows
    assert any(expected in cell for row in rows for cell in row)


def test_unknown_names_suggest_close_names_in_json(client: TestClient) -> None:
    response = client.get("/queries/claims_by_target", params={"gene": "PTNE"}, headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.json()["parameter"] == "gene" and "PTEN" in response.json()["suggestions"]
