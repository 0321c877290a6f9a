"""HermiT, through owlready2, finds the ontology and its imports consistent, with no unsatisfiable class."""

from __future__ import annotations

from mirna_kg.loading import load
from mirna_kg.reasoning import check_consistency

from .conftest import LAYOUT


def test_ontology_is_consistent_and_every_class_satisfiable() -> None:
    result = check_consistency(load(LAYOUT.ontology_files()).graph)
    assert result.consistent, result.detail
    assert result.detail == "consistent", result.detail


def test_contradictory_effect_is_inconsistent() -> None:
    """A claim with both closed-set effects contradicts the functional property + AllDifferent axioms."""
    graph = load(LAYOUT.ontology_files()).graph
    graph.parse(data="""
        @prefix mkg: <https://w3id.org/mirna-kg/ontology/> .
        <https://example.org/claim> a mkg:RegulatoryClaim ;
            mkg:effectOnTumor mkg:promotesTumor , mkg:inhibitsTumor .
    """, format="turtle")
    assert not check_consistency(graph).consistent
