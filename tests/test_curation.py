"""Every printed table row of both reviews is curated, split one claim per miRNA (and per cancer).

The expected rows below are an independent reading of the reviews' tables (row number: miRNA names as
printed, with the extraction's typos repaired, and the table's stated effect), not taken from the data.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF

from mirna_kg.loading import LoadedGraph
from mirna_kg.namespaces import MKG
from mirna_kg.reviews import review as review_of

P_, I_ = "promotes", "inhibits"

# review 000, Table 4 (breast cancer): row -> (miRNAs, effect)
TABLE_4 = {
    1: (["miR-19a-5p"], I_),
    2: (["miR-23a/27a/24-2"], I_),
    3: (["miR-148b-3p"], P_),
    4: (["miR-184-3p"], P_),
    5: (["miR-382"], I_),
    6: (["miR-181a"], P_),
    7: (["miR-143-3p"], I_),
    8: (["miR-223"], P_),
    9: (["miR-221", "miR-222"], P_),
    10: (["miR-222"], P_),
    11: (["miR-21", "miR-143", "miR-378e"], P_),
    12: (["miR-92a"], P_),
    13: (["miR-425-5p"], P_),
    14: (["miR-92"], P_),
    15: (["miR-4510"], P_),
    16: (["miR-16", "miR-148a"], I_),
    17: (["miR-9"], P_),
    18: (["miR-500a-5p"], P_),
    19: (["miR-146b-5p"], I_),
    20: (["miR-200s family"], I_),
    21: (["miR-155"], I_),
    22: (["miR-126"], P_),
    23: (["miR-22"], P_),
    24: (["miR-155"], I_),
    25: (["miR-5119"], I_),
    26: (["miR-126"], I_),
    27: (["miR-182"], P_),
    28: (["miR-448"], I_),
    29: (["miR-21"], P_),
    30: (["miR-218"], P_),
    31: (["miR-124"], I_),
    32: (["miR-16"], P_),
    33: (["miR-133a", "miR-223"], I_),
    34: (["miR-19a"], P_),
    35: (["miR-21"], P_),
    36: (["miR-489-3p"], I_),
    37: (["miR-214-3p"], P_),
    38: (["miR-494-3p"], P_),
}
# review 000, Table 5 (prostate cancer)
TABLE_5 = {
    1: (["miR-95"], P_),
    2: (["miR-203"], I_),
    3: (["let-7b-5p"], P_),
    4: (["miR-3121-3p"], I_),
    5: (["miR-500a-3p"], P_),
    6: (["miR-423-5p"], P_),
    7: (["miR-323"], P_),
    8: (["miR-195", "miR-16"], I_),
    9: (["miR-1275"], P_),
    10: (["miR-26a-5p", "miR-27a-3p", "miR-30e-5p"], P_),
    11: (["miR-214-3p"], P_),
    12: (["miR-141-3p"], P_),
    13: (["miR-140-3p"], P_),
    14: (["miR-5112", "miR-1963"], P_),
    15: (["miR-214"], I_),
    16: (["miR-152-3p"], P_),
    17: (["miR-181b-5p"], I_),
    18: (["miR-375"], P_),
    19: (["miR-940"], P_),
    20: (["miR-205-5p"], P_),
}
# review 000, Table 6 (lung cancer)
TABLE_6 = {
    1: (["miR-326"], P_),
    2: (["miR-942"], P_),
    3: (["miR-34a-5p"], I_),
    4: (["miR-1207-5p"], I_),
    5: (["miR-103a"], P_),
    6: (["miR-101"], I_),
    7: (["miR-196a"], P_),
    8: (["miR-335-5p"], I_),
    9: (["miR-3124-5p"], P_),
    10: (["miR-155"], I_),
    11: (["miR-200"], I_),
    12: (["miR-145"], I_),
    13: (["miR-139"], I_),
}
# review 000, Table 7: row -> (miRNA, cancers with a role other than "Not reported"/"Not prominent"/
# "Not emphasized"/"Less emphasized")
TABLE_7 = {
    1: ("miR-214-3p", {"breast", "prostate"}),
    2: ("miR-34a", {"breast", "prostate", "lung"}),
    3: ("miR-21", {"breast", "lung"}),
    4: ("miR-200 family", {"breast", "lung"}),
    5: ("miR-155", {"breast", "lung"}),
    6: ("miR-103a", {"lung"}),
    7: ("miR-375", {"prostate"}),
    8: ("miR-942", {"lung"}),
    9: ("miR-203", {"prostate"}),
    10: ("miR-489-3p", {"breast"}),
}
# review 002, Table I: row -> (group, miRNAs, number of cancers in the row)
TABLE_I = {
    1: ("Regulation of CAFs", ["miR-9"], 1),
    2: ("Regulation of CAFs", ["miR-200s"], 1),
    3: ("Regulation of CAFs", ["miR-205"], 1),
    4: ("Regulation of CAFs", ["miR-155"], 2),
    5: ("Regulation of CAFs", ["miR-214"], 1),
    6: ("Regulation of CAFs", ["miR-211"], 1),
    7: ("Regulation of CAFs", ["miR-1", "miR-206", "miR-31"], 1),
    8: ("Regulation of cancer-associated MSCs", ["miR-155-5p"], 1),
    9: ("Regulation of cancer-associated MSCs", ["miR-221"], 1),
    10: ("Regulation of cancer-associated MSCs", ["let-7"], 1),
    11: ("Regulation of cancer-associated MSCs", ["miR-146a"], 1),
    12: ("Regulation of cancer-associated MSCs", ["miR-7977"], 1),
    13: ("Regulation of TAM", ["miR-125b"], 1),
    14: ("Regulation of TAM", ["miR-155"], 1),
    15: ("Regulation of TAM", ["miR-511-3p"], 1),
    16: ("Regulation of TAM", ["miR-21", "miR-29a"], 1),
    17: ("Regulation of TAM", ["miR-21-5p"], 1),
    18: ("Regulation of TAM", ["miR-148b"], 1),
    19: ("Regulation of T cells", ["miR-24-3p"], 1),
    20: ("Regulation of T cells", ["miR-214"], 1),
    21: ("Regulation of T cells", ["miR-21"], 1),
    22: ("Regulation of T cells", ["miR-149-3p"], 1),
    23: ("Regulation of T cells", ["miR-448"], 1),
    24: ("Regulation of endothelial cells", ["miR-29a/c"], 1),
    25: ("Regulation of endothelial cells", ["miR-939"], 1),
    26: ("Regulation of endothelial cells", ["miR-143/145"], 1),
    27: ("Regulation of endothelial cells", ["miR-125b"], 1),
    28: ("Regulation of endothelial cells", ["miR-93"], 1),
    29: ("Regulation of endothelial cells", ["miR-638"], 1),
    30: ("Regulation of endothelial cells", ["miR-205"], 1),
    31: ("Regulation of tumor growth", ["miR-7"], 1),
    32: ("Regulation of tumor growth", ["miR-211"], 1),
    33: ("Regulation of tumor growth", ["miR-125a"], 1),
    34: ("Regulation of tumor growth", ["miR-638"], 1),
    35: ("Regulation of tumor growth", ["miR-143/145"], 1),
    36: ("Regulation of tumor growth", ["miR-3188"], 1),
    37: ("Regulation of tumor growth", ["miR-501-3p"], 1),
    38: ("Regulation of tumor metastasis", ["miR-126", "miR-126*"], 1),
    39: ("Regulation of tumor metastasis", ["miR-9"], 1),
    40: ("Regulation of tumor metastasis", ["miR-200s"], 1),
    41: ("Regulation of tumor metastasis", ["miRNA-199a"], 1),
    42: ("Regulation of tumor metastasis", ["miR-28-5p"], 1),
    43: ("Regulation of tumor metastasis", ["miR-148b"], 1),
    44: ("Regulation of drug resistance", ["miR-122"], 1),
    45: ("Regulation of drug resistance", ["miR-101"], 1),
    46: ("Regulation of drug resistance", ["miR-21"], 1),
}
# review 000, Tables 1-3: printed body rows (cell-composition observations; Table 3 has one per study column)
COMPOSITION_ROWS = {"Table 1": 9, "Table 2": 7, "Table 3": 7}
CANCER_WORD = {"breast": "MONDO_0007254", "prostate": "MONDO_0008315", "lung": "MONDO_0008903"}


def norm(name: str) -> str:
    return re.sub(r"\s+", "", name.lower())


def _table_claims(loaded: LoadedGraph, review: str, table: str) -> dict[int, list[URIRef]]:
    graph = loaded.graph
    rows: dict[int, list[URIRef]] = defaultdict(list)
    for claim in graph.subjects(MKG.table, None):
        if (
            (claim, RDF.type, MKG.RegulatoryClaim) in graph
            and str(graph.value(claim, MKG.table)) == table
            and graph.value(claim, MKG.statedIn) == review_of(review).iri
        ):
            rows[int(graph.value(claim, MKG.tableRow))].append(claim)
    return rows


@pytest.mark.parametrize("table, expected", [("Table 4", TABLE_4), ("Table 5", TABLE_5), ("Table 6", TABLE_6)])
def test_review_000_detail_tables_one_claim_per_mirna(loaded: LoadedGraph, table: str, expected: dict) -> None:
    graph = loaded.graph
    rows = _table_claims(loaded, "gu2026", table)
    assert sorted(rows) == sorted(expected), f"{table}: rows curated differ from the printed rows"
    for row, (names, effect) in expected.items():
        written = sorted(norm(str(graph.value(c, MKG.mirnaAsWritten))) for c in rows[row])
        assert written == sorted(norm(n) for n in names), f"{table} row {row}"
        for claim in rows[row]:
            effect_node = graph.value(claim, MKG.effectOnTumor)
            assert effect_node == (MKG.promotesTumor if effect == P_ else MKG.inhibitsTumor), f"{claim}"


def test_review_000_table_7_one_claim_per_reported_cancer(loaded: LoadedGraph) -> None:
    graph = loaded.graph
    rows = _table_claims(loaded, "gu2026", "Table 7")
    assert sorted(rows) == sorted(TABLE_7)
    for row, (name, cancers) in TABLE_7.items():
        assert {norm(str(graph.value(c, MKG.mirnaAsWritten))) for c in rows[row]} == {norm(name)}, f"row {row}"
        found = {
            word
            for c in rows[row]
            for word, mondo in CANCER_WORD.items()
            if str(graph.value(c, MKG.cancer)).endswith(mondo)
        }
        assert found == cancers and len(rows[row]) == len(cancers), f"Table 7 row {row}"


def test_review_002_table_i_one_claim_per_mirna_and_cancer(loaded: LoadedGraph) -> None:
    graph = loaded.graph
    rows = _table_claims(loaded, "pan2020", "Table I")
    assert sorted(rows) == sorted(TABLE_I)
    for row, (group, names, n_cancers) in TABLE_I.items():
        claims = rows[row]
        assert len(claims) == len(names) * n_cancers, f"Table I row {row}"
        assert {norm(str(graph.value(c, MKG.mirnaAsWritten))) for c in claims} == {norm(n) for n in names}, row
        assert {str(graph.value(c, MKG.tableGroup)) for c in claims} == {group}, f"Table I row {row}"
        assert all(graph.value(c, MKG.tableReference) is not None for c in claims), f"row {row}: (Refs.) kept"


def test_review_002_table_i_groups_count(loaded: LoadedGraph) -> None:
    """Claims per Table I group after splitting (rows 4, 7, 16 and 38 name several miRNAs or cancers)."""
    counts: dict[str, int] = defaultdict(int)
    for group, names, n_cancers in TABLE_I.values():
        counts[group] += len(names) * n_cancers
    graph = loaded.graph
    found: dict[str, int] = defaultdict(int)
    for claims in _table_claims(loaded, "pan2020", "Table I").values():
        for claim in claims:
            found[str(graph.value(claim, MKG.tableGroup))] += 1
    assert found == counts


@pytest.mark.parametrize("table, n_rows", COMPOSITION_ROWS.items())
def test_review_000_cell_composition_rows(loaded: LoadedGraph, table: str, n_rows: int) -> None:
    graph = loaded.graph
    observed = {
        int(graph.value(o, MKG.tableRow))
        for o in graph.subjects(RDF.type, MKG.CellCompositionObservation)
        if str(graph.value(o, MKG.table)) == table
    }
    assert observed == set(range(1, n_rows + 1))


def test_every_claim_has_review_location_and_reference_or_quote(loaded: LoadedGraph) -> None:
    graph = loaded.graph
    for claim in graph.subjects(RDF.type, MKG.RegulatoryClaim):
        assert graph.value(claim, MKG.statedIn) is not None
        assert graph.value(claim, MKG.table) is not None or graph.value(claim, MKG.section) is not None
        has_table_text = any(graph.value(claim, p) is not None for p in (MKG.impactAsWritten, MKG.functionAsWritten))
        assert has_table_text or graph.value(claim, MKG.quote) is not None, f"{claim}: no wording of the review"
