"""Claim sheets both ways: export then import reproduces each review's statements; bad cells are refused with
their address and nothing written."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rdflib import Graph
from rdflib.compare import isomorphic

from mirna_kg.curation.columns import NAMES
from mirna_kg.curation.sheets import SheetError, export_review, import_review, quote_found, source_texts
from mirna_kg.errors import InputError
from mirna_kg.namespaces import MKG
from mirna_kg.resources import ProjectLayout
from mirna_kg.reviews import reviews

from .conftest import LAYOUT

REVIEW_KEYS = sorted(reviews(LAYOUT))
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "curation"


def review_statements(layout: ProjectLayout, key: str) -> Graph:
    """Every triple about a statement of the review, from the tree's data files."""
    data = Graph()
    for path in layout.data_files():
        data.parse(path)
    out = Graph()
    for statement in set(data.subjects(MKG.statedIn, reviews(layout)[key].iri)):
        for triple in data.triples((statement, None, None)):
            out.add(triple)
    return out


def snapshot(layout: ProjectLayout) -> dict[str, bytes]:
    return {str(p.relative_to(layout.root)): p.read_bytes() for p in layout.data_dir.rglob("*") if p.is_file()}


@pytest.mark.slow  # a whole review through SHACL twice, per format
@pytest.mark.parametrize("suffix", [".tsv", ".xlsx"])
@pytest.mark.parametrize("key", REVIEW_KEYS)
def test_round_trip_is_isomorphic(key: str, suffix: str, tree_copy: ProjectLayout, tmp_path: Path) -> None:
    before = review_statements(tree_copy, key)
    assert len(before) > 0
    sheet = tmp_path / f"{key}{suffix}"
    rows = export_review(key, sheet, tree_copy)
    assert rows == len(set(before.subjects(MKG.statedIn, None)))
    import_review(sheet, key, layout=tree_copy)
    assert isomorphic(before, review_statements(tree_copy, key))
    # a second import of the same sheet changes no byte: the output is deterministic
    files = snapshot(tree_copy)
    result = import_review(sheet, key, layout=tree_copy)
    assert result.written == [] and result.removed == []
    assert snapshot(tree_copy) == files


def test_tsv_has_the_issue_columns(tree_copy: ProjectLayout, tmp_path: Path) -> None:
    sheet = tmp_path / "gu.tsv"
    export_review("gu2026", sheet, tree_copy)
    with sheet.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    required = "statement kind mirna_as_written mirna mirna_label cancer cancer_label source_cell vehicle "
    required += "recipient_cell targets downstream_genes effect table table_row section references quote flags note"
    assert set(required.split()) <= set(rows[0])
    first = next(r for r in rows if r["statement"] == "mkgs:gu2026-t4-r01-miR-19a-5p")
    # what data/ttl/gu2026/t4-4.1.1-tam.ttl says of Table 4 row 1 (FOSL1 is Fra-1, targeted; inhibits the tumour)
    assert first["mirna"] == "mirbase.mature:MIMAT0004490"
    assert first["targets"] == "FOSL1 (hgnc:13718)"
    assert first["effect"] == "inhibits"
    assert first["cancer_label"] == "breast cancer"
    assert {r["kind"] for r in rows} == {"regulatory claim", "cell composition", "biomarker", "therapeutic"}


def test_xlsx_is_made_for_a_person(tree_copy: ProjectLayout, tmp_path: Path) -> None:
    sheet = tmp_path / "pan.xlsx"
    export_review("pan2020", sheet, tree_copy)
    book = load_workbook(sheet)
    claims = book["claims"]
    assert claims.freeze_panes == "A2"
    header = [c.value for c in claims[1]]
    assert tuple(header) == NAMES
    letter = {name: claims.cell(row=1, column=i + 1).column_letter for i, name in enumerate(header)}
    validated = {
        str(rng).split(":")[0].rstrip("0123456789")
        for v in claims.data_validations.dataValidation
        for rng in v.sqref.ranges
    }
    for column in ("effect", "vehicle", "flags", "evidence", "expression_change"):
        assert letter[column] in validated, f"no drop-down on {column}"
    lists = book["lists"]
    vehicles = [c.value for c in next(col for col in lists.iter_cols() if col[0].value == "vehicle")[1:] if c.value]
    assert "exosome" in vehicles and "microvesicle" in vehicles  # read from the ontology's value set
    documented = [row[0].value for row in book["columns"].iter_rows(min_row=2)]
    assert documented == list(NAMES)
    assert claims.column_dimensions[letter["quote"]].width > claims.column_dimensions[letter["kind"]].width


def _one_row_sheet(tmp_path: Path, **cells: str) -> Path:
    row = {
        "kind": "regulatory claim",
        "table": "Table 4",
        "table_row": "1",
        "section": "4.1.1",
        "mirna_as_written": "miR-21",
        "cancer_label": "breast cancer",
        "targets": "PTEN",
        "effect": "promotes",
        "quote": "miR-21 targets PTEN in breast cancer cells, which promotes tumour growth.",
        "references": "7",
    }
    row.update(cells)
    path = tmp_path / "one.tsv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(list(row))
        writer.writerow(list(row.values()))
    return path


@pytest.mark.parametrize(
    ("cells", "column", "words"),
    [
        ({"mirna_as_written": "miR-30c"}, "mirna_as_written", "several miRBase loci"),
        ({"targets": "NOTAGENE42"}, "targets", "no HGNC gene named 'NOTAGENE42'"),
        ({"targets": "hgnc:999999999"}, "targets", "not an identifier of the shipped tables"),
        ({"vehicle": "spaceship"}, "vehicle", "'spaceship' is not a vehicle value"),
        ({"effect": "helps"}, "effect", "'helps' is not an effect"),
        ({"flags": "typoRepaired; madeUpFlag"}, "flags", "'madeUpFlag' is not a flags value"),
        ({"table_row": "first"}, "table_row", "not a positive whole number"),
    ],
)
def test_import_refuses_a_bad_cell(
    cells: dict, column: str, words: str, tree_copy: ProjectLayout, tmp_path: Path
) -> None:
    sheet = _one_row_sheet(tmp_path, **cells)
    before = snapshot(tree_copy)
    with pytest.raises(SheetError) as caught:
        import_review(sheet, "gu2026", layout=tree_copy)
    assert f"one.tsv:2:{column}: " in str(caught.value)
    assert words in str(caught.value)
    assert "nothing was written" in str(caught.value)
    assert snapshot(tree_copy) == before


def test_import_refuses_a_quote_not_in_the_text(tree_copy: ProjectLayout, tmp_path: Path) -> None:
    text = tmp_path / "review.txt"
    text.write_text(
        "In breast cancer, miR-21 directly targets PTEN and\npromotes tumour growth (7).\n", encoding="utf-8"
    )
    before = snapshot(tree_copy)
    with pytest.raises(SheetError) as caught:  # the sheet's quote is not the text's wording
        import_review(_one_row_sheet(tmp_path), "gu2026", text, layout=tree_copy)
    assert "one.tsv:2:quote: not found verbatim" in str(caught.value)
    assert snapshot(tree_copy) == before
    # the text's own wording passes, across its line break
    assert quote_found("miR-21 directly targets PTEN and promotes tumour growth (7).", source_texts(text.read_text()))


def test_quotes_survive_line_breaks_hyphens_and_page_furniture() -> None:
    texts = source_texts(
        "the macro-\nphages take up exo\u2011somes; hetero-\nspheroids of cells that RUNNING HEAD 12 "
        "grow fast in the bone marrow"
    )
    assert quote_found("the macrophages take up exo-somes", texts)
    assert quote_found("hetero-spheroids of cells", texts)
    assert quote_found("take up exo-somes; hetero-spheroids of cells that grow fast in the bone marrow", texts)
    assert not quote_found("the macrophages take up exosomes and grow", texts)


def test_xlsx_cell_address_names_the_sheet(tree_copy: ProjectLayout, tmp_path: Path) -> None:
    sheet = tmp_path / "pan.xlsx"
    export_review("pan2020", sheet, tree_copy)
    book = load_workbook(sheet)
    claims = book["claims"]
    header = [c.value for c in claims[1]]
    claims.cell(row=3, column=header.index("vehicle") + 1, value="teleport")
    book.save(sheet)
    before = snapshot(tree_copy)
    with pytest.raises(SheetError) as caught:
        import_review(sheet, "pan2020", layout=tree_copy)
    assert "pan.xlsx:claims!3:vehicle: 'teleport' is not a vehicle value" in str(caught.value)
    assert snapshot(tree_copy) == before


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("claims.csv", b"kind\n", "a claim sheet is .xlsx or .tsv"),
        ("claims.xlsx", b"kind\tstatement\n", "not an XLSX workbook"),
        ("claims.tsv", b"kind\tcolour\n", "unknown column(s) colour"),
        ("claims.tsv", b"statement\n", "no 'kind' column"),
    ],
)
def test_unusable_sheets_are_input_errors(
    name: str, content: bytes, words: str, tree_copy: ProjectLayout, tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        import_review(path, "gu2026", layout=tree_copy)
    assert words in str(caught.value)
    assert caught.value.exit_code == 2


def test_oversized_sheet_is_refused(tree_copy: ProjectLayout, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mirna_kg.curation import sheets

    path = _one_row_sheet(tmp_path)
    monkeypatch.setattr(sheets, "MAX_SHEET_BYTES", 16)
    with pytest.raises(InputError, match="more than a claim sheet holds"):
        import_review(path, "gu2026", layout=tree_copy)


def test_cli_sheet_commands(tree_copy: ProjectLayout, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The faces: export prints the count, a bad cell exits 1 with its address, an unusable file exits 2."""
    from mirna_kg.resources import HOME_VARIABLE

    from .cli_runner import CliRunner

    monkeypatch.setenv(HOME_VARIABLE, str(tree_copy.root))
    runner = CliRunner()
    helped = runner.invoke(["sheet", "--help"])
    assert helped.exit_code == 0 and "export" in helped.output and "import" in helped.output
    out = tmp_path / "pan.tsv"
    exported = runner.invoke(["sheet", "export", "--review", "pan2020", "--out", str(out)])
    assert exported.exit_code == 0, exported.output
    assert out.is_file() and "statements of pan2020" in exported.output
    bad = _one_row_sheet(tmp_path, vehicle="spaceship")
    refused = runner.invoke(["sheet", "import", str(bad), "--review", "gu2026"])
    assert refused.exit_code == 1
    assert "one.tsv:2:vehicle: 'spaceship' is not a vehicle value" in refused.output
    unusable = tmp_path / "claims.csv"
    unusable.write_text("kind\n", encoding="utf-8")
    assert runner.invoke(["sheet", "import", str(unusable), "--review", "gu2026"]).exit_code == 2
    assert runner.invoke(["sheet", "export", "--review", "nosuchreview", "--out", str(out)]).exit_code == 2
