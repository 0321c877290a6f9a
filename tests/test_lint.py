"""The Python code is ruff clean (run `ruff check --fix mirna_kg tests benchmarks` to fix most findings)."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def test_ruff_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "mirna_kg", "tests", "benchmarks"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert "No module named ruff" not in result.stderr, "ruff is part of the test extras: pip install -e '.[test]'"
    assert result.returncode == 0, result.stdout + result.stderr
