"""The entity core (``describe``, ``search``) on the real graph, the ``describe`` command and the static site."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph

from mirna_kg import api
from mirna_kg.entities import describe, search
from mirna_kg.namespaces import HGNC
from mirna_kg.resources import graph_files
from mirna_kg.stores import OxigraphStore
from mirna_kg.web.site import build_site

from .cli_runner import CliRunner

CD274 = str(HGNC["17635"])


@pytest.fixture(scope="module")
def store():
    return api.open_store()


@pytest.mark.parametrize(
    ("iri", "label", "kind"),
    [
        ("hgnc:17635", "CD274", "gene"),
        ("HGNC:17635", "CD274", "gene"),
        ("mirbase:MI0000077", "hsa-mir-21", "mirna"),
        ("CL:0000235", "macrophage", "cell"),
        ("MONDO:0007254", "breast cancer", "cancer"),
        ("mkg:TumorAssociatedMacrophage", "tumor-associated macrophage", "cell"),
        ("https://w3id.org/mirna-kg/statement/gu2026-t4-r01-miR-19a-5p", "gu2026-t4-r01-miR-19a-5p", "statement"),
    ],
)
def test_describe_kinds(store, iri, label, kind):
    found = describe(store, iri)
    assert found.exists and found.kind == kind
    assert label in (found.label, found.curie.partition(":")[2])


def test_mirna_relatives_and_claims(store):
    precursor = describe(store, "mirbase:MI0000077")
    assert [r.label for r in precursor.relatives["mature products"]] == ["hsa-miR-21-3p", "hsa-miR-21-5p"]
    mature = describe(store, "mirbase.mature:MIMAT0000076")
    assert [r.curie for r in mature.relatives["precursor"]] == ["mirbase:MI0000077"]
    # the mature's page lists the precursor's claims too, saying through which node
    assert {c.ref.iri for c in precursor.claims} <= {c.ref.iri for c in mature.claims}
    assert any(c.via and c.via.curie == "mirbase:MI0000077" for c in mature.claims)


def test_gene_claims_name_their_mirnas_and_provenance(store):
    gene = describe(store, CD274)
    claim = next(c for c in gene.claims if c.ref.iri.endswith("gu2026-t4-r14-miR-92"))
    assert claim.roles == ["downstream gene"] and claim.effect.label
    assert claim.review.label == "Gu, Zhu & Li 2026" and claim.table == "Table 4" and claim.row == "14"
    assert "PD-L1" in claim.quote and claim.references == ["61"]


def test_claim_description_links_its_disagreement(store):
    found = describe(store, "https://w3id.org/mirna-kg/statement/gu2026-t4-r02-miR-23a_27a_24-2")
    assert [r.iri.rsplit("/", 1)[-1] for r in found.claims[0].disagrees_with] == ["gu2026-s4.1.1-miR-23a_27a_24-2"]
    assert [c.ref.iri.rsplit("/", 1)[-1] for c in found.related_claims] == ["gu2026-s4.1.1-miR-23a_27a_24-2"]
    assert found.claims[0].flags


def test_describe_unknown(store):
    assert not describe(store, "hgnc:999999999").exists
    assert not describe(store, "just a name").exists


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("CD274", CD274),
        ("miR-21", "https://identifiers.org/mirbase:MI0000077"),
        ("hsa-mir-21", "https://identifiers.org/mirbase:MI0000077"),
        ("MIMAT0000076", "https://identifiers.org/mirbase.mature:MIMAT0000076"),
        ("hgnc:17635", CD274),
        ("macrophage", "http://purl.obolibrary.org/obo/CL_0000235"),
        ("TAM", "https://w3id.org/mirna-kg/ontology/TumorAssociatedMacrophage"),
    ],
)
def test_search_ranking(store, text, first):
    assert search(store, text, 5)[0].iri == first


def test_search_finds_names_as_written(store):
    # "Tumor cell exosomes" is how review 000 Table 4 writes a source cell; it leads to the cell named
    hits = search(store, "Tumor cell exosomes", 5)
    assert hits and hits[0].field == "as written" and hits[0].kind == "cell"


def test_search_handles_odd_input(store):
    assert search(store, "", 5) == []
    # quotes, braces and angle brackets are data, never SPARQL: no syntax error, no injected pattern
    assert all(m.kind != "statement" for m in search(store, '"} UNION { ?s ?p ?o } #', 50))
    assert isinstance(search(store, "<>\\'\"", 5), list)


def test_search_pd_l1_alias():
    """PD-L1 is an HGNC alias of CD274 (skos:altLabel in ontology/imports/hgnc_import.ttl)."""
    store = OxigraphStore.from_files(graph_files())
    hits = search(store, "PD-L1", 5)
    assert hits[0].iri == CD274 and hits[0].field == "synonym" and hits[0].matched == "PD-L1"


def test_describe_command():
    runner = CliRunner()
    result = runner.invoke(["describe", "CD274"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("CD274  (gene, hgnc:17635)") and "gu2026-t4-r14-miR-92" in result.output
    data = json.loads(runner.invoke(["describe", "miR-21", "--format", "json"]).output)
    assert data["curie"] == "mirbase:MI0000077" and data["claims"]
    missing = runner.invoke(["describe", "no-such-entity-anywhere"])
    assert missing.exit_code == 2


def test_static_site(store, tmp_path: Path):
    iris = [CD274, "https://w3id.org/mirna-kg/statement/gu2026-t4-r01-miR-19a-5p"]
    assert build_site(store, tmp_path, iris=iris) == 2
    page = (tmp_path / "entity" / "hgnc:17635.html").read_text(encoding="utf-8")
    assert "<h1>CD274</h1>" in page and 'href="/statement/gu2026-t4-r14-miR-92"' in page
    assert len(Graph().parse(tmp_path / "statement" / "gu2026-t4-r01-miR-19a-5p.ttl", format="turtle")) > 10
    assert len(Graph().parse(tmp_path / "statement" / "gu2026-t4-r01-miR-19a-5p.jsonld", format="json-ld")) > 10
    assert "Questions the graph answers" in (tmp_path / "index.html").read_text(encoding="utf-8")
    assert (tmp_path / "static" / "style.css").is_file()
