"""Issue 22, hostile inputs: no hidden connection, no resource bomb, no formula into a spreadsheet, no traceback.

Each test builds its attack for real and bounded: a JSON-LD ``@import`` of a URL served by a listener on
127.0.0.1 that records whether it was hit, a nine-level billion-laughs RDF/XML file, a 50 MB literal, JSON-LD
and SPARQL nested 100,000 deep, a zip-bomb workbook built here, a formula in a miRTarBase cell.
"""

from __future__ import annotations

import json
import os
import time
import zipfile
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from mirna_kg import api
from mirna_kg.ingest.readers import MAX_XLSX_RATIO
from mirna_kg.ingest.sources import MIRTARBASE_COLUMNS
from mirna_kg.loading import MAX_JSONLD_DEPTH
from mirna_kg.results import spreadsheet_safe
from mirna_kg.stores.sparql import MAX_NESTING
from mirna_kg.web import Settings, create_app

from .cli_runner import CliRunner
from .servers import listener

READERS = [
    ["validate"],
    ["query", "stats", "--graph"],
    ["stats", "--graph"],
    ["stats", "--engine", "rdflib", "--graph"],
]


def invoke(args: list[str]) -> tuple[int, str, float]:
    """Exit code, output and seconds of one in-process ``mirna-kg`` command."""
    started = time.monotonic()
    result = CliRunner().invoke(args)
    return result.exit_code, result.output, time.monotonic() - started


# ------------------------------------------------------------------------------------------------------------
# 6. No network on behalf of data
# ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", READERS)
@pytest.mark.parametrize("where", ["top", "scoped"])
def test_case_06_jsonld_import_is_refused_not_fetched(tmp_path: Path, command: list[str], where: str) -> None:
    with listener() as (url, received):
        context: dict = {"@import": f"{url}/imp.jsonld", "name": "http://example.org/name"}
        document: dict = {"@id": "http://example.org/a", "name": "x"}
        if where == "top":
            document["@context"] = [context]
        else:  # a scoped context inside a term definition is loaded just the same
            document["@context"] = {"knows": {"@id": "http://example.org/knows", "@context": context}}
            document["knows"] = {"@id": "http://example.org/b", "name": "y"}
        data = tmp_path / "import.jsonld"
        data.write_text(json.dumps(document), encoding="utf-8")
        code, output, _ = invoke([*command, str(data)])
        time.sleep(0.3)  # let a connection attempt, if any, reach the listener
        assert received == [], f"mirna-kg fetched {received[:1]}"
    assert code == 2, output
    assert "@import" in output and str(data) in output


# ------------------------------------------------------------------------------------------------------------
# 7. Billion laughs
# ------------------------------------------------------------------------------------------------------------


def billion_laughs(levels: int = 9) -> str:
    entities = ['<!ENTITY lol0 "lol">']
    entities += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels + 1)]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n  '
        + "\n  ".join(entities)
        + '\n]>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns:ex="http://example.org/">\n'
        f'  <rdf:Description rdf:about="http://example.org/a"><ex:p>&lol{levels};</ex:p></rdf:Description>\n'
        "</rdf:RDF>\n"
    )


@pytest.mark.parametrize("command", READERS)
def test_case_07_xml_entities_are_refused_at_once(tmp_path: Path, command: list[str]) -> None:
    data = tmp_path / "laughs.rdf"
    data.write_text(billion_laughs(), encoding="utf-8")
    code, output, seconds = invoke([*command, str(data)])
    assert code == 2, output
    assert f"{data}:3:" in output and "XML entities" in output
    assert seconds < 30


def test_case_07_an_external_dtd_is_refused_too(tmp_path: Path) -> None:
    with listener() as (url, received):
        data = tmp_path / "dtd.owl"
        data.write_text(
            f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF SYSTEM "{url}/x.dtd">\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n',
            encoding="utf-8",
        )
        code, output, _ = invoke(["validate", str(data)])
        time.sleep(0.3)
        assert received == []
    assert code == 2 and f"{data}:2:" in output, output


# ------------------------------------------------------------------------------------------------------------
# 8. Huge literal, deep JSON-LD, deep SPARQL
# ------------------------------------------------------------------------------------------------------------


def test_case_08_a_50_mb_literal_says_the_parser_limit(tmp_path: Path) -> None:
    data = tmp_path / "big.nt"
    with data.open("w", encoding="utf-8") as out:
        out.write('<http://example.org/a> <http://example.org/p> "')
        out.write("x" * (50 * 1024 * 1024))
        out.write('" .\n')
    code, output, _ = invoke(["stats", "--graph", str(data)])
    assert code == 2, output
    assert str(data) in output and "limit (16 MiB)" in output and "Traceback" not in output


@pytest.mark.parametrize("command", READERS)
def test_case_08_jsonld_nested_100000_deep_says_the_limit(tmp_path: Path, command: list[str]) -> None:
    data = tmp_path / "deep.jsonld"
    depth = 100_000
    data.write_text(
        '{"@id": "http://example.org/a", "http://example.org/p": ' + "[" * depth + "1" + "]" * depth + "}",
        encoding="utf-8",
    )
    code, output, _ = invoke([*command, str(data)])
    assert code == 2, output
    assert f"nested more than {MAX_JSONLD_DEPTH} levels" in output and str(data) in output


def test_case_08_jsonld_at_the_depth_limit_still_reads(tmp_path: Path) -> None:
    """The limit refuses bombs, not documents: a chain of nodes as deep as allowed parses and counts."""
    node: dict = {"@id": "http://example.org/end"}
    levels = 1
    while levels + 2 <= MAX_JSONLD_DEPTH:
        node = {"@id": f"http://example.org/n{levels}", "http://example.org/p": [node]}
        levels += 2
    data = tmp_path / "chain.jsonld"
    data.write_text(json.dumps(node), encoding="utf-8")
    code, output, _ = invoke(["stats", "--engine", "rdflib", "--graph", str(data)])
    assert code == 0, output


def nested_query(depth: int) -> str:
    return "SELECT * WHERE { FILTER(" + "(" * depth + "1" + ")" * depth + ") }"


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_case_08_sparql_nested_100000_deep_is_refused_before_the_engine(tmp_path: Path, engine: str) -> None:
    query = tmp_path / "deep.rq"
    query.write_text(nested_query(100_000), encoding="utf-8")
    code, output, _ = invoke(["query", str(query), "--engine", engine])
    assert code == 2, output
    assert f"more than {MAX_NESTING} deep" in output


def test_case_08_sparql_nesting_counts_brackets_not_strings() -> None:
    """Brackets in strings, IRIs and comments do not count; the limit itself is allowed."""
    from mirna_kg.stores.sparql import check_query

    assert check_query('SELECT * WHERE { BIND("' + "(" * 1000 + '" AS ?x) } # ' + "{" * 1000).form == "SELECT"
    assert check_query(nested_query(MAX_NESTING - 2)).form == "SELECT"


def test_case_08_sparql_nested_deep_is_http_400_and_the_worker_lives() -> None:
    application = create_app(api.open_store(), Settings(timeout=20, workers=1))
    with TestClient(application) as client:
        deep = client.post("/sparql", data={"query": nested_query(100_000)})
        assert deep.status_code == 400 and f"more than {MAX_NESTING} deep" in deep.text
        simple = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
        assert simple.status_code == 200 and "true" in simple.text


# ------------------------------------------------------------------------------------------------------------
# 9. Not a workbook, and a zip bomb
# ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"", os.urandom(4096)], ids=["empty", "random"])
def test_case_09_not_a_workbook_is_a_clear_error(store: Path, tmp_path: Path, content: bytes) -> None:
    book = tmp_path / "release.xlsx"
    book.write_bytes(content)
    code, output, _ = invoke(["ingest", "mirtarbase", str(book), "--store", str(store)])
    assert code == 2, output
    assert f"{book}: not an XLSX workbook" in output and "Traceback" not in output


def test_case_09_zip_bomb_refused_before_decompressing(store: Path, tmp_path: Path) -> None:
    """A workbook whose sheet is 64 MiB of one repeated row, compressed about a thousand times: refused from its
    zip directory alone, at once."""
    book = tmp_path / "bomb.xlsx"
    row = b'<row><c t="inlineStr"><is><t>MIRT000001</t></is></c></row>'
    with zipfile.ZipFile(book, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            chunk = row * (1024 * 1024 // len(row))
            for _ in range(64):
                sheet.write(chunk)
    assert book.stat().st_size < 1024 * 1024
    code, output, seconds = invoke(["ingest", "mirtarbase", str(book), "--store", str(store)])
    assert code == 2, output
    assert "zip bomb" in output and f"limit {MAX_XLSX_RATIO}" in output
    assert seconds < 10


# ------------------------------------------------------------------------------------------------------------
# 10. Formulas in cells
# ------------------------------------------------------------------------------------------------------------

FORMULA = "=cmd|'/c calc'!A1"


def test_case_10_a_formula_cell_is_rejected_at_ingest(store: Path, tmp_path: Path) -> None:
    good = ["MIRT000001", "hsa-miR-21-5p", "Homo sapiens", "PTEN", "5728", "Homo sapiens"]
    rows = [
        [*good, "Luciferase reporter assay", "Functional MTI", "19270761"],
        [*good, FORMULA, "Functional MTI", "19270762"],
        [*good, f"Western blot//{FORMULA}", "Functional MTI", "19270763"],
    ]
    release = tmp_path / "release.tsv"
    release.write_text("\n".join("\t".join(r) for r in [list(MIRTARBASE_COLUMNS), *rows]) + "\n", encoding="utf-8")
    rejects = tmp_path / "rejects.tsv"
    code, output, _ = invoke(["ingest", "mirtarbase", str(release), "--store", str(store), "--rejects", str(rejects)])
    assert code == 0, output
    assert "ingested 1 of 3 rows" in output
    rejected = rejects.read_text(encoding="utf-8").splitlines()[1:]
    assert [line.split("\t")[:2] for line in rejected] == [
        ["3", "malformed line: Experiments is not text (it must start with a letter or digit)"],
        ["4", "malformed line: Experiments is not text (it must start with a letter or digit)"],
    ]
    code, output, _ = invoke(
        ["query", "mirna_targets", "--param", "mirna=hsa-miR-21-5p", "--store", str(store), "--format", "csv"]
    )
    assert code == 0 and "cmd|" not in output, output
    assert "Luciferase reporter assay" in output  # the sound row is there: the query did see the release
    kgx = tmp_path / "kgx"
    code, output, _ = invoke(["export", "--format", "kgx", "--out", str(kgx), "--store", str(store)])
    assert code == 0, output
    edges = (kgx / "mirna-kg_edges.tsv").read_text(encoding="utf-8")
    assert "Luciferase reporter assay" in edges and "cmd|" not in edges


def test_case_10_csv_output_neutralises_formula_cells(tmp_path: Path) -> None:
    data = tmp_path / "cells.ttl"
    values = [FORMULA, "+1+1", "@SUM(A1)", "-2+3", "-0.5", "1e-3", "miR-21", "\tx"]
    data.write_text(
        "".join(f'<http://example.org/s{i}> <http://example.org/v> "{v}" .\n' for i, v in enumerate(values)).replace(
            "\t", "\\t"
        ),
        encoding="utf-8",
    )
    query = tmp_path / "cells.rq"
    query.write_text("SELECT ?v WHERE { ?s <http://example.org/v> ?v } ORDER BY ?s", encoding="utf-8")
    code, output, _ = invoke(["query", str(query), "--graph", str(data), "--format", "csv"])
    assert code == 0, output
    cells = output.splitlines()[1:]
    assert cells == [
        "'=cmd|'/c calc'!A1",
        "'+1+1",
        "'@SUM(A1)",
        "'-2+3",
        "-0.5",
        "1e-3",
        "miR-21",
        "'\tx",
    ]
    code, output, _ = invoke(["query", str(query), "--graph", str(data), "--format", "tsv"])
    assert FORMULA in output.splitlines()  # TSV keeps values exactly (for shell tools)


@pytest.mark.parametrize(
    ("value", "shown"), [("=1+1", "'=1+1"), ("-1", "-1"), ("-", "'-"), ("+x", "'+x"), ("a=b", "a=b"), ("", "")]
)
def test_spreadsheet_safe(value: str, shown: str) -> None:
    assert spreadsheet_safe(value) == shown


# ------------------------------------------------------------------------------------------------------------
# 16. serve --port out of range
# ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("port", ["99999", "-1"])
def test_case_16_serve_port_out_of_range_is_exit_2(port: str) -> None:
    code, output, _ = invoke(["serve", "--port", port])
    assert code == 2, output
    assert "--port" in output and "range" in output and "Traceback" not in output
