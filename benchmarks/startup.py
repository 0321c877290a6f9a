"""Benchmark: whole-process times of the commands people type, each beside a baseline run in the same session.

Every run is a fresh process (interpreter start-up and imports included), the command and its baseline
alternate so that a busy spell of a shared machine hits both alike, and medians of ``--repeat`` runs are
printed with their ratio:

- ``mirna-kg query all_claims --format tsv`` against a plain pyoxigraph script that loads the same files and
  writes the same query's TSV (row counts are checked equal);
- ``mirna-kg --help`` against ``python3 -c pass`` (the interpreter's own start-up);
- ``mirna-kg build --out TMP`` (no baseline) with a cold build cache (an empty ``MIRNA_KG_CACHE`` folder for
  each run: everything validated, drawn and made) and a warm one (a folder filled by an untimed build first:
  the input unchanged), alternating, and whether every run wrote the same release bytes (the SHA-256 of each
  file, from the release manifest).

The package's bytecode is compiled first (``compileall``), as ``pip install`` does for an installed package, so
no run pays for compiling the project's modules (the runs themselves write no bytecode).

``--importtime`` adds the slowest imports of ``mirna-kg --help`` and of ``mirna-kg query`` (``python -X
importtime``), to show where start-up goes.

    python benchmarks/startup.py [--repeat 5] [--build-repeat 3] [--importtime]
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import mirna_kg
from mirna_kg.api import find_query
from mirna_kg.queries import bind
from mirna_kg.resources import graph_files

RAW_QUERY = """
import sys, pyoxigraph as ox
store = ox.Store()
for path in sys.argv[2:]:
    fmt = ox.RdfFormat.TURTLE if path.endswith(".ttl") else ox.RdfFormat.N_TRIPLES
    store.load(path=path, format=fmt)
text = open(sys.argv[1], encoding="utf-8").read()
sys.stdout.buffer.write(store.query(text).serialize(format=ox.QueryResultsFormat.TSV))
"""

ENV = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "MIRNA_KG_PROGRESS": "0"}


def mirna_kg_command() -> list[str]:
    """The installed ``mirna-kg`` script beside this interpreter (what people type), else ``python -m``."""
    script = Path(sys.executable).with_name("mirna-kg")
    if script.exists():
        return [str(script)]
    found = shutil.which("mirna-kg")
    return [found] if found else [sys.executable, "-m", "mirna_kg"]


def run(command: Sequence[str], cache: Path | None = None) -> tuple[float, bytes]:
    """Wall time of one process from start to exit, and its standard output (``cache``: the build cache)."""
    env = ENV if cache is None else {**ENV, "MIRNA_KG_CACHE": str(cache)}
    started = time.perf_counter()
    done = subprocess.run(list(command), capture_output=True, env=env, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr.decode(errors='replace')}")
    return elapsed, done.stdout


def alternate(ours: Sequence[str], baseline: Sequence[str], repeat: int) -> tuple[list[float], list[float], bytes]:
    """``repeat`` runs of each, alternating which goes first; the times and our last output."""
    times: dict[str, list[float]] = {"ours": [], "base": []}
    output = b""
    for i in range(repeat):
        for which in ("ours", "base") if i % 2 == 0 else ("base", "ours"):
            elapsed, out = run(ours if which == "ours" else baseline)
            times[which].append(elapsed)
            if which == "ours":
                output = out
    return times["ours"], times["base"], output


def line(label: str, ours: list[float], base: list[float] | None, baseline_label: str) -> None:
    mine = statistics.median(ours)
    if base is None:
        print(f"| {label} | {mine:.3f} | {baseline_label} | — | — | {len(ours)} |")
        return
    theirs = statistics.median(base)
    ratio, gap = mine / theirs, mine - theirs
    print(f"| {label} | {mine:.3f} | {baseline_label} {theirs:.3f} | {ratio:.1f}x | {gap:+.3f} | {len(ours)} |")


def release_digests(folder: Path) -> str:
    """The release manifest's file digests, as one string to compare runs by."""
    manifest = json.loads((folder / ".mirna-kg-release.json").read_text(encoding="utf-8"))
    return json.dumps(manifest.get("files", manifest), sort_keys=True)


def importtime(command: Sequence[str], top: int) -> None:
    """The slowest imports (cumulative) of one process, from ``python -X importtime``."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "mirna_kg", *command],
        capture_output=True,
        env=ENV,
        check=False,
        text=True,
    )
    rows = []
    for entry in done.stderr.splitlines():
        if not entry.startswith("import time:") or "cumulative" in entry:
            continue
        own, cumulative, name = entry.removeprefix("import time:").split("|")
        rows.append((int(cumulative), name.rstrip(), int(own)))
    print(f"\nslowest imports of `mirna-kg {' '.join(command)}` (cumulative µs, top level first):")
    for cumulative, name, _ in sorted(rows, reverse=True)[:top]:
        print(f"  {cumulative:>9,}  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each query/help command and baseline")
    parser.add_argument("--build-repeat", type=int, default=3, help="runs of `mirna-kg build` (0 to skip)")
    parser.add_argument("--importtime", action="store_true", help="also list the slowest imports")
    args = parser.parse_args()
    kg = mirna_kg_command()
    compileall.compile_dir(Path(mirna_kg.__file__).parent, quiet=1)
    print(f"command: {' '.join(kg)}; {os.cpu_count()} cores; load before: {os.getloadavg()[0]:.2f}\n")
    print("| command | mirna-kg s | baseline s | ratio | gap s | runs |")
    print("|---|---:|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        stored = find_query("all_claims")
        text = work / "all_claims.rq"
        text.write_text(bind(stored.text, stored.bindings({})), encoding="utf-8")
        script = work / "raw.py"
        script.write_text(RAW_QUERY, encoding="utf-8")
        raw = [sys.executable, str(script), str(text), *map(str, graph_files())]
        ours, base, output = alternate([*kg, "query", "all_claims", "--format", "tsv"], raw, args.repeat)
        _, raw_output = run(raw)
        rows, raw_rows = len(output.splitlines()), len(raw_output.splitlines())
        if rows != raw_rows:
            sys.exit(f"row counts differ: mirna-kg {rows - 1}, raw {raw_rows - 1}")
        line("`mirna-kg query all_claims --format tsv`", ours, base, "pyoxigraph script")

        ours, base, _ = alternate([*kg, "--help"], [sys.executable, "-c", "pass"], args.repeat)
        line("`mirna-kg --help`", ours, base, "`python3 -c pass`")

        if args.build_repeat:
            times: dict[str, list[float]] = {"cold": [], "warm": []}
            digests = set()
            warm = work / "cache-warm"
            run([*kg, "build", "--out", str(work / "dist-first")], warm)
            digests.add(release_digests(work / "dist-first"))
            for n in range(args.build_repeat):
                for which in ("cold", "warm") if n % 2 == 0 else ("warm", "cold"):
                    out, cache = work / f"dist-{which}-{n}", warm if which == "warm" else work / f"cache-{n}"
                    elapsed, _ = run([*kg, "build", "--out", str(out)], cache)
                    times[which].append(elapsed)
                    digests.add(release_digests(out))
                    shutil.rmtree(out)
            line("`mirna-kg build` (cold cache)", times["cold"], None, "—")
            line("`mirna-kg build` (warm cache)", times["warm"], None, "—")
            print(f"\nbuild: {'the same release bytes in every run' if len(digests) == 1 else 'RELEASES DIFFER'}")
    print(f"query rows: {rows - 1} both; load after: {os.getloadavg()[0]:.2f}")
    if args.importtime:
        importtime(["--help"], 12)
        importtime(["query", "all_claims", "--format", "tsv"], 15)


if __name__ == "__main__":
    main()
