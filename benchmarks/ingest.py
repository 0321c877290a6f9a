"""Benchmark of ``mirna-kg ingest`` at 100k, 1M (and optionally 5M) miRTarBase-format rows.

For each size, in a fresh child process (so peak RSS is that size's own): generate a synthetic release (not
timed), make a store of the project's graph, ingest the file (time, rows/s, triples/s, peak RSS, store size on
disk), then bulk-load the very same N-Triples with raw pyoxigraph (the ceiling ingest is compared with), and
time every stored query on the merged on-disk store (example parameters; median of 3 runs).

    python benchmarks/ingest.py --sizes 100000 1000000 [5000000] --work /tmp/ingest-bench
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def one(rows: int, work: Path, query_runs: int) -> dict:
    import pyoxigraph as ox

    from mirna_kg import api
    from mirna_kg.ingest import loader, synthetic
    from mirna_kg.ingest.readers import read_rows
    from mirna_kg.ingest.reference import reference_tables
    from mirna_kg.ingest.sources import SOURCES, Reject, RowMapper, iri
    from mirna_kg.namespaces import release_graph, release_iri
    from mirna_kg.queries import stored_queries

    work.mkdir(parents=True, exist_ok=True)
    release = work / f"mirtarbase-{rows}.csv"
    if not release.exists():
        synthetic.write("mirtarbase", rows, release)
    store = work / f"store-{rows}"
    shutil.rmtree(store, ignore_errors=True)
    api.load_store(store, with_inferred=False)
    base_size = size_of(store)
    reference_tables()
    started = time.perf_counter()
    result = loader.ingest(store, "mirtarbase", release, rejects_path=work / f"rejects-{rows}.tsv")
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    # the same triples, written once to a file, then bulk-loaded by pyoxigraph alone
    nt = work / f"triples-{rows}.nt"
    source = SOURCES["mirtarbase"]
    mapper = RowMapper(reference_tables(), iri(str(release_iri("mirtarbase", "10.0"))), source.record_base("10.0"))
    with nt.open("w", encoding="utf-8") as handle:
        out: list[str] = []
        for row in read_rows(release, source.columns):
            if row.fields is None:
                continue
            mark = len(out)
            try:
                source.map_row(mapper, row.fields, out)
            except Reject:
                del out[mark:]
                mapper.last_interaction = ""
            if len(out) > 50_000:
                handle.write("".join(out))
                out.clear()
        handle.write("".join(out))
    raw_dir = work / f"raw-{rows}"
    shutil.rmtree(raw_dir, ignore_errors=True)
    raw = ox.Store(str(raw_dir))
    raw_started = time.perf_counter()
    raw.bulk_load(
        path=str(nt), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(release_graph("mirtarbase", "10.0")))
    )
    raw.flush()
    raw_seconds = time.perf_counter() - raw_started
    del raw
    shutil.rmtree(raw_dir, ignore_errors=True)
    nt.unlink()

    queries = {}
    with api.open_store(store) as opened:
        for stored in stored_queries():
            params = {p.name: p.example for p in stored.parameters}
            times, count = [], 0
            for _ in range(query_runs):
                t = time.perf_counter()
                count = len(api.run_stored_query(opened, stored.name, params).rows)
                times.append(time.perf_counter() - t)
            queries[stored.name] = {"rows": count, "seconds": statistics.median(times)}
    return {
        "rows": rows,
        "ingested": result.ingested,
        "rejected": sum(result.rejects.values()),
        "triples": result.triples,
        "seconds": seconds,
        "rows_per_s": rows / seconds,
        "triples_per_s": result.triples / seconds,
        "peak_rss_mb": peak_mb,
        "store_mb": (size_of(store) - base_size) / 1e6,
        "store_total_mb": size_of(store) / 1e6,
        "raw_bulk_load_seconds": raw_seconds,
        "raw_triples_per_s": result.triples / raw_seconds,
        "queries": queries,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/mirna-kg-ingest-bench"))
    parser.add_argument("--query-runs", type=int, default=3)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.work, args.query_runs)))
        return
    results = []
    for rows in args.sizes:
        child = subprocess.run(
            [
                sys.executable,
                __file__,
                "--one",
                str(rows),
                "--work",
                str(args.work),
                "--query-runs",
                str(args.query_runs),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        results.append(json.loads(child.stdout.strip().splitlines()[-1]))
        print(json.dumps(results[-1]), file=sys.stderr)
    print(
        "| rows | ingested | rejected | triples | ingest s | rows/s | triples/s | raw bulk_load s | ingest/raw "
        "throughput | peak RSS MB | store MB (evidence) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['rows']:,} | {r['ingested']:,} | {r['rejected']:,} | {r['triples']:,} | {r['seconds']:.1f} | "
            f"{r['rows_per_s']:,.0f} | {r['triples_per_s']:,.0f} | {r['raw_bulk_load_seconds']:.1f} | "
            f"{r['raw_bulk_load_seconds'] / r['seconds']:.2f} | {r['peak_rss_mb']:,.0f} | {r['store_mb']:,.0f} |"
        )
    print()
    print("| query | " + " | ".join(f"{r['rows']:,} rows: rows / s" for r in results) + " |")
    print("|---|" + "---:|" * len(results))
    for name in results[0]["queries"]:
        cells = [f"{r['queries'][name]['rows']} / {r['queries'][name]['seconds']:.3f}" for r in results]
        print(f"| `{name}` | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
