"""The command line: exit codes, messages naming file/line/focus node, atomic builds, query errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mirna_kg.resources import HOME_VARIABLE, ProjectLayout

from .cli_runner import CliRunner
from .conftest import LAYOUT

ALL_CLAIMS_COLUMNS = [
    "claim",
    "mirna",
    "mirna_label",
    "cancer",
    "cancer_label",
    "effect",
    "source_cell_label",
    "vehicle",
    "recipient_cell_label",
    "targets",
    "review",
    "location",
    "reference",
]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _claim_without_mirna(layout: ProjectLayout) -> Path:
    """Copy a real claim file and drop the miRNA of its first claim."""
    path = layout.data_dir / "gu2026" / "t4-4.1.1-tam.ttl"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    mkg:mirna mirbase.mature:MIMAT0004490 ;\n", "", 1), encoding="utf-8")
    return path


def test_validate_repository_exits_0(runner: CliRunner) -> None:
    result = runner.invoke(["validate"])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


def test_validate_claim_without_mirna_exits_1_naming_file_focus_and_message(
    runner: CliRunner, tree_copy: ProjectLayout, monkeypatch: pytest.MonkeyPatch
) -> None:
    _claim_without_mirna(tree_copy)
    monkeypatch.setenv(HOME_VARIABLE, str(tree_copy.root))
    result = runner.invoke(["validate"])
    assert result.exit_code == 1, result.output
    assert "data/ttl/gu2026/t4-4.1.1-tam.ttl" in result.output
    assert "mkgs:gu2026-t4-r01-miR-19a-5p" in result.output
    assert "A regulatory claim names exactly one miRNA" in result.output


def test_validate_json_lists_violations(
    runner: CliRunner, tree_copy: ProjectLayout, monkeypatch: pytest.MonkeyPatch
) -> None:
    _claim_without_mirna(tree_copy)
    monkeypatch.setenv(HOME_VARIABLE, str(tree_copy.root))
    result = runner.invoke(["validate", "--format", "json"])
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert document["conforms"] is False
    assert {"file", "focus", "path", "message", "severity", "value", "shape"} <= set(document["violations"][0])


def test_validate_parse_error_exits_2_with_file_and_line(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e "unterminated .\n')
    result = runner.invoke(["validate", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:3" in result.output


@pytest.mark.slow
def test_build_writes_merged_graph(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    result = runner.invoke(["build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "mirna-kg.ttl").is_file()
    assert "claims" in result.output and "triples" in result.output
    assert not list(out.glob(".*.tmp")), "temporary files left behind"


@pytest.mark.slow
def test_build_on_invalid_data_leaves_dist_untouched(
    runner: CliRunner, tree_copy: ProjectLayout, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    out = tmp_path / "dist"
    out.mkdir()
    previous = out / "mirna-kg.ttl"
    previous.write_text("# the previous release\n")
    _claim_without_mirna(tree_copy)
    monkeypatch.setenv(HOME_VARIABLE, str(tree_copy.root))
    result = runner.invoke(["build", "--out", str(out)])
    assert result.exit_code == 1
    assert "nothing written" in result.output
    assert previous.read_text() == "# the previous release\n"
    assert sorted(p.name for p in out.iterdir()) == ["mirna-kg.ttl"]


def test_query_all_claims_tsv_has_the_documented_columns(runner: CliRunner) -> None:
    result = runner.invoke(["query", "all_claims", "--format", "tsv"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split("\t") == ALL_CLAIMS_COLUMNS
    assert len(lines) > 9


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_query_formats(runner: CliRunner, fmt: str) -> None:
    result = runner.invoke(["query", "all_claims", "--format", fmt, "--engine", "rdflib"])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        assert json.loads(result.output)["head"]["vars"] == ALL_CLAIMS_COLUMNS


def test_query_list_shows_titles(runner: CliRunner) -> None:
    result = runner.invoke(["query", "--list"])
    assert result.exit_code == 0
    assert "all_claims" in result.output and "All regulatory claims" in result.output


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["query", "no_such_query"], "no stored query or file named 'no_such_query'"),
        (["query", "all_claims", "--param", "nonsense"], "--param takes NAME=VALUE"),
        (["query", "all_claims", "--param", "x=1"], "has no parameter 'x'"),
        (["query", "all_claims", "--format", "xml"], "unknown --format"),
    ],
)
def test_query_errors_exit_2_with_one_line(runner: CliRunner, args: list[str], fragment: str) -> None:
    result = runner.invoke(args)
    assert result.exit_code == 2
    assert fragment in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_query_syntax_error_in_user_file_exits_2(runner: CliRunner, tmp_path: Path, engine: str) -> None:
    query = tmp_path / "mine.rq"
    query.write_text("SELECT ?x WHERE { ?x ?y }\n")
    result = runner.invoke(["query", str(query), "--engine", engine])
    assert result.exit_code == 2
    assert "SPARQL syntax error" in result.output


def test_user_query_file_runs(runner: CliRunner, tmp_path: Path) -> None:
    query = tmp_path / "count.rq"
    query.write_text(
        "PREFIX mkg: <https://w3id.org/mirna-kg/ontology/>\n"
        "SELECT (COUNT(?c) AS ?n) WHERE { ?c a mkg:RegulatoryClaim }\n"
    )
    result = runner.invoke(["query", str(query), "--format", "csv"])
    assert result.exit_code == 0
    assert int(result.output.splitlines()[1]) >= 9


def test_stats_counts(runner: CliRunner) -> None:
    result = runner.invoke(["stats"])
    assert result.exit_code == 0
    figures = dict(line.rsplit(None, 1) for line in result.output.splitlines())
    assert int(figures["claims"]) >= 9 and int(figures["triples"]) > 1000


def test_console_script_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mirna_kg", "--help"], capture_output=True, text=True, cwd=LAYOUT.root, check=False
    )
    assert result.returncode == 0
    for command in ("validate", "build", "query", "stats"):
        assert command in result.stdout
