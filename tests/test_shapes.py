"""The curated data conforms, and every named shape constraint rejects a small broken example with its message."""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from mirna_kg.loading import LoadedGraph, load
from mirna_kg.namespaces import MKGSH, SH, bind_prefixes
from mirna_kg.validation import load_shapes, validate_loaded, validate_paths

from .conftest import FIXTURES, LAYOUT

SHAPES = load_shapes(LAYOUT.shape_files())
VIOLATIONS = sorted((FIXTURES / "violations").glob("*.ru"))


def _named_shapes_with_messages() -> list[str]:
    return sorted(str(s)[len(str(MKGSH)) :] for s in set(SHAPES.subjects(SH.message, None)) if isinstance(s, URIRef))


@cache
def _parsed_fixture() -> LoadedGraph:
    return load([*LAYOUT.ontology_files(), FIXTURES / "valid.ttl"])


def _fixture_graph() -> LoadedGraph:
    """A fresh copy of the ontology, imports and valid fixture: parsed once (that is most of the cost), copied
    for each test, which breaks it with its own update."""
    parsed = _parsed_fixture()
    graph = Graph()
    bind_prefixes(graph.namespace_manager)
    graph += parsed.graph
    files = defaultdict(set, {node: set(paths) for node, paths in parsed.subject_files.items()})
    return LoadedGraph(graph, parsed.files, files)


def test_curated_data_conforms() -> None:
    report = validate_paths()
    assert report.conforms, report.to_text()


def test_valid_fixture_conforms() -> None:
    report = validate_loaded(_fixture_graph(), SHAPES)
    assert report.conforms and not report.violations, report.to_text()


def test_every_constraint_has_a_violation_fixture() -> None:
    missing = sorted(set(_named_shapes_with_messages()) - {p.stem for p in VIOLATIONS})
    assert not missing, f"add tests/fixtures/violations/<name>.ru for: {missing}"


@pytest.mark.parametrize("fixture", VIOLATIONS, ids=lambda p: p.stem)
def test_violation_fixture_fails_with_its_message(fixture: Path) -> None:
    shape = MKGSH[fixture.stem]
    message = str(SHAPES.value(shape, SH.message))
    loaded = _fixture_graph()
    loaded.graph.update(fixture.read_text(encoding="utf-8"))
    report = validate_loaded(loaded, SHAPES)
    assert not report.conforms
    messages = {v.message for v in report.violations}
    assert message in messages, f"{fixture.name} did not trigger {shape}; got {messages}"


def test_every_class_the_data_uses_has_a_shape(loaded: LoadedGraph) -> None:
    """A shape targets each of our classes that data or imports instantiate (directly or through a superclass)."""
    from rdflib.namespace import RDF, RDFS

    from mirna_kg.namespaces import MKG

    targeted = set(SHAPES.objects(None, SH.targetClass))
    graph: Graph = loaded.graph
    used = {o for o in graph.objects(None, RDF.type) if str(o).startswith(str(MKG))}
    uncovered = [c for c in used if not (set(graph.transitive_objects(c, RDFS.subClassOf)) & targeted)]
    assert not uncovered, f"classes without a shape: {uncovered}"
