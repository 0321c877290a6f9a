"""Stored queries: headers match what they return, both engines agree, and the rows say what the reviews say.

Expected answers below are written from the review text (section or table cited next to each), not copied
from the queries' output. Names are compared on a "stem": lower case, without the species prefix, so
"hsa-mir-21" (the precursor used for the arm-less "miR-21") and the review's "miR-21" meet.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Literal

from mirna_kg.answers import run_stored_query
from mirna_kg.loading import LoadedGraph
from mirna_kg.queries import read_query
from mirna_kg.stores import OxigraphStore, RdflibStore, ResultTable

from .conftest import LAYOUT

QUERY_FILES = sorted(LAYOUT.queries_dir.glob("*.rq"))


@pytest.fixture(scope="module")
def oxigraph(loaded: LoadedGraph) -> OxigraphStore:
    return OxigraphStore.from_graph(loaded.graph)


@pytest.fixture(scope="module")
def rdflib_store(loaded: LoadedGraph) -> RdflibStore:
    return RdflibStore(loaded.graph)


def _examples(path: Path) -> dict[str, str]:
    return {p.name: p.example for p in read_query(path).parameters}


def rows(store: OxigraphStore, name: str, **params: str) -> list[dict[str, str]]:
    table = run_stored_query(store, name, params)
    return [{v: ("" if t is None else str(t)) for v, t in zip(table.variables, row, strict=True)} for row in table.rows]


def stem(name: str) -> str:
    """Lower-cased miRNA name without species prefix and without a group label's parenthesis."""
    return re.sub(r"^(hsa|mmu)-", "", name.split(" (")[0].strip().lower())


def _normalized(table: ResultTable) -> list[tuple[str, ...]]:
    """Rows as comparable strings: numbers by value (35.40 == 35.4), ';'-joined cells as sorted parts."""

    def cell(term: object) -> str:
        if term is None:
            return ""
        value = term.toPython() if isinstance(term, Literal) else None
        if isinstance(value, (Decimal, float, int)) and not isinstance(value, bool):
            return str(Decimal(str(value)).normalize())
        return ";".join(sorted(str(term).split(";")))

    return sorted(tuple(cell(t) for t in row) for row in table.rows)


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_header_declares_the_projected_columns_and_parameter_examples(path: Path, oxigraph: OxigraphStore) -> None:
    query = read_query(path)
    assert all(p.example for p in query.parameters), f"{path.name}: every param line needs an example value"
    table = run_stored_query(oxigraph, query.name, _examples(path))
    assert table.variables == query.columns, f"{path.name}: header columns differ from the SELECT projection"


@pytest.mark.slow  # rdflib's engine takes seconds per query
@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_both_engines_return_the_same_rows(path: Path, oxigraph: OxigraphStore, rdflib_store: RdflibStore) -> None:
    query = read_query(path)
    fast = run_stored_query(oxigraph, query.name, _examples(path))
    slow = run_stored_query(rdflib_store, query.name, _examples(path))
    assert fast.variables == slow.variables
    assert _normalized(fast) == _normalized(slow)


# ---------------------------------------------------------------------------------------------------
# Answers the reviews give
# ---------------------------------------------------------------------------------------------------


def test_all_claims_has_provenance_for_every_claim(oxigraph: OxigraphStore) -> None:
    claims = rows(oxigraph, "all_claims")
    assert len(claims) >= 180
    for claim in claims:
        assert claim["review"] in {"10.3389/fonc.2026.1775016", "10.3892/ijo.2019.4952"}
        assert claim["location"] and claim["mirna_label"] and claim["cancer_label"], claim["claim"]
        assert claim["effect"] in {"promotes", "inhibits", ""}


def test_all_claims_table4_row1(oxigraph: OxigraphStore) -> None:
    """Table 4 row 1: miR-19a-5p, tumor-associated macrophages, targeting Fra-1, inhibiting tumors (42, 43)."""
    row = next(r for r in rows(oxigraph, "all_claims") if r["claim"].endswith("gu2026-t4-r01-miR-19a-5p"))
    assert (row["mirna_label"], row["cancer_label"], row["effect"]) == ("hsa-miR-19a-5p", "breast cancer", "inhibits")
    assert row["source_cell_label"] == "tumor-associated macrophage"
    assert row["targets"] == "FOSL1" and row["location"] == "Table 4" and row["reference"] == "42;43"


def test_pdl1_regulators_per_cancer(oxigraph: OxigraphStore) -> None:
    """§4.4.1.3.1: PD-L1 targeted by miR-195/16 (prostate), miR-200 (lung), miR-5119 (breast); Table 4 row 14
    and §4.4.2.1: miR-92 acts through the YAP/PD-L1 axis (breast)."""
    found = {(r["cancer_label"].split()[0], stem(r["mirna_as_written"])) for r in rows(oxigraph, "pdl1_regulators")}
    expected = {
        ("prostate", "mir-195"),
        ("prostate", "mir-16"),
        ("lung", "mir-200"),
        ("breast", "mir-5119"),
        ("breast", "mir-92"),
    }
    assert expected <= found


def test_macrophage_polarization_sides(oxigraph: OxigraphStore) -> None:
    """§4.4.1.3: M2 — prostate let-7b-5p, lung miR-103a and miR-326, breast miR-184-3p; M1 or anti-M2 —
    prostate miR-203, lung miR-1207-5p, breast miR-19a-5p and miR-143-3p."""
    found = {
        (r["side"], r["cancer_label"].split()[0], stem(r["mirna_as_written"]))
        for r in rows(oxigraph, "macrophage_polarization")
    }
    m2 = {("prostate", "let-7b-5p"), ("lung", "mir-103a"), ("lung", "mir-326"), ("breast", "mir-184-3p")}
    anti = {("prostate", "mir-203"), ("lung", "mir-1207-5p"), ("breast", "mir-19a-5p"), ("breast", "mir-143-3p")}
    assert {("M2", *x) for x in m2} <= found
    assert {("M1 or anti-M2", *x) for x in anti} <= found
    assert not {("M2", *x) for x in anti} & found


def test_osteoclast_regulators_directions(oxigraph: OxigraphStore) -> None:
    """§4.4.1.3.1: inhibiting osteoclasts — prostate miR-214, lung miR-139, breast miR-489-3p; promoting
    osteoclasts — breast miR-214-3p, miR-21, miR-19a."""
    found = {
        (r["cancer_label"].split()[0], stem(r["mirna_as_written"]), r["direction"])
        for r in rows(oxigraph, "osteoclast_regulators")
    }
    expected = {
        ("prostate", "mir-214", "inhibits"),
        ("lung", "mir-139", "inhibits"),
        ("breast", "mir-489-3p", "inhibits"),
        ("breast", "mir-214-3p", "promotes"),
        ("breast", "mir-21", "promotes"),
        ("breast", "mir-19a", "promotes"),
    }
    assert expected <= found


def test_osteoblast_regulators_in_prostate(oxigraph: OxigraphStore) -> None:
    """§4.4.2.1 and §4.2.4-4.2.6: miR-375, miR-940 and miR-205-5p promote osteogenic differentiation; miR-1275
    activates osteoblast proliferation and differentiation; miR-26a-5p/27a-3p/30e-5p inhibit it."""
    found = {
        (stem(r["mirna_as_written"]), r["direction"])
        for r in rows(oxigraph, "osteoblast_regulators")
        if r["cancer_label"] == "prostate cancer"
    }
    assert {
        ("mir-375", "promotes"),
        ("mir-940", "promotes"),
        ("mir-205-5p", "promotes"),
        ("mir-1275", "promotes"),
        ("mir-26a-5p", "inhibits"),
    } <= found


def test_bone_lesion_balance_breast_is_osteolytic(oxigraph: OxigraphStore) -> None:
    """§4.4.2.2.2: in breast cancer miR-214-3p, miR-19a and miR-21 build the "bone-dissolving machine"."""
    breast = next(r for r in rows(oxigraph, "bone_lesion_balance") if r["cancer_label"] == "breast cancer")
    resorption = {stem(n) for n in breast["resorption_mirnas"].split(";")}
    assert {"mir-214-3p", "mir-19a", "mir-21"} <= resorption
    prostate = next(r for r in rows(oxigraph, "bone_lesion_balance") if r["cancer_label"] == "prostate cancer")
    assert {"mir-375", "mir-940", "mir-1275"} <= {stem(n) for n in prostate["formation_mirnas"].split(";")}


def test_shared_pathways(oxigraph: OxigraphStore) -> None:
    """§4.4.1.3.2-3: AKT/mTOR in prostate (miR-140-3p), lung (miR-103a) and breast (miR-181a); Wnt/beta-catenin
    in prostate (miR-375) and lung (miR-942)."""
    by_pathway = {r["pathway_label"]: r for r in rows(oxigraph, "shared_pathways")}
    akt = by_pathway["PI3K/AKT/mTOR signaling"]
    assert {"breast cancer", "prostate cancer", "lung cancer"} <= set(akt["cancers"].split(";"))
    for entry in ("prostate cancer: hsa-miR-140-3p", "breast cancer: hsa-miR-181a"):
        assert entry in akt["mirnas_by_cancer"]
    wnt = by_pathway["Wnt/beta-catenin signaling"]
    assert {"prostate cancer", "lung cancer"} <= set(wnt["cancers"].split(";"))
    assert "prostate cancer: hsa-mir-375" in wnt["mirnas_by_cancer"] and "hsa-mir-942" in wnt["mirnas_by_cancer"]


def test_core_source_cells(oxigraph: OxigraphStore) -> None:
    """§4.4.1.1: tumour cells, TAMs and CAFs are the core sources in all three cancers."""
    cells = {r["cell_label"] for r in rows(oxigraph, "core_source_cells", review="doi:10.3389/fonc.2026.1775016")}
    assert {"malignant cell", "tumor-associated macrophage", "cancer-associated fibroblast"} <= cells


def test_context_specific_mir_214_3p(oxigraph: OxigraphStore) -> None:
    """§4.4.2.3.1: miR-214-3p acts on osteoclasts in breast cancer and on osteoblasts in prostate cancer."""
    contexts = {
        (r["cancer_label"], r["recipient_cell_label"])
        for r in rows(oxigraph, "context_specific_roles")
        if r["mirna_label"] == "hsa-miR-214-3p"
    }
    assert ("breast cancer", "osteoclast") in contexts
    assert any(c == "prostate cancer" and "osteoblast" in r for c, r in contexts)


def test_opposite_roles_include_the_reviews_examples(oxigraph: OxigraphStore) -> None:
    """Table 4: miR-126 (row 22 promoting, row 26 inhibiting), miR-16 (row 16 inhibiting, row 32 promoting),
    miR-223 (row 8 promoting, row 33 inhibiting)."""
    names = {stem(r["mirna_label"]) for r in rows(oxigraph, "opposite_roles")}
    assert {"mir-126", "mir-16", "mir-223"} <= names


def test_shared_across_cancers_has_the_shape_of_table_7(oxigraph: OxigraphStore) -> None:
    """Table 7: miR-214-3p (breast, prostate), miR-34a (breast, prostate, lung), miR-21 and miR-155 (breast,
    lung) are reported in several cancers."""
    by_name = {stem(r["mirna_label"]): r for r in rows(oxigraph, "shared_across_cancers")}
    assert by_name["mir-214-3p"]["breast_cancer_roles"] and by_name["mir-214-3p"]["prostate_cancer_roles"]
    assert all(by_name["mir-34a"][f"{c}_cancer_roles"] for c in ("breast", "prostate", "lung"))
    for name in ("mir-21", "mir-155"):
        assert by_name[name]["breast_cancer_roles"] and by_name[name]["lung_cancer_roles"]


def test_cancer_specific_mirnas(oxigraph: OxigraphStore) -> None:
    """Table 7: miR-103a and miR-942 are lung-cancer specific, miR-489-3p breast-cancer specific."""
    only = {stem(r["mirna_label"]): r["cancer_label"] for r in rows(oxigraph, "cancer_specific_mirnas")}
    assert only["mir-103a"] == "lung cancer" and only["mir-942"] == "lung cancer"
    assert only["mir-489-3p"] == "breast cancer"


def test_review_cancer_specific_mirnas_answers_section_4_4_2_1(oxigraph: OxigraphStore) -> None:
    """Review 000 §4.4.2.1 (cancer type-specific core mechanisms and microRNA): miR-5119, miR-126, miR-448,
    miR-4510, miR-92 (breast); miR-375, miR-940, miR-205-5p, miR-3121-3p (prostate); miR-942, miR-196a
    (lung). Counted within review 000, miR-375 and miR-448 stay specific, although review 002 places them in
    other cancers (breast cancer TAMs, colon cancer), which drops them from cancer_specific_mirnas."""
    only = {
        stem(r["mirna_label"]): r["cancer_label"]
        for r in rows(oxigraph, "review_cancer_specific_mirnas", review="10.3389/fonc.2026.1775016")
    }
    expected = {
        "breast cancer": ["mir-5119", "mir-126", "mir-448", "mir-4510", "mir-92"],
        "prostate cancer": ["mir-375", "mir-940", "mir-205-5p", "mir-3121-3p"],
        "lung cancer": ["mir-942", "mir-196a"],
    }
    for cancer, names in expected.items():
        for name in names:
            assert only.get(name) == cancer, f"{name}: {only.get(name)}"
    both_reviews = {stem(r["mirna_label"]) for r in rows(oxigraph, "cancer_specific_mirnas")}
    assert {"mir-375", "mir-448"}.isdisjoint(both_reviews)


def test_exosomal_transfer(oxigraph: OxigraphStore) -> None:
    """§4.2.4: prostate cancer cells deliver miR-1275 via exosomes to osteoblasts; §4.1.1: tumour-cell exosomes
    deliver miR-184-3p to macrophages."""
    found = {
        (stem(r["mirna_label"]), r["source_cell_label"], r["vehicle"], r["recipient_cell_label"])
        for r in rows(oxigraph, "exosomal_transfer")
    }
    assert any(m == "mir-1275" and v == "exosome" and "osteoblast" in rc for m, _, v, rc in found)
    assert ("mir-184", "malignant cell", "exosome", "macrophage") in found


def test_mirnas_by_cell_lineage_follows_the_cell_ontology(oxigraph: OxigraphStore) -> None:
    """§4.1.6: miR-21 drives CCR6+ regulatory T cells (breast); a query for leukocytes also finds claims on
    tumour-associated macrophages (§4.1.1 miR-19a-5p) through CL's hierarchy."""
    tregs = rows(oxigraph, "mirnas_by_cell_lineage", cell="CL:0000815")
    assert any(stem(r["mirna_label"]) == "mir-21" and r["cancer_label"] == "breast cancer" for r in tregs)
    leukocytes = rows(oxigraph, "mirnas_by_cell_lineage", cell="leukocyte")
    assert {r["cell_label"] for r in leukocytes} >= {"regulatory T cell", "macrophage", "tumor-associated macrophage"}
    assert len(leukocytes) > len(tregs)


def test_mirna_profile_matches_precursor_mature_and_groups(oxigraph: OxigraphStore) -> None:
    """miR-21 appears in Table 4 rows 11, 29 and 35 and Table 7 row 3 (review 000) and in review 002."""
    statements = {r["statement"].rsplit("/", 1)[1] for r in rows(oxigraph, "mirna_profile", mirna="miR-21")}
    assert {"gu2026-t4-r11-miR-21", "gu2026-t4-r29-miR-21", "gu2026-t4-r35-miR-21"} <= statements
    assert any(s.startswith("pan2020-") for s in statements)
    assert any(s.startswith("pan2020-tI-") and s.endswith("miR-21-5p") for s in statements)


def test_claims_by_target_pten(oxigraph: OxigraphStore) -> None:
    """Table 4 row 29: miR-21 targets PTEN (breast); Table 6 row 5: miR-103a targets PTEN (lung); every miRNA
    the reviews say acts through PTEN is found, as target or downstream gene."""
    found = {(r["claim"].rsplit("/", 1)[1], r["relation"]) for r in rows(oxigraph, "claims_by_target", gene="pten")}
    assert ("gu2026-t4-r29-miR-21", "target") in found and ("gu2026-t6-r05-miR-103a", "target") in found
    # issue 15: PTEN named only in a pathway ("regulating their PTEN/Akt signaling axis", §4.1.1; "the
    # regulation of PTEN/PI3K/AKT", review 002 Table I row 46) or by "downregulating PTEN" (row 20)
    assert {
        ("gu2026-t4-r06-miR-181a", "downstream"),
        ("pan2020-tI-r46-miR-21", "downstream"),
        ("pan2020-tI-r20-miR-214", "downstream"),
    } <= found
    assert found == {
        (r["claim"].rsplit("/", 1)[1], r["relation"]) for r in rows(oxigraph, "claims_by_target", gene="hgnc:9588")
    }


def test_cross_review_mirnas(oxigraph: OxigraphStore) -> None:
    """miR-21 and miR-9 are curated from both reviews (review 000 Table 4; review 002 Table I)."""
    loci = {r["locus_label"] for r in rows(oxigraph, "cross_review_mirnas")}
    assert "hsa-mir-21" in loci
    assert any(label.startswith("hsa-mir-9-") for label in loci)


def test_disagreements_are_listed_in_pairs(oxigraph: OxigraphStore) -> None:
    """Table 4 row 2 (cluster inhibits) vs §4.1.1 (cluster promotes progression)."""
    found = rows(oxigraph, "disagreements")
    pair = [r for r in found if r["statement"].endswith("gu2026-t4-r02-miR-23a_27a_24-2")]
    assert pair and pair[0]["effect"] == "inhibits" and pair[0]["other_effect"] == "promotes"
    for row in found:
        if row["disagrees_with"]:
            assert any(r["statement"] == row["disagrees_with"] for r in found), "both sides are flagged"


def test_cell_composition_table_2(oxigraph: OxigraphStore) -> None:
    """Table 2 (prostate): epithelial 35.40%, T/NK 35.66%, fibroblasts 5.71%, B cells 4.88%, macrophages 8.31%,
    endothelial 5.85%, mast cells 1.58%; §2.2: 3.4% tumour cells (Kfoury et al.)."""
    prostate = {
        Decimal(r["proportion_percent"])
        for r in rows(oxigraph, "cell_composition")
        if r["cancer_label"] == "prostate cancer" and r["proportion_percent"]
    }
    assert {Decimal(x) for x in ("35.40", "35.66", "5.71", "4.88", "8.31", "5.85", "1.58", "3.4")} == prostate


def test_biomarkers_performance(oxigraph: OxigraphStore) -> None:
    """§5.2: serum miR-197-3p (up) + miR-1236 (down), 84.2% accuracy (İlhan); plasma miR-133a-3p + miR-153-3p,
    AUC 0.98-1.0 (Verma); review 002 §4: urine miR-107 and miR-574-3p in prostate cancer (Bryant)."""
    found = rows(oxigraph, "biomarkers")
    ilhan = next(r for r in found if r["first_author"].startswith(("İlhan", "Ilhan")))
    assert Decimal(ilhan["accuracy"]) == Decimal("0.842") and ilhan["sample_type"] == "serum"
    assert stem(ilhan["increased"]) == "mir-197-3p"
    verma = next(r for r in found if r["first_author"] == "Verma")
    assert (Decimal(verma["auc_min"]), Decimal(verma["auc_max"])) == (Decimal("0.98"), Decimal("1"))
    assert verma["sample_type"] == "plasma" and verma["cancer_label"] == "prostate cancer"
    bryant = next(r for r in found if r["first_author"] == "Bryant")
    assert bryant["sample_type"] == "urine" and {stem(m) for m in bryant["mirnas"].split(";")} == {
        "mir-107",
        "mir-574-3p",
    }


def test_therapeutics_stopped_trials(oxigraph: OxigraphStore) -> None:
    """§6.6: the first miR-34a mimic trial was terminated for immune-mediated toxicities (159); RG-101 against
    miR-122 was discontinued in phase II for severe hyperbilirubinemia (160)."""
    found = rows(oxigraph, "therapeutics")
    rg101 = next(r for r in found if "122" in r["mirna_label"] and r["termination_reason"])
    assert "hyperbilirubinemia" in rg101["termination_reason"] and rg101["stage"] == "phase II clinical trial"
    assert any("34a" in r["mirna_label"] and "immune" in r["termination_reason"] for r in found)


def test_biomarkers_include_mir_92a_of_section_4_1_2(oxigraph: OxigraphStore) -> None:
    """Review 000 §4.1.2: CAF-derived exosomal miR-92a 'may represent a potential novel tumor marker for breast
    cancer (59)' — no sample type and no purpose stated, and the statement says so rather than guessing."""
    found = [r for r in rows(oxigraph, "biomarkers") if r["statement"].endswith("gu2026-s4.1.2-miR-92a-biomarker")]
    assert len(found) == 1
    assert "not stated" in found[0]["sample_type"] and "not stated" in found[0]["purpose"]
    assert found[0]["cancer_label"] == "breast cancer"
