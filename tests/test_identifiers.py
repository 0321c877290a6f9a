"""Identifier integrity: every external IRI resolves in the shipped import modules, with the same label.

The import modules under ontology/imports/ are the project's small subsets of miRBase, HGNC, CL, MONDO, GO
and ECO (plus a hand-kept file for SO, RO and NCBITaxon). This test needs nothing outside the repository.
When the authoritative tables are present (``../shared/reference``), a second test re-extracts the modules
from them and checks the shipped ones are identical, so a stale or hand-edited module is caught.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import to_isomorphic
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from mirna_kg.imports import extract
from mirna_kg.loading import load, parse_file
from mirna_kg.namespaces import authority_of

from .conftest import LAYOUT

IMPORT_FILES = sorted(LAYOUT.imports_dir.glob("*.ttl"))
CHECKED_FILES = [LAYOUT.ontology_file, *LAYOUT.shape_files(), *LAYOUT.data_files()]
REFERENCE = LAYOUT.root.parent / "shared" / "reference"


@pytest.fixture(scope="module")
def declared() -> dict[URIRef, set[str]]:
    """External IRI -> labels, as the import modules declare them."""
    labels: dict[URIRef, set[str]] = {}
    graph = load(IMPORT_FILES).graph
    for subject, label in graph.subject_objects(RDFS.label):
        if isinstance(subject, URIRef) and authority_of(str(subject)):
            labels.setdefault(subject, set()).add(str(label))
    return labels


@pytest.mark.parametrize("path", IMPORT_FILES, ids=lambda p: p.name)
def test_import_module_records_source_and_version(path: Path) -> None:
    graph = parse_file(path)
    header = next(graph.subjects(RDF.type, OWL.Ontology))
    assert graph.value(header, DCTERMS.source), f"{path.name}: no dcterms:source"
    assert graph.value(header, OWL.versionInfo), f"{path.name}: no owl:versionInfo"


@pytest.mark.parametrize("path", IMPORT_FILES, ids=lambda p: p.name)
def test_import_module_gives_one_label_per_term(path: Path) -> None:
    graph = parse_file(path)
    for subject in set(graph.subjects(RDFS.label, None)):
        assert len(list(graph.objects(subject, RDFS.label))) == 1, f"{subject} has several labels"


@pytest.mark.parametrize("path", CHECKED_FILES, ids=lambda p: str(p.relative_to(LAYOUT.root)))
def test_every_external_iri_is_declared(path: Path, declared: dict[URIRef, set[str]]) -> None:
    graph = parse_file(path)
    terms = {t for triple in graph for t in triple if isinstance(t, URIRef) and authority_of(str(t))}
    unknown = sorted(str(t) for t in terms if t not in declared)
    assert not unknown, (
        f"{path.name}: external IRIs not in ontology/imports/ (invented, mistyped, or run "
        f"`mirna-kg imports --reference ../shared/reference`): {unknown}"
    )


@pytest.mark.parametrize("path", CHECKED_FILES, ids=lambda p: str(p.relative_to(LAYOUT.root)))
def test_labels_of_external_iris_match_the_authority(path: Path, declared: dict[URIRef, set[str]]) -> None:
    graph = parse_file(path)
    wrong = [
        (str(s), str(o))
        for p in (RDFS.label, SKOS.prefLabel)
        for s, o in graph.subject_objects(p)
        if s in declared and isinstance(o, Literal) and str(o) not in declared[s]
    ]
    assert not wrong, f"{path.name}: labels differ from the authority's: {wrong}"


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="authoritative reference tables not present")
def test_shipped_imports_equal_a_fresh_extraction() -> None:
    for path, fresh in extract(LAYOUT, REFERENCE).items():
        shipped = parse_file(path)
        assert to_isomorphic(_without_header(shipped)) == to_isomorphic(_without_header(fresh)), (
            f"{path.name} is stale: run `mirna-kg imports --reference {REFERENCE}`"
        )


def _without_header(graph: Graph) -> Graph:
    out = Graph()
    header = next(graph.subjects(RDF.type, OWL.Ontology))
    for triple in graph:
        if triple[0] != header:
            out.add(triple)
    return out
