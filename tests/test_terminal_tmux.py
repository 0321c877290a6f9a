"""``mirna-kg query`` in real terminals (tmux at 80 and 120 columns): whole miRNA and cancer labels, and no
line longer than the terminal.

tmux is told nothing but its size (COLUMNS and LINES are removed), so the command finds the width the way it
does for a person: from the terminal. The pane's whole history is captured with wrapped lines joined (``-J``),
so a line the terminal had to wrap shows at its full length.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from mirna_kg.api import open_store, run_stored_query

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)")


def in_tmux(command: list[str], width: int, tmp_path: Path) -> list[str]:
    """The lines ``command`` shows in a tmux pane ``width`` columns wide (trailing blank lines dropped)."""
    socket = f"mirna-kg-test-{uuid.uuid4().hex[:12]}"
    config = tmp_path / "tmux.conf"
    config.write_text("set -g history-limit 100000\n")
    shown = " ".join(_quoted(part) for part in ["env", "-u", "COLUMNS", "-u", "LINES", *command])
    script = f"{shown}; tmux -L {socket} wait-for -S done; sleep 60"
    tmux = ["tmux", "-L", socket, "-f", str(config)]
    try:
        subprocess.run(
            [*tmux, "new-session", "-d", "-x", str(width), "-y", "50", "-c", str(ROOT), script],
            check=True,
            timeout=30,
        )
        subprocess.run([*tmux, "wait-for", "done"], check=True, timeout=120)
        captured = subprocess.run(
            [*tmux, "capture-pane", "-p", "-J", "-S", "-", "-E", "-"],
            check=True,
            timeout=30,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        subprocess.run([*tmux, "kill-server"], timeout=30, capture_output=True)
    lines = [line.rstrip() for line in captured.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _quoted(part: str) -> str:
    return "'" + part.replace("'", "'\\''") + "'"


def test_the_capture_shows_a_line_the_terminal_wrapped(tmp_path: Path) -> None:
    """The check below could not pass by accident: a 100-character line in an 80-column pane is seen whole."""
    lines = in_tmux([sys.executable, "-c", "print('x' * 100)"], 80, tmp_path)
    assert "x" * 100 in lines


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize(
    ("name", "params"), [("all_claims", {}), ("claims_by_target", {"gene": "PD-L1"})], ids=["all_claims", "PD-L1"]
)
def test_query_in_a_terminal_shows_whole_labels(name: str, params: dict[str, str], width: int, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "mirna_kg", "query", name]
    for key, value in params.items():
        command += ["--param", f"{key}={value}"]
    lines = in_tmux(command, width, tmp_path)
    assert max(len(line) for line in lines) <= width
    assert not any("…" in line for line in lines)
    with open_store() as store:
        table = run_stored_query(store, name, params)
    assert lines[-1].startswith(f"({len(table.rows)} rows") or lines[-2].startswith(f"({len(table.rows)} rows")
    labels = set()
    for column in ("mirna_label", "cancer_label"):
        index = table.variables.index(column)
        labels |= {label for row in table.rows if row[index] for label in str(row[index]).split(";")}
    assert {"hsa-mir-21", "breast cancer"} <= labels or {"hsa-mir-195", "prostate cancer"} <= labels
    for label in labels:  # every miRNA and cancer named, whole, on one line (not a prefix of a longer name)
        whole = re.compile(rf"(^|\s|;){re.escape(label)}(;|$)")
        assert any(whole.search(line) for line in lines), label
