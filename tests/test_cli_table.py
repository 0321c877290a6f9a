"""The text table fits the terminal; --columns and --limit; CSV/TSV/JSON stay complete."""

from __future__ import annotations

import csv
import io
import json

from mirna_kg.api import open_store, run_stored_query
from mirna_kg.results import render, select

from .cli_runner import CliRunner

runner = CliRunner()


def test_table_fits_the_given_width() -> None:
    with open_store() as store:
        table = run_stored_query(store, "all_claims")
    text = render(table, "table", 100)
    assert max(len(line) for line in text.splitlines()) <= 100
    assert "…" not in text  # fitted by wrapping or by one record per block, never by cutting a name
    assert max(len(line) for line in render(table, "table").splitlines()) > 100  # not fitted without a width


def test_a_pipe_gets_the_plain_table() -> None:
    """CliRunner's stdout is not a terminal: the table is not fitted, whatever COLUMNS says."""
    result = runner.invoke(["query", "claims_by_target", "-p", "gene=PD-L1"], env={"COLUMNS": "80"})
    with open_store() as store:
        table = run_stored_query(store, "claims_by_target", {"gene": "PD-L1"})
    assert result.exit_code == 0 and result.stdout == render(table, "table")


def test_query_list_aligns_every_name() -> None:
    """The longest stored-query name (review_cancer_specific_mirnas) no longer pushes its title out of line."""
    lines = runner.invoke(["query", "--list"]).stdout.splitlines()
    starts = {len(line) - len(line.split(maxsplit=1)[1]) for line in lines}
    assert len(starts) == 1 and any(line.startswith("review_cancer_specific_mirnas  ") for line in lines)


def test_csv_stays_complete_whatever_the_width() -> None:
    with open_store() as store:
        table = run_stored_query(store, "all_claims")
    rows = list(csv.reader(io.StringIO(render(table, "csv", 40))))
    assert len(rows) == len(table.rows) + 1 and "…" not in "".join("".join(r) for r in rows)


def test_columns_and_limit() -> None:
    result = runner.invoke(
        ["query", "all_claims", "--columns", "mirna_label,cancer_label", "--limit", "3", "--format", "tsv"]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "mirna_label\tcancer_label" and len(lines) == 4


def test_limit_applies_to_json_too() -> None:
    result = runner.invoke(["query", "all_claims", "-n", "2", "--format", "json"])
    assert len(json.loads(result.stdout)["results"]["bindings"]) == 2


def test_unknown_column_names_the_columns() -> None:
    result = runner.invoke(["query", "all_claims", "--columns", "nope"])
    assert result.exit_code == 2 and "no column 'nope'; the columns are claim, mirna" in result.stderr


def test_select_keeps_the_order_asked_for() -> None:
    with open_store() as store:
        table = select(run_stored_query(store, "stats"), ["triples", "claims"][1:], 1)
    assert table.variables == ["claims"]
