"""docs/curation.md followed literally with a small fixture review, in a temporary copy of the tree: the review
node, ``draft``, an edited sheet, ``sheet import --source``, ``validate``, ``build``; the new claims are then in
``all_claims``, on the web and in the release."""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from mirna_kg.resources import HOME_VARIABLE

from .conftest import ROOT
from .servers import free_port

DOC = ROOT / "docs" / "curation.md"
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "curation"
KEY = "walkthrough2024"
EXPECTED = {  # what the fixture review states (tests/fixtures/curation/review.txt)
    f"{KEY}-t1-r01-miR-19a-5p": ("MIMAT0004490", "MONDO_0007254", "inhibits"),
    f"{KEY}-t1-r02-miR-148b-3p": ("MIMAT0000759", "MONDO_0007254", "promotes"),
    f"{KEY}-s2-miR-21": ("MI0000077", "MONDO_0008315", "promotes"),
}


def _review_node() -> str:
    """The Turtle block of step 1 of docs/curation.md."""
    blocks = re.findall(r"```turtle\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.DOTALL)
    assert len(blocks) == 1, "docs/curation.md shows the review node in one turtle block"
    return blocks[0]


def _commands() -> list[str]:
    """The shell commands docs/curation.md tells the curator to run, in order."""
    blocks = re.findall(r"```sh\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.DOTALL)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def _run(command: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "mirna_kg", *command], env=env, cwd=cwd, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, f"mirna-kg {' '.join(command)}: {result.stdout}\n{result.stderr}"
    return result


def _edit(sheet: Path) -> None:
    """The curator's edit: drop prose rows that only repeat a table row's quote; give each a note."""
    with sheet.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        header, rows = list(reader.fieldnames or []), list(reader)
    table_quotes = {r["quote"] for r in rows if r["table"]}
    kept = [r for r in rows if r["table"] or r["quote"] not in table_quotes]
    for row in kept:
        row["note"] = "Checked against the fixture text."
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(kept)


@pytest.mark.slow  # whole validate, build and a server in fresh processes
def test_walkthrough_adds_a_review(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    for folder in ("ontology", "shapes", "data", "queries"):
        shutil.copytree(ROOT / folder, tree / folder)
    env = {**os.environ, HOME_VARIABLE: str(tree)}
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(FIXTURE / "review.txt", work / "review.txt")

    # 1. the review node
    reviews = tree / "data" / "ttl" / "reviews.ttl"
    reviews.write_text(reviews.read_text(encoding="utf-8") + "\n" + _review_node(), encoding="utf-8")

    commands = _commands()
    assert [c.split()[1] for c in commands] == ["draft", "sheet", "validate", "build"]
    # 2. the draft (as a TSV, the format a test edits without a spreadsheet program)
    draft = commands[0].replace("draft.xlsx", "draft.tsv").split()[1:]
    _run(draft, env, work)
    with (work / "draft.tsv").open(encoding="utf-8", newline="") as handle:
        drafted = list(csv.DictReader(handle, delimiter="\t"))
    assert {(r["table"], r["table_row"], r["mirna_as_written"]) for r in drafted if r["table"]} == {
        ("Table 1", "1", "miR-19a-5p"),
        ("Table 1", "2", "miR-148b-3p"),
    }
    assert all(r["confidence"] and r["why"] for r in drafted)
    # 3. the edit, 4. the import checked against the text
    _edit(work / "draft.tsv")
    _run(commands[1].replace("draft.xlsx", "draft.tsv").split()[1:], env, work)
    written = sorted(p.name for p in (tree / "data" / "ttl" / KEY).glob("*.ttl"))
    assert written == ["s2.ttl", "t1.ttl"]
    # 5. validate and build
    _run(commands[2].split()[1:], env, work)
    _run([*commands[3].split()[1:], "--out", str(tmp_path / "dist")], env, work)

    # the claims in all_claims
    listed = _run(["query", "all_claims", "--format", "tsv"], env, work).stdout
    for statement, (mirna, cancer, effect) in EXPECTED.items():
        line = next((row for row in listed.splitlines() if statement in row), None)
        assert line is not None, f"{statement} not in all_claims"
        assert mirna in line and cancer in line and effect in line

    # in the release
    release = (tmp_path / "dist" / "mirna-kg.nt").read_text(encoding="utf-8")
    for statement in EXPECTED:
        assert f"<https://w3id.org/mirna-kg/statement/{statement}>" in release

    # on the web
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mirna_kg", "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
        env=env,
        cwd=work,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, server.stderr.read().decode() if server.stderr else "server exited"
            try:
                if httpx.get(f"{base}/status", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "the server did not come up"
            time.sleep(0.2)
        answer = httpx.get(f"{base}/queries/all_claims", headers={"Accept": "text/csv"}, timeout=60)
        assert answer.status_code == 200
        for statement in EXPECTED:
            assert statement in answer.text
        page = httpx.get(f"{base}/statement/{KEY}-t1-r01-miR-19a-5p", headers={"Accept": "text/html"}, timeout=60)
        assert page.status_code == 200
        assert "miR-19a-5p" in page.text and "Fra-1" in page.text
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
