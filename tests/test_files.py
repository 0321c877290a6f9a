"""Every shipped RDF and query file parses, and the ontology carries its metadata and term documentation."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from mirna_kg.loading import parse_file
from mirna_kg.namespaces import MKG, ONTOLOGY_IRI
from mirna_kg.queries import read_query

from .conftest import LAYOUT

RDF_FILES = [*LAYOUT.ontology_files(), *LAYOUT.shape_files(), *LAYOUT.data_files()]
QUERY_FILES = sorted(LAYOUT.queries_dir.glob("*.rq"))


@pytest.mark.parametrize("path", RDF_FILES, ids=lambda p: str(p.relative_to(LAYOUT.root)))
def test_rdf_file_parses(path: Path) -> None:
    assert len(parse_file(path)) > 0


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.name)
def test_query_file_parses(path: Path) -> None:
    from rdflib.plugins.sparql import prepareQuery

    prepareQuery(read_query(path).text)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return parse_file(LAYOUT.ontology_file)


def test_ontology_header(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    for predicate in (OWL.versionIRI, DCTERMS.title, DCTERMS.description, DCTERMS.license, DCTERMS.creator):
        assert ontology.value(ONTOLOGY_IRI, predicate) is not None, f"ontology lacks {predicate}"
    assert str(ontology.value(ONTOLOGY_IRI, DCTERMS.license)) == "https://creativecommons.org/licenses/by/4.0/"


def _own_terms(ontology: Graph) -> list[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.NamedIndividual)
    return sorted(
        {
            s
            for k in kinds
            for s in ontology.subjects(RDF.type, k)
            if isinstance(s, URIRef) and str(s).startswith(str(MKG))
        }
    )


def test_every_own_term_has_label_and_definition(ontology: Graph) -> None:
    terms = _own_terms(ontology)
    assert len(terms) > 50
    missing = [
        str(t) for t in terms if ontology.value(t, RDFS.label) is None or ontology.value(t, SKOS.definition) is None
    ]
    assert not missing, f"terms without rdfs:label or skos:definition: {missing}"


def test_every_query_header_is_complete() -> None:
    from mirna_kg.queries import REQUIRED_HEADER_KEYS

    for path in QUERY_FILES:
        query = read_query(path)
        missing = [k for k in REQUIRED_HEADER_KEYS if not query.header.get(k)]
        assert not missing, f"{path.name}: header lacks {missing}"
