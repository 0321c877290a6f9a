"""The terminal layout (``mirna_kg.terminal``) and the fitted query table: whole names, no line too long.

The renderer is tested at given widths on the stored queries' real rows; ``test_terminal_tmux.py`` runs the
command in real terminals.
"""

from __future__ import annotations

import pytest

from mirna_kg.api import answer_stored_query, open_store, run_stored_query
from mirna_kg.results import render
from mirna_kg.stores.base import ResultTable
from mirna_kg.terminal import chunks, column_widths, definition_lines, record_lines, table_lines, wrap

WIDTHS = (40, 60, 80, 100, 120, 160, 200, 250, 400)


@pytest.fixture(scope="module")
def tables() -> dict[str, ResultTable]:
    """Real results: all claims, the PD-L1 claims, one miRNA's profile and the statistics."""
    with open_store() as store:
        return {
            "all_claims": run_stored_query(store, "all_claims"),
            "claims_by_target": answer_stored_query(store, "claims_by_target", {"gene": "PD-L1"}).table,
            "mirna_profile": answer_stored_query(store, "mirna_profile", {"mirna": "miR-21"}).table,
            "stats": run_stored_query(store, "stats"),
        }


def words(text: str) -> list[str]:
    return [c for c in chunks(text) if not c.isspace()]


def test_wrap_breaks_between_words_and_after_semicolons() -> None:
    assert wrap("breast cancer;lung cancer", 14) == ["breast cancer;", "lung cancer"]
    assert wrap("hsa-miR-92 (locus and arm not stated)", 16) == ["hsa-miR-92", "(locus and arm", "not stated)"]
    assert wrap("hsa-miR-23a/27a/24-2 cluster", 40) == ["hsa-miR-23a/27a/24-2 cluster"]
    assert wrap("", 10) == [""]
    assert wrap("two\nlines", 20) == ["two lines"]  # a line break inside a value cannot break the layout


def test_wrap_carries_an_overlong_word_over_whole() -> None:
    lines = wrap("see https://w3id.org/mirna-kg/statement/gu2026-t4-r11-miR-21 here", 20)
    assert all(len(line) <= 20 for line in lines)
    assert "".join(lines[1:-1]) == "https://w3id.org/mirna-kg/statement/gu2026-t4-r11-miR-21"


def test_headers_break_after_underscores() -> None:
    assert wrap("recipient_cell_label", 12, header=True) == ["recipient_", "cell_label"]


def test_column_widths_keep_every_word_and_the_names_asked_for() -> None:
    headers = ["name", "effect", "notes"]
    rows = [["hsa-miR-200 family", "inhibits", "a long note that may wrap over several lines"]]
    widths = column_widths(headers, rows, 50, whole=[0])
    assert widths is not None and sum(widths) + 4 <= 50
    assert widths[:2] == [18, 8]  # the name and the short column stay on one line; the note wraps
    assert column_widths(headers, rows, 200) == [18, 8, 44]  # room for everything: each its widest cell
    assert column_widths(headers, rows, 20) is None  # the longest words do not fit side by side


def test_table_lines_wrap_cells_within_their_columns() -> None:
    lines = table_lines(["mirna", "cancer"], [["hsa-miR-21", "breast cancer;lung cancer"]], [10, 14])
    assert lines == [
        "mirna       cancer",
        "----------  --------------",
        "hsa-miR-21  breast cancer;",
        "            lung cancer",
    ]


def test_record_lines_show_every_field_within_the_width() -> None:
    lines = record_lines(["mirna_label", "cancer_label"], [["hsa-miR-21-5p", "breast cancer"]] * 2, 40)
    assert lines[0].startswith("-[ 1 of 2 ]") and lines[3].startswith("-[ 2 of 2 ]")
    assert lines[1] == "mirna_label   hsa-miR-21-5p" and lines[2] == "cancer_label  breast cancer"
    assert max(len(line) for line in lines) <= 40
    narrow = record_lines(["recipient_cell_label"], [["tumor-associated macrophage"]], 20)
    assert max(len(line) for line in narrow) <= 20
    assert "tumor-associated" in [line.strip() for line in narrow]


def test_definition_lines_align_names_and_keep_bracketed_hints_together() -> None:
    hint = "[--param review=10.3389/fonc.2026.1775016]"
    items = [
        ("all_claims", "All regulatory claims"),
        ("review_cancer_specific_mirnas", f"Cancer-specific miRNAs within one review  {hint}"),
    ]
    assert definition_lines(items, None)[0] == "all_claims                     All regulatory claims"
    lines = definition_lines(items, 80)
    assert max(len(line) for line in lines) <= 80
    assert lines[-1] == " " * 31 + hint
    narrow = definition_lines(items, 40)  # names on their own lines, texts indented below
    assert narrow[:2] == ["all_claims", "    All regulatory claims"] and max(len(line) for line in narrow) <= 40


@pytest.mark.parametrize("name", ["all_claims", "claims_by_target", "mirna_profile", "stats"])
@pytest.mark.parametrize("width", WIDTHS)
def test_fitted_table_keeps_every_word_whole_within_the_width(
    tables: dict[str, ResultTable], name: str, width: int
) -> None:
    table = tables[name]
    text = render(table, "table", width)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width
    assert "…" not in text
    shown = {w for line in lines for w in words(line)}
    body = render(table, "tsv")  # every value in full, to compare with
    for row in body.splitlines()[1:]:
        for value in row.split("\t"):
            if not value.startswith("http"):  # IRIs are shown as CURIEs (or step aside for their labels)
                assert set(words(value)) <= shown, value


@pytest.mark.parametrize("width", [80, 120])
def test_pd_l1_claims_show_whole_mirna_and_cancer_labels(tables: dict[str, ResultTable], width: int) -> None:
    """Review 000 Table 5 row 8: miR-16 and miR-195 target PD-L1 in prostate cancer; Table 4 row 25: mmu-miR-5119
    in breast cancer. Each label must be readable whole on one line at 80 and 120 columns."""
    lines = [line.rstrip() for line in render(tables["claims_by_target"], "table", width).splitlines()]
    table = tables["claims_by_target"]
    mirnas = {str(r[table.variables.index("mirna_label")]) for r in table.rows}
    cancers = {str(r[table.variables.index("cancer_label")]) for r in table.rows}
    assert {"hsa-mir-195", "mmu-miR-5119"} <= mirnas and "prostate cancer" in cancers
    for label in mirnas | cancers:
        assert any(line.endswith("  " + label) for line in lines), label


def test_label_columns_come_before_iri_columns(tables: dict[str, ResultTable]) -> None:
    """Too wide with every column but fitting without ``mirna`` and ``cancer`` (IRIs whose labels are shown):
    those two step aside, and the count line says so."""
    table = tables["claims_by_target"]
    extended = ResultTable(["mirna", *table.variables], [(r[1], *r) for r in table.rows])
    text = render(extended, "table", 250)
    header = text.splitlines()[0].split()
    assert "mirna" not in header and "mirna_label" in header
    assert "not shown: mirna" in " ".join(text.split())
    assert render(extended, "table", 400).splitlines()[0].split()[:2] == ["mirna", "claim"]  # room: all shown


def test_too_wide_a_table_is_shown_one_record_per_block(tables: dict[str, ResultTable]) -> None:
    text = render(tables["all_claims"], "table", 80)
    blocks = [line for line in text.splitlines() if line.startswith("-[ ")]
    assert len(blocks) == len(tables["all_claims"].rows)
    assert "one block each" in " ".join(text.splitlines()[-2:])


def test_without_a_width_the_table_is_unchanged(tables: dict[str, ResultTable]) -> None:
    """A pipe or a file gets the plain table: every column, one line per row, however wide."""
    text = render(tables["all_claims"], "table")
    lines = text.splitlines()
    assert len(lines) == len(tables["all_claims"].rows) + 3 and lines[-1] == "(192 rows)"
    assert lines[0].split() == tables["all_claims"].variables and max(len(line) for line in lines) > 250


@pytest.mark.parametrize("width", [None, 80])
def test_empty_results_render(width: int | None) -> None:
    """No rows, or rows without columns (``SELECT * WHERE {}``), still give a header and the count."""
    assert render(ResultTable(["mirna", "cancer"], []), "table", width).splitlines()[-1] == "(0 rows)"
    assert render(ResultTable([], [()]), "table", width).splitlines()[-1] == "(1 row)"
