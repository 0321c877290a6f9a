"""The Python code is ruff clean and ruff formatted (run `ruff check --fix mirna_kg tests benchmarks` and
`ruff format mirna_kg tests benchmarks` to fix most findings)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import ROOT

PATHS = ["mirna_kg", "tests", "benchmarks"]


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["check", "format"])
def test_ruff_clean(command: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *command, *PATHS], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert "No module named ruff" not in result.stderr, "ruff is part of the test extras: pip install -e '.[test]'"
    assert result.returncode == 0, result.stdout + result.stderr
