"""The release described for machines: the RO-Crate read back with the ``rocrate`` library, the home page's
schema.org ``Dataset`` JSON-LD parsed with rdflib, and the FAIR Signposting links of the landing page and of
three entity pages, followed on the running web app."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF
from rocrate.rocrate import ROCrate
from starlette.testclient import TestClient

from mirna_kg import __version__, api
from mirna_kg.building import release_files
from mirna_kg.interop.crate import CRATE_NAME, dataset_jsonld, dataset_script
from mirna_kg.interop.signposting import crate_files, entity_links, landing_links, link_header
from mirna_kg.loading import load
from mirna_kg.namespaces import MKG, MKGS, OBO
from mirna_kg.resources import graph_files
from mirna_kg.void import DATASET, LICENSE, release_date
from mirna_kg.web import Settings, create_app

from .conftest import GU2026, PAN2020

SDO = Namespace("http://schema.org/")
ENTITIES = [
    (str(MKGS["gu2026-t4-r01-miR-19a-5p"]), "/statement/gu2026-t4-r01-miR-19a-5p", str(MKG.RegulatoryClaim)),
    (str(MKG.TumorAssociatedMacrophage), "/ontology/TumorAssociatedMacrophage", "http://www.w3.org/2002/07/owl#Class"),
    (str(OBO.CL_0000235), "/entity/CL:0000235", "http://www.w3.org/2002/07/owl#Class"),
]


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes], Graph]:
    """A release (figures left out to keep it fast) written to a folder, as `build` lays it out."""
    graph = load(graph_files()).graph
    written = release_files(graph, with_figures=False)
    folder = tmp_path_factory.mktemp("dist")
    for name, data in written.items():
        (folder / name).write_bytes(data)
    return folder, written, graph


@pytest.fixture(scope="module")
def crate(release: tuple[Path, dict[str, bytes], Graph]) -> dict:
    return json.loads((release[0] / CRATE_NAME).read_text(encoding="utf-8"))


def test_the_rocrate_library_reads_every_file_with_size_checksum_type_and_licence(
    release: tuple[Path, dict[str, bytes], Graph],
) -> None:
    folder, written, graph = release
    crate = ROCrate(folder)
    entities = {e.id: e for e in crate.get_entities()}
    listed = {e.id: e for e in crate.data_entities}
    assert set(listed) == set(written) - {CRATE_NAME}
    for name, entity in listed.items():
        data = written[name]
        assert entity.type == "File"
        assert int(entity["contentSize"]) == len(data) == (folder / name).stat().st_size
        assert entity["sha256"] == hashlib.sha256(data).hexdigest()
        assert entity["license"].id == str(LICENSE)
        assert entity["encodingFormat"]
    assert listed["mirna-kg.ttl"]["encodingFormat"] == "text/turtle"
    assert listed["mirna-kg_nodes.tsv"]["encodingFormat"] == "text/tab-separated-values"
    root = crate.root_dataset
    assert {c.id for c in root["citation"]} == {GU2026, PAN2020}
    assert entities[GU2026].type == "ScholarlyArticle" and "10.3389/fonc.2026.1775016" in entities[GU2026]["identifier"]
    assert root["license"].id == str(LICENSE) and root["version"] == __version__
    assert root["datePublished"] == release_date(graph).isoformat()
    action = next(e for e in entities.values() if e.type == "CreateAction")
    assert action["instrument"]["version"] == __version__ and action["result"].id == "./"
    conforms = entities[CRATE_NAME]["conformsTo"]
    version = str(getattr(conforms, "id", conforms)).removeprefix("https://w3id.org/ro/crate/")
    assert tuple(int(n) for n in version.split(".")) >= (1, 1), version


def test_the_crate_is_byte_stable(release: tuple[Path, dict[str, bytes], Graph]) -> None:
    _, written, graph = release
    assert release_files(graph, with_figures=False)[CRATE_NAME] == written[CRATE_NAME]


def _schema_graph(document: dict) -> Graph:
    """Parse schema.org JSON-LD with rdflib, offline: the remote context ``https://schema.org/`` is replaced by
    what it declares at its core, ``"@vocab": "http://schema.org/"`` (rdflib would otherwise fetch it)."""
    assert document["@context"] == "https://schema.org/"
    return Graph().parse(data=json.dumps(document | {"@context": {"@vocab": str(SDO)}}), format="json-ld")


def test_the_home_page_dataset_jsonld_parses_with_rdflib(crate: dict) -> None:
    base = "https://mirna-kg.example.org/downloads/"
    graph = _schema_graph(dataset_jsonld(crate, base))
    dataset = URIRef(str(DATASET))
    assert (dataset, RDF.type, SDO.Dataset) in graph
    assert str(graph.value(dataset, SDO.name)).startswith("mirna-kg")
    assert graph.value(dataset, SDO.description)
    assert str(graph.value(dataset, SDO.license)) == str(LICENSE)
    assert {str(k) for k in graph.objects(dataset, SDO.keywords)} >= {"microRNA", "tumor microenvironment"}
    assert {str(c) for c in graph.objects(dataset, SDO.citation)} == {GU2026, PAN2020}
    assert (URIRef(GU2026), RDF.type, SDO.ScholarlyArticle) in graph
    urls = {str(graph.value(d, SDO.contentUrl)) for d in graph.objects(dataset, SDO.distribution)}
    assert urls == {base + name for name in crate_files(crate) if name != CRATE_NAME}
    assert all(graph.value(d, SDO.encodingFormat) for d in graph.objects(dataset, SDO.distribution))


def test_the_script_element_cannot_be_closed_by_a_value(crate: dict) -> None:
    hostile = json.loads(json.dumps(crate))
    next(e for e in hostile["@graph"] if e["@id"] == "./")["description"] = "</script><script>alert(1)</script>"
    script = dataset_script(hostile, "/downloads/")
    assert script.count("</script>") == 1 and script.endswith("</script>")
    body = script.split(">", 1)[1].rsplit("</script>", 1)[0]
    assert json.loads(body)["description"] == "</script><script>alert(1)</script>"


@pytest.fixture(scope="module")
def client(release: tuple[Path, dict[str, bytes], Graph]):
    app = create_app(api.open_store(), Settings(timeout=20, workers=1, dist_dir=release[0]))
    with TestClient(app) as test_client:
        yield test_client


def _targets(links: list[str], rel: str) -> list[tuple[str, str]]:
    """(target, type) of the links with relation ``rel``."""
    found = []
    for link in links:
        target, _, params = link.partition(">; ")
        attributes = dict(part.split("=", 1) for part in params.split("; "))
        if attributes["rel"] == f'"{rel}"':
            found.append((target.lstrip("<"), attributes.get("type", "").strip('"')))
    return found


@pytest.mark.parametrize(("iri", "path", "kind"), ENTITIES)
def test_entity_links_name_the_iri_and_resolve_on_the_web(client: TestClient, iri: str, path: str, kind: str) -> None:
    links = entity_links(iri, path, [kind])
    assert _targets(links, "cite-as") == [(iri, "")]
    assert (kind, "") in _targets(links, "type") and ("https://schema.org/AboutPage", "") in _targets(links, "type")
    assert _targets(links, "license") == [(str(LICENSE), "")]
    described = _targets(links, "describedby")
    assert len(described) == 3
    formats = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt"}
    for url, media_type in described:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["content-type"].startswith(media_type)
        parsed = Graph().parse(data=response.text, format=formats[media_type])
        assert (URIRef(iri), None, None) in parsed or (None, None, URIRef(iri)) in parsed, url
    assert ", " in link_header(links) and link_header(links).count("rel=") == len(links)


def test_landing_links_list_every_release_file_and_its_descriptions(client: TestClient, crate: dict) -> None:
    files = crate_files(crate)
    links = landing_links(files)
    assert _targets(links, "cite-as") == [(str(DATASET), "")]
    described = dict(_targets(links, "describedby"))
    assert described["/downloads/" + CRATE_NAME] == "application/ld+json"
    items = dict(_targets(links, "item"))
    assert items == {"/downloads/" + name: media for name, media in files.items()}
    assert items["/downloads/mirna-kg.nt"] == "application/n-triples"
    for url in [*described, *items]:
        assert client.get(url).status_code == 200, url
