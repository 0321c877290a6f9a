"""Benchmark: the fast SPARQL classifier against HermiT, and the fast path on synthetic merged graphs.

Prints one table: the fast path and HermiT on the curated graph, then the fast path on synthetic graphs of
about 100k and 1M triples (every curated statement copied under fresh statement IRIs, entities shared, as
benchmarks/query_engines.py does, so the memberships must stay those of the curated graph). Each case runs
in its own Python process so its peak memory (max RSS of Python plus, for HermiT, the JVM) is its own; wall
time is process start-up + load + reasoning, with load and reasoning in their own columns. "agree" compares
each case's memberships and subclass links with HermiT's on the curated graph (or the fast path's when HermiT
is skipped).

    python benchmarks/reasoning.py [--sizes 100000 1000000] [--no-hermit]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mirna_kg.graph import graph_files

from mirna_kg.namespaces import MKGS


def write_scaled(target: Path, triples: int) -> int:
    """Write the curated graph with its statements copied until about ``triples`` triples; the count."""
    import pyoxigraph as ox

    from mirna_kg.stores import OxigraphStore

    store = OxigraphStore.from_files(graph_files()).store
    prefix = str(MKGS)
    base = len(store)
    statements = [q for q in store if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(prefix)]
    copies = max(1, round((triples - base) / max(1, len(statements))))
    for n in range(1, copies + 1):
        batch = []
        for q in statements:
            obj = q.object
            if isinstance(obj, ox.NamedNode) and obj.value.startswith(prefix):
                obj = ox.NamedNode(f"{obj.value}-copy{n}")
            batch.append(ox.Quad(ox.NamedNode(f"{q.subject.value}-copy{n}"), q.predicate, obj))
        store.extend(batch)
    store.dump(str(target), ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return len(store)


def run_case(reasoner: str, path: str | None) -> dict:
    """One measurement, in this process: load, reason, and the memberships as IRIs."""
    from mirna_kg.loading import load
    from mirna_kg.reasoning import reason
    from mirna_kg.stores import OxigraphStore

    started = time.perf_counter()
    if reasoner == "hermit":
        source = load(graph_files()).graph
    else:
        source = OxigraphStore.from_files([Path(path)] if path else graph_files())
    loaded = time.perf_counter()
    result = reason(source, reasoner=reasoner)
    done = time.perf_counter()
    return {
        "triples": len(source),
        "load_s": loaded - started,
        "reason_s": done - loaded,
        "consistent": result.consistent,
        "memberships": {str(c): sorted(map(str, m)) for c, m in result.memberships.items()},
        "links": sorted(f"{s} {o}" for s, p, o in result.inferred if str(p).endswith("subClassOf")),
        # Python's own peak plus its children's (HermiT's JVM), in MB
        "rss_mb": (
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        )
        / 1024,
    }


def measure(reasoner: str, path: str | None = None) -> dict:
    """Run one case in a fresh interpreter; its wall time includes imports and start-up."""
    started = time.perf_counter()
    command = [sys.executable, __file__, "--case", reasoner] + (["--path", path] if path else [])
    completed = subprocess.run(command, capture_output=True, text=True, check=True)
    figures = json.loads(completed.stdout)
    figures["wall_s"] = time.perf_counter() - started
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--no-hermit", action="store_true", help="skip HermiT (about 20 s)")
    parser.add_argument("--case", choices=("fast", "hermit"), help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, args.path)))
        return

    rows: list[tuple[str, str, dict]] = [("curated", "fast", measure("fast"))]
    if not args.no_hermit:
        rows.append(("curated", "hermit", measure("hermit")))
    reference = rows[-1][2]
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            path = Path(folder) / f"scaled-{size}.nt"
            made = write_scaled(path, size)
            rows.append((f"synthetic {made / 1000:,.0f}k", "fast", measure("fast", str(path))))
            path.unlink()
    print(
        f"{'graph':18} {'reasoner':8} {'triples':>10} {'wall s':>7} {'load s':>7} {'reason s':>9} "
        f"{'peak RSS MB':>12} {'classes':>8} {'links':>6} {'agree':>6}"
    )
    for graph, reasoner, figures in rows:
        agree = figures["memberships"] == reference["memberships"] and figures["links"] == reference["links"]
        print(
            f"{graph:18} {reasoner:8} {figures['triples']:>10,} {figures['wall_s']:>7.2f} {figures['load_s']:>7.2f} "
            f"{figures['reason_s']:>9.2f} {figures['rss_mb']:>12.0f} {len(figures['memberships']):>8} "
            f"{len(figures['links']):>6} {'yes' if agree else 'NO':>6}"
        )
    print("\nmembers per class (first row):")
    for cls, members in rows[0][2]["memberships"].items():
        print(f"  {cls.rsplit('/', 1)[-1]:28} {len(members):4}")


if __name__ == "__main__":
    main()
