"""No network on behalf of data or queries: a listener on 127.0.0.1 must receive no connection.

Only an explicit ``--store URL`` may make mirna-kg connect anywhere. A ``SERVICE`` clause or ``LOAD`` in a query
file, a remote JSON-LD ``@context`` in a data file, and a ``FROM`` IRI on the rdflib engine are refused with
exit 2 and a message, before any engine could follow them. (``owl:imports`` is covered with the reasoner.)
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from .cli_runner import CliRunner
from .servers import listener


def _quiet(received: list[bytes]) -> None:
    time.sleep(0.3)  # let a connection attempt, if any, reach the listener
    assert received == [], f"mirna-kg opened a connection: {received[:1]}"


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ ?s ?p ?o . SERVICE SILENT <{url}/sparql> {{ ?s ?p ?x }} }}",
        "LOAD <{url}/data.ttl>",
    ],
)
def test_query_file_cannot_reach_the_network(tmp_path: Path, engine: str, template: str) -> None:
    with listener() as (url, received):
        query = tmp_path / "leak.rq"
        query.write_text("# title: leak\n" + template.format(url=url), encoding="utf-8")
        result = CliRunner().invoke(["query", str(query), "--engine", engine])
        assert result.exit_code == 2, result.output
        assert "refused" in result.output or "read-only" in result.output
        _quiet(received)


def test_from_on_the_rdflib_engine_is_refused_not_fetched(tmp_path: Path) -> None:
    with listener() as (url, received):
        query = tmp_path / "from.rq"
        query.write_text(f"SELECT * FROM <{url}/g.ttl> WHERE {{ ?s ?p ?o }}", encoding="utf-8")
        result = CliRunner().invoke(["query", str(query), "--engine", "rdflib"])
        assert result.exit_code == 2 and "FROM" in result.output
        _quiet(received)


@pytest.mark.parametrize("command", [["validate"], ["query", "stats", "--graph"], ["stats", "--graph"]])
def test_remote_jsonld_context_is_not_fetched(tmp_path: Path, command: list[str]) -> None:
    with listener() as (url, received):
        data = tmp_path / "remote-context.jsonld"
        data.write_text(
            json.dumps({"@context": f"{url}/context.jsonld", "@id": "http://example.org/a", "name": "x"}),
            encoding="utf-8",
        )
        result = CliRunner().invoke([*command, str(data)])
        assert result.exit_code == 2, result.output
        assert "remote JSON-LD context" in result.output and str(data) in result.output
        _quiet(received)


@pytest.mark.parametrize("suffix", [".trig", ".nq"])
def test_quad_files_are_refused_everywhere_with_one_message(tmp_path: Path, suffix: str) -> None:
    data = tmp_path / f"graphs{suffix}"
    data.write_text(
        "<http://example.org/a> <http://example.org/b> <http://example.org/c> <http://example.org/g> .\n",
        encoding="utf-8",
    )
    for command in (
        ["validate", str(data)],
        ["stats", "--graph", str(data)],
        ["query", "stats", "--graph", str(data), "--engine", "rdflib"],
    ):
        result = CliRunner().invoke(command)
        assert result.exit_code == 2, (command, result.output)
        assert "named graphs" in result.output and str(data) in result.output


def test_bom_file_reads_the_same_in_every_command(tmp_path: Path) -> None:
    """A UTF-8 byte-order mark is dropped by the one reader, so validate, stats and both engines agree."""
    data = tmp_path / "bom.ttl"
    data.write_bytes(b'\xef\xbb\xbf<http://example.org/a> <http://example.org/b> "c" .\n')
    for engine in ("oxigraph", "rdflib"):
        result = CliRunner().invoke(["stats", "--graph", str(data), "--engine", engine])
        assert result.exit_code == 0, result.output
        assert any(line.split() == ["triples", "1"] for line in result.output.splitlines()), result.output


def test_non_utf8_file_names_file_and_line(tmp_path: Path) -> None:
    data = tmp_path / "latin1.ttl"
    data.write_bytes(
        b'<http://example.org/a> <http://example.org/b> "ok" .\n'
        b'<http://example.org/a> <http://example.org/b> "caf\xe9" .\n'
    )
    for command in (["validate", str(data)], ["stats", "--graph", str(data)]):
        result = CliRunner().invoke(command)
        assert result.exit_code == 2
        assert f"{data}:2:" in result.output and "UTF-8" in result.output
