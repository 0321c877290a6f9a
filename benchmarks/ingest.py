"""Benchmark of ``mirna-kg ingest`` against raw ``pyoxigraph`` ``bulk_load`` of the same triples.

For each size: generate a synthetic miRTarBase release (not timed) and write its N-Triples once with the
very mapping ingest uses (``python -m mirna_kg.ingest.producer``, not timed). Then, ``--repeat`` times (once from
5M rows: a run takes about ten minutes), alternating so that a busy spell of a shared machine hits both alike,
each in a fresh process:

- **raw**: ``Store(dir).bulk_load(path=triples.nt, to_graph=…)`` into an empty store, then ``flush`` — the
  ceiling ingest is compared with;
- **ingest**: ``mirna_kg.ingest.loader.ingest`` of the release file into a store of the project's graph: the
  whole command's work (copy of the store, mapping, loading, checks, swap), peak RSS of the loader process
  plus the mapping child, and its time per phase (``IngestResult.phases``).

Medians are reported, and the ratio ingest / raw both of the medians and as the median of each run's pair (the
pair ran back to back, so a busy spell of a shared machine weighs on both alike). A second table breaks the
ingest into its phases beside raw ``bulk_load``: "map and load" against raw is what the mapping costs the
loader, the rest is what ingest adds around it.

Then every stored query is timed on the merged store (example parameters; median of ``--query-runs``), and the
KGX export of the store (``export --format kgx --store``) once.

    python benchmarks/ingest.py --sizes 100000 1000000 5000000 --repeat 3 --work /tmp/ingest-bench
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
GRAPH = "https://w3id.org/mirna-kg/graph/mirtarbase-10.0"


def load_average() -> str:
    """The machine's 1-, 5- and 15-minute load averages: how busy the shared cores were."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def peak_mb() -> float:
    """Peak RSS of this process plus that of its largest child (the mapping process), in MB.

    The process's own peak is its high-water mark since exec (VmHWM): ``ru_maxrss`` would carry the benchmark
    parent's peak across fork and exec."""
    status = Path("/proc/self/status").read_text()
    own = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


def run_raw(nt: Path, folder: Path) -> dict:
    import pyoxigraph as ox

    shutil.rmtree(folder, ignore_errors=True)
    store = ox.Store(str(folder))
    started = time.perf_counter()
    store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(GRAPH))
    store.flush()
    seconds = time.perf_counter() - started
    del store
    shutil.rmtree(folder, ignore_errors=True)
    return {"seconds": seconds, "peak_rss_mb": peak_mb()}


def run_ingest(release: Path, base: Path, folder: Path, rejects: Path) -> dict:
    from mirna_kg.ingest import loader

    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(base, folder)
    before = size_of(folder)
    started = time.perf_counter()
    result = loader.ingest(folder, "mirtarbase", release, rejects_path=rejects)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "peak_rss_mb": peak_mb(),
        "rows": result.rows,
        "ingested": result.ingested,
        "rejected": sum(result.rejects.values()),
        "triples": result.triples,
        "store_mb": (size_of(folder) - before) / 1e6,
        "phases": result.phases,
    }


def run_queries(folder: Path, runs: int, kgx: Path) -> dict:
    from mirna_kg import api
    from mirna_kg.queries import stored_queries

    queries = {}
    with api.open_store(folder) as opened:
        for stored in stored_queries():
            params = {p.name: p.example for p in stored.parameters}
            times, count = [], 0
            for _ in range(runs):
                started = time.perf_counter()
                count = len(api.run_stored_query(opened, stored.name, params).rows)
                times.append(time.perf_counter() - started)
            queries[stored.name] = {"rows": count, "seconds": statistics.median(times)}
    started = time.perf_counter()
    exported = api.export("kgx", kgx, store=folder)
    return {"queries": queries, "kgx_seconds": time.perf_counter() - started, "kgx": exported.summary}


def child(mode: str, *args: str) -> dict:
    """Run one measurement in a fresh interpreter (its own peak RSS, no warm caches of the parent)."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, *args], capture_output=True, text=True, check=False
    )
    if done.returncode:
        sys.exit(f"{mode} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(rows: int, work: Path, repeat: int, query_runs: int) -> dict:
    from mirna_kg import api
    from mirna_kg.ingest import synthetic

    work.mkdir(parents=True, exist_ok=True)
    release = work / f"mirtarbase-{rows}.csv"
    if not release.exists():
        synthetic.write("mirtarbase", rows, release, store=api.open_store())  # rows reuse the curated pairs
    nt = work / f"triples-{rows}.nt"
    with nt.open("wb") as out:
        command = [sys.executable, "-m", "mirna_kg.ingest.producer", "mirtarbase", "10.0", str(release)]
        subprocess.run([*command, str(work / "raw-rejects.tsv"), str(work / "raw-result.json")], stdout=out, check=True)
    base = work / f"base-{rows}"
    shutil.rmtree(base, ignore_errors=True)
    api.load_store(base, with_inferred=False)
    store = work / f"store-{rows}"
    runs: dict[str, list[dict]] = {"raw": [], "ingest": []}
    for i in range(repeat):
        order = list(runs) if i % 2 == 0 else list(reversed(runs))
        for mode in order:
            if mode == "ingest":
                runs[mode].append(child(mode, str(release), str(base), str(store), str(work / "rejects.tsv")))
            else:
                runs[mode].append(child(mode, str(nt), str(work / f"raw-{rows}")))
            print(f"  {rows:,} rows, run {i + 1}: {mode} {runs[mode][-1]}", file=sys.stderr)
    raws, ingests = runs["raw"], runs["ingest"]
    phases = {name: statistics.median(r["phases"][name] for r in ingests) for name in ingests[0]["phases"]}
    nt.unlink()
    shutil.rmtree(base, ignore_errors=True)
    after = child("queries", str(store), str(query_runs), str(work / f"kgx-{rows}"))
    shutil.rmtree(work / f"kgx-{rows}", ignore_errors=True)
    ingest_s = statistics.median(r["seconds"] for r in ingests)
    raw_s = statistics.median(r["seconds"] for r in raws)
    last = ingests[-1]
    return {
        **{k: last[k] for k in ("rows", "ingested", "rejected", "triples", "store_mb")},
        "repeat": repeat,
        "ingest_seconds": ingest_s,
        "ingest_runs": [round(r["seconds"], 1) for r in ingests],
        "raw_seconds": raw_s,
        "raw_runs": [round(r["seconds"], 1) for r in raws],
        "pair_ratio": statistics.median(i["seconds"] / r["seconds"] for i, r in zip(ingests, raws, strict=True)),
        "phases": phases,
        "peak_rss_mb": max(r["peak_rss_mb"] for r in ingests),
        "raw_peak_rss_mb": max(r["peak_rss_mb"] for r in raws),
        **after,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each (alternating), medians reported; one at 5M rows and more"
    )
    parser.add_argument("--work", type=Path, default=Path("/tmp/mirna-kg-ingest-bench"))
    parser.add_argument("--query-runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the merged stores (they are large)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, *rest = args.child
        if mode == "raw":
            print(json.dumps(run_raw(Path(rest[0]), Path(rest[1]))))
        elif mode == "ingest":
            print(json.dumps(run_ingest(Path(rest[0]), Path(rest[1]), Path(rest[2]), Path(rest[3]))))
        else:
            print(json.dumps(run_queries(Path(rest[0]), int(rest[1]), Path(rest[2]))))
        return
    results = []
    load_before = load_average()
    for rows in args.sizes:
        results.append(measure(rows, args.work, args.repeat if rows < 5_000_000 else 1, args.query_runs))
        print(json.dumps(results[-1]), file=sys.stderr)
        if not args.keep:
            shutil.rmtree(args.work / f"store-{rows}", ignore_errors=True)
    print(f"load average before / after: {load_before} / {load_average()}")
    print(
        "| rows | rejected | triples | ingest s | rows/s | triples/s | raw `bulk_load` s | ingest / raw "
        "(of medians; median of pairs) | peak RSS MB (ingest / raw) | store on disk MB | KGX export s |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['rows']:,} | {r['rejected']:,} | {r['triples']:,} | {r['ingest_seconds']:.1f} | "
            f"{r['rows'] / r['ingest_seconds']:,.0f} | {r['triples'] / r['ingest_seconds']:,.0f} | "
            f"{r['raw_seconds']:.1f} | {r['ingest_seconds'] / r['raw_seconds']:.2f}x; {r['pair_ratio']:.2f}x | "
            f"{r['peak_rss_mb']:,.0f} / {r['raw_peak_rss_mb']:,.0f} | {r['store_mb']:,.0f} | {r['kgx_seconds']:.1f} |"
        )
    print()
    names = list(results[0]["phases"])
    print("| rows | raw `bulk_load` s | " + " | ".join(f"{n} s" for n in names) + " | map and load / raw |")
    print("|---:|---:|" + "---:|" * len(names) + "---:|")
    for r in results:
        cells = " | ".join(f"{r['phases'][n]:.2f}" for n in names)
        loading = r["phases"]["map and load"] / r["raw_seconds"]
        print(f"| {r['rows']:,} | {r['raw_seconds']:.1f} | {cells} | {loading:.2f}x |")
    print()
    print("| query | " + " | ".join(f"{r['rows']:,} rows: rows / s" for r in results) + " |")
    print("|---|" + "---:|" * len(results))
    for name in results[0]["queries"]:
        cells = [f"{r['queries'][name]['rows']} / {r['queries'][name]['seconds']:.3f}" for r in results]
        print(f"| `{name}` | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
