"""The curation rules of issue 27, checked on every curated file: one sponge rule, no recipient where the review
only measures a level, effects from the words credited to the claim's own study.

The rules are written once in ``data/README.md`` (sections "Source and recipient cells" and "Faithfulness"),
their wording patterns once in ``mirna_kg.curation.wording``. Each check returns findings for a graph, so the
same function runs on every data file and, to show that it can fail, on a deliberately wrong copy of a claim.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from mirna_kg.curation.wording import (
    ACTION,
    EXPRESSION,
    HUMAN_IN_MOUSE,
    MOUSE,
    SPONGE,
    TUMOUR_EFFECT,
    study_span,
)
from mirna_kg.loading import LoadedGraph, parse_file
from mirna_kg.namespaces import MKG, MKGS
from mirna_kg.resources import project

DATA_FILES = project().data_files()


def _short(node: URIRef) -> str:
    return str(node).rsplit("/", 1)[-1]


def _claims(graph: Graph) -> list[URIRef]:
    return sorted(c for c in graph.subjects(RDF.type, MKG.RegulatoryClaim) if isinstance(c, URIRef))


def _quotes(graph: Graph, claim: URIRef) -> list[str]:
    return [str(o) for o in graph.objects(claim, MKG.quote)]


def _texts(graph: Graph, claim: URIRef) -> list[str]:
    """The review's own words on the claim: prose quotes and table cells."""
    return _quotes(graph, claim) + [
        str(o) for p in (MKG.functionAsWritten, MKG.impactAsWritten) for o in graph.objects(claim, p)
    ]


def sponge_findings(graph: Graph) -> list[str]:
    """A sponge flag needs sponge wording in the claim's quote, and sponge wording needs the flag."""
    out = []
    for claim in _claims(graph):
        worded = any(SPONGE.search(q) for q in _quotes(graph, claim))
        flagged = (claim, MKG.flag, MKG.spongeAxis) in graph
        if flagged and not worded:
            out.append(
                f"{_short(claim)}: mkg:spongeAxis, but its quote never says sponge/sequester/adsorb/competitively bind"
            )
        if worded and not flagged:
            out.append(f"{_short(claim)}: its quote says the miRNA is sponged; add mkg:flag mkg:spongeAxis")
    return out


def cell_findings(graph: Graph) -> list[str]:
    """No source or recipient where the review only reports a level; a measured-in cell only where it does."""
    out = []
    for claim in _claims(graph):
        texts = _texts(graph, claim)
        expression = any(EXPRESSION.search(t) for t in texts)
        level_only = expression and not any(ACTION.search(t) for t in texts)
        for prop in (MKG.sourceCell, MKG.recipientCell):
            if level_only and graph.value(claim, prop) is not None:
                out.append(
                    f"{_short(claim)}: the review only reports the miRNA's level; "
                    f"use mkg:measuredInCell, not {prop.fragment}"
                )
        if graph.value(claim, MKG.measuredInCell) is not None and not expression:
            out.append(f"{_short(claim)}: mkg:measuredInCell without wording that reports a level")
    return out


def effect_findings(graph: Graph) -> list[str]:
    """An effect on the tumour taken from the prose must be stated in the words credited to the claim's study."""
    out = []
    for claim in _claims(graph):
        if graph.value(claim, MKG.effectOnTumor) in (None, MKG.effectNotStated):
            continue
        if graph.value(claim, MKG.impactAsWritten) is not None:
            continue  # the table's impact cell states the effect
        references = [int(r) for r in graph.objects(claim, MKG.citedReference)]
        spans = [s for q in _quotes(graph, claim) for r in references if (s := study_span(q, r)) is not None]
        if spans and not any(TUMOUR_EFFECT.search(s) for s in spans):
            out.append(f"{_short(claim)}: the text credited to its reference states no effect on the tumour: {spans}")
    return out


MOUSE_TAXON = URIRef("http://purl.obolibrary.org/obo/NCBITaxon_10090")


def species_findings(graph: Graph) -> list[str]:
    """A claim whose own words (quote, table cells) place the study in mice is a mouse claim, unless its note
    says why the miRNA is human (a xenograft's human tumour cells)."""
    out = []
    for claim in _claims(graph):
        if not any(MOUSE.search(t) for t in _texts(graph, claim)):
            continue
        note = " ".join(str(n) for n in graph.objects(claim, MKG.curationNote))
        if graph.value(claim, MKG.organism) != MOUSE_TAXON and not HUMAN_IN_MOUSE.search(note):
            out.append(f"{_short(claim)}: its words name mice; add mkg:organism obo:NCBITaxon_10090 and the mmu- entry")
    return out


CHECKS = {"sponge": sponge_findings, "cells": cell_findings, "effects": effect_findings, "species": species_findings}


@pytest.mark.parametrize("check", CHECKS.values(), ids=list(CHECKS))
@pytest.mark.parametrize("path", DATA_FILES, ids=[p.name for p in DATA_FILES])
def test_rule_holds_in_every_file(path: Path, check: object) -> None:
    findings = check(parse_file(path))  # type: ignore[operator]
    assert not findings, f"{path.name}: " + "; ".join(findings)


# ---- the checks can fail: each on one claim made wrong on purpose --------------------------------------
def _claim_graph(loaded: LoadedGraph, name: str) -> tuple[Graph, URIRef]:
    claim = MKGS[name]
    graph = Graph()
    for triple in loaded.graph.triples((claim, None, None)):
        graph.add(triple)
    return graph, claim


def test_sponge_check_fails_on_a_flag_without_sponge_wording(loaded: LoadedGraph) -> None:
    graph, claim = _claim_graph(loaded, "gu2026-t4-r15-miR-4510")  # LINC01711 "via the miR-4510/NELFE axis"
    assert not sponge_findings(graph)
    graph.add((claim, MKG.flag, MKG.spongeAxis))
    assert sponge_findings(graph)


def test_sponge_check_fails_on_sponge_wording_without_the_flag(loaded: LoadedGraph) -> None:
    graph, claim = _claim_graph(loaded, "gu2026-t4-r28-miR-448")  # SNHG1 "by adsorbing miR-448"
    assert not sponge_findings(graph)
    graph.remove((claim, MKG.flag, MKG.spongeAxis))
    assert sponge_findings(graph)


def test_cell_check_fails_on_a_recipient_of_a_level_only_claim(loaded: LoadedGraph) -> None:
    graph, claim = _claim_graph(loaded, "pan2020-s1-miR-361")  # "were upregulated ... in the MDSCs"
    assert not cell_findings(graph)
    graph.add((claim, MKG.recipientCell, URIRef("http://purl.obolibrary.org/obo/CL_0000889")))
    assert cell_findings(graph)


def test_cell_check_fails_on_a_measured_in_cell_without_level_wording(loaded: LoadedGraph) -> None:
    graph, claim = _claim_graph(loaded, "gu2026-t4-r04-miR-184-3p")
    graph.add((claim, MKG.measuredInCell, URIRef("http://purl.obolibrary.org/obo/CL_0000235")))
    assert cell_findings(graph)


def test_effect_check_fails_on_an_effect_borrowed_from_another_study(loaded: LoadedGraph) -> None:
    graph, claim = _claim_graph(loaded, "pan2020-tI-r28-miR-93")  # (70) tumour growth, (71) tube formation
    assert not effect_findings(graph)
    graph.set((claim, MKG.effectOnTumor, MKG.promotesTumor))
    assert effect_findings(graph)


def test_species_check_fails_on_a_mouse_cell_read_as_human(loaded: LoadedGraph) -> None:
    graph, claim = _claim_graph(loaded, "gu2026-t4-r21-miR-155")  # "... SOCS3 knockout mouse model"
    assert not species_findings(graph)
    graph.remove((claim, MKG.organism, None))
    assert species_findings(graph)


def test_study_span_reads_each_reference_its_own_words() -> None:
    quote = Literal(
        "The upregulation of miR-93 was reported to enhance tumor growth via integrin-β8-mediated angiogenesis "
        "(70), as well as to enhance endothelial tube formation and increase blood vessel density in vivo (71)."
    )
    assert TUMOUR_EFFECT.search(study_span(str(quote), 70) or "")
    assert not TUMOUR_EFFECT.search(study_span(str(quote), 71) or "")
    assert study_span(str(quote), 72) is None


# ---- the items of issue 27, each by the review's words ---------------------------------------------------
# (claim, sponging RNA) for every sponge-worded claim of review 000.
SPONGED = {
    "gu2026-s4.2.4-miR-214-3p": "circ-DHPS",  # "sequesters miR-214-3p"
    "gu2026-s4.2.6-miR-205-5p": "NEAT1",  # "competitively bind to miR-205-5p"
    "gu2026-t4-r28-miR-448": "SNHG1",  # "by adsorbing miR-448"
    "gu2026-t4-r36-miR-489-3p": "MIR193BHG",  # "to competitively bind miR-489-3p"
    "gu2026-t6-r12-miR-145": "circRUNX1",  # "by adsorbing miR-145"
}
# Axes the review names without sponge wording: recorded as written, no flag.
AS_WRITTEN = {
    "gu2026-t4-r15-miR-4510": ("LINC01711", MKG.promotesTumor),  # §4.4.2.1 "miR-4510 activates glycolysis"
    "gu2026-t6-r01-miR-326": ("PCAT6", MKG.promotesTumor),  # §4.4.1.3 "lung cancer (miR-103a, miR-326)"
    "gu2026-t6-r08-miR-335-5p": ("LINC01833", MKG.inhibitsTumor),  # Table 6 "Inhibiting tumors"
}


def test_sponge_axes_are_exactly_the_sponge_worded_ones(loaded: LoadedGraph) -> None:
    graph = loaded.graph
    flagged = {_short(c) for c in graph.subjects(MKG.flag, MKG.spongeAxis)}
    assert flagged == set(SPONGED)
    for claim, rna in SPONGED.items():
        note = " ".join(str(n) for n in graph.objects(MKGS[claim], MKG.curationNote))
        assert rna in note, f"{claim}: the note names the sponge {rna}"


@pytest.mark.parametrize("claim, axis", AS_WRITTEN.items(), ids=list(AS_WRITTEN))
def test_axes_without_sponge_wording_are_recorded_as_written(
    loaded: LoadedGraph, claim: str, axis: tuple[str, URIRef]
) -> None:
    graph = loaded.graph
    node = MKGS[claim]
    rna, effect = axis
    assert rna in " ".join(str(n) for n in graph.objects(node, MKG.curationNote))
    assert set(graph.objects(node, MKG.flag)) <= {MKG.columnShiftRepaired}
    assert graph.value(node, MKG.disagreesWith) is None
    assert graph.value(node, MKG.effectOnTumor) == effect


@pytest.mark.parametrize("claim", ["gu2026-s4.1.2-miR-4510", "gu2026-s4.3.1-miR-326"])
def test_no_prose_counterpart_where_table_and_prose_agree(loaded: LoadedGraph, claim: str) -> None:
    assert not list(loaded.graph.triples((MKGS[claim], None, None)))


@pytest.mark.parametrize(
    "mirna", ["miR-494", "miR-882", "miR-361", "miR-466", "let-7e", "miR-133b", "miR-713", "miR-322"]
)
def test_mdsc_profiling_records_where_measured(loaded: LoadedGraph, mirna: str) -> None:
    """Liu et al. only report levels 'in the MDSCs from the tumor-bearing mice'."""
    graph, claim = loaded.graph, MKGS[f"pan2020-s1-{mirna}"]
    assert graph.value(claim, MKG.recipientCell) is None and graph.value(claim, MKG.sourceCell) is None
    assert str(graph.value(claim, MKG.measuredInCell)).endswith("CL_0000889")


@pytest.mark.parametrize("claim", ["gu2026-s4.3.3-miR-200", "pan2020-s4-miR-302_367"])
def test_no_cell_the_sentence_does_not_name(loaded: LoadedGraph, claim: str) -> None:
    graph = loaded.graph
    assert graph.value(MKGS[claim], MKG.sourceCell) is None
    assert graph.value(MKGS[claim], MKG.recipientCell) is None


@pytest.mark.parametrize(
    "claim, effect",
    [
        ("pan2020-tI-r28-miR-93", MKG.effectNotStated),  # (71) states no effect on the tumour
        ("pan2020-tI-r11-miR-146a", MKG.promotesTumor),  # "crucial for the growth and migration of ... myeloma"
        ("pan2020-s4-miR-21", MKG.promotesTumor),  # depletion "promoted tumoricidal M1 polarization"
        ("pan2020-s4-miR-199a", MKG.effectNotStated),  # "may ... repress the size of 3D hetero-spheroids"
    ],
)
def test_study_level_effects(loaded: LoadedGraph, claim: str, effect: URIRef) -> None:
    assert loaded.graph.value(MKGS[claim], MKG.effectOnTumor) == effect


def test_table_4_row_21_takes_the_species_of_its_impact_cell(loaded: LoadedGraph) -> None:
    """'in a bone marrow-specific SOCS3 knockout mouse model': the row's claim is a mouse claim."""
    graph = loaded.graph
    row = MKGS["gu2026-t4-r21-miR-155"]
    assert "mouse model" in str(graph.value(row, MKG.impactAsWritten))
    assert graph.value(row, MKG.organism) == URIRef("http://purl.obolibrary.org/obo/NCBITaxon_10090")
    assert graph.value(row, MKG.mirna) == graph.value(MKGS["gu2026-s4.1.3-miR-155-Zhang"], MKG.mirna)


def test_a_written_arm_the_entry_lacks_is_flagged(loaded: LoadedGraph) -> None:
    assert (MKGS["gu2026-t4-r04-miR-184-3p"], MKG.flag, MKG.asWrittenNameDiffers) in loaded.graph
