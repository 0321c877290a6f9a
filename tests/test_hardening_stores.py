"""Issue 22, stores and concurrency: no corrupted store, no followed lock file, no partial file on a full disk.

Each test reproduces its case for real: two ``mirna-kg`` processes racing for one store, a symbolic link planted
where a lock file goes, a disk that fills up (a small tmpfs where this user may mount one, else a file size limit
set in the child process with ``RLIMIT_FSIZE``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from mirna_kg import api
from mirna_kg.ingest.synthetic import write

from .cli_runner import CliRunner

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "MIRNA_KG_PROGRESS": "0"}


def mirna_kg(*args: str) -> subprocess.Popen:
    """A real ``mirna-kg`` process (the installed module, run by this interpreter)."""
    return subprocess.Popen(
        [sys.executable, "-m", "mirna_kg", *args],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def stagings(store: Path) -> list[Path]:
    return sorted(store.parent.glob(f".{store.name}.staging*"))


def wait_for_staging(store: Path, process: subprocess.Popen, seconds: float = 60) -> None:
    """Until ``process`` holds the store's lock and stages its copy (a staging folder appears beside it)."""
    deadline = time.monotonic() + seconds
    while not stagings(store) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert process.poll() is None, f"the first writer ended before the second started: {process.communicate()}"


def assert_readable(store: Path) -> None:
    """The store opens and answers a stored query (the check that failed with "Corruption" in the audit)."""
    with api.open_store(store) as opened:
        assert api.stats(opened)["claims"] > 100


@pytest.mark.slow
def test_case_01_two_loads_of_one_store_one_fails_at_once_naming_the_other(tmp_path: Path) -> None:
    store = tmp_path / "S"
    first = mirna_kg("load", "--store", str(store), "--no-inferred")
    wait_for_staging(store, first)
    started = time.monotonic()
    second = mirna_kg("load", "--store", str(store), "--no-inferred")
    _, err = second.communicate(timeout=60)
    assert second.returncode == 2, err
    assert f"another mirna-kg load is writing this folder (pid {first.pid})" in err
    assert "Traceback" not in err and time.monotonic() - started < 30
    _, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert_readable(store)
    assert stagings(store) == []


@pytest.mark.slow
def test_case_02_two_ingests_of_one_store_leave_it_readable(base_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "J"
    shutil.copytree(base_store, store)
    release = write("mirtarbase", 60_000, tmp_path / "release.tsv")
    common = ["--store", str(store), "--release", "10.0"]
    first = mirna_kg("ingest", "mirtarbase", str(release), *common, "--rejects", str(tmp_path / "r1.tsv"))
    wait_for_staging(store, first)
    second = mirna_kg("ingest", "mirtarbase", str(release), *common, "--rejects", str(tmp_path / "r2.tsv"))
    _, err = second.communicate(timeout=60)
    assert second.returncode == 2, err
    assert f"another mirna-kg ingest is writing this folder (pid {first.pid})" in err and "Traceback" not in err
    _, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert_readable(store)
    graphs = {g.value for g in ox.Store.read_only(str(store)).named_graphs()}
    assert "https://w3id.org/mirna-kg/graph/mirtarbase-10.0" in graphs
    assert not (tmp_path / "r2.tsv").exists()
    # and the store takes the next ingest (the audit's store refused every later query and re-ingest)
    again = CliRunner().invoke(
        ["ingest", "mirtarbase", str(write("mirtarbase", 300, tmp_path / "s.csv")), *common, "--rejects",
         str(tmp_path / "r3.tsv")]
    )  # fmt: skip
    assert again.exit_code == 0, again.output
    assert_readable(store)
    assert stagings(store) == []


def test_case_02_a_locked_store_refuses_load_and_ingest_before_any_work(base_store: Path, tmp_path: Path) -> None:
    """While one writer holds the store (here this process), ``load`` and ``ingest`` fail at once, touch nothing."""
    from mirna_kg.stores.oxigraph import store_lock

    store = tmp_path / "S"
    shutil.copytree(base_store, store)
    release = write("tarbase", 50, tmp_path / "t.tsv")
    with store_lock(store, "load"):
        for command in (
            ["load", "--store", str(store)],
            ["ingest", "tarbase", str(release), "--store", str(store), "--rejects", str(tmp_path / "r.tsv")],
        ):
            result = CliRunner().invoke(command)
            assert result.exit_code == 2, result.output
            assert f"is writing this folder (pid {os.getpid()})" in result.output
    assert not (tmp_path / "r.tsv").exists()
    assert_readable(store)


def test_case_02_a_killed_run_leaves_staging_that_the_next_writer_removes(base_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "S"
    shutil.copytree(base_store, store)
    (tmp_path / ".S.staging-dead1").mkdir()
    (tmp_path / ".S.staging-dead1" / "000001.sst").write_bytes(b"half")
    api.ingest_release(store, "tarbase", write("tarbase", 50, tmp_path / "t.tsv"), rejects=tmp_path / "r.tsv")
    assert stagings(store) == []
    assert_readable(store)


@pytest.mark.parametrize("command", ["build", "load"])
def test_case_04_lock_file_symlink_not_followed(tmp_path: Path, command: str) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    (tmp_path / ".V.lock").symlink_to(victim)
    option = "--out" if command == "build" else "--store"
    result = CliRunner().invoke([command, option, str(tmp_path / "V")])
    assert result.exit_code == 2, result.output
    assert "symbolic link" in result.output and ".V.lock" in result.output
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert not (tmp_path / "V").exists()


def test_case_04_lock_file_hard_link_not_written_through(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    os.link(victim, tmp_path / ".V.lock")
    result = CliRunner().invoke(["build", "--out", str(tmp_path / "V")])
    assert result.exit_code == 2 and "hard link" in result.output, result.output
    assert victim.read_text(encoding="utf-8") == "precious\n"


@pytest.fixture
def full_disk(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[Path, list[str]]]:
    """A folder where writing stops after a few hundred kilobytes, and the command prefix to run there.

    ``tmpfs``: a real 256 KiB file system, mounted for the test (needs the right to mount; skipped otherwise).
    ``rlimit``: the child process may not write files over 256 KiB (``RLIMIT_FSIZE``, with ``SIGXFSZ`` ignored so
    the write fails with an error instead of killing the process)."""
    limit = 256 * 1024
    prefix = [sys.executable, "-c", "from mirna_kg.cli import run; run()"]
    if request.param == "tmpfs":
        folder = tmp_path / "small"
        folder.mkdir()
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={limit}", "tmpfs", str(folder)], capture_output=True, check=False
        )
        if mounted.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
        try:
            yield folder, prefix
        finally:
            subprocess.run(["umount", str(folder)], check=False)
    else:
        limited = (
            "import resource, signal; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
            f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit})); "
            "from mirna_kg.cli import run; run()"
        )
        yield tmp_path, [sys.executable, "-c", limited]


@pytest.mark.parametrize(
    ("full_disk", "name"),
    # not xlsx under RLIMIT_FSIZE: the limit also stops openpyxl's own scratch file outside the target folder
    [("tmpfs", "tarbase.tsv"), ("tmpfs", "tarbase.xlsx"), ("rlimit", "tarbase.tsv")],
    indirect=["full_disk"],
)
def test_case_05_generate_on_a_full_disk_names_the_file_and_leaves_nothing(
    full_disk: tuple[Path, list[str]], name: str
) -> None:
    folder, prefix = full_disk
    out = folder / name
    done = subprocess.run(
        [*prefix, "ingest", "generate", "tarbase", "--rows", "20000", "--out", str(out)],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert str(out) in done.stderr and "cannot write" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert list(folder.iterdir()) == [], "a partial or temporary file was left behind"
