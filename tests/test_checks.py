"""Checks that catch wrong but real identifiers, and a statement IRI defined in two files."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from mirna_kg.checks import mirna_as_written_findings, name_agrees, normalize, written_names
from mirna_kg.loading import LoadedGraph
from mirna_kg.resources import HOME_VARIABLE, ProjectLayout

from .cli_runner import CliRunner
from .conftest import FIXTURES

CHECK_FIXTURES = sorted((FIXTURES / "checks").glob("*.ru"))
CLAIM_FILE = Path("data/ttl/gu2026/t4-4.1.1-tam.ttl")
CLAIM = "mkgs:gu2026-t4-r01-miR-19a-5p"


def test_curated_data_passes_the_checks(loaded: LoadedGraph) -> None:
    assert mirna_as_written_findings(loaded.graph) == []


def _copy(loaded: LoadedGraph) -> Graph:
    graph = Graph()
    graph += loaded.graph
    return graph


@pytest.mark.parametrize("fixture", CHECK_FIXTURES, ids=[f.stem for f in CHECK_FIXTURES])
def test_check_fixture_is_caught(loaded: LoadedGraph, fixture: Path) -> None:
    graph = _copy(loaded)
    graph.update(fixture.read_text(encoding="utf-8"))
    findings = mirna_as_written_findings(graph)
    assert [str(statement).rsplit("/", 1)[1] for statement, _, _ in findings] == ["gu2026-t4-r01-miR-19a-5p"]


@pytest.mark.parametrize(
    ("written", "names", "agrees"),
    [
        ("miR-21", ["hsa-miR-21-5p", "hsa-miR-21"], True),
        ("miR-21-5p", ["hsa-miR-21-5p"], True),
        ("hsa-miR-21-5p", ["hsa-miR-21-5p"], True),
        ("miR-21-3p", ["hsa-miR-21-5p", "hsa-miR-21"], False),
        ("miR-148b-3p", ["hsa-miR-21-5p", "hsa-miR-21", "hsa-mir-21"], False),
        ("miR-126*", ["hsa-miR-126-5p", "hsa-miR-126*"], True),
        ("miRNA-199a", ["hsa-miR-199a (locus and arm not stated)"], True),
        ("miR-200s family", ["hsa-miR-200 family"], True),
        ("Let-7", ["hsa-let-7 family"], True),
    ],
)
def test_name_agreement(written: str, names: list[str], agrees: bool) -> None:
    assert name_agrees(written, names) is agrees


def test_written_lists_are_completed_from_their_first_name() -> None:
    assert written_names("miR-23a/27a/24-2") == ["miR-23a", "miR-27a", "miR-24-2"]
    assert written_names("miR-27a/b") == ["miR-27a", "miR-27b"]
    assert written_names("miR-150, -155 and -1246") == ["miR-150", "miR-155", "miR-1246"]
    assert written_names("miR-146b, miR-155") == ["miR-146b", "miR-155"]
    assert normalize("hsa-miR-200s") == "mir-200"


@pytest.fixture
def wrong_mirna(tree_copy: ProjectLayout, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The first claim of a real file, written "miR-19a-5p", pointed at hsa-miR-21-5p."""
    path = tree_copy.root / CLAIM_FILE
    text = path.read_text(encoding="utf-8")
    assert "    mkg:mirna mirbase.mature:MIMAT0004490 ;\n" in text
    path.write_text(
        text.replace(
            "    mkg:mirna mirbase.mature:MIMAT0004490 ;\n", "    mkg:mirna mirbase.mature:MIMAT0000076 ;\n", 1
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv(HOME_VARIABLE, str(tree_copy.root))
    return path


def test_wrong_but_real_mirna_fails_validation_naming_file_claim_and_both_names(wrong_mirna: Path) -> None:
    result = CliRunner().invoke(["validate"])
    assert result.exit_code == 1, result.output
    assert str(CLAIM_FILE) in result.output and CLAIM in result.output
    assert '"miR-19a-5p"' in result.output and "hsa-miR-21-5p" in result.output and "MIMAT0000076" in result.output


def test_wrong_but_real_mirna_stops_the_build(wrong_mirna: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(["build", "--out", str(tmp_path / "dist")])
    assert result.exit_code == 1
    assert not (tmp_path / "dist").exists()


def test_a_curation_flag_accepts_a_deliberate_difference(wrong_mirna: Path) -> None:
    text = wrong_mirna.read_text(encoding="utf-8")
    wrong_mirna.write_text(
        text.replace(
            "    mkg:mirna mirbase.mature:MIMAT0000076 ;\n",
            "    mkg:mirna mirbase.mature:MIMAT0000076 ;\n    mkg:flag mkg:asWrittenNameDiffers ;\n",
            1,
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(["validate"])
    assert result.exit_code == 0, result.output


def test_a_statement_defined_in_two_files_names_both(tree_copy: ProjectLayout, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tree_copy.root / CLAIM_FILE
    prefixes = "".join(
        line for line in source.read_text(encoding="utf-8").splitlines(keepends=True) if line.startswith("@prefix")
    )
    second = tree_copy.data_dir / "gu2026" / "zz-copy.ttl"
    second.write_text(prefixes + f'\n{CLAIM} mkg:curationNote "a second description" .\n', encoding="utf-8")
    monkeypatch.setenv(HOME_VARIABLE, str(tree_copy.root))
    result = CliRunner().invoke(["validate"])
    assert result.exit_code == 1, result.output
    assert "defined in 2 files" in result.output
    assert f"{CLAIM_FILE} and data/ttl/gu2026/zz-copy.ttl" in result.output
