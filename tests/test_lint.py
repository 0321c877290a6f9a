"""The Python code is ruff clean (run `ruff check --fix mirna_kg tests benchmarks` to fix most findings)."""

from __future__ import annotations

import shutil
import subprocess

from .conftest import ROOT


def test_ruff_clean() -> None:
    ruff = shutil.which("ruff")
    assert ruff, "ruff is part of the test extras: pip install -e '.[test]'"
    result = subprocess.run([ruff, "check", "mirna_kg", "tests", "benchmarks"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
