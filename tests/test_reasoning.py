"""Reasoning: the fast SPARQL classifier, HermiT (through owlready2), and their agreement.

The fast path is checked against independent SPARQL over the asserted claims (class by class) and against
HermiT (marked slow: HermiT takes ~20 s); a defined class added to the ontology in a test is classified with
no change to Python; HermiT never touches the network.
"""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from mirna_kg.errors import InputError
from mirna_kg.loading import LoadedGraph, load
from mirna_kg.namespaces import MKG, MKGS
from mirna_kg.reasoning import DEFINED_CLASSES, ReasoningResult, class_queries, hermit, reason, require_java
from mirna_kg.stores import OxigraphStore, RdflibStore

from .cli_runner import CliRunner
from .conftest import LAYOUT

PREFIXES = """
PREFIX mkg: <https://w3id.org/mirna-kg/ontology/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX obo: <http://purl.obolibrary.org/obo/>
"""

#: Independent oracles: each defined class written by hand over the asserted claims (what the ontology's
#: definition says in words), to compare the classifier with.
ORACLES = {
    MKG.TumorPromotingMiRNA: "?c a mkg:RegulatoryClaim ; mkg:mirna ?m ; mkg:effectOnTumor mkg:promotesTumor .",
    MKG.TumorSuppressiveMiRNA: "?c a mkg:RegulatoryClaim ; mkg:mirna ?m ; mkg:effectOnTumor mkg:inhibitsTumor .",
    MKG.ContextDependentMiRNA: """
        ?p a mkg:RegulatoryClaim ; mkg:mirna ?m ; mkg:effectOnTumor mkg:promotesTumor .
        ?i a mkg:RegulatoryClaim ; mkg:mirna ?m ; mkg:effectOnTumor mkg:inhibitsTumor .""",
    MKG.VesicleTransferredMiRNA: """?c a mkg:RegulatoryClaim ; mkg:mirna ?m ; mkg:vehicle ?v .
        VALUES ?v { mkg:exosome mkg:extracellularVesicle mkg:smallExtracellularVesicle mkg:microvesicle }""",
    MKG.ImmuneModulatingMiRNA: """?c a mkg:RegulatoryClaim ; mkg:mirna ?m ; mkg:recipientCell ?cell .
        ?cell rdfs:subClassOf* obo:CL_0000738 .""",
    MKG.BoneRemodelingMiRNA: """?c a mkg:RegulatoryClaim ; mkg:mirna ?m .
        { ?c mkg:recipientCell ?cell . ?cell rdfs:subClassOf* ?bone .
          VALUES ?bone { obo:CL_0000092 mkg:OsteoclastPrecursorCell obo:CL_0000062 obo:CL_0007010 } }
        UNION
        { ?c mkg:promotesProcess|mkg:inhibitsProcess|mkg:regulatesProcess|mkg:affectsProcess ?process .
          ?process rdfs:subClassOf* ?go .
          VALUES ?go { obo:GO_0030316 obo:GO_0001649 obo:GO_0045453 obo:GO_0001503 obo:GO_0030282 } }""",
}

CLAIM_HEADER = """
@prefix mkg: <https://w3id.org/mirna-kg/ontology/> .
@prefix mkgs: <https://w3id.org/mirna-kg/statement/> .
@prefix obo: <http://purl.obolibrary.org/obo/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix mirbase.mature: <https://identifiers.org/mirbase.mature:> .
"""

TREG_CLAIM = """
    obo:CL_0000815 rdfs:label "regulatory T cell" ; rdfs:subClassOf obo:CL_0000084 .
    obo:CL_0000084 rdfs:subClassOf obo:CL_0000542 . obo:CL_0000542 rdfs:subClassOf obo:CL_0000842 .
    obo:CL_0000842 rdfs:subClassOf obo:CL_0000738 .
    mirbase.mature:MIMAT0004490 a mkg:MatureMicroRNA .
    mkgs:test-treg a mkg:RegulatoryClaim ; mkg:mirna mirbase.mature:MIMAT0004490 ;
        mkg:recipientCell obo:CL_0000815 ; mkg:effectOnTumor mkg:promotesTumor .
"""
TREG_MIRNA = URIRef("https://identifiers.org/mirbase.mature:MIMAT0004490")

CLASH = "mkgs:test-clash a mkg:RegulatoryClaim ; mkg:effectOnTumor mkg:promotesTumor , mkg:inhibitsTumor ."

#: Defined classes that are not in the ontology: the classifier must handle them from the axioms alone.
NEW_CLASSES = """
mkg:LungCancerMiRNA a owl:Class ;
    owl:equivalentClass [ a owl:Class ; owl:intersectionOf ( mkg:MicroRNAEntity
        [ a owl:Restriction ; owl:onProperty mkg:isMirnaOf ; owl:someValuesFrom
            [ a owl:Class ; owl:intersectionOf ( mkg:RegulatoryClaim
                [ a owl:Class ; owl:unionOf (
                    [ a owl:Restriction ; owl:onProperty mkg:cancer ; owl:hasValue obo:MONDO_0008903 ]
                    [ a owl:Restriction ; owl:onProperty mkg:cancer ; owl:hasValue obo:MONDO_0005233 ]
                    [ a owl:Restriction ; owl:onProperty mkg:cancer ; owl:hasValue obo:MONDO_0005061 ] ) ] ) ] ] ) ] .
mkg:PanCancerMiRNA a owl:Class ;
    owl:equivalentClass [ a owl:Class ; owl:intersectionOf ( mkg:MicroRNAEntity
        [ a owl:Restriction ; owl:onProperty mkg:reportedInCancer ;
          owl:minCardinality "3"^^xsd:nonNegativeInteger ] ) ] .
mkg:ImmuneVesicleMiRNA a owl:Class ;
    owl:equivalentClass [ a owl:Class ; owl:intersectionOf ( mkg:ImmuneModulatingMiRNA mkg:VesicleTransferredMiRNA ) ] .
mkg:OnlyPromotingMiRNA a owl:Class ;
    owl:equivalentClass [ a owl:Class ; owl:intersectionOf ( mkg:MicroRNAEntity
        [ a owl:Restriction ; owl:onProperty mkg:isMirnaOf ; owl:allValuesFrom
            [ a owl:Restriction ; owl:onProperty mkg:effectOnTumor ; owl:hasValue mkg:promotesTumor ] ] ) ] .
"""


def _oracle(graph: Graph, pattern: str) -> set[URIRef]:
    store = OxigraphStore.from_graph(graph)
    return {row[0] for row in store.select(f"{PREFIXES} SELECT DISTINCT ?m WHERE {{ {pattern} }}").rows}


def _with(graph: Graph, turtle: str) -> Graph:
    out = Graph()
    out += graph
    out.parse(data=CLAIM_HEADER + turtle, format="turtle")
    return out


def _ontology_with(turtle: str) -> Graph:
    return _with(load(LAYOUT.ontology_files()).graph, turtle)


@pytest.fixture(scope="module")
def fast(loaded: LoadedGraph) -> ReasoningResult:
    return reason(loaded.graph)


@pytest.fixture(scope="module")
def curated(loaded: LoadedGraph) -> tuple[Graph, ReasoningResult]:
    return loaded.graph, reason(loaded.graph, reasoner="hermit")


# ---- fast path ------------------------------------------------------------------------------------


def test_fast_path_reports_every_defined_mirna_class_in_display_order(fast: ReasoningResult) -> None:
    assert fast.reasoner == "fast" and fast.consistent, fast.explanation
    assert tuple(fast.memberships) == DEFINED_CLASSES
    assert all(fast.memberships.values()), "every defined class has members in the curated data"
    assert fast.notes == []


@pytest.mark.parametrize("cls", list(ORACLES), ids=lambda c: str(c).rsplit("/", 1)[-1])
def test_fast_path_matches_an_independent_query(loaded: LoadedGraph, fast: ReasoningResult, cls: URIRef) -> None:
    assert fast.memberships[cls] == _oracle(loaded.graph, ORACLES[cls])


def test_multi_cancer_set_equals_the_shared_across_cancers_query(loaded: LoadedGraph, fast: ReasoningResult) -> None:
    """The cardinality restriction over the rolled-up cancers and the stored roll-up query agree."""
    from mirna_kg.answers import run_stored_query

    table = run_stored_query(OxigraphStore.from_graph(loaded.graph), "shared_across_cancers")
    assert fast.memberships[MKG.MultiCancerMiRNA] == {row[0] for row in table.rows}


def test_fast_path_infers_the_subclass_links_between_defined_classes(fast: ReasoningResult) -> None:
    links = set(fast.inferred.subject_objects(RDFS.subClassOf))
    assert (MKG.ContextDependentMiRNA, MKG.TumorPromotingMiRNA) in links
    assert (MKG.ContextDependentMiRNA, MKG.TumorSuppressiveMiRNA) in links
    assert (MKG.ContextDependentMiRNA, MKG.MicroRNAEntity) not in links, "only direct links"
    assert {sub for sub, _ in links} == set(DEFINED_CLASSES)


def test_inferred_graph_holds_only_new_memberships_and_class_links(loaded: LoadedGraph, fast: ReasoningResult) -> None:
    assert len(fast.inferred) > 0
    for subject, predicate, obj in fast.inferred:
        assert (subject, predicate, obj) not in loaded.graph, "inferred.ttl repeats an asserted triple"
        if predicate == RDF.type:
            assert subject in fast.memberships[obj]
        else:
            assert predicate == RDFS.subClassOf and str(subject).startswith(str(MKG))


def test_regulatory_t_cell_recipient_is_immune_modulating_through_the_cell_ontology() -> None:
    result = reason(_ontology_with(TREG_CLAIM))
    assert result.consistent
    assert TREG_MIRNA in result.memberships[MKG.ImmuneModulatingMiRNA]
    assert TREG_MIRNA in result.memberships[MKG.TumorPromotingMiRNA]
    assert TREG_MIRNA not in result.memberships[MKG.BoneRemodelingMiRNA]


def test_claim_with_both_effects_is_a_clash_the_fast_path_names() -> None:
    result = reason(_ontology_with(CLASH))
    assert not result.consistent
    assert any("mkgs:test-clash" in line and "mkg:effectOnTumor is functional" in line for line in result.explanation)


def test_member_of_two_disjoint_classes_is_a_clash() -> None:
    result = reason(_ontology_with("mkgs:test-both a mkg:RegulatoryClaim , mkg:BiomarkerStatement ."))
    assert not result.consistent
    assert any("mkgs:test-both: is both a" in line for line in result.explanation), result.explanation


def test_a_new_defined_class_is_classified_from_the_axioms_alone(loaded: LoadedGraph, fast: ReasoningResult) -> None:
    result = reason(_with(loaded.graph, NEW_CLASSES))
    lung = _oracle(
        loaded.graph,
        """?c a mkg:RegulatoryClaim ; mkg:mirna ?m ; mkg:cancer ?cancer .
        VALUES ?cancer { obo:MONDO_0008903 obo:MONDO_0005233 obo:MONDO_0005061 }""",
    )
    assert lung and result.memberships[MKG.LungCancerMiRNA] == lung
    immune_vesicle = fast.memberships[MKG.ImmuneModulatingMiRNA] & fast.memberships[MKG.VesicleTransferredMiRNA]
    assert immune_vesicle and result.memberships[MKG.ImmuneVesicleMiRNA] == immune_vesicle
    from mirna_kg.reasoning import CANCER_ROLLUP

    cancers: dict[URIRef, set] = {}
    for mirna, root in OxigraphStore.from_graph(loaded.graph).select(CANCER_ROLLUP).rows:
        cancers.setdefault(mirna, set()).add(root)
    assert result.memberships[MKG.PanCancerMiRNA] == {m for m, roots in cancers.items() if len(roots) >= 3}
    links = set(result.inferred.subject_objects(RDFS.subClassOf))
    assert (MKG.PanCancerMiRNA, MKG.MultiCancerMiRNA) in links, "structural subsumption of >= 3 by >= 2"
    assert {
        (MKG.ImmuneVesicleMiRNA, MKG.ImmuneModulatingMiRNA),
        (MKG.ImmuneVesicleMiRNA, MKG.VesicleTransferredMiRNA),
    } <= links
    # allValuesFrom: no data proves it under the open world; the class keeps its asserted members and says so
    assert result.memberships[MKG.OnlyPromotingMiRNA] == set()
    assert any("OnlyPromotingMiRNA" in note and "allValuesFrom" in note for note in result.notes)


def test_class_queries_are_plain_sparql_that_any_store_runs(loaded: LoadedGraph, fast: ReasoningResult) -> None:
    queries = class_queries(OxigraphStore.from_graph(loaded.graph))
    assert set(queries) == set(DEFINED_CLASSES)
    store = OxigraphStore.from_graph(loaded.graph)
    assert {row[0] for row in store.select(queries[MKG.ContextDependentMiRNA]).rows} == fast.memberships[
        MKG.ContextDependentMiRNA
    ]


def test_reason_cli_exits_1_naming_the_clash(tree_copy, monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    from mirna_kg.resources import HOME_VARIABLE

    (tree_copy.data_dir / "clash.ttl").write_text(
        CLAIM_HEADER + CLASH.replace("test-clash", "gu2026-s4.1.1-clash"), encoding="utf-8"
    )
    monkeypatch.setenv(HOME_VARIABLE, str(tree_copy.root))
    result = CliRunner().invoke(["reason", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "inconsistent" in result.output and "mkgs:gu2026-s4.1.1-clash" in result.output
    assert not (tmp_path / "inferred.ttl").exists()


def test_unknown_reasoner_is_an_input_error(loaded: LoadedGraph) -> None:
    with pytest.raises(InputError, match="unknown reasoner"):
        reason(loaded.graph, reasoner="pellet")


def test_missing_java_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, loaded: LoadedGraph) -> None:
    monkeypatch.setattr(hermit.shutil, "which", lambda _name: None)
    with pytest.raises(InputError, match="HermiT needs Java"):
        require_java()
    with pytest.raises(InputError, match="HermiT needs Java"):
        reason(loaded.graph, reasoner="hermit")
    from .cli_runner import CliRunner

    result = CliRunner().invoke(["reason", "--reasoner", "hermit", "--out", "unused"])
    assert result.exit_code == 2
    assert "HermiT needs Java" in result.output and "Traceback" not in result.output


def test_fast_reason_command_needs_no_java(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from .cli_runner import CliRunner

    monkeypatch.setattr(hermit.shutil, "which", lambda _name: None)
    result = CliRunner().invoke(["reason", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "consistent (fast" in result.output and (tmp_path / "inferred.ttl").is_file()


def test_reasoner_input_drops_owl_imports() -> None:
    graph = _ontology_with("<https://w3id.org/mirna-kg/ontology> owl:imports <http://127.0.0.1:9/x> .")
    assert not list(hermit.reasoner_input(graph).triples((None, URIRef("http://www.w3.org/2002/07/owl#imports"), None)))


# ---- HermiT, and agreement --------------------------------------------------------------------------


@pytest.mark.slow
def test_curated_graph_is_consistent(curated: tuple[Graph, ReasoningResult]) -> None:
    _, result = curated
    assert result.consistent, result.explanation


@pytest.mark.slow
def test_fast_path_and_hermit_agree_on_every_defined_class(
    curated: tuple[Graph, ReasoningResult], fast: ReasoningResult
) -> None:
    _, result = curated
    assert list(result.memberships) == list(fast.memberships)
    for cls, members in result.memberships.items():
        assert fast.memberships[cls] == members, f"{cls}: fast and HermiT differ"
    assert set(fast.inferred) == set(result.inferred), "the same inferred memberships and subclass links"


@pytest.mark.slow
def test_fast_path_on_rdflib_store_equals_oxigraph(loaded: LoadedGraph, fast: ReasoningResult) -> None:
    """Only SPARQL is needed: rdflib's engine gives the same answers (slowly)."""
    assert reason(RdflibStore(loaded.graph)).memberships == fast.memberships


@pytest.mark.slow
def test_review_examples_of_opposite_effects_are_context_dependent(curated: tuple[Graph, ReasoningResult]) -> None:
    """Review 000 Table 4: miR-126 promotes (row 22, MDSC exosomes) and inhibits (row 26, endothelial cells);
    miR-16 inhibits (row 16, FAK-deficient CAFs) and promotes (row 32, osteolytic factors); miR-223 promotes
    (row 8, IL-4 activated macrophages) and inhibits (row 33, osteoclast formation)."""
    graph, result = curated
    labels = {str(graph.value(m, RDFS.label)) for m in result.memberships[MKG.ContextDependentMiRNA]}
    for name in ("hsa-mir-126", "hsa-miR-16", "hsa-mir-223"):
        assert any(label.startswith(name) for label in labels), f"{name} not context-dependent: {sorted(labels)}"


@pytest.mark.slow
def test_inferred_roles_query_lists_every_classified_mirna(curated: tuple[Graph, ReasoningResult]) -> None:
    from mirna_kg.answers import run_stored_query

    graph, result = curated
    merged = Graph()
    merged += graph
    merged += result.inferred
    table = run_stored_query(OxigraphStore.from_graph(merged), "inferred_roles")
    assert {row[0] for row in table.rows} == set().union(*result.memberships.values())


@pytest.mark.slow
def test_hermit_regulatory_t_cell_and_clash() -> None:
    result = reason(_ontology_with(TREG_CLAIM), reasoner="hermit")
    assert result.consistent
    assert TREG_MIRNA in result.memberships[MKG.ImmuneModulatingMiRNA]
    clash = reason(_ontology_with(CLASH), reasoner="hermit")
    assert not clash.consistent
    assert any("mkgs:test-clash" in line and "mkg:effectOnTumor is functional" in line for line in clash.explanation)


@pytest.mark.slow
def test_hermit_never_fetches_an_import() -> None:
    """An owl:imports of a local listener: HermiT's run must not connect to it (owlready2 would fetch it if
    the reasoner input kept the owl:imports triple)."""
    connections: list[object] = []
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(0.2)
    port = server.getsockname()[1]
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except OSError:
                continue
            connections.append(connection)
            with connection:  # answer 404, so a regression fails (owlready2 raises) instead of hanging
                connection.settimeout(1)
                try:
                    connection.recv(4096)
                    connection.sendall(b"HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        graph = _ontology_with(f"<{MKGS}test-ontology> a owl:Ontology ; owl:imports <http://127.0.0.1:{port}/x> .")
        assert reason(graph, reasoner="hermit").consistent
    finally:
        stop.set()
        thread.join()
        server.close()
    assert connections == [], "HermiT's input fetched an owl:imports"
