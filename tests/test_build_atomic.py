"""The release as a whole: staged and swapped in, locked, never a mix of two builds, byte-identical rebuilds."""

from __future__ import annotations

import hashlib
import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mirna_kg.building import release_files
from mirna_kg.errors import OutputError
from mirna_kg.resources import HOME_VARIABLE, ProjectLayout
from mirna_kg.writing import MANIFEST_NAME, Release, open_release, read_manifest, write_release

from .cli_runner import CliRunner
from .conftest import ROOT

PYTHON = sys.executable


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` (hidden ones included) -> SHA-256."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    env.pop(HOME_VARIABLE, None)
    env.update(extra)
    return env


def small_release(tag: str) -> dict[str, bytes]:
    """A release-shaped file set (with a subfolder) whose bytes say which build made it."""
    big = (tag * 200_000).encode()
    return {
        "mirna-kg.ttl": big,
        "mirna-kg.nt": big[::-1],
        "mirna-kg.jsonld": b"{" + big + b"}",
        "mirna-kg.owl": big + b"\n",
        "mirna-kg_nodes.tsv": tag.encode(),
        "mirna-kg_edges.tsv": big[:1000],
        "void.ttl": tag.encode() * 3,
        "figures/network.svg": b"<svg>" + big[:5000] + b"</svg>",
    }


@pytest.mark.slow
def test_release_files_are_byte_identical_across_processes(tmp_path: Path) -> None:
    """Two processes with different hash seeds serialize the same input to the same bytes (JSON-LD and RDF/XML
    used to differ: set order and random blank-node labels; VoID: today's date)."""
    script = (
        "import hashlib, sys\nfrom mirna_kg.building import release_files\nfrom mirna_kg.loading import load\n"
        "from mirna_kg.resources import graph_files\nfor n, b in sorted(release_files(load(graph_files())"
        ".graph).items()): print(n, hashlib.sha256(b).hexdigest())\n"
    )
    outputs = [
        subprocess.run(
            [PYTHON, "-c", script], env=_env(PYTHONHASHSEED=seed), capture_output=True, text=True, check=True
        ).stdout
        for seed in ("1", "2")
    ]
    assert outputs[0] == outputs[1]
    assert "mirna-kg.jsonld" in outputs[0] and "mirna-kg.owl" in outputs[0] and "void.ttl" in outputs[0]


@pytest.mark.slow
def test_void_issue_date_comes_from_the_data(loaded) -> None:  # type: ignore[no-untyped-def]
    void = release_files(loaded.graph)["void.ttl"].decode()
    assert '"2026-11-21"^^xsd:date' in void  # dcterms:created of ontology/mirna-kg.ttl, not today


def test_commit_swaps_the_whole_set_and_keeps_foreign_files(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    write_release(dist, small_release("a") | {"inferred.ttl": b"old inferred"})
    (dist / "notes.txt").write_text("mine")  # not part of any release: survives rebuilds
    (dist / ".mirna-kg.ttl.abc.tmp").write_bytes(b"left by an old build")
    new = small_release("b")
    write_release(dist, new)
    files = snapshot(dist)
    assert set(files) == {*new, MANIFEST_NAME, "notes.txt"}  # old release's inferred.ttl went with it
    assert read_manifest(dist) == {name: hashlib.sha256(data).hexdigest() for name, data in new.items()}
    assert (dist / "figures" / "network.svg").read_bytes() == new["figures/network.svg"]
    assert not [p for p in tmp_path.iterdir() if ".staging-" in p.name or ".old-" in p.name]
    assert oct((dist / "mirna-kg.ttl").stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_file_that_cannot_be_written_leaves_the_old_release(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    write_release(dist, small_release("a"))
    before = snapshot(dist)
    broken = small_release("b") | {"void.ttl": b"x", "void.ttl/inner": b"a file under a file"}
    with pytest.raises(OutputError, match="cannot write"):
        write_release(dist, broken)
    assert snapshot(dist) == before
    assert not [p for p in tmp_path.iterdir() if ".staging-" in p.name]


def test_stale_staging_is_cleaned_and_a_release_left_aside_comes_back(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    write_release(dist, small_release("a"))
    before = snapshot(dist)
    (tmp_path / ".dist.staging-dead1").mkdir()
    (tmp_path / ".dist.staging-dead1" / "mirna-kg.ttl").write_bytes(b"half")
    dist.rename(tmp_path / ".dist.old-dead2")  # a fallback swap killed between its two renames
    with open_release(dist) as release:
        assert isinstance(release, Release)
    assert snapshot(dist) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".dist.lock", "dist"]


def test_a_second_build_into_a_locked_folder_fails_clearly(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    with open_release(dist):
        result = CliRunner().invoke(["build", "--out", str(dist)])
    assert result.exit_code == 2
    assert "another mirna-kg build is writing this folder" in result.output
    assert f"pid {os.getpid()}" in result.output


WRITER = """
import pickle, sys
from mirna_kg.writing import write_release
files = pickle.load(open(sys.argv[2], "rb"))
print("ready", flush=True)
write_release(__import__("pathlib").Path(sys.argv[1]), files)
print("done", flush=True)
"""


def _start_writer(dist: Path, payload: Path) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [PYTHON, "-c", WRITER, str(dist), str(payload)], env=_env(), stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    return child


@pytest.mark.slow
def test_sigkill_during_the_write_phase_leaves_old_or_new_release(tmp_path: Path) -> None:
    """A watcher SIGKILLs the writer at many points of its write phase; every time ``dist/`` is, checksum by
    checksum, the complete old release or the complete new one (and the next write cleans up)."""
    dist = tmp_path / "dist"
    old_files, new_files = small_release("o"), small_release("n")
    write_release(dist, old_files)
    old = snapshot(dist)
    payload = tmp_path / "new.pickle"
    payload.write_bytes(pickle.dumps(new_files))
    reference = tmp_path / "reference"
    write_release(reference, new_files)
    new = snapshot(reference)
    started = time.perf_counter()
    child = _start_writer(tmp_path / "timing", payload)
    child.wait()
    duration = time.perf_counter() - started
    outcomes = set()
    points = 30
    for index in range(points):
        write_release(dist, old_files)
        child = _start_writer(dist, payload)
        time.sleep(duration * 1.3 * index / points)
        child.send_signal(signal.SIGKILL)
        child.wait()
        state = snapshot(dist)
        assert state in (old, new), f"kill point {index}: a mix of releases"
        outcomes.add("new" if state == new else "old")
    assert outcomes == {"old", "new"}, "the kill points did not cover the write phase"
    write_release(dist, new_files)
    assert snapshot(dist) == new
    assert not [p for p in tmp_path.iterdir() if ".staging-" in p.name or ".old-" in p.name]


@pytest.mark.slow
def test_sigkill_of_a_real_build_leaves_old_or_new_release(tmp_path: Path, tree_copy: ProjectLayout) -> None:
    """End to end: ``mirna-kg build`` of a changed tree, killed as soon as its staging folder appears and at
    later points, leaves ``dist/`` equal to the old or the new release."""
    dist = tmp_path / "dist"
    env = _env(**{HOME_VARIABLE: str(tree_copy.root)})
    build = [PYTHON, "-m", "mirna_kg", "build", "--out", str(dist)]
    subprocess.run(build, env=env, check=True, capture_output=True)
    old = snapshot(dist)
    claims = tree_copy.data_dir / "gu2026" / "t4-4.1.1-tam.ttl"
    claims.write_text(
        claims.read_text(encoding="utf-8").replace('"miR-19a-5p"', '"hsa-miR-19a-5p"', 1), encoding="utf-8"
    )
    for delay in (0.0, 0.003, 0.01, 0.03):
        child = subprocess.Popen(build, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while child.poll() is None and not any(".dist.staging-" in p.name for p in tmp_path.iterdir()):
            time.sleep(0.0005)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        state = snapshot(dist)
        assert state == old or (state != old and state.keys() == old.keys()), f"delay {delay}: a mix"
        if state != old:  # the new release is complete: every file's checksum is in its manifest
            manifest = read_manifest(dist)
            assert {n: h for n, h in state.items() if n != MANIFEST_NAME} == manifest
    subprocess.run(build, env=env, check=True, capture_output=True)
    assert not [p for p in tmp_path.iterdir() if ".staging-" in p.name]
