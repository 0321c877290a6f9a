"""Parameter lookups: aliases, previous symbols, identifiers, synonyms; close names; inferred-only queries."""

from __future__ import annotations

import pytest

from .cli_runner import CliRunner

runner = CliRunner()


def _query(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(["query", *args, "--format", "tsv"])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("value", ["PD-L1", "pd-l1", "PDCD1LG1", "B7-H1", "CD274", "HGNC:17635", "hgnc:17635"])
def test_gene_by_alias_previous_symbol_or_identifier(value: str) -> None:
    code, out, err = _query("claims_by_target", "--param", f"gene={value}")
    assert code == 0, err
    rows = out.splitlines()[1:]
    assert rows and all("\tCD274\t" in row for row in rows)
    if value not in ("CD274",):
        assert "CD274 (hgnc:17635)" in err


def test_gene_by_hgnc_curie_finds_pten() -> None:
    code, out, _ = _query("claims_by_target", "--param", "gene=HGNC:9588")
    assert code == 0 and out.count("\tPTEN\t") == len(out.splitlines()) - 1 > 0


def test_mirna_by_accession() -> None:
    by_accession = _query("mirna_profile", "--param", "mirna=MIMAT0000076")
    by_name = _query("mirna_profile", "--param", "mirna=hsa-miR-21-5p")
    assert by_accession[0] == 0 and by_accession[1] == by_name[1] and by_accession[1].count("\n") > 1
    assert "hsa-miR-21-5p (mirbase.mature:MIMAT0000076)" in by_accession[2]


def test_cell_by_synonym_and_identifier() -> None:
    by_synonym = _query("mirnas_by_cell_lineage", "--param", "cell=histiocyte")
    by_id = _query("mirnas_by_cell_lineage", "--param", "cell=CL:0000235")
    assert by_synonym[0] == 0 and by_synonym[1] == by_id[1] and by_id[1].count("\n") > 1


def test_unknown_gene_suggests_close_names() -> None:
    code, _, err = _query("claims_by_target", "--param", "gene=PTNE")
    assert code == 2
    assert "no gene named 'PTNE'" in err and "did you mean PTEN" in err


def test_unknown_identifier_says_it_is_not_used() -> None:
    code, _, err = _query("mirna_profile", "--param", "mirna=MIMAT9999999")
    assert code == 2 and "MIMAT9999999" in err


@pytest.mark.parametrize(("query", "param"), [("mirna_profile", "mirna=miR-9999"), ("claims_by_target", "gene=TP53")])
def test_an_unknown_name_is_one_behaviour(query: str, param: str) -> None:
    """A miRNA that names nothing is an error with close names, like an unknown gene (issue 24)."""
    code, out, err = _query(query, "--param", param)
    assert code == 2 and out == ""
    assert f"named {param.split('=')[1]!r}" in err and "did you mean" in err


def test_a_mirna_that_finds_nothing_suggests_the_name() -> None:
    code, _, err = _query("mirna_profile", "--param", "mirna=miR-21x")
    assert code == 2
    assert "no miRNA named 'miR-21x'" in err and "miR-21" in err


@pytest.mark.parametrize(
    "value",
    [
        "gu2026",
        "10.3389/fonc.2026.1775016",
        "doi:10.3389/fonc.2026.1775016",
        "https://doi.org/10.3389/fonc.2026.1775016",
    ],
)
@pytest.mark.parametrize("query", ["review_cancer_specific_mirnas", "core_source_cells"])
def test_review_by_key_doi_or_curie(query: str, value: str) -> None:
    """The review parameter takes the key, the DOI, ``doi:…`` and the DOI IRI alike, whatever the query's kind."""
    code, out, err = _query(query, "--param", f"review={value}")
    reference = _query(query, "--param", "review=gu2026")
    assert code == 0, err
    assert out == reference[1] and out.count("\n") > 1


def test_the_ego_network_example_runs() -> None:
    """``fig_ego_network``'s own example (an IRI parameter given as a CURIE) answers (issue 21)."""
    code, out, err = _query("fig_ego_network", "--param", "mirna=mirbase:MI0000077")
    assert code == 0, err
    assert out.count("\n") > 1


def test_inferred_roles_without_inferred_triples_says_how_to_get_them() -> None:
    code, _, err = _query("inferred_roles")
    assert code == 0
    assert "--with-inferred" in err
