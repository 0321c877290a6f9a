"""HTTP tests of the figures on the web: gallery, figure files drawn on demand, ego networks, the network page.

The app runs in-process over the project's graph (Starlette's TestClient); figures are really drawn by
matplotlib, so every assertion on an SVG reads text the figure module wrote.
"""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from mirna_kg import api
from mirna_kg.figures import figure_catalog
from mirna_kg.web import Settings, create_app

HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
BREAST = "MONDO:0007254"
MIR21 = "mirbase:MI0000077"  # hsa-mir-21, in the breast, lung and gastric claims


@pytest.fixture(scope="module")
def store():
    return api.open_store()


@pytest.fixture(scope="module")
def client(store):
    with TestClient(create_app(store, Settings(workers=1, timeout=20))) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def catalog(store):
    return figure_catalog(store)


def test_gallery_lists_every_catalog_figure_with_its_query(client, catalog):
    response = client.get("/figures/", headers=HTML)
    assert response.status_code == 200
    for spec in catalog:
        assert f'id="{spec.name}"' in response.text
        assert f'src="/figures/{spec.name}.svg"' in response.text
        assert f'href="/queries/{spec.query}"' in response.text
    assert 'href="/network/MONDO:0007254"' in response.text  # the breast network figure links its interactive view
    assert client.get("/figures", follow_redirects=False).headers["location"] == "/figures/"


def test_gallery_escapes_captions(client, catalog):
    text = client.get("/figures/", headers=HTML).text
    assert "Gu, Zhu &amp; Li 2026" in text and "Gu, Zhu & Li" not in text


def test_breast_network_svg_names_table_4_tam_mirnas(client):
    response = client.get("/figures/network-breast-cancer.svg")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    svg = response.text
    assert svg.startswith("<?xml") and "<svg" in svg
    # Table 4 of review 000: TAM-derived miR-19a-5p, miR-148b-3p and the M2 macrophage's miR-223
    for label in ("miR-19a-5p", "miR-148b-3p", "miR-223", "tumor-associated macrophage"):
        assert label in svg
    assert client.get("/figures/network-breast-cancer.svg").content == response.content  # cached, same bytes


def test_png_figure(client):
    response = client.get("/figures/bone-balance.png")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.parametrize(
    "path",
    [
        "/figures/no-such-figure.svg",
        "/figures/network-breast-cancer.pdf",  # the server draws SVG and PNG only
        "/figures/network-breast-cancer",
        "/figures/..%2F..%2Fpyproject.toml",
        "/figures/%2E%2E.svg",
        "/figures/ego/hgnc:17635.svg",  # a gene, not a miRNA
        "/figures/ego/mirbase:MI9999999.svg",
        "/figures/ego/..%2Fetc.svg",
        "/network/MONDO:9999999",
        "/network/MONDO:9999999.json",
    ],
)
def test_unknown_names_are_404(client, path):
    assert client.get(path).status_code == 404


def test_ego_network_svg_of_a_mirna(client):
    response = client.get(f"/figures/ego/{MIR21}.svg")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert "Ego network of miR-21" in response.text and "PTEN" in response.text


def test_network_json_has_nodes_edges_and_entity_links(client):
    response = client.get(f"/network/{BREAST}.json")
    assert response.status_code == 200
    data = response.json()
    assert data["cancer_label"] == "breast cancer"
    nodes, edges = data["nodes"], data["edges"]
    assert nodes and edges
    ids = {n["data"]["id"] for n in nodes}
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in edges)
    assert all({"x", "y"} <= n["position"].keys() for n in nodes)
    labels = {n["data"]["label"]: n["data"] for n in nodes}
    assert labels["miR-19a-5p"]["href"].startswith("/entity/mirbase.mature:MIMAT")
    assert labels["tumor-associated macrophage"]["href"] == "/ontology/TumorAssociatedMacrophage"  # our class
    assert labels["macrophage"]["href"] == "/entity/CL:0000235"
    assert all(e["data"]["href"].startswith("/statement/") for e in edges)
    assert {e["data"]["effect"] for e in edges} <= {"promotes", "inhibits", "both", "not stated"}
    everything = client.get("/network.json").json()
    assert everything["cancer_label"] == "all cancers" and len(everything["nodes"]) > len(nodes)


def test_node_links_reach_entity_pages(client):
    nodes = client.get(f"/network/{BREAST}.json").json()["nodes"]
    for node in nodes[:5]:
        assert client.get(node["data"]["href"], headers=HTML).status_code == 200


def test_network_page_loads_vendored_cytoscape(client):
    response = client.get(f"/network/{BREAST}", headers=HTML)
    assert response.status_code == 200
    text = response.text
    assert 'src="/static/vendor/cytoscape.min.js"' in text and "//cdn" not in text
    assert f'data-elements="/network/{BREAST}.json"' in text
    assert "promotes the tumour" in text and "inhibits the tumour" in text  # the legend
    assert client.get("/static/vendor/cytoscape.min.js").status_code == 200
    assert client.get("/static/network.js").status_code == 200
    assert client.get("/network", headers=HTML).status_code == 200


def test_mirna_page_embeds_its_ego_figure(client):
    response = client.get(f"/entity/{MIR21}", headers=HTML)
    assert response.status_code == 200
    assert f'<img src="/figures/ego/{MIR21}.svg"' in response.text
    assert 'href="/queries/fig_ego_network"' in response.text


def test_cancer_page_shows_its_network_figure_and_interactive_link(client):
    text = client.get(f"/entity/{BREAST}", headers=HTML).text
    assert '<img src="/figures/network-breast-cancer.svg"' in text
    assert f'href="/network/{BREAST}"' in text


def test_pages_without_a_figure_show_none(client):
    text = client.get("/entity/hgnc:17635", headers=HTML).text
    assert "entity-figure" not in text


def test_home_links_the_gallery(client):
    text = client.get("/", headers=HTML).text
    assert 'href="/figures/"' in text and 'href="/network"' in text


def test_every_catalog_figure_is_served(client, catalog):
    for spec in catalog:
        response = client.get(f"/figures/{spec.name}.svg")
        assert response.status_code == 200, spec.name
        title = re.escape(spec.title.split(":")[0][:30]).replace("\\ ", " ")
        assert re.search(title, response.text.replace("&#39;", "'")), spec.name
