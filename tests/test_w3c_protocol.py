"""The W3C SPARQL 1.1 Protocol tests (rdf-tests ``sparql/sparql11/protocol/manifest.ttl``), query side, against
``mirna-kg serve`` on a local store and fronting a remote Oxigraph server (``--store URL``).

The suite is not on this machine, so its cases are written out here as a table, each under its W3C name, with
the request as the manifest gives it (method, path and query string, body, content type) and the response it
expects (status class, and for successes the result kind and the boolean). Three cases of the suite's SPARQL 1.2
revision are added (``query_post_form_dataset``, ``bad_multiple_queries_form``, ``bad_update_form_body_missing``).
Where this table differs from the manifest it says so:

- the manifest posts to ``/sparql/``; mirna-kg's endpoint is ``/sparql``;
- ``query_multiple_dataset``'s URL encodes the ``&`` between its two ``named-graph-uri`` parameters (``%26``),
  which makes one odd IRI; the case is sent as meant, with two parameters;
- the update cases (``update_*``) expect success: mirna-kg's endpoint is read-only, so each is refused (403)
  and the ``bad_update_*`` cases get their error status.

The store holds the suite's three graphs (``tests/fixtures/w3c``) as named graphs.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote
from xml.etree import ElementTree

import httpx
import pytest
from rdflib import Graph, URIRef

from mirna_kg.formats import RDF_FORMATS
from mirna_kg.stores import create_disk_store
from mirna_kg.web.sparql import with_base
from tests.servers import mirna_kg_server, oxigraph_server

FIXTURES = Path(__file__).parent / "fixtures" / "w3c"
DATA = "http://kasei.us/2009/09/sparql/data/"
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
RESULTS_TYPES = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)
FOAF_DOCUMENT = "http://xmlns.com/foaf/0.1/Document"
RDF_TYPES = tuple(f.media_type for f in RDF_FORMATS if not f.quads)


def g(n: int) -> str:
    """The IRI of the suite's graph ``dataN.rdf``, percent-encoded for a query string."""
    return quote(f"{DATA}data{n}.rdf", safe="")


@dataclass(frozen=True)
class Case:
    """One protocol test: the request, and what the response must be."""

    name: str
    method: str
    path: str
    body: str | bytes | None = None
    content_type: str | None = None
    status: str = "2xx"
    """2xx (success), 4xx (any client error) or an exact code."""
    kind: str | None = None
    """boolean, tabular or RDF: what a success must carry."""
    boolean: bool | None = None


ASK_1_2 = f"ASK {{ <{DATA}data1.rdf> a ?type . <{DATA}data2.rdf> a ?type . }}"
ASK_NAMED = f"ASK {{ GRAPH ?g1 {{ <{DATA}data1.rdf> a ?type }} GRAPH ?g2 {{ <{DATA}data2.rdf> a ?type }} }}"
ASK_FULL = (
    f"ASK {{\n  <{DATA}data3.rdf> a ?type\n  GRAPH ?g1 {{ <{DATA}data1.rdf> a ?type }}\n"
    f"  GRAPH ?g2 {{ <{DATA}data2.rdf> a ?type }}\n}}"
)

CASES = [
    Case(
        "query_post_form",
        "POST",
        f"/sparql?default-graph-uri={g(0)}",
        "query=ASK%20%7B%7D",
        FORM,
        kind="boolean",
        boolean=True,
    ),
    Case(
        "query_dataset_default_graphs_get",
        "GET",
        f"/sparql?query={quote(ASK_1_2, safe='')}&default-graph-uri={g(1)}&default-graph-uri={g(2)}",
        kind="boolean",
        boolean=True,
    ),
    Case(
        "query_dataset_default_graphs_post",
        "POST",
        f"/sparql?default-graph-uri={g(1)}&default-graph-uri={g(2)}",
        ASK_1_2,
        DIRECT,
        kind="boolean",
        boolean=True,
    ),
    Case(
        "query_dataset_named_graphs_post",
        "POST",
        f"/sparql?named-graph-uri={g(1)}&named-graph-uri={g(2)}",
        ASK_NAMED,
        DIRECT,
        kind="boolean",
        boolean=True,
    ),
    Case(
        "query_dataset_named_graphs_get",
        "GET",
        f"/sparql?query={quote(ASK_NAMED, safe='')}&named-graph-uri={g(1)}&named-graph-uri={g(2)}",
        kind="boolean",
        boolean=True,
    ),
    Case(
        "query_dataset_full",
        "POST",
        f"/sparql?default-graph-uri={g(3)}&named-graph-uri={g(1)}&named-graph-uri={g(2)}",
        ASK_FULL,
        DIRECT,
        kind="boolean",
        boolean=True,
    ),
    Case(
        "query_multiple_dataset",
        "POST",
        f"/sparql?named-graph-uri={g(1)}&named-graph-uri={g(2)}",
        f"ASK FROM <{DATA}data3.rdf> {ASK_NAMED[4:]}",
        DIRECT,
        kind="boolean",
        boolean=True,  # the protocol's dataset wins over the query's FROM
    ),
    Case("query_get", "GET", f"/sparql?query=ASK%20%7B%7D&default-graph-uri={g(0)}", kind="boolean", boolean=True),
    Case(
        "query_content_type_select",
        "POST",
        f"/sparql?default-graph-uri={g(0)}",
        "SELECT (1 AS ?value) {}",
        DIRECT,
        kind="tabular",
    ),
    Case("query_content_type_ask", "POST", f"/sparql?default-graph-uri={g(0)}", "ASK {}", DIRECT, kind="boolean"),
    Case(
        "query_content_type_describe",
        "POST",
        f"/sparql?default-graph-uri={g(0)}",
        "DESCRIBE <http://example.org/>",
        DIRECT,
        kind="RDF",
    ),
    Case(
        "query_content_type_construct",
        "POST",
        f"/sparql?default-graph-uri={g(0)}",
        "CONSTRUCT { <s> <p> 1 } WHERE {}",
        DIRECT,
        kind="RDF",
    ),
    Case("query_post_direct", "POST", "/sparql", "ASK {}", DIRECT, kind="boolean", boolean=True),
    Case(
        "query_post_form_dataset",
        "POST",
        "/sparql",
        f"query={quote(ASK_1_2, safe='')}&default-graph-uri={g(1)}&default-graph-uri={g(2)}",
        FORM,
        kind="boolean",
        boolean=True,
    ),
    Case("bad_query_method", "PUT", f"/sparql?query=ASK%20%7B%7D&default-graph-uri={g(0)}", b"", FORM, "4xx"),
    Case("bad_multiple_queries", "GET", "/sparql?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D", status="4xx"),
    Case(
        "bad_multiple_queries_form",
        "POST",
        "/sparql",
        "query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D",
        FORM,
        "4xx",
    ),
    Case("bad_query_wrong_media_type", "POST", "/sparql", "ASK {}", "text/plain", "4xx"),
    Case("bad_query_missing_form_type", "POST", "/sparql", "query=ASK%20%7B%7D", None, "4xx"),
    Case("bad_query_missing_direct_type", "POST", "/sparql", "ASK {}", None, "4xx"),
    Case(
        "bad_query_non_utf8",
        "POST",
        "/sparql",
        "ASK {}".encode("utf-16"),
        f"{DIRECT}; charset=UTF-16",
        "4xx",
    ),
    Case("bad_query_syntax", "GET", "/sparql?query=ASK%20%7B", status="4xx"),
    Case("bad_update_get", "GET", "/sparql?update=CLEAR%20ALL", status="4xx"),
    Case("bad_multiple_updates", "POST", "/sparql", "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", FORM, "4xx"),
    Case("bad_update_wrong_media_type", "POST", "/sparql", "CLEAR NAMED", "text/plain", "4xx"),
    Case("bad_update_missing_form_type", "POST", "/sparql", "update=CLEAR%20NAMED", None, "4xx"),
    Case(
        "bad_update_non_utf8",
        "POST",
        "/sparql",
        "CLEAR NAMED".encode("utf-16"),
        f"{UPDATE}; charset=UTF-16",
        "4xx",
    ),
    Case("bad_update_syntax", "POST", "/sparql", "update=CLEAR%20XYZ", FORM, "4xx"),
    Case(
        "bad_update_dataset_conflict",
        "POST",
        "/sparql?using-named-graph-uri=http%3A%2F%2Fexample%2Fpeople",
        "PREFIX foaf: <http://xmlns.com/foaf/0.1/>\nWITH <http://example/addresses>\n"
        "DELETE { ?person foaf:givenName 'Bill' }\nINSERT { ?person foaf:givenName 'William' }\n"
        "WHERE { ?person foaf:givenName 'Bill' }",
        UPDATE,
        "4xx",
    ),
    Case("bad_update_form_body_missing", "POST", "/sparql?update=CLEAR%20ALL", "", FORM, "4xx"),
    # the update cases: a read-only endpoint refuses each
    Case("update_post_form", "POST", "/sparql", "update=CLEAR+ALL", FORM, "403"),
    Case("update_post_direct", "POST", "/sparql", "CLEAR ALL", UPDATE, "403"),
    Case(
        "update_dataset_default_graph",
        "POST",
        f"/sparql?using-graph-uri={g(1)}",
        f"CLEAR ALL ;\nINSERT DATA {{ GRAPH <{DATA}data1.rdf> {{ <{DATA}data1.rdf> a <{FOAF_DOCUMENT}> }} }}",
        UPDATE,
        "403",
    ),
    Case(
        "update_base_uri",
        "POST",
        "/sparql",
        "CLEAR GRAPH <http://example.org/protocol-base-test/> ;\n"
        "INSERT DATA { GRAPH <http://example.org/protocol-base-test/> { <http://example.org/s> "
        "<http://example.org/p> <test> } }",
        UPDATE,
        "403",
    ),
]


@pytest.fixture(scope="module")
def w3c_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store holding the suite's graphs, each in the named graph of its IRI."""
    folder = tmp_path_factory.mktemp("w3c") / "store"
    create_disk_store(
        folder, {URIRef(f"{DATA}data{n}.rdf"): [FIXTURES / f"data{n}.nt"] for n in (1, 2, 3)}, "w3c-protocol-tests"
    )
    return folder


@pytest.fixture(scope="module", params=["local", "remote"])
def endpoint(
    request: pytest.FixtureRequest, w3c_store: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The base URL of ``mirna-kg serve`` over the store folder (local), or fronting an Oxigraph server over a
    copy of it (remote)."""
    logs = tmp_path_factory.mktemp(f"serve-{request.param}")
    if request.param == "local":
        with mirna_kg_server(logs, "--store", str(w3c_store), "--workers", "1") as served:
            yield served.url
        return
    copy = logs / "store"
    shutil.copytree(w3c_store, copy)
    with oxigraph_server(copy) as url, mirna_kg_server(logs, "--store", url, "--workers", "1") as served:
        yield served.url


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_w3c_protocol(endpoint: str, case: Case) -> None:
    headers = {"Content-Type": case.content_type} if case.content_type else {}
    content = case.body.encode("utf-8") if isinstance(case.body, str) else case.body
    response = httpx.request(case.method, endpoint + case.path, content=content, headers=headers, timeout=60)
    if case.status == "2xx":
        assert 200 <= response.status_code < 400, response.text
    elif case.status == "4xx":
        assert 400 <= response.status_code < 500, response.text
    else:
        assert response.status_code == int(case.status), response.text
    media = response.headers.get("content-type", "").split(";")[0].strip()
    if case.kind == "boolean":
        assert media in ("application/sparql-results+json", "application/sparql-results+xml")
        if case.boolean is not None:
            assert boolean_of(response.content, media) is case.boolean
    elif case.kind == "tabular":
        assert media in RESULTS_TYPES
        assert json.loads(response.content)["results"]["bindings"][0]["value"]["value"] == "1"
    elif case.kind == "RDF":
        assert media in RDF_TYPES
        graph = Graph().parse(data=response.content, format=media)
        if "CONSTRUCT" in str(case.body):  # <s> resolved against the endpoint, the service's base IRI
            assert [str(s) for s in graph.subjects()] == [endpoint + "/s"]


def boolean_of(body: bytes, media: str) -> bool:
    """An ASK result's value, from SPARQL JSON or XML."""
    if media.endswith("json"):
        return json.loads(body)["boolean"]
    found = ElementTree.fromstring(body).find("{http://www.w3.org/2005/sparql-results#}boolean")
    assert found is not None
    return found.text == "true"


@pytest.mark.parametrize(
    ("sparql", "based"),
    [
        ("CONSTRUCT { <s> <p> 1 } WHERE {}", True),
        ("ASK { <urn:x:a> ?p <#frag> }", True),
        ("BASE <http://example.org/> ASK { <s> ?p ?o }", False),  # the query's own base wins
        ('ASK { <http://example.org/a> ?p "<s>" } # <s>', False),  # in a string and a comment: no IRI
        ("SELECT * WHERE { ?a ?b ?c FILTER(?a < ?b) }", False),
        ("SELECT * WHERE { ?s ?p ?o", False),  # untouched, so a syntax error points where the user wrote it
    ],
)
def test_relative_iris_resolve_against_the_endpoint_only_when_needed(sparql: str, based: bool) -> None:
    endpoint = "http://127.0.0.1:8000/sparql"
    assert with_base(sparql, endpoint) == (f"BASE <{endpoint}>\n{sparql}" if based else sparql)
    assert with_base(sparql, "http://evil>/sparql") == sparql  # a Host header that is no IRI is not used
