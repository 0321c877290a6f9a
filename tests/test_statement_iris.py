"""Statement IRIs are minted from what a statement is and where it is stated (never from a counter)."""

from __future__ import annotations

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF, RDFS

from mirna_kg.loading import LoadedGraph
from mirna_kg.namespaces import MKG, slug
from mirna_kg.reviews import reviews, statement_iri

from .conftest import LAYOUT

KEY_OF_REVIEW = {review.iri: key for key, review in reviews().items()}


def _statements(loaded: LoadedGraph) -> list[URIRef]:
    graph = loaded.graph
    kinds = set(graph.transitive_subjects(RDFS.subClassOf, MKG.Statement))
    return sorted({s for k in kinds for s in graph.subjects(RDF.type, k) if isinstance(s, URIRef)})


def test_statements_exist(loaded: LoadedGraph) -> None:
    assert len(_statements(loaded)) >= 9


def test_statement_iris_follow_the_minting_rule(loaded: LoadedGraph) -> None:
    graph = loaded.graph
    bad = []
    for statement in _statements(loaded):
        review = graph.value(statement, MKG.statedIn)
        key = KEY_OF_REVIEW.get(review)
        table = graph.value(statement, MKG.table)
        sections = sorted(str(s) for s in graph.objects(statement, MKG.section))
        location = str(table) if table else (sections[0] if sections else "")
        row = graph.value(statement, MKG.tableRow)
        name = graph.value(statement, MKG.mirnaAsWritten)
        if key is None or not location:
            bad.append(f"{statement}: no known review or no location")
            continue
        prefix = str(statement_iri(key, location, "x", row=int(row) if row else None))[:-1]
        if not str(statement).startswith(prefix):
            bad.append(f"{statement}: expected to start with {prefix}")
        elif name and not str(statement)[len(prefix) :].startswith(slug(str(name))):
            bad.append(f"{statement}: expected {prefix}{slug(str(name))}[-qualifier]")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("path", LAYOUT.data_files(), ids=lambda p: str(p.relative_to(LAYOUT.root)))
def test_no_statement_is_defined_in_two_files(path, loaded: LoadedGraph) -> None:
    doubles = [s for s in _statements(loaded) if len(loaded.files_of(s)) > 1 and path in loaded.files_of(s)]
    assert not doubles, f"statements described in more than one file: {doubles}"
