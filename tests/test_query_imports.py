"""A stored query on the default (in-memory Oxigraph) store imports only what it needs.

rdflib is the largest import a process can make, and the libraries of the other commands (SHACL, OWL, the web
server, the figures, HTTP) are not far behind; a query needs none of them. Each case runs in a fresh interpreter
and lists the modules it loaded, so a top-level import added anywhere on the query path fails here, naming the
module, rather than showing up later as a slower command.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import ROOT

#: What a query on the Oxigraph store must never import (importlib.metadata: package metadata look-ups).
FORBIDDEN = (
    "rdflib",
    "importlib.metadata",
    "httpx",
    "matplotlib",
    "pyshacl",
    "owlready2",
    "jinja2",
    "starlette",
    "curies",
)

OPEN = "from mirna_kg import api\nfrom mirna_kg.results import render, select\nstore = api.open_store()\n"

CASES = {
    "plain query as TSV": OPEN + "out = render(api.answer_stored_query(store, 'all_claims', {}).table, 'tsv')",
    "a miRNA name looked up": OPEN
    + "answer = api.answer_stored_query(store, 'mirna_profile', {'mirna': 'miR-21'})\n"
    + "assert answer.table.cells\nout = render(answer.table, 'tsv')",
    "a gene alias looked up, with a note": OPEN
    + "answer = api.answer_stored_query(store, 'claims_by_target', {'gene': 'PD-L1'})\n"
    + "assert answer.notes and answer.table.cells\nout = render(answer.table, 'table', 100)",
    "an unknown name, with close names": OPEN
    + "from mirna_kg.errors import UnknownNameError\n"
    + "try:\n    api.answer_stored_query(store, 'claims_by_target', {'gene': 'PD-L2x'})\n"
    + "except UnknownNameError as exc:\n    assert exc.suggestions\nelse:\n    raise AssertionError('no error')",
    "every format, with and without a width": OPEN
    + "table = api.answer_stored_query(store, 'all_claims', {}).table\n"
    + "for fmt in ('table', 'csv', 'tsv', 'json'):\n    render(table, fmt)\n"
    + "render(table, 'table', 80)\nrender(select(table, ['mirna_label', 'claim'], 5), 'table', 40)",
    "the list of stored queries and a parameter check": (
        "from mirna_kg import api\n"
        "assert api.stored_queries()\n"
        "api.find_query('mirna_profile').check({'mirna': 'miR-21'})"
    ),
}


MARK = "modules:"


def loaded_modules(script: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``script`` (listed without importing anything more)."""
    probe = script + "\nimport sys\nprint(MARK, *sorted(sys.modules))\n"
    done = subprocess.run(
        [sys.executable, "-c", f"MARK = {MARK!r}\n{probe}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return set(done.stdout.rpartition(MARK)[2].split())


@pytest.mark.parametrize("case", list(CASES))
def test_a_query_imports_none_of_the_heavy_libraries(case: str) -> None:
    modules = loaded_modules(CASES[case])
    found = [f for f in FORBIDDEN if any(m == f or m.startswith(f + ".") for m in modules)]
    assert not found, f"{case}: the query path imports {', '.join(found)}; import it inside the function that needs it"


#: Standard modules the measured query leaves out too: each costs a visible share of a start-up (``dataclasses``
#: brings ``inspect`` and ``ast``), and what a query needs of them is imported where it is used (``json`` for the
#: JSON format, ``shutil`` and ``tempfile`` for writing an on-disk store, ``difflib`` for an unknown name).
COSTLY_STANDARD = ("dataclasses", "inspect", "json", "shutil", "tempfile", "difflib")


@pytest.mark.parametrize("case", ["plain query as TSV", "a miRNA name looked up"])
def test_the_measured_query_leaves_out_costly_standard_modules(case: str) -> None:
    found = [m for m in COSTLY_STANDARD if m in loaded_modules(CASES[case])]
    assert not found, f"{case}: the query path imports {', '.join(found)}; import it where it is used"


def test_asking_for_rdflib_terms_still_gives_them() -> None:
    """The rows as rdflib terms stay available to the callers that want them (converted on first use)."""
    modules = loaded_modules(
        OPEN
        + "from rdflib import URIRef\n"
        + "table = api.answer_stored_query(store, 'all_claims', {}).table\n"
        + "assert isinstance(table.rows[0][0], URIRef) and len(table.rows) == len(table.cells)"
    )
    assert "rdflib" in modules


def test_the_query_workers_fork_server_loads_no_page_library() -> None:
    """``serve``'s query workers fork from a server that preloads ``mirna_kg.web.pool``: what it imports, every
    worker holds. The pages' libraries (and rdflib, which only an rdflib-engine worker imports for itself) stay
    out, so the workers cost little memory."""
    modules = loaded_modules("import mirna_kg.web.pool")
    found = [f for f in FORBIDDEN if any(m == f or m.startswith(f + ".") for m in modules)]
    assert not found, f"the query workers' fork server imports {', '.join(found)}"
