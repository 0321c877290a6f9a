"""The claims browser (core ``mirna_kg.claims`` and ``/claims``), the editor's completion endpoints, and the page
fixes of issue 24 §2 (icon, RDF/XML, cancer page types, face-neutral 400s).

Filters are checked against SPARQL written here by hand from the ontology (not from the browser's code): the
rows two facets give are the claims the equivalent graph pattern finds. Expected claims are the reviews' own
(table and row cited beside each).
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import Graph, URIRef
from starlette.testclient import TestClient

from mirna_kg import api
from mirna_kg.claims import COLUMNS, FACETS, Selection
from mirna_kg.errors import InputError
from mirna_kg.queries import stored_queries
from mirna_kg.web import Settings, create_app

HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
PREFIXES = """
PREFIX mkg: <https://w3id.org/mirna-kg/ontology/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX obo: <http://purl.obolibrary.org/obo/>
"""
#: What every row of all_claims requires of a claim.
CLAIM = "?claim a mkg:RegulatoryClaim ; mkg:mirna ?any_mirna ; mkg:statedIn/dcterms:identifier ?any_doi ."
STATEMENT = "https://w3id.org/mirna-kg/statement/"


@pytest.fixture(scope="module")
def store() -> api.Store:
    return api.open_store()


@pytest.fixture(scope="module")
def table(store: api.Store) -> api.ClaimTable:
    return api.claim_table(store)


@pytest.fixture(scope="module")
def client(store: api.Store):
    with TestClient(create_app(store, Settings(workers=1, timeout=20))) as test_client:
        yield test_client


def sparql_claims(store: api.Store, pattern: str) -> set[str]:
    rows = store.select(f"{PREFIXES} SELECT DISTINCT ?claim WHERE {{ {CLAIM} {pattern} }}").rows
    return {str(r[0]) for r in rows}


def chosen(**filters: str | list[str]) -> Selection:
    return Selection.parse({k: v if isinstance(v, list) else [v] for k, v in filters.items()})


# ------------------------------------------------------------------------------------------------------------
# The core
# ------------------------------------------------------------------------------------------------------------


def test_rows_are_all_claims_cell_for_cell(store: api.Store, table: api.ClaimTable) -> None:
    answer = api.run_stored_query(store, "all_claims")
    expected = {
        str(row[0]): {v: "" if t is None else str(t) for v, t in zip(answer.variables, row, strict=True)}
        for row in answer.rows
    }
    assert tuple(answer.variables) == COLUMNS
    assert {r.iri: r.cells() for r in table.rows} == expected


# Each case: two facets (one with two values, OR-ed), and the graph pattern that means the same.
COMBINED = {
    "breast cancer, recipient a macrophage or subtype": (
        {"cancer": "MONDO:0007254", "recipient": "CL:0000235"},
        "?claim mkg:cancer obo:MONDO_0007254 ; mkg:recipientCell/rdfs:subClassOf* obo:CL_0000235 .",
    ),
    "hsa-mir-21 with its matures and groups, promoting the tumour": (
        {"mirna": "mirbase:MI0000077", "effect": "mkg:promotesTumor"},
        "?claim mkg:mirna ?m ; mkg:effectOnTumor mkg:promotesTumor . "
        "<https://identifiers.org/mirbase:MI0000077> (mkg:hasMember|mkg:hasMatureProduct)* ?m .",
    ),
    "review 002, carried by exosomes": (
        {"review": "doi:10.3892/ijo.2019.4952", "vehicle": "mkg:exosome"},
        "?claim mkg:statedIn <https://doi.org/10.3892/ijo.2019.4952> ; mkg:vehicle mkg:exosome .",
    ),
    "breast or lung cancer, effect not stated": (
        {"cancer": ["MONDO:0007254", "MONDO:0008903"], "effect": "mkg:effectNotStated"},
        "VALUES ?c { obo:MONDO_0007254 obo:MONDO_0008903 } "
        "?claim mkg:cancer ?c ; mkg:effectOnTumor mkg:effectNotStated .",
    ),
    "leukocyte recipients of miRNAs from malignant cells": (
        {"recipient": "CL:0000738", "source": "CL:0001064"},
        "?claim mkg:recipientCell/rdfs:subClassOf* obo:CL_0000738 ; mkg:sourceCell obo:CL_0001064 .",
    ),
}


@pytest.mark.parametrize("case", COMBINED, ids=list(COMBINED))
def test_combined_facets_give_the_rows_of_the_equivalent_sparql(
    case: str, store: api.Store, table: api.ClaimTable
) -> None:
    filters, pattern = COMBINED[case]
    view = api.browse_claims(table, chosen(**filters))
    expected = sparql_claims(store, pattern)
    assert expected, "the case must find something, or it checks nothing"
    assert {r.iri for r in view.rows} == expected


def test_breast_cancer_macrophage_rows_include_table_4_row_1(table: api.ClaimTable) -> None:
    # review 000 Table 4 row 1: miR-19a-5p targets Fra-1 (FOSL1) and inhibits M2 polarization, breast cancer
    view = api.browse_claims(table, chosen(cancer="MONDO:0007254", recipient="CL:0000235"))
    row = next(r for r in view.rows if r.name == "gu2026-t4-r01-miR-19a-5p")
    assert row.mirna and row.mirna.label == "hsa-miR-19a-5p"
    assert [t.label for t in row.targets] == ["FOSL1"]
    assert row.effect and row.effect.label == "inhibits the tumour" and row.effect_notation == "inhibits"
    assert row.location == "Table 4"


@pytest.mark.parametrize("facet", [f.key for f in FACETS])
def test_a_count_is_the_rows_choosing_that_value_gives(facet: str, table: api.ClaimTable) -> None:
    base = chosen(cancer="MONDO:0007254") if facet != "cancer" else chosen(effect="mkg:inhibitsTumor")
    view = api.browse_claims(table, base)
    counts = next(fc for fc in view.facets if fc.facet.key == facet)
    assert counts.values, f"facet {facet} lists nothing"
    for value in counts.values[:12]:
        narrowed = api.browse_claims(table, base.toggled(facet, value.term.key))
        assert len(narrowed.rows) == value.count, (facet, value.term.label)


def test_values_of_one_facet_are_alternatives(table: api.ClaimTable) -> None:
    breast = api.browse_claims(table, chosen(cancer="MONDO:0007254"))
    lung = api.browse_claims(table, chosen(cancer="MONDO:0008903"))
    both = api.browse_claims(table, chosen(cancer=["MONDO:0007254", "MONDO:0008903"]))
    assert {r.iri for r in both.rows} == {r.iri for r in breast.rows} | {r.iri for r in lung.rows}


def test_text_filter_matches_every_word_in_labels_quotes_and_places(table: api.ClaimTable) -> None:
    view = api.browse_claims(table, chosen(q="exosome osteoclast"))
    assert view.rows
    for row in view.rows:
        assert "exosome" in row.text and "osteoclast" in row.text
    assert api.browse_claims(table, chosen(q="Table 5")).rows
    assert not api.browse_claims(table, chosen(q="no-such-thing-anywhere")).rows


def test_sorting_and_a_bad_sort(table: api.ClaimTable) -> None:
    view = api.browse_claims(table, chosen(sort="-review"))
    labels = [r.review.label for r in view.rows if r.review]
    assert labels == sorted(labels, reverse=True)
    with pytest.raises(InputError, match="cannot sort by 'colour'"):
        Selection.parse({"sort": ["colour"]})


def test_selection_round_trips_through_its_url() -> None:
    selection = chosen(recipient="http://purl.obolibrary.org/obo/CL_0000235", q="exosome", sort="-mirna")
    assert selection.chosen("recipient") == ("CL:0000235",)  # an IRI is kept as its CURIE
    again = Selection.parse({k: [v for key, v in selection.params() if key == k] for k, _ in selection.params()})
    assert again == selection


# ------------------------------------------------------------------------------------------------------------
# /claims
# ------------------------------------------------------------------------------------------------------------


def test_page_without_javascript_has_facet_links_a_get_form_and_the_rows(client: TestClient) -> None:
    response = client.get("/claims", params={"cancer": "MONDO:0007254", "recipient": "CL:0000235"}, headers=HTML)
    assert response.status_code == 200
    text = response.text
    assert '<form class="claims-filter" method="get" action="/claims"' in text
    assert 'name="cancer" value="MONDO:0007254"' in text  # the state rides along with the text filter
    assert "gu2026-t4-r01-miR-19a-5p" in text
    assert "?cancer=MONDO%3A0007254&amp;recipient=CL%3A0000235&amp;recipient=CL%3A0000084" in text  # add T cell
    assert "?recipient=CL%3A0000235" in text  # remove the cancer filter
    assert "format=csv" in text and "format=ttl" in text


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "ttl"])
def test_download_holds_exactly_the_filtered_rows(fmt: str, client: TestClient, store: api.Store) -> None:
    filters = {"cancer": "MONDO:0007254", "recipient": "CL:0000235"}
    expected = sparql_claims(store, COMBINED["breast cancer, recipient a macrophage or subtype"][1])
    response = client.get("/claims", params={**filters, "format": fmt})
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    if fmt == "ttl":
        graph = Graph().parse(data=response.text, format="turtle")
        assert {str(s) for s in graph.subjects() if str(s).startswith(STATEMENT)} == expected
        assert (URIRef(STATEMENT + "gu2026-t4-r01-miR-19a-5p"), None, None) in graph
        return
    if fmt == "json":
        rows = response.json()
    else:
        rows = list(csv.DictReader(io.StringIO(response.text), delimiter="," if fmt == "csv" else "\t"))
    assert all(tuple(r) == COLUMNS for r in rows)
    assert {r["claim"] for r in rows} == expected
    assert len(rows) == len(expected)


def test_bad_requests_are_explained(client: TestClient) -> None:
    response = client.get("/claims", params={"sort": "colour"})
    assert response.status_code == 400 and "sort by one of" in response.text
    response = client.get("/claims", params={"format": "xlsx"})
    assert response.status_code == 400 and "csv, tsv, json, ttl" in response.text
    response = client.get("/claims", params={"tumour": "breast"}, headers=HTML)
    assert response.status_code == 400 and "no filter &#39;tumour&#39;" in response.text and "cancer" in response.text


def test_a_filter_that_matches_nothing_stays_removable(client: TestClient) -> None:
    response = client.get("/claims", params={"cancer": "MONDO:0007254", "vehicle": "mkg:nothing"}, headers=HTML)
    assert response.status_code == 200
    assert "No claim matches" in response.text and "?cancer=MONDO%3A0007254" in response.text


# ------------------------------------------------------------------------------------------------------------
# The editor: completion from the graph, the gallery
# ------------------------------------------------------------------------------------------------------------


def test_completion_offers_prefixes_classes_properties_and_entities(client: TestClient) -> None:
    prefixes = {p["prefix"]: p["iri"] for p in client.get("/complete/prefixes").json()}
    assert prefixes["mkg"] == "https://w3id.org/mirna-kg/ontology/"
    classes = client.get("/complete/classes", params={"q": "RegulatoryCl"}).json()
    assert classes[0]["curie"] == "mkg:RegulatoryClaim"
    by_iri = client.get("/complete/properties", params={"q": "https://w3id.org/mirna-kg/ontology/targetG"}).json()
    assert [p["curie"] for p in by_iri] == ["mkg:targetGene"]
    assert "rdfs:label" in [p["curie"] for p in client.get("/complete/properties", params={"q": "rdfs:lab"}).json()]
    entities = client.get("/complete/entities", params={"q": "hsa-miR-21"}).json()
    assert "https://identifiers.org/mirbase.mature:MIMAT0000076" in [e["iri"] for e in entities[:5]]
    assert client.get("/complete/entities", params={"q": "h"}).json() == []


def test_editor_page_has_the_gallery_and_no_outside_completer(client: TestClient) -> None:
    text = client.get("/sparql", headers=HTML).text
    for stored in stored_queries():
        assert f'href="/sparql?stored={stored.name}"' in text
    script = client.get("/static/editor.js").text
    for kind in ("prefixes", "classes", "properties", "entities"):  # the browser test checks no request leaves
        assert f"/complete/{kind}" in script


# ------------------------------------------------------------------------------------------------------------
# Issue 24 §2: pages
# ------------------------------------------------------------------------------------------------------------


def test_favicon(client: TestClient) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.headers["content-type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file


@pytest.mark.parametrize("path", ["/entity/MONDO:0007254", "/entity/CL:0000235"])
def test_cancer_and_cell_pages_do_not_call_themselves_owl_class(path: str, client: TestClient) -> None:
    text = client.get(path, headers=HTML).text
    kind_line = text[text.index('<p class="kind">') :].split("</p>")[0]
    assert "owl:Class" not in kind_line and "Class" not in kind_line


@pytest.mark.parametrize("path", ["/entity/hgnc:17635", "/ontology/RegulatoryClaim"])
def test_rdf_xml_by_accept_and_suffix(path: str, client: TestClient) -> None:
    for response in (client.get(path, headers={"Accept": "application/rdf+xml"}), client.get(path + ".rdf")):
        assert response.status_code == 200 and response.headers["content-type"].startswith("application/rdf+xml")
        assert len(Graph().parse(data=response.content, format="xml")) > 0


def test_http_errors_do_not_speak_of_command_line_options(client: TestClient) -> None:
    response = client.get("/queries/claims_by_target", headers={"Accept": "text/csv"})
    assert response.status_code == 400
    assert "--param" not in response.text and "gene" in response.text


def test_home_names_the_default_reasoner_correctly(client: TestClient) -> None:
    assert "classified by HermiT" not in client.get("/", headers=HTML).text


def test_claims_are_linked_from_every_page(client: TestClient) -> None:
    assert 'href="/claims"' in client.get("/", headers=HTML).text
    assert json.loads(client.get("/complete/classes", params={"q": ""}).text)  # an empty word lists the start
