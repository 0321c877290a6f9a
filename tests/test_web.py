"""HTTP tests of the web server: every route, each SPARQL Protocol case and refusal, limits and the time-out.

The app runs in-process over the project's graph (Starlette's TestClient, lifespan included, so the real
query worker processes start); nothing mocks the store or the workers.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from rdflib import Graph
from starlette.testclient import TestClient

from mirna_kg import api
from mirna_kg.namespaces import CURATED_GRAPH, INFERRED_GRAPH
from mirna_kg.queries import stored_queries
from mirna_kg.web import Settings, create_app

HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
JSON = {"Accept": "application/sparql-results+json"}
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
MAX_ROWS = 50


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dist")
    (folder / "mirna-kg.ttl").write_text("# release\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def client(dist: Path):
    store = api.open_store()
    app = create_app(store, Settings(timeout=20, max_rows=MAX_ROWS, workers=2, dist_dir=dist, max_body=10_000))
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def slow_client():
    """One worker, a 1 s time limit and CORS on: for the time-out, busy and CORS cases."""
    app = create_app(api.open_store(), Settings(timeout=1, workers=1, cors=True, cache_bytes=0))
    with TestClient(app) as test_client:
        yield test_client


def count_of(response) -> int:
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


# ------------------------------------------------------------------------------------------------------------
# Pages
# ------------------------------------------------------------------------------------------------------------


def test_home_shows_counts_reviews_queries_and_downloads(client):
    response = client.get("/", headers=HTML)
    assert response.status_code == 200
    text = response.text
    assert "regulatory claims" in text and "Gu, Zhu &amp; Li 2026" in text  # data is escaped
    for stored in stored_queries():
        assert f'href="/queries/{stored.name}"' in text
    assert 'href="/downloads/mirna-kg.ttl"' in text and 'href="/void.ttl"' in text
    assert 'name="q"' in text


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/search?q=miR-21",
        "/queries",
        "/queries/all_claims",
        "/sparql",
        "/entity/hgnc:17635",
        "/ontology",
        "/ontology/RegulatoryClaim",
    ],
)
def test_every_page_has_a_search_box(client, path):
    response = client.get(path, headers=HTML)
    assert response.status_code == 200, response.text
    assert '<form class="search' in response.text and 'action="/search"' in response.text


def test_search_ranks_and_escapes_the_term(client):
    response = client.get("/search", params={"q": "<script>alert(1)</script>"}, headers=HTML)
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    hits = client.get("/search", params={"q": "miR-21", "format": "json"}).json()
    assert hits[0]["curie"] == "mirbase:MI0000077" and hits[0]["url"] == "/entity/mirbase:MI0000077"
    hits = client.get("/search", params={"q": "CD274"}, headers={"Accept": "application/json"}).json()
    assert hits[0]["label"] == "CD274"
    html = client.get("/search", params={"q": "macrophage"}, headers=HTML).text
    assert 'href="/entity/CL:0000235"' in html


def test_search_redirects_a_single_hit_when_asked(client):
    response = client.get("/search", params={"q": "CD274", "go": "1"}, headers=HTML, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/entity/hgnc:17635"


def test_gene_page_shows_the_mirnas_acting_on_it(client):
    text = client.get("/entity/hgnc:17635", headers=HTML).text
    assert "<h1>CD274</h1>" in text
    assert "hsa-miR-92 (locus and arm not stated)" in text  # review 000 Table 4 row 14: miR-92 → PD-L1
    assert "https://www.genenames.org/data/gene-symbol-report/#!/hgnc_id/HGNC:17635" in text


def test_mirna_page_shows_names_identifiers_relatives_and_claims(client):
    text = client.get("/entity/mirbase:MI0000077", headers=HTML).text
    assert "<h1>hsa-mir-21</h1>" in text
    assert "https://www.mirbase.org/hairpin/MI0000077" in text
    assert 'href="/entity/mirbase.mature:MIMAT0000076"' in text  # mature product hsa-miR-21-5p
    assert '<table class="claims">' in text and 'href="/statement/gu2026-s4.1.8-miR-21-biomarker"' in text


def test_claim_page_shows_provenance_and_disagreement(client):
    text = client.get("/statement/gu2026-t4-r02-miR-23a_27a_24-2", headers=HTML).text
    assert "Provenance" in text and "Table 4 row 2" in text and "<h1>miR-23a/27a/24-2 in breast cancer</h1>" in text
    assert "Disagreement" in text and 'href="/statement/gu2026-s4.1.1-miR-23a_27a_24-2"' in text
    assert "hsa-miR-23a/27a/24-2 cluster" in text


def test_entity_content_negotiation(client):
    path = "/statement/gu2026-t4-r01-miR-19a-5p"
    turtle = client.get(path, headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle") and "Accept" in turtle.headers["vary"]
    assert len(Graph().parse(data=turtle.text, format="turtle")) > 10
    for suffix, fmt in ((".ttl", "turtle"), (".jsonld", "json-ld"), (".nt", "nt")):
        response = client.get(path + suffix)
        assert response.status_code == 200
        assert len(Graph().parse(data=response.text, format=fmt)) > 10
    assert (
        client.get(path, headers={"Accept": "application/ld+json"})
        .headers["content-type"]
        .startswith("application/ld+json")
    )
    assert 'rel="alternate"' in client.get(path, headers=HTML).headers["link"]


def test_unknown_entity_is_404(client):
    assert client.get("/entity/hgnc:999999999", headers=HTML).status_code == 404
    assert client.get("/statement/no-such-statement").status_code == 404
    assert client.get("/entity", params={"iri": "http://example.org/x"}).status_code == 404


def test_entity_by_iri_parameter(client):
    response = client.get("/entity", params={"iri": "https://identifiers.org/hgnc:17635"}, headers=HTML)
    assert response.status_code == 200 and "<h1>CD274</h1>" in response.text


# ------------------------------------------------------------------------------------------------------------
# SPARQL 1.1 Protocol
# ------------------------------------------------------------------------------------------------------------


def test_get_post_form_and_direct_post_agree(client):
    expected = len(api.open_store())
    assert count_of(client.get("/sparql", params={"query": COUNT}, headers=JSON)) == expected
    assert count_of(client.post("/sparql", data={"query": COUNT}, headers=JSON)) == expected
    direct = client.post(
        "/sparql", content=COUNT.encode(), headers={**JSON, "Content-Type": "application/sparql-query"}
    )
    assert count_of(direct) == expected


@pytest.mark.parametrize(
    ("query", "accept", "media_type"),
    [
        (COUNT, "text/csv", "text/csv"),
        (COUNT, "text/tab-separated-values", "text/tab-separated-values"),
        (COUNT, "application/sparql-results+xml", "application/sparql-results+xml"),
        ("ASK { ?s ?p ?o }", "application/sparql-results+json", "application/sparql-results+json"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5", "text/turtle", "text/turtle"),
        ("DESCRIBE <https://identifiers.org/hgnc:17635>", "application/n-triples", "application/n-triples"),
    ],
)
def test_results_formats(client, query, accept, media_type):
    response = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media_type


def test_row_cap_is_signalled(client):
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 100"}, headers=JSON)
    assert response.headers["x-mirna-kg-truncated"] == "true" and "row" in response.headers["x-mirna-kg-note"]
    assert len(response.json()["results"]["bindings"]) == MAX_ROWS
    small = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"}, headers=JSON)
    assert "x-mirna-kg-truncated" not in small.headers


def test_dataset_parameters(client):
    curated = client.get("/sparql", params={"query": COUNT, "default-graph-uri": str(CURATED_GRAPH)}, headers=JSON)
    assert count_of(curated) == len(api.open_store())
    inferred = client.get("/sparql", params={"query": COUNT, "default-graph-uri": str(INFERRED_GRAPH)}, headers=JSON)
    assert count_of(inferred) == 0  # the embedded store was opened without inferred triples
    named = client.get(
        "/sparql",
        params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": str(CURATED_GRAPH)},
        headers=JSON,
    )
    assert [b["g"]["value"] for b in named.json()["results"]["bindings"]] == [str(CURATED_GRAPH)]


@pytest.mark.parametrize(
    ("request_kwargs", "status", "words"),
    [
        ({"method": "GET", "params": {"query": "SELECT * WHERE { ?s ?p"}}, 400, "syntax"),
        ({"method": "GET", "params": [("query", COUNT), ("query", COUNT)]}, 400, "2 query parameters"),
        ({"method": "GET", "params": {"query": "  "}}, 400, "empty"),
        ({"method": "POST", "content": COUNT.encode(), "headers": {"Content-Type": "text/plain"}}, 400, "content type"),
        (
            {
                "method": "POST",
                "content": b"query=SELECT%20\xff",
                "headers": {"Content-Type": "application/x-www-form-urlencoded"},
            },
            400,
            "UTF-8",
        ),
        (
            {
                "method": "POST",
                "content": "SELECT * {}".encode("utf-16"),
                "headers": {"Content-Type": "application/sparql-query"},
            },
            400,
            "UTF-8",
        ),
        (
            {
                "method": "POST",
                "content": COUNT.encode(),
                "headers": {"Content-Type": "application/sparql-query; charset=latin-1"},
            },
            400,
            "UTF-8",
        ),
        ({"method": "POST", "data": {"update": "INSERT DATA { <a:b> <a:c> <a:d> }"}}, 403, "read-only"),
        (
            {"method": "POST", "content": b"DROP ALL", "headers": {"Content-Type": "application/sparql-update"}},
            403,
            "read-only",
        ),
        ({"method": "GET", "params": {"query": "INSERT DATA { <a:b> <a:c> <a:d> }"}}, 403, "update"),
        ({"method": "GET", "params": {"query": "LOAD <http://127.0.0.1:9/x.ttl>"}}, 403, "update"),
        (
            {"method": "GET", "params": {"query": "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}},
            403,
            "SERVICE",
        ),
        ({"method": "GET", "params": {"query": COUNT}, "headers": {"Accept": "image/png"}}, 406, "acceptable"),
        ({"method": "GET", "params": {"query": "ASK {}"}, "headers": {"Accept": "text/csv"}}, 406, "acceptable"),
        (
            {
                "method": "POST",
                "content": b"query=" + b"x" * 20_000,
                "headers": {"Content-Type": "application/x-www-form-urlencoded"},
            },
            413,
            "larger",
        ),
        ({"method": "GET", "params": {"query": "SELECT * {} #" + "x" * 20_000}}, 413, "longer"),
        ({"method": "PUT", "content": COUNT.encode()}, 405, ""),
        ({"method": "DELETE"}, 405, ""),
    ],
)
def test_protocol_refusals(client, request_kwargs, status, words):
    kwargs = dict(request_kwargs)
    method = kwargs.pop("method")
    response = client.request(method, "/sparql", **kwargs)
    assert response.status_code == status, response.text
    assert words.lower() in response.text.lower()


def test_bare_sparql_gives_editor_to_browsers_and_description_to_machines(client):
    editor = client.get("/sparql", headers=HTML)
    assert "/static/vendor/yasgui/yasgui.min.js" in editor.text and 'id="editor-config"' in editor.text
    description = client.get("/sparql", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=description.text, format="turtle")
    assert any("sparql-service-description" in str(o) for o in graph.objects())
    assert client.get("/static/vendor/yasgui/yasgui.min.css").status_code == 200


def test_no_cors_headers_by_default(client):
    response = client.get("/sparql", params={"query": "ASK {}"}, headers={**JSON, "Origin": "https://example.org"})
    assert "access-control-allow-origin" not in response.headers


# ------------------------------------------------------------------------------------------------------------
# Stored queries, OpenAPI, downloads, VoID
# ------------------------------------------------------------------------------------------------------------


def test_query_list_and_openapi_name_every_stored_query(client):
    names = {q.name for q in stored_queries()}
    listed = client.get("/queries").json()
    assert {q["name"] for q in listed} == names
    document = client.get("/openapi.json").json()
    assert document["openapi"].startswith("3.") and {f"/queries/{n}" for n in names} <= set(document["paths"])
    assert document["paths"]["/queries/mirna_profile"]["get"]["parameters"][0]["name"] == "mirna"


def test_stored_query_results_match_the_core(client):
    expected = api.run_stored_query(api.open_store(), "pdl1_regulators")
    response = client.get("/queries/pdl1_regulators", headers=JSON)
    assert response.json()["head"]["vars"] == expected.variables
    got = sorted(
        tuple(b.get(v, {}).get("value", "") for v in expected.variables) for b in response.json()["results"]["bindings"]
    )
    assert got == sorted(tuple("" if t is None else str(t) for t in row) for row in expected.rows) != []
    csv = client.get("/queries/mirna_profile", params={"mirna": "miR-21"}, headers={"Accept": "text/csv"})
    assert csv.headers["content-type"].startswith("text/csv") and "MI0000077" in csv.text


def test_stored_query_page_for_browsers(client):
    text = client.get("/queries/mirna_profile", headers=HTML).text  # runs with the example parameter
    assert "Profile of one miRNA" in text and 'value="miR-21"' in text and "<table" in text


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/queries/no_such_query", 404),
        ("/queries/..%2Fqueries%2Fstats", 404),
        ("/queries/mirna_profile", 400),
        ("/queries/stats?bogus=1", 400),
    ],
)
def test_stored_query_errors(client, path, status):
    assert client.get(path, headers=JSON).status_code == status


def test_downloads_only_listed_files(client):
    assert client.get("/downloads/mirna-kg.ttl").text == "# release\n"
    assert client.get("/downloads/pyproject.toml").status_code == 404
    assert client.get("/downloads/..%2F..%2Fpyproject.toml").status_code == 404


def test_void(client):
    graph = Graph().parse(data=client.get("/void.ttl").text, format="turtle")
    assert any(str(p).endswith("#triples") for p in graph.predicates())


# ------------------------------------------------------------------------------------------------------------
# Time-out, busy, CORS
# ------------------------------------------------------------------------------------------------------------


def test_runaway_query_is_stopped_and_its_worker_replaced(slow_client):
    before = slow_client.get("/status").json()["workers"]
    started = time.monotonic()
    response = slow_client.get("/sparql", params={"query": SLOW}, headers=JSON)
    assert response.status_code == 503 and "stopped" in response.text
    assert response.headers["retry-after"]
    assert time.monotonic() - started < 10
    # the page and search paths do not wait for the workers
    assert slow_client.get("/entity/hgnc:17635", headers=HTML).status_code == 200
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status = slow_client.get("/status").json()
        if status["workers"] and status["workers"] != before:
            break
        time.sleep(0.2)
    assert status["replaced"] >= 1 and status["workers"] and set(status["workers"]).isdisjoint(before)
    assert count_of(slow_client.get("/sparql", params={"query": COUNT}, headers=JSON)) > 0


def test_full_waiting_line_answers_429(slow_client):
    pool = slow_client.app.state.pool
    pool.max_waiting = 0
    try:
        response = slow_client.get("/sparql", params={"query": "ASK {}"}, headers=JSON)
    finally:
        pool.max_waiting = 64
    assert response.status_code == 429 and response.headers["retry-after"] == "1"


def test_cors_when_asked(slow_client):
    response = slow_client.get("/sparql", params={"query": "ASK {}"}, headers={**JSON, "Origin": "https://x.org"})
    assert response.headers["access-control-allow-origin"] == "*"
