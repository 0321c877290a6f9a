"""``stats`` and the end of ``build`` say how many triples are inferred, what the statement counts are, and
that the graph was validated and classified."""

from __future__ import annotations

from pathlib import Path

import pytest

from mirna_kg.api import open_store
from mirna_kg.inferred import derive
from mirna_kg.stats import build_verdict, inferred_triples, render_stats

from .cli_runner import CliRunner

runner = CliRunner()


def figures_of(output: str) -> dict[str, int]:
    """The ``name  value`` lines of the output, by name (indented lines keep their indent)."""
    out = {}
    for line in output.splitlines():
        name, _, value = line.rstrip().rpartition("  ")
        if value.strip().isdigit():
            out[name.rstrip()] = int(value)
    return out


def test_stats_says_there_are_no_inferred_triples_and_how_to_count_them() -> None:
    result = runner.invoke(["stats"])
    assert result.exit_code == 0, result.output
    with open_store() as store:
        assert figures_of(result.stdout)["triples"] == len(store)
    assert "none inferred; --with-inferred adds the reasoner's" in result.stdout


def test_stats_with_inferred_splits_the_triples_as_build_and_the_home_page_count_them() -> None:
    plain = figures_of(runner.invoke(["stats"]).stdout)
    figures = figures_of(runner.invoke(["stats", "--with-inferred"]).stdout)
    with open_store() as store:
        derived = len(derive(store))
    assert figures["  inferred"] == derived > 0
    assert figures["  from the sources"] == plain["triples"]
    assert figures["triples"] == plain["triples"] + derived
    statements = ("claims", "observations", "biomarkers", "therapeutics", "mirnas", "genes", "cell types")
    assert all(figures[name] == plain[name] for name in statements)


def test_inferred_triples_of_a_store() -> None:
    with open_store() as store:
        assert inferred_triples(store) == 0
    with open_store(with_inferred=True) as store:
        assert inferred_triples(store) == len(derive(open_store()))
    with open_store(engine="rdflib") as store:
        assert inferred_triples(store) is None  # one graph, no named graphs: cannot tell


def test_render_stats_without_a_known_inferred_count_adds_nothing() -> None:
    assert render_stats({"claims": 3, "triples": 10}).splitlines() == ["claims         3", "triples       10"]


def test_build_verdict_names_warnings_and_a_build_without_reasoning() -> None:
    checked, classified = build_verdict(2, None)
    assert "2 warnings" in checked and classified.startswith("not classified (--no-inferred)")
    assert build_verdict(0, 266)[1].startswith("classified:") and "266 inferred triples" in build_verdict(0, 266)[1]


@pytest.mark.slow
def test_build_ends_saying_validated_classified_and_what_the_counts_are(tmp_path: Path) -> None:
    result = runner.invoke(["build", "--out", str(tmp_path / "dist")])
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())  # the closing lines may be wrapped
    assert "validated: the graph conforms to the SHACL shapes" in text
    assert "classified: the fast reasoner placed the miRNAs in the ontology's defined classes" in text
    assert "observations: cell composition observations (mkg:CellCompositionObservation)" in text
    figures = figures_of(result.stdout)
    with open_store(with_inferred=True) as store:
        assert figures["triples"] == len(store) and figures["  inferred"] == inferred_triples(store)
    unindented = [line for line in result.stdout.splitlines() if not line.startswith(" ")]
    assert unindented[-2].startswith("validated:") and unindented[-1].startswith("classified:")  # it ends so
