"""HermiT (through owlready2) on the ontology and the curated graph: consistency, defined classes, clashes."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS
from typer.testing import CliRunner

from mirna_kg import reasoning
from mirna_kg.cli import app
from mirna_kg.errors import InputError
from mirna_kg.loading import LoadedGraph, load
from mirna_kg.namespaces import MKG
from mirna_kg.reasoning import ReasoningResult, reason

from .conftest import LAYOUT

BOTH_EFFECTS = """
PREFIX mkg: <https://w3id.org/mirna-kg/ontology/>
SELECT DISTINCT ?mirna WHERE {
  ?promoting a mkg:RegulatoryClaim ; mkg:mirna ?mirna ; mkg:effectOnTumor mkg:promotesTumor .
  ?inhibiting a mkg:RegulatoryClaim ; mkg:mirna ?mirna ; mkg:effectOnTumor mkg:inhibitsTumor .
}
"""

CLAIM_HEADER = """
@prefix mkg: <https://w3id.org/mirna-kg/ontology/> .
@prefix mkgs: <https://w3id.org/mirna-kg/statement/> .
@prefix obo: <http://purl.obolibrary.org/obo/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix mirbase.mature: <https://identifiers.org/mirbase.mature:> .
"""


@pytest.fixture(scope="module")
def curated(loaded: LoadedGraph) -> tuple[Graph, ReasoningResult]:
    return loaded.graph, reason(loaded.graph)


def _ontology_with(turtle: str) -> Graph:
    graph = load(LAYOUT.ontology_files()).graph
    graph.parse(data=CLAIM_HEADER + turtle, format="turtle")
    return graph


def test_ontology_alone_is_consistent() -> None:
    assert reason(load(LAYOUT.ontology_files()).graph).consistent


def test_curated_graph_is_consistent(curated: tuple[Graph, ReasoningResult]) -> None:
    _, result = curated
    assert result.consistent, result.explanation


def test_context_dependent_set_equals_sparql_over_asserted_claims(curated: tuple[Graph, ReasoningResult]) -> None:
    graph, result = curated
    expected = {row[0] for row in graph.query(BOTH_EFFECTS)}
    assert result.memberships[MKG.ContextDependentMiRNA] == expected
    assert expected, "the curated data has miRNAs with opposite effects"


def test_review_examples_of_opposite_effects_are_context_dependent(curated: tuple[Graph, ReasoningResult]) -> None:
    """Review 000 Table 4: miR-126 promotes (row 22, MDSC exosomes) and inhibits (row 26, endothelial cells);
    miR-16 inhibits (row 16, FAK-deficient CAFs) and promotes (row 32, osteolytic factors); miR-223 promotes
    (row 8, IL-4 activated macrophages) and inhibits (row 33, osteoclast formation)."""
    graph, result = curated
    labels = {str(graph.value(m, RDFS.label)) for m in result.memberships[MKG.ContextDependentMiRNA]}
    for name in ("hsa-mir-126", "hsa-miR-16", "hsa-mir-223"):
        assert any(label.startswith(name) for label in labels), f"{name} not context-dependent: {sorted(labels)}"


def test_inferred_graph_holds_only_new_memberships_and_class_links(curated: tuple[Graph, ReasoningResult]) -> None:
    from rdflib.namespace import RDF

    graph, result = curated
    assert len(result.inferred) > 0
    for subject, predicate, obj in result.inferred:
        assert (subject, predicate, obj) not in graph, "inferred.ttl repeats an asserted triple"
        if predicate == RDF.type:
            assert subject in result.memberships[obj]
        else:
            assert predicate == RDFS.subClassOf and str(subject).startswith(str(MKG))


def test_regulatory_t_cell_recipient_makes_the_mirna_immune_modulating() -> None:
    graph = _ontology_with("""
        obo:CL_0000815 rdfs:label "regulatory T cell" ; rdfs:subClassOf obo:CL_0000084 .
        obo:CL_0000084 rdfs:subClassOf obo:CL_0000542 . obo:CL_0000542 rdfs:subClassOf obo:CL_0000842 .
        obo:CL_0000842 rdfs:subClassOf obo:CL_0000738 .
        mirbase.mature:MIMAT0004490 a mkg:MatureMicroRNA .
        mkgs:test-treg a mkg:RegulatoryClaim ; mkg:mirna mirbase.mature:MIMAT0004490 ;
            mkg:recipientCell obo:CL_0000815 ; mkg:effectOnTumor mkg:promotesTumor .
    """)
    result = reason(graph)
    assert result.consistent
    mirna = URIRef("https://identifiers.org/mirbase.mature:MIMAT0004490")
    assert mirna in result.memberships[MKG.ImmuneModulatingMiRNA]
    assert mirna in result.memberships[MKG.TumorPromotingMiRNA]
    assert mirna not in result.memberships[MKG.BoneRemodelingMiRNA]


def test_claim_with_both_effects_is_inconsistent_and_explained() -> None:
    graph = _ontology_with("""
        mkgs:test-clash a mkg:RegulatoryClaim ; mkg:effectOnTumor mkg:promotesTumor , mkg:inhibitsTumor .
    """)
    result = reason(graph)
    assert not result.consistent
    assert any("mkgs:test-clash" in line and "mkg:effectOnTumor is functional" in line
               for line in result.explanation), result.explanation


def test_missing_java_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reasoning.shutil, "which", lambda _name: None)
    with pytest.raises(InputError, match="HermiT needs Java"):
        reasoning.require_java()
    result = CliRunner().invoke(app, ["reason", "--out", "unused"])
    assert result.exit_code == 2
    assert "HermiT needs Java" in result.output and "Traceback" not in result.output


def test_multi_cancer_set_equals_the_shared_across_cancers_query(curated: tuple[Graph, ReasoningResult]) -> None:
    """The OWL class (cardinality over materialized, pairwise-different cancers) and the SPARQL roll-up agree."""
    from mirna_kg.queries import find_query, run_query
    from mirna_kg.stores import OxigraphStore

    graph, result = curated
    table = run_query(OxigraphStore.from_graph(graph), find_query("shared_across_cancers"))
    assert result.memberships[MKG.MultiCancerMiRNA] == {row[0] for row in table.rows}


def test_inferred_roles_query_lists_every_classified_mirna(curated: tuple[Graph, ReasoningResult]) -> None:
    from mirna_kg.queries import find_query, run_query
    from mirna_kg.stores import OxigraphStore

    graph, result = curated
    merged = Graph()
    merged += graph
    merged += result.inferred
    table = run_query(OxigraphStore.from_graph(merged), find_query("inferred_roles"))
    assert {row[0] for row in table.rows} == set().union(*result.memberships.values())


def test_reason_cli_exits_1_naming_the_clash(tree_copy, monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    from mirna_kg.resources import HOME_VARIABLE

    (tree_copy.data_dir / "clash.ttl").write_text(CLAIM_HEADER + """
        mkgs:gu2026-s4.1.1-clash a mkg:RegulatoryClaim ; mkg:effectOnTumor mkg:promotesTumor , mkg:inhibitsTumor .
    """, encoding="utf-8")
    monkeypatch.setenv(HOME_VARIABLE, str(tree_copy.root))
    result = CliRunner().invoke(app, ["reason", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "inconsistent" in result.output and "mkgs:gu2026-s4.1.1-clash" in result.output
    assert not (tmp_path / "inferred.ttl").exists()
