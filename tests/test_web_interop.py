"""The release described for machines, on the web: the home page's schema.org ``Dataset`` and the FAIR
Signposting ``Link`` headers of the landing page and of entity pages (issue 25 §3).

A real release is built once into a temporary folder and served by the app.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from starlette.testclient import TestClient

from mirna_kg import api
from mirna_kg.web import Settings, create_app

SCHEMA = "https://schema.org/"
HTML = {"Accept": "text/html"}


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("release") / "dist"
    api.build(out)
    return out


@pytest.fixture(scope="module")
def client(release: Path) -> Iterator[TestClient]:
    with TestClient(create_app(api.open_store(), Settings(workers=1, dist_dir=release))) as test_client:
        yield test_client


def links(header: str) -> list[tuple[str, dict[str, str]]]:
    """A ``Link`` header as (target, parameters) pairs."""
    found = []
    for target, params in re.findall(r"<([^>]*)>((?:\s*;\s*[a-z]+=\"[^\"]*\")*)", header):
        found.append((target, dict(re.findall(r'([a-z]+)="([^"]*)"', params))))
    return found


def test_home_page_embeds_the_dataset_as_json_ld(client: TestClient, release: Path) -> None:
    page = client.get("/", headers=HTML).text
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    document = json.loads(script)
    assert document["@context"] == SCHEMA  # read offline: the remote context is schema.org's @vocab
    graph = Graph().parse(data=json.dumps(document | {"@context": {"@vocab": SCHEMA}}), format="json-ld")
    (dataset,) = graph.subjects(RDF.type, URIRef(SCHEMA + "Dataset"))
    downloads = {
        str(o)
        for d in graph.objects(dataset, URIRef(SCHEMA + "distribution"))
        for o in graph.objects(d, URIRef(SCHEMA + "contentUrl"))
    }
    shipped = {p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file()}
    assert {u.rsplit("/downloads/", 1)[1] for u in downloads} <= shipped and len(downloads) > 5
    citations = set(graph.objects(dataset, URIRef(SCHEMA + "citation")))
    assert {URIRef("https://doi.org/10.3389/fonc.2026.1775016"), URIRef("https://doi.org/10.3892/ijo.2019.4952")} <= (
        citations
    )
    assert (dataset, URIRef(SCHEMA + "license"), None) in graph


def test_landing_page_signposts_every_release_file(client: TestClient) -> None:
    response = client.get("/", headers=HTML)
    found = links(response.headers["link"])
    rels = {params["rel"] for _, params in found}
    assert {"cite-as", "describedby", "type", "license", "item"} <= rels
    items = [target for target, params in found if params["rel"] == "item"]
    for target in items:  # every item is served, figures in their folder too
        assert client.get(target).status_code == 200, target


@pytest.mark.parametrize(
    "path, iri",
    [
        ("/statement/gu2026-t4-r01-miR-19a-5p", "https://w3id.org/mirna-kg/statement/gu2026-t4-r01-miR-19a-5p"),
        ("/entity/CL:0000235", "http://purl.obolibrary.org/obo/CL_0000235"),
        ("/entity/hgnc:17635", "https://identifiers.org/hgnc:17635"),
    ],
)
def test_entity_pages_signpost(client: TestClient, path: str, iri: str) -> None:
    response = client.get(path, headers=HTML)
    assert response.status_code == 200
    found = links(response.headers["link"])
    assert (iri, {"rel": "cite-as"}) in found
    described = [target for target, params in found if params["rel"] == "describedby"]
    assert described and all(client.get(target).status_code == 200 for target in described)
    assert any(params["rel"] == "license" for _, params in found)
    assert any(params["rel"] == "type" and target == SCHEMA + "AboutPage" for target, params in found)
