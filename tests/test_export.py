"""The release in dist/: RDF serializations round-trip through two parsers, N-Triples is reproducible,
JSON-LD expands with the shipped context, KGX keeps every claim with provenance, VoID counts are right."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic, to_canonical_graph
from rdflib.namespace import RDF

from mirna_kg.building import EDGES_NAME, NODES_NAME, VOID_NAME, BuildResult, build
from mirna_kg.export import CONTEXT_FILE, SERIALIZATIONS, canonical_blank_triples, canonical_graph, context_text, turtle
from mirna_kg.loading import LoadedGraph
from mirna_kg.namespaces import MKG, compress
from mirna_kg.void import DATASET, VOID, describe

from .conftest import LAYOUT

OXIGRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    out = tmp_path_factory.mktemp("dist")
    return out, build(out)


def _rdflib_term(term: object) -> object:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    assert isinstance(term, ox.Literal)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":  # RDF 1.1: a plain literal
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


@pytest.mark.slow
@pytest.mark.parametrize("name", list(SERIALIZATIONS))
def test_serialization_parses_back_with_rdflib(release: tuple[Path, BuildResult], name: str) -> None:
    out, result = release
    spec = SERIALIZATIONS[name]
    parsed = Graph().parse(out / spec.file_name, format=spec.rdflib)
    assert isomorphic(parsed, result.graph), f"{spec.file_name} does not round-trip through rdflib"


@pytest.mark.slow
@pytest.mark.parametrize("name", list(SERIALIZATIONS))
def test_serialization_parses_back_with_oxigraph(release: tuple[Path, BuildResult], name: str) -> None:
    out, result = release
    spec = SERIALIZATIONS[name]
    parsed = Graph()
    for triple in ox.parse(path=str(out / spec.file_name), format=OXIGRAPH_FORMATS[name]):
        parsed.add((_rdflib_term(triple.subject), _rdflib_term(triple.predicate), _rdflib_term(triple.object)))
    assert isomorphic(parsed, result.graph), f"{spec.file_name} does not round-trip through Oxigraph"


@pytest.mark.slow
def test_ntriples_are_sorted_and_byte_identical_across_builds(
    release: tuple[Path, BuildResult], tmp_path: Path
) -> None:
    out, _ = release
    build(tmp_path)
    first = (out / "mirna-kg.nt").read_bytes()
    assert first == (tmp_path / "mirna-kg.nt").read_bytes()
    lines = first.decode("utf-8").splitlines()
    assert lines == sorted(lines)


SYMMETRIC = """
@prefix : <http://example.org/> .
_:a :next _:b . _:b :next _:c . _:c :next _:d . _:d :next _:a .
:x :has [ :value 1 ], [ :value 1 ], [ :value "1" ] ; :list ( [ :value 1 ] [ :value 1 ] 2 ) .
_:e :same _:f . _:f :same _:e .
"""


@pytest.mark.parametrize("which", ["curated", "void", "symmetric"])
def test_canonical_blank_nodes_are_rdflibs(loaded: LoadedGraph, which: str) -> None:
    """The build's canonicalisation labels every blank node as ``rdflib.compare.to_canonical_graph`` does: on
    the curated graph, on its VoID description (a blank node per partition) and on blank nodes that only
    individuation tells apart (a ring, identical siblings, lists, a two-cycle)."""
    graph = {
        "curated": lambda: loaded.graph,
        "void": lambda: describe(loaded.graph, {"mirna-kg.ttl": "text/turtle"}),
        "symmetric": lambda: Graph().parse(data=SYMMETRIC, format="turtle"),
    }[which]()
    blank = [t for t in graph if any(isinstance(term, BNode) for term in t)]
    assert len(blank) > 10
    reference = Graph()
    for triple in blank:
        reference.add(triple)
    assert canonical_blank_triples(blank) == set(to_canonical_graph(reference))


def _awkward_graph(order: int) -> Graph:
    """IRIs that rdflib's Turtle serializer gives a prefixed name late, never, or under a made-up prefix: a
    namespace first met as a subject and later as a predicate (``ns1``), local names it must escape or cannot
    use, an IRI that is a namespace itself, a prefix starting with ``_``; ``order`` varies the insertion order."""
    ex, other, loose = "http://example.org/", "http://other.example/ns/", "http://loose.example/terms#"
    graph = Graph()
    graph.bind("_u", "http://underscore.example/")
    graph.bind("ex", ex)
    items = BNode()
    triples = [
        (URIRef(other + "thing"), RDF.type, URIRef(ex + "Kind")),
        (URIRef(ex + "s"), URIRef(other + "thing"), Literal("v", datatype=URIRef(loose + "dt"))),
        (URIRef(ex + "s"), URIRef(loose + "p"), URIRef(ex + "end.")),
        (URIRef(ex + "s"), URIRef(ex + "q"), URIRef("http://purl.org/dc/terms/")),
        (URIRef(ex + "a(b)"), URIRef("http://underscore.example/p"), Literal("x", lang="en-gb")),
        (URIRef(ex + "p%2"), URIRef(ex + "list"), items),
        (items, RDF.first, Literal(1)),
        (items, RDF.rest, RDF.nil),
        (URIRef(loose + "p"), URIRef(ex + "q"), BNode()),
    ]
    for triple in triples[order:] + triples[:order]:
        graph.add(triple)
    return graph


@pytest.mark.parametrize("which", ["curated", "void", "awkward"])
def test_turtle_is_rdflibs_byte_for_byte(loaded: LoadedGraph, which: str) -> None:
    """The build's Turtle (rdflib's serializer remembering prefixed names) is what rdflib writes."""
    graphs = {
        "curated": lambda: [loaded.graph],
        "void": lambda: [canonical_graph(describe(loaded.graph, {"mirna-kg.ttl": "text/turtle"}))],
        "awkward": lambda: [_awkward_graph(order) for order in range(9)],
    }[which]()
    for graph in graphs:
        expected = graph.serialize(format="turtle", encoding="utf-8")
        assert turtle(graph) == expected
    if which == "awkward":
        assert b"ns1:" in expected and b"p_u:" in expected  # the made-up prefixes are exercised


def test_shipped_context_is_current() -> None:
    from mirna_kg.loading import parse_file

    shipped = (LAYOUT.ontology_dir / CONTEXT_FILE).read_text(encoding="utf-8")
    assert shipped == context_text(parse_file(LAYOUT.ontology_file)), (
        "ontology/mirna-kg.context.jsonld is stale: run "
        "`mirna-kg export --format context --out ontology/mirna-kg.context.jsonld`"
    )


@pytest.mark.slow
def test_jsonld_expands_with_the_shipped_context(release: tuple[Path, BuildResult]) -> None:
    out, result = release
    document = json.loads((out / "mirna-kg.jsonld").read_text(encoding="utf-8"))
    shipped = json.loads((LAYOUT.ontology_dir / CONTEXT_FILE).read_text(encoding="utf-8"))
    assert document["@context"] == shipped["@context"]
    del document["@context"]
    parsed = Graph().parse(data=json.dumps(document), format="json-ld", context=shipped["@context"])
    assert isomorphic(parsed, result.graph)
    assert '"mirna"' in (out / "mirna-kg.jsonld").read_text(encoding="utf-8"), "short keys are used"


def _tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_kgx_edges_connect_nodes_and_keep_every_claim(release: tuple[Path, BuildResult]) -> None:
    out, result = release
    nodes = _tsv(out / NODES_NAME)
    edges = _tsv(out / EDGES_NAME)
    node_ids = {n["id"] for n in nodes}
    assert len(node_ids) == len(nodes), "node ids are unique"
    assert all(n["category"].startswith("biolink:") for n in nodes)
    for edge in edges:
        assert edge["subject"] in node_ids and edge["object"] in node_ids, edge["id"]
        assert edge["predicate"].startswith("biolink:")
        assert edge["claim"] and edge["review"] and edge["location"], edge["id"]
    graph = result.graph
    claims = {compress(str(c)) for c in graph.subjects(RDF.type, MKG.RegulatoryClaim)}
    assert {e["claim"] for e in edges} == claims
    cancer_pairs = {
        (compress(str(c)), compress(str(d))) for c, d in graph.subject_objects(MKG.cancer) if compress(str(c)) in claims
    }
    assert {(e["claim"], e["object"]) for e in edges if e["original_predicate"] == "mkg:cancer"} == cancer_pairs
    with_references = {compress(str(c)) for c in graph.subjects(MKG.citedReference) if compress(str(c)) in claims}
    assert all(e["reference"] for e in edges if e["claim"] in with_references)
    effects = {e["claim"]: e["effect"] for e in edges}
    for claim in graph.subjects(MKG.effectOnTumor, MKG.promotesTumor):
        if compress(str(claim)) in claims:
            assert effects[compress(str(claim))] == "promotes"


def test_void_counts_match_the_graph(release: tuple[Path, BuildResult]) -> None:
    out, result = release
    void = Graph().parse(out / VOID_NAME, format="turtle")
    graph = result.graph
    dataset = URIRef(str(DATASET))
    assert int(void.value(dataset, VOID.triples)) == len(graph)
    assert int(void.value(dataset, VOID.entities)) == len({s for s in graph.subjects() if isinstance(s, URIRef)})
    assert int(void.value(dataset, VOID.properties)) == len(set(graph.predicates()))
    assert int(void.value(dataset, VOID.classes)) == len(set(graph.objects(None, RDF.type)))
    for partition in void.objects(dataset, VOID.classPartition):
        cls = void.value(partition, VOID["class"])
        assert int(void.value(partition, VOID.entities)) == len(set(graph.subjects(RDF.type, cls)))
    downloads = {
        str(d).rsplit("/", 1)[-1] for d in void.objects(dataset, URIRef("http://www.w3.org/ns/dcat#distribution"))
    }
    assert {"mirna-kg.ttl", "mirna-kg.nt", "mirna-kg.jsonld", "mirna-kg.owl", NODES_NAME, EDGES_NAME} <= downloads
    assert {str(s) for s in void.objects(dataset, URIRef("http://purl.org/dc/terms/source"))} == {
        "https://doi.org/10.3389/fonc.2026.1775016",
        "https://doi.org/10.3892/ijo.2019.4952",
    }


def test_the_release_carries_its_kgx_metadata_and_a_crate_listing_every_file(
    release: tuple[Path, BuildResult],
) -> None:
    from mirna_kg.building import KGX_METADATA_NAME
    from mirna_kg.interop.crate import CRATE_NAME
    from mirna_kg.kgx import BIOLINK_VERSION

    out, _ = release
    metadata = json.loads((out / KGX_METADATA_NAME).read_text(encoding="utf-8"))
    assert metadata["biolink_version"] == BIOLINK_VERSION
    crate = json.loads((out / CRATE_NAME).read_text(encoding="utf-8"))
    listed = {e["@id"] for e in crate["@graph"] if e.get("@type") == "File"}
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")} - {
        CRATE_NAME
    }
    assert listed == on_disk
    assert {"inferred.ttl", KGX_METADATA_NAME, NODES_NAME} <= listed
    assert any(name.startswith("figures/") for name in listed)
