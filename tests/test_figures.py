"""Figures: their data say what the curated files and the reviews say, their SVG text shows it, and the same
graph always gives the same bytes.

Expectations come from the curated Turtle (parsed here with rdflib, not through the figure code) and from the
review text cited next to each test, never from the figures' own output.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef

from mirna_kg.api import open_store as open_graph
from mirna_kg.figures import (
    FigureFile,
    bone,
    crossreview,
    ego_network,
    figure_catalog,
    network,
    network_elements,
    render_figures,
    rolemap,
)
from mirna_kg.figures.style import figure_style, short_mirna
from mirna_kg.figures.tables import query_rows
from mirna_kg.loading import LoadedGraph
from mirna_kg.namespaces import MKG, OBO, compress
from mirna_kg.reasoning import CANCER_ROLLUP
from mirna_kg.stores import OxigraphStore

from .conftest import LAYOUT

BREAST = str(OBO["MONDO_0007254"])
PROSTATE = str(OBO["MONDO_0008315"])
LUNG = str(OBO["MONDO_0008903"])
TAM = MKG.TumorAssociatedMacrophage
RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    return open_graph()


@pytest.fixture(scope="module")
def rendered(store: OxigraphStore, tmp_path_factory: pytest.TempPathFactory) -> list[FigureFile]:
    return render_figures(store, tmp_path_factory.mktemp("figures"), "svg")


def _svg(rendered: list[FigureFile], name: str) -> str:
    return next(f for f in rendered if f.path.stem == name).path.read_text(encoding="utf-8")


def _label(graph: Graph, iri: URIRef) -> str:
    return str(graph.value(iri, RDFS_LABEL))


# ---------------------------------------------------------------------------------------------------
# Communication networks
# ---------------------------------------------------------------------------------------------------


def _tam_claims() -> list[tuple[URIRef, URIRef, list[URIRef], str]]:
    """Review 000 Table 4 rows whose source is tumour-associated macrophages, from their curated file:
    (claim, miRNA, recipient cells, miRNA as written)."""
    data = Graph().parse(LAYOUT.data_dir / "gu2026" / "t4-4.1.1-tam.ttl")
    found = []
    for claim in data.subjects(MKG.sourceCell, TAM):
        if data.value(claim, MKG.table) == Literal("Table 4"):
            found.append(
                (
                    claim,
                    data.value(claim, MKG.mirna),
                    sorted(data.objects(claim, MKG.recipientCell)),
                    str(data.value(claim, MKG.mirnaAsWritten)),
                )
            )
    return sorted(found)


def test_breast_network_has_the_table4_tam_edges(store: OxigraphStore, rendered: list[FigureFile]) -> None:
    """Table 4 rows 1-2 (§4.1.1): TAM-derived miR-19a-5p acts on macrophages, the miR-23a/27a/24-2 cluster on
    TAMs; every TAM → miRNA → recipient edge of the curated file is in the breast-cancer network and its SVG."""
    expected = _tam_claims()
    assert {w for *_, w in expected} >= {"miR-19a-5p", "miR-23a/27a/24-2"}
    net = network.build_network(network.network_rows(store), BREAST)
    svg = _svg(rendered, "network-breast-cancer")
    assert "tumor-associated macrophage" in svg

    def drawn(source: str, target: str) -> list[network.NetEdge]:
        return [e for e in net.edges if (e.source, e.target) == (source, target)]

    for claim, mirna, recipients, written in expected:
        mirna_id = f"mirna:{compress(str(mirna))}"
        release = [e for e in drawn(f"source:{compress(str(TAM))}", mirna_id) if str(claim) in e.claims]
        assert release and release[0].id in svg
        for cell in recipients:
            assert any(str(claim) in e.claims for e in drawn(mirna_id, f"recipient:{compress(str(cell))}"))
        assert f">{written}" in svg  # "miR-23a/27a/24-2" is drawn as "miR-23a/27a/24-2 cluster"
    (row1,) = drawn(f"source:{compress(str(TAM))}", "mirna:mirbase.mature:MIMAT0004490")
    assert row1.effect == "inhibits"  # Table 4 row 1: "Inhibiting tumors"
    assert "FOSL1" in net.nodes["mirna:mirbase.mature:MIMAT0004490"].targets and "FOSL1" in svg  # Fra-1


def test_exosome_vehicle_is_on_the_release_edge(store: OxigraphStore) -> None:
    """Table 4 row 3: tumour-cell exosomes deliver miR-148b-3p to macrophages."""
    net = network.build_network(network.network_rows(store), BREAST)
    edge = next(
        e for e in net.edges if e.target == "mirna:mirbase.mature:MIMAT0000759" and e.source == "source:CL:0001064"
    )
    assert edge.vehicle == str(MKG.exosome) and edge.effect == "promotes"


def test_networks_cover_the_three_cancers_of_review_000(store: OxigraphStore) -> None:
    cancers = [c for c, _, _ in network.network_cancers(network.network_rows(store))]
    assert cancers[:3] == [BREAST, PROSTATE, LUNG]


def test_every_cell_group_is_known_and_layout_is_sorted(store: OxigraphStore) -> None:
    rows = network.network_rows(store)
    assert {r["cell_group"] for r in rows} <= set(network.GROUP_ORDER)
    net = network.build_network(rows, BREAST)
    for kind in ("source", "recipient"):
        groups = [network.GROUP_ORDER.index(n.group) for n in net.column(kind)]
        assert groups == sorted(groups), f"{kind} column is not grouped by lineage"
    ys = [n.y for n in net.nodes.values()]
    assert len(set((n.kind, n.y) for n in net.nodes.values())) == len(ys), "two nodes share a position"


def test_cytoscape_elements(store: OxigraphStore) -> None:
    breast = network_elements(store, BREAST)
    everything = network_elements(store, None)
    json.dumps(breast)
    for elements in (breast, everything):
        ids = {n["data"]["id"] for n in elements["nodes"]}
        assert all(n["data"]["iri"].startswith(("http", "https")) for n in elements["nodes"])
        for edge in elements["edges"]:
            assert edge["data"]["source"] in ids and edge["data"]["target"] in ids
            assert edge["data"]["effect"] in {"promotes", "inhibits", "not stated"}
            assert edge["data"]["claim"] in edge["data"]["claims"]
    assert len(everything["nodes"]) > len(breast["nodes"])
    tam_edges = [e for e in breast["edges"] if e["data"]["source"] == f"source:{compress(str(TAM))}"]
    assert {e["data"]["claim"] for e in tam_edges} >= {str(c) for c, *_ in _tam_claims()}


# ---------------------------------------------------------------------------------------------------
# Role maps
# ---------------------------------------------------------------------------------------------------


def test_role_map_uses_the_project_cancer_rollup(store: OxigraphStore) -> None:
    """The (miRNA, cancer) cells are exactly the pairs of reasoning.CANCER_ROLLUP, and the shared map's rows
    are the miRNAs of shared_across_cancers."""
    rollup = {(str(m), str(c)) for m, c in store.select(CANCER_ROLLUP).rows}
    every = rolemap.role_matrix(rolemap.role_rows(store), 1)
    assert set(every.cells) == rollup
    shared = rolemap.role_matrix(rolemap.role_rows(store), 2)

    assert {m for m, _ in shared.rows} == {r["mirna"] for r in query_rows(store, "shared_across_cancers")}


def test_role_map_shows_table7_roles_and_flags(
    loaded: LoadedGraph, store: OxigraphStore, rendered: list[FigureFile]
) -> None:
    """Every review 000 Table 7 role (from its curated file) is in the shared role map, and every flagged
    claim on a breast, prostate or lung cancer marks its cell."""
    table7 = Graph().parse(LAYOUT.data_dir / "gu2026" / "t7-cross-cancer.ttl")
    matrix = rolemap.role_matrix(rolemap.role_rows(store), 1)
    svg = _svg(rendered, "rolemap-shared")
    wanted = {"promotes": {"promotes", "both"}, "inhibits": {"inhibits", "both"}}
    checked = 0
    for claim in table7.subjects(MKG.table, Literal("Table 7")):
        mirna, cancer = table7.value(claim, MKG.mirna), table7.value(claim, MKG.cancer)
        effect = {MKG.promotesTumor: "promotes", MKG.inhibitsTumor: "inhibits"}.get(
            table7.value(claim, MKG.effectOnTumor)
        )
        cell = matrix.cells[(str(mirna), str(cancer))]
        if effect:
            assert cell.role in wanted[effect], (claim, cell)
            checked += 1
    assert checked >= 10
    flags = (MKG.tableProseDisagreement, MKG.sourceError, MKG.notSupportedByDetailTables)
    graph = loaded.graph
    for flag in flags:
        for claim in graph.subjects(MKG.flag, flag):
            for cancer in graph.objects(claim, MKG.cancer):
                if str(cancer) in (BREAST, PROSTATE, LUNG) and (claim, None, None) in graph:
                    assert matrix.cells[(str(graph.value(claim, MKG.mirna)), str(cancer))].flagged, claim
    for label in ("miR-214-3p", "miR-21", "miR-375", "breast cancer", "prostate cancer", "lung cancer"):
        assert f">{label}<" in svg


# ---------------------------------------------------------------------------------------------------
# Bone balance, cross-review, ego
# ---------------------------------------------------------------------------------------------------


def test_bone_balance_follows_section_4_4_1_3_1(store: OxigraphStore, rendered: list[FigureFile]) -> None:
    """§4.4.1.3.1: inhibiting osteoclasts — prostate miR-214, lung miR-139, breast miR-489-3p; promoting
    osteoclasts — breast miR-214-3p, miR-21, miR-19a."""
    data = {b.label: b for b in bone.balances(bone.bone_rows(store))}

    def osteoclast(cancer: str, direction: str) -> set[str]:
        return {e.label for e in data[cancer].entries["osteoclast"] if e.direction == direction}

    assert "miR-214" in osteoclast("prostate cancer", "inhibits")
    assert "miR-139" in osteoclast("lung cancer", "inhibits")
    assert "miR-489-3p" in osteoclast("breast cancer", "inhibits")
    assert {"miR-214-3p", "miR-21", "miR-19a"} <= osteoclast("breast cancer", "promotes")
    assert {e.push for e in data["breast cancer"].entries["osteoclast"] if e.direction == "promotes"} == {"resorption"}
    svg = _svg(rendered, "bone-balance")
    assert "miR-489-3p" in svg and "osteoclast lineage" in svg and "osteoblast lineage" in svg


def test_bone_balance_has_the_claims_of_the_regulator_queries(store: OxigraphStore) -> None:

    regulators = {r["claim"] for q in ("osteoclast_regulators", "osteoblast_regulators") for r in query_rows(store, q)}
    assert {r["claim"] for r in bone.bone_rows(store)} == regulators


def test_cross_review_has_the_loci_of_cross_review_mirnas(store: OxigraphStore, rendered: list[FigureFile]) -> None:
    """miR-21: review 000 Table 4 and review 002 Table I both say it promotes breast cancer."""

    matrix, blocks = crossreview.cross_matrix(crossreview.cross_rows(store))
    assert {m for m, _ in matrix.rows} == {r["locus"] for r in query_rows(store, "cross_review_mirnas")}
    # one block per review of data/ttl/reviews.ttl, oldest first
    assert [label for label, _ in blocks] == ["Pan, Tian, Niu & Cao 2020", "Gu, Zhu & Li 2026"]
    mir21 = str(URIRef("https://identifiers.org/mirbase:MI0000077"))
    assert matrix.cells[(mir21, "Gu, Zhu & Li 2026|breast cancer")].role == "promotes"
    assert matrix.cells[(mir21, "Pan, Tian, Niu & Cao 2020|breast cancer")].role in {"promotes", "both"}
    assert ">miR-21<" in _svg(rendered, "cross-review")


def test_ego_network_shows_every_neighbour(loaded: LoadedGraph, store: OxigraphStore) -> None:
    """hsa-mir-21: every target gene, cell and cancer its claims name (read from the curated graph) is drawn."""
    graph = loaded.graph
    mir21 = URIRef("https://identifiers.org/mirbase:MI0000077")
    svg = ego_network(store, "mirbase:MI0000077", "svg").decode("utf-8")
    claims = [c for c in graph.subjects(MKG.mirna, mir21) if (c, RDF.type, MKG.RegulatoryClaim) in graph]
    assert claims
    for claim in claims:
        for prop in (MKG.targetGene, MKG.cancer, MKG.sourceCell, MKG.recipientCell):
            for node in graph.objects(claim, prop):
                assert _label(graph, node).split(",")[0] in svg, (claim, prop, node)
    assert ">miR-21<" in svg and "PTEN" in svg


# ---------------------------------------------------------------------------------------------------
# The release files
# ---------------------------------------------------------------------------------------------------


def test_catalog_matches_rendered_files(store: OxigraphStore, rendered: list[FigureFile]) -> None:
    catalog = figure_catalog(store)
    assert [s.name for s in catalog] == [f.path.stem for f in rendered]
    assert {
        "network-breast-cancer",
        "network-prostate-cancer",
        "network-lung-cancer",
        "rolemap-shared",
        "rolemap-all",
        "bone-balance",
        "cross-review",
    } <= {s.name for s in catalog}
    queries = {q.stem for q in LAYOUT.queries_dir.glob("*.rq")}
    for spec, file in zip(catalog, rendered, strict=True):
        assert spec.query in queries and spec.query in spec.caption
        assert file.media_type == "image/svg+xml" and file.title == spec.title
        svg = file.path.read_text(encoding="utf-8")
        assert "<dc:date>" not in svg and spec.title.split(":")[0].replace("&", "&amp;") in svg


@pytest.mark.slow
def test_same_graph_gives_the_same_bytes(store: OxigraphStore, rendered: list[FigureFile], tmp_path: Path) -> None:
    again = render_figures(open_graph(), tmp_path / "svg", "svg")
    for first, second in zip(rendered, again, strict=True):
        assert first.path.read_bytes() == second.path.read_bytes(), first.path.name
    specs = {s.name: s for s in figure_catalog(store)}
    with figure_style():
        for name in ("bone-balance", "network-lung-cancer"):
            assert specs[name].draw("png") == specs[name].draw("png"), name
    assert ego_network(store, "mirbase:MI0000077", "png") == ego_network(store, "mirbase:MI0000077", "png")


def test_unknown_format_is_refused(store: OxigraphStore, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="svg"):
        render_figures(store, tmp_path, "gif")


def test_short_labels_read_as_the_reviews_write_them() -> None:
    assert short_mirna("hsa-miR-23a/27a/24-2 cluster") == "miR-23a/27a/24-2 cluster"
    assert short_mirna("hsa-let-7b-5p") == "let-7b-5p"


@pytest.mark.slow
def test_build_writes_the_figures_and_void_lists_them(tmp_path: Path) -> None:
    """Issue 14: `mirna-kg build` writes dist/figures/, each figure a distribution of the VoID description."""
    from rdflib import Graph as RdfGraph
    from rdflib.namespace import DCAT

    from mirna_kg import api

    result = api.build(tmp_path / "dist")
    figures = sorted((tmp_path / "dist" / "figures").glob("*.svg"))
    assert {p.stem for p in figures} >= {"network-breast-cancer", "rolemap-shared", "bone-balance", "cross-review"}
    assert all(path in result.written for path in figures)
    void = RdfGraph().parse(tmp_path / "dist" / "void.ttl")
    media = {
        str(d).rsplit("/", 2)[-2] + "/" + str(d).rsplit("/", 1)[-1]: str(void.value(d, DCAT.mediaType))
        for d in void.objects(None, DCAT.distribution)
    }
    for path in figures:
        assert media[f"figures/{path.name}"].endswith("image/svg+xml"), media
