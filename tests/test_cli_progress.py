"""Progress goes to stderr, and only when stderr is a terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

import pytest

from mirna_kg.resources import HOME_VARIABLE

from .cli_runner import CliRunner
from .conftest import ROOT


@pytest.mark.slow
def test_no_progress_when_not_a_terminal() -> None:
    result = CliRunner().invoke(["validate"])
    assert result.exit_code == 0
    assert result.stderr == ""
    assert "validating" not in result.stdout


@pytest.mark.slow
def test_progress_on_a_terminal_goes_to_stderr_only() -> None:
    leader, follower = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100", "TERM": "xterm"}
    env.pop(HOME_VARIABLE, None)
    env.pop("MIRNA_KG_PROGRESS", None)
    child = subprocess.run(
        [sys.executable, "-m", "mirna_kg", "validate"], env=env, stdout=subprocess.PIPE, stderr=follower, check=False
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    terminal = b"".join(chunks).decode("utf-8", "replace")
    assert child.returncode == 0
    assert "validating" in terminal
    assert b"validating" not in child.stdout and b"conforms" in child.stdout
