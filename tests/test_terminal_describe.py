"""``describe`` names the curated statements once and the entity's triples once, in plain words, and prints no
library warnings."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from mirna_kg.api import describe, open_store

from .cli_runner import CliRunner

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.mark.parametrize("name", ["miR-21", "lung cancer", "PD-L1", "mkgs:gu2026-t6-r01-miR-326"])
def test_statements_and_triples_are_each_counted_once(name: str) -> None:
    result = runner.invoke(["describe", name])
    assert result.exit_code == 0, result.output
    with open_store() as store:
        found = describe(store, name)
    text = result.stdout
    assert "statements about it" not in text and "pointing to it" not in text
    footer = re.search(r"^In RDF: (\d+) triples? with (\S+) as subject, (\d+) with it as object$", text, re.M)
    assert footer, text[-300:]
    assert (int(footer[1]), footer[2], int(footer[3])) == (len(found.outgoing), found.curie, len(found.incoming))
    listed = [line for line in text.splitlines() if line.startswith("- mkgs:")]
    if found.kind == "statement":
        assert "The statement:" in text and listed[0] == f"- {found.curie} [regulatory claim]"
    else:
        header = re.search(r"^(\d+) statements? involving (.+):$", text, re.M)
        assert header and header[2] == found.label
        assert int(header[1]) == len(found.claims) == len(listed)


def test_pd_l1_lists_the_review_s_claims_on_it() -> None:
    """Review 000 Table 5 row 8: miR-16 and miR-195 target PD-L1 (CD274) in prostate cancer."""
    text = runner.invoke(["describe", "PD-L1"]).stdout
    assert "- mkgs:gu2026-t5-r08-miR-16 " in text and "- mkgs:gu2026-t5-r08-miR-195 " in text


def test_describe_by_name_prints_no_library_warning() -> None:
    """A name with a space ("lung cancer") is not an IRI; rdflib must not be asked to parse it as one."""
    result = subprocess.run(
        [sys.executable, "-m", "mirna_kg", "describe", "lung cancer"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0 and result.stdout.startswith("lung cancer  (cancer, MONDO:0008903)")
    assert result.stderr == ""
