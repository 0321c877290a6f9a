"""The review's own wording backs the curated relations: targets, sponge (ceRNA) axes, stated effects.

Regression tests for issue 15 (second curation pass). ``mkg:targetGene`` means a gene the review says the
miRNA *targets*; wording such as "by downregulating X", "enhanced the expression of X", "through the
reduction of X" or "deficiency upregulates X" makes X a downstream gene. The rules are written down in
``data/README.md`` ("Targets and downstream genes"); these tests keep the pattern from coming back.
"""

from __future__ import annotations

import re

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF

from mirna_kg.curation.wording import BARE_GENES, TARGET_COLUMN_TABLES, TARGETING
from mirna_kg.loading import LoadedGraph
from mirna_kg.namespaces import HGNC, MKG, MKGS


def _texts(loaded: LoadedGraph, claim: URIRef) -> list[str]:
    graph = loaded.graph
    return [str(o) for p in (MKG.quote, MKG.functionAsWritten, MKG.impactAsWritten) for o in graph.objects(claim, p)]


def _has_prose(loaded: LoadedGraph, claim: URIRef) -> bool:
    """The review has prose on the claim's study: a quote on the claim or on the claim it disagrees with. Then
    the prose's wording, not a bare gene in the table's column, decides what is a target (data/README.md)."""
    graph = loaded.graph
    return any(graph.value(c, MKG.quote) is not None for c in (claim, *graph.objects(claim, MKG.disagreesWith)))


def _target_backed(loaded: LoadedGraph, claim: URIRef, gene: URIRef) -> bool:
    """A target is backed by targeting wording, by the bare-gene column rule, or (summary roles) by the
    detailed claim it summarises."""
    graph = loaded.graph
    if any(TARGETING.search(text) for text in _texts(loaded, claim)):
        return True
    function = graph.value(claim, MKG.functionAsWritten)
    if (
        str(graph.value(claim, MKG.table)) in TARGET_COLUMN_TABLES
        and function
        and BARE_GENES.match(str(function))
        and not _has_prose(loaded, claim)
    ):
        return True
    return any((detail, MKG.targetGene, gene) in graph for detail in graph.objects(claim, MKG.supportedBy))


def _targets(loaded: LoadedGraph) -> list[tuple[URIRef, URIRef]]:
    graph = loaded.graph
    return sorted(
        (claim, gene)
        for claim in graph.subjects(RDF.type, MKG.RegulatoryClaim)
        for gene in graph.objects(claim, MKG.targetGene)
    )


def test_every_target_has_targeting_wording(loaded: LoadedGraph) -> None:
    unbacked = [
        f"{c.rsplit('/', 1)[-1]} -> {g.rsplit('/', 1)[-1]}"
        for c, g in _targets(loaded)
        if not _target_backed(loaded, c, g)
    ]
    assert not unbacked, (
        "targets whose quote and table cells contain no targeting word (record them as mkg:downstreamGene, "
        f"or quote the review's targeting sentence): {unbacked}"
    )


@pytest.mark.parametrize(
    "claim, gene",
    [
        ("pan2020-tI-r18-miR-148b", "2432"),  # CSF1: "by downregulating the colony stimulating factor-1"
        ("pan2020-tI-r20-miR-214", "9588"),  # PTEN: "by downregulating PTEN"
        ("pan2020-tI-r38-miR-126", "10672"),  # CXCL12: "through the downregulation of"
        ("pan2020-tI-r38-miR-126-star", "10618"),  # CCL2
        ("pan2020-tI-r44-miR-122", "1592"),  # CCNG1: "inhibiting the expression of"
        ("pan2020-tI-r03-miR-205", "16262"),  # YAP1: "by promoting YAP1 expression"
        ("pan2020-tI-r30-miR-205", "16262"),
        ("pan2020-tI-r39-miR-9", "1748"),  # CDH1: "through the reduction of E-cadherin"
        ("pan2020-tI-r42-miR-28-5p", "28529"),  # IL34: "deficiency ... upregulate"
        ("gu2026-t4-r31-miR-124", "5966"),  # IL11: "deficiency ... by upregulating IL-11"
    ],
)
def test_issue_15_examples_are_downstream_not_targets(loaded: LoadedGraph, claim: str, gene: str) -> None:
    graph = loaded.graph
    node, gene_node = MKGS[claim], HGNC[gene]
    assert (node, MKG.targetGene, gene_node) not in graph
    assert (node, MKG.downstreamGene, gene_node) in graph


def test_check_catches_an_unbacked_target(loaded: LoadedGraph) -> None:
    """The wording check is real: a target on a claim whose words only say 'by downregulating' fails it."""
    claim, gene = (
        MKGS["pan2020-tI-r18-miR-148b"],
        next(loaded.graph.objects(MKGS["pan2020-tI-r18-miR-148b"], MKG.downstreamGene)),
    )
    assert not _target_backed(loaded, claim, gene)


@pytest.mark.parametrize(
    "claim, gene",
    [
        ("gu2026-t5-r06-miR-423-5p", "17655"),  # GREM2: "suppresses the expression of GREM2"
        ("gu2026-t5-r09-miR-1275", "10886"),  # SIRT2: "through the SIRT2/RUNX2 signaling axis"
        ("gu2026-t5-r20-miR-205-5p", "10472"),  # RUNX2: "promotes RUNX2-mediated osteogenic differentiation"
    ],
)
def test_prose_wording_wins_over_a_bare_gene_cell(loaded: LoadedGraph, claim: str, gene: str) -> None:
    """Issue 27, item 9: a bare gene in the 'Target gene/function' column is a target only without prose."""
    graph = loaded.graph
    node, gene_node = MKGS[claim], HGNC[gene]
    assert (node, MKG.targetGene, gene_node) not in graph
    assert (node, MKG.downstreamGene, gene_node) in graph
    assert not _target_backed(loaded, node, gene_node), "the bare-gene cell no longer backs a target with prose"


# Sponge axes (one rule, data/README.md): tests/test_curation_rules.py checks the flag against the wording on
# every file. Here: where the table gives a sponged miRNA the sponge's own effect, the prose's reading is its
# own claim, linked, with the inverse effect and without the sponge's vesicles.
BORROWED_EFFECT = {
    "gu2026-t5-r11-miR-214-3p": "circ-DHPS",
    "gu2026-t5-r20-miR-205-5p": "NEAT1",
}


@pytest.mark.parametrize("claim, sponge", BORROWED_EFFECT.items(), ids=list(BORROWED_EFFECT))
def test_sponge_effect_given_to_the_mirna_is_a_disagreement(loaded: LoadedGraph, claim: str, sponge: str) -> None:
    graph = loaded.graph
    node = MKGS[claim]
    assert (node, MKG.flag, MKG.tableProseDisagreement) in graph
    partners = list(graph.objects(node, MKG.disagreesWith))
    assert partners, f"{claim}: linked to the prose claim of the miRNA's own role"
    for partner in partners:
        assert graph.value(partner, MKG.mirna) == graph.value(node, MKG.mirna)
        assert (partner, MKG.flag, MKG.tableProseDisagreement) in graph
        assert (partner, MKG.flag, MKG.spongeAxis) in graph
        assert graph.value(partner, MKG.effectOnTumor) != graph.value(node, MKG.effectOnTumor)
        assert graph.value(partner, MKG.vehicle) is None, f"{partner}: the vesicles carry {sponge}, not the miRNA"


# ---- effects that review 002 states in so many words ------------------------------------------------
@pytest.mark.parametrize(
    "claim, effect",
    [
        ("pan2020-s4-miR-302_367", MKG.inhibitsTumor),  # "elevated expression ... suppressed tumor growth"
        ("pan2020-s4-let-7b", MKG.inhibitsTumor),  # let-7b delivered ... "inhibition of tumor growth"
        ("pan2020-s4-miR-155", MKG.inhibitsTumor),  # "antitumor responses that eliminate ovarian cancer cells"
    ],
)
def test_review_002_stated_effects_are_recorded(loaded: LoadedGraph, claim: str, effect: URIRef) -> None:
    assert loaded.graph.value(MKGS[claim], MKG.effectOnTumor) == effect


def test_review_002_empty_effects_say_why(loaded: LoadedGraph) -> None:
    """Every review-002 claim left without an effect says so in its note."""
    graph = loaded.graph
    silent = []
    for claim in graph.subjects(MKG.effectOnTumor, MKG.effectNotStated):
        if "pan2020-" not in str(claim):
            continue
        note = " ".join(str(n) for n in graph.objects(claim, MKG.curationNote)).lower()
        if not re.search(r"no (function or )?effect|not stated|states no|is left unstated|effect on the tumour", note):
            silent.append(str(claim).rsplit("/", 1)[-1])
    assert not silent, f"claims with no effect and no reason in the note: {silent}"


# ---- smaller findings of issue 15 (point 4) ----------------------------------------------------------
def test_mir_200_table_and_prose_cells_disagree(loaded: LoadedGraph) -> None:
    """Table 6 row 11 gives CD8+ TILs; §4.3.3 acts on CD8+ T cells only 'non-autonomously' and names no cell."""
    graph = loaded.graph
    table, prose = MKGS["gu2026-t6-r11-miR-200"], MKGS["gu2026-s4.3.3-miR-200"]
    assert (table, MKG.disagreesWith, prose) in graph and (prose, MKG.disagreesWith, table) in graph
    assert graph.value(table, MKG.sourceCell) == MKG.CD8PositiveTumorInfiltratingLymphocyte
    assert graph.value(prose, MKG.sourceCell) is None  # issue 27, item 5: the sentence names no cell


@pytest.mark.parametrize("row", ["pan2020-tI-r13-miR-125b", "pan2020-tI-r14-miR-155"])
def test_prose_references_only_where_the_prose_discusses_the_row(loaded: LoadedGraph, row: str) -> None:
    graph = loaded.graph
    assert graph.value(MKGS[row], MKG.citedReference) is None
    assert graph.value(MKGS[row], MKG.disagreesWith) is None


def test_table_4_row_21_split_by_study(loaded: LoadedGraph) -> None:
    """Kim et al. (71) names no species; Zhang et al. (72) and the table's impact cell say mouse."""
    graph = loaded.graph
    kim, zhang = MKGS["gu2026-s4.1.3-miR-155-Kim"], MKGS["gu2026-s4.1.3-miR-155-Zhang"]
    mouse = URIRef("http://purl.obolibrary.org/obo/NCBITaxon_10090")
    assert graph.value(kim, MKG.organism) is None and graph.value(zhang, MKG.organism) == mouse
    # The row's claim follows its impact cell, "in a bone marrow-specific SOCS3 knockout mouse model" (issue 27)
    assert graph.value(MKGS["gu2026-t4-r21-miR-155"], MKG.organism) == mouse
    assert {str(graph.value(c, MKG.citedReference)) for c in (kim, zhang)} == {"71", "72"}


def test_let_7_family_has_members(loaded: LoadedGraph) -> None:
    group = URIRef("https://w3id.org/mirna-kg/resource/group-hsa-let-7_family")
    assert len(set(loaded.graph.objects(group, MKG.hasMember))) == 12


@pytest.mark.parametrize(
    "claim",
    [
        "gu2026-t6-r12-miR-145",  # Tregs via lactate
        "pan2020-tI-r18-miR-148b",  # TAMs via CSF-1
        "pan2020-tI-r42-miR-28-5p",  # TAMs via IL-34
        "pan2020-tI-r38-miR-126",  # MSCs and monocytes via CXCL12/CCL2
    ],
)
def test_cells_reached_only_through_a_factor_are_not_recipients(loaded: LoadedGraph, claim: str) -> None:
    assert loaded.graph.value(MKGS[claim], MKG.recipientCell) is None
