"""The draft of a review's text: tables and prose to candidate rows by the curation's own rules, checked on a
fixture review written for the tests (tests/fixtures/curation/) and on small texts that isolate one rule."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from mirna_kg.curation.draft import draft_rows, effect_of, read_document, write_draft
from mirna_kg.curation.grounding import Grounder, grounder
from mirna_kg.curation.sheets import quote_found, source_texts

from .conftest import LAYOUT

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "curation" / "review.txt"


@pytest.fixture(scope="module")
def lookups() -> Grounder:
    return grounder(LAYOUT.root.resolve())


@pytest.fixture(scope="module")
def fixture_rows(lookups: Grounder) -> list[dict[str, str]]:
    return draft_rows(FIXTURE.read_text(encoding="utf-8"), lookups)


def _row(rows: list[dict[str, str]], **wanted: str) -> dict[str, str]:
    found = [r for r in rows if all(r[k] == v for k, v in wanted.items())]
    assert len(found) == 1, f"{len(found)} rows with {wanted}"
    return found[0]


def test_table_rows_map_cells_by_their_headers(fixture_rows: list[dict[str, str]]) -> None:
    first = _row(fixture_rows, table="Table 1", table_row="1")
    assert first["mirna"] == "mirbase.mature:MIMAT0004490"  # miR-19a-5p: the arm names the mature entry
    assert first["cancer"] == "MONDO:0007254"  # from the header "Impact on bone metastasis of breast cancer"
    assert first["source_cell"] == "tumor-associated macrophage (mkg:TumorAssociatedMacrophage)"
    assert first["source_cell_as_written"] == "Tumor-associated macrophages"
    assert first["function_as_written"] == "Targeting Fra-1 to inhibit M2 polarization"
    assert first["targets"] == "FOSL1 (hgnc:13718)"  # "Targeting Fra-1": targeting wording
    assert first["effect"] == "inhibits"  # "Inhibiting tumors"
    second = _row(fixture_rows, table="Table 1", table_row="2")
    assert second["targets"] == "TSC2 (hgnc:12363)"  # a cell naming genes only answers "target gene"
    assert second["vehicle"] == "exosome"


def test_table_row_quote_is_the_prose_on_its_study(fixture_rows: list[dict[str, str]]) -> None:
    first = _row(fixture_rows, table="Table 1", table_row="1")
    assert first["quote"].startswith("In breast cancer, miR-19a-5p can target the proto-oncogene Fra-1")
    assert first["section"] == "1" and first["references"] == "3"


def test_prose_rows_name_a_mirna_with_a_cell_gene_or_effect(fixture_rows: list[dict[str, str]]) -> None:
    prose = _row(fixture_rows, table="", mirna_as_written="miR-21")
    assert prose["mirna"] == "mirbase:MI0000077"  # arm-less, one human locus: the stem-loop
    assert prose["cancer_label"] == "prostate cancer"
    assert prose["recipient_cell"] == "osteoclast (CL:0000092)"
    assert prose["targets"] == "PTEN (hgnc:9588)"  # "directly targets PTEN"
    assert prose["effect"] == "promotes"
    assert prose["section"] == "2"
    # the closing sentence names no miRNA: no row
    assert not [r for r in fixture_rows if "nothing here is a finding" in r["quote"]]


def test_every_quote_is_verbatim_and_every_row_says_why(fixture_rows: list[dict[str, str]]) -> None:
    texts = source_texts(FIXTURE.read_text(encoding="utf-8"))
    assert fixture_rows
    for row in fixture_rows:
        assert row["quote"] and quote_found(row["quote"], texts), row["quote"]
        assert 0 < float(row["confidence"]) <= 1 and row["why"]
        assert row["table_row"] or row["section"]


@pytest.mark.parametrize(
    ("sentence", "target", "downstream"),
    [
        ("In breast cancer, miR-21 directly targets PTEN in macrophages.", "PTEN (hgnc:9588)", ""),
        ("In breast cancer, miR-21 binds the 3'-UTR of PTEN in macrophages.", "PTEN (hgnc:9588)", ""),
        ("In breast cancer, miR-21 suppresses the translation of PTEN in macrophages.", "PTEN (hgnc:9588)", ""),
        ("In breast cancer, miR-21 enhanced the expression of PTEN in macrophages.", "", "PTEN (hgnc:9588)"),
        ("In breast cancer, miR-21 acts by downregulating PTEN in macrophages.", "", "PTEN (hgnc:9588)"),
    ],
)
def test_targets_only_from_targeting_wording(lookups: Grounder, sentence: str, target: str, downstream: str) -> None:
    row = _row(draft_rows(sentence + "\n", lookups), mirna_as_written="miR-21")
    assert (row["targets"], row["downstream_genes"]) == (target, downstream)


@pytest.mark.parametrize(
    ("text", "effect"),
    [
        ("miR-21 promotes tumor growth in bone.", "promotes"),
        ("miR-21 suppresses the metastasis of breast cancer cells.", "inhibits"),
        ("The downregulation of miR-21 promoted breast cancer progression.", "inhibits"),
        ("miR-21 induces M2 polarization of macrophages.", ""),
        ("miR-21 promotes proliferation but suppresses invasion.", ""),
    ],
)
def test_effect_only_from_explicit_wording(text: str, effect: str) -> None:
    assert effect_of(text, "miR-21")[0] == effect


def test_tab_separated_table_with_wrapped_cells_and_groups(lookups: Grounder) -> None:
    text = (
        "Table I. MicroRNAs in a test table.\n\n"
        "\u039cicroRNAs\t Cancers\t Function\t (Refs.)\n\n"
        "Regulation of CAFs\n"
        "  miR\u2011155\t Ovarian cancer\t Promoting conversion of fibroblasts by targeting\t (30)\n"
        "\t Gastric cancer\t TP53INP1\n"
        "  miR\u2011214\t Ovarian cancer\t Inhibiting CAF activation by targeting CCL5\t (31)\n"
    )
    document = read_document(text)
    assert [t.name for t in document.tables] == ["Table I"]
    rows = [r for r in draft_rows(text, lookups) if r["table"]]
    first = [r for r in rows if r["table_row"] == "1"]
    assert {r["mirna"] for r in first} == {"mirbase:MI0000681"}
    assert first[0]["cancer_label"] == "gastric cancer; ovarian cancer" or first[0]["cancer_label"] == (
        "ovarian cancer; gastric cancer"
    )
    assert first[0]["targets"] == "TP53INP1 (hgnc:18022)"
    assert first[0]["table_group"] == "Regulation of CAFs"
    assert first[0]["table_references"] == "30"
    second = _row(rows, table_row="2")
    # "Inhibiting CAF activation" says nothing of the tumour: no effect
    assert second["targets"] == "CCL5 (hgnc:10632)" and second["effect"] == ""


def test_written_lists_and_clusters(lookups: Grounder) -> None:
    text = "| miRNA | Source cells | Target gene/function | Impact on breast cancer |\n|---|---|---|---|\n"
    text += "| miR-21, -143, -378e | Cancer-associated fibroblast exosomes | – | Promoting tumors: growth |\n"
    text += "| miR-23a/27a/24-2 | Tumor-associated macrophages | Regulating polarization | Inhibiting tumors |\n"
    rows = draft_rows(text, lookups)
    assert [r["mirna_as_written"] for r in rows if r["table_row"] == "1"] == ["miR-21", "miR-143", "miR-378e"]
    assert _row(rows, table_row="2")["mirna"] == "mkgr:group-hsa-miR-23a_27a_24-2"


def test_write_draft_makes_an_importable_sheet(tmp_path: Path) -> None:
    out = tmp_path / "draft.tsv"
    count = write_draft(FIXTURE, "gu2026", out, LAYOUT)
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert len(rows) == count > 0
    assert {"confidence", "why", "statement", "quote"} <= set(rows[0])
    assert [float(r["confidence"]) for r in rows] == sorted((float(r["confidence"]) for r in rows), reverse=True)


def test_several_cancers_pair_with_the_miRNA_named_after_them(lookups: Grounder) -> None:
    text = "Inhibiting osteoclasts (anti-tumor): prostate cancer (miR-214), lung cancer (miR-139).\n"
    rows = draft_rows(text, lookups)
    assert _row(rows, mirna_as_written="miR-214")["cancer_label"] == "prostate cancer"
    assert _row(rows, mirna_as_written="miR-139")["cancer_label"] == "lung cancer"
