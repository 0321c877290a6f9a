"""Benchmark: the fast SPARQL classifier beside raw pyoxigraph running the same SPARQL, and beside HermiT.

For the curated graph and synthetic graphs (every curated statement copied under fresh statement IRIs in the
curated named graph, entities shared, so the memberships must stay those of the curated graph), each case runs
in a fresh Python process, alternating with its baseline, ``--repeat`` times; medians are printed:

- **mirna-kg**: ``OxigraphStore.from_files`` (mirna-kg's reader) then ``mirna_kg.reasoning.reason(store,
  "fast")`` — memberships, clash checks and inferred triples;
- **raw**: a plain pyoxigraph store loading the same files and running the same generated membership queries
  in their self-contained form (``mirna_kg.reasoning.class_queries``, written out by the parent), from a script
  that imports nothing of mirna-kg: what the axioms cost as plain SPARQL on any store. The fast path computes
  the materialised properties (the cancer roll-up) once and inlines them, which is why it can beat this;
- **HermiT** (curated graph only, once, unless ``--no-hermit``): the complete OWL 2 DL reasoner through
  owlready2 (needs Java); the reference the fast path's memberships are compared with.

Peak memory is each case's own: the child's high-water mark since it started (``VmHWM``), plus for HermiT the
JVM it waited for. (``ru_maxrss`` would not do: Linux carries the parent's peak across fork and exec.)

    python benchmarks/reasoning.py [--sizes 100000] [--repeat 3] [--no-hermit]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from mirna_kg.namespaces import CURATED_GRAPH, MKGS
from mirna_kg.reasoning import class_queries
from mirna_kg.resources import graph_files
from mirna_kg.stores import OxigraphStore

RAW_SCRIPT = """
import json, sys, time
import pyoxigraph as ox
started = time.perf_counter()
store = ox.Store()
for path in sys.argv[2:]:
    fmt = ox.RdfFormat.TURTLE if path.endswith(".ttl") else ox.RdfFormat.N_TRIPLES
    store.load(path=path, format=fmt)
loaded = time.perf_counter()
memberships = {}
for cls, text in json.load(open(sys.argv[1])).items():
    memberships[cls] = sorted({row[0].value for row in store.query(text) if isinstance(row[0], ox.NamedNode)})
done = time.perf_counter()
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:")) / 1024
print(json.dumps({"triples": len(store), "load_s": loaded - started, "reason_s": done - loaded,
                  "memberships": memberships, "rss_mb": peak}))
"""


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM: its own address space since exec, not its parent's) plus
    the largest child it waited for (HermiT's JVM), in MiB.

    ``ru_maxrss`` alone will not do: Linux carries the parent's peak across fork and exec into the child's."""
    status = Path("/proc/self/status").read_text()
    own = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))
    return (own + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


def write_scaled(target: Path, triples: int) -> int:
    """Write the curated graph with its statements copied until about ``triples`` triples; the count.

    Copies stay in the curated named graph (the ontology and imports with them), so the reasoner reads the
    axioms beside the data, as it does on the project's own store."""
    store = OxigraphStore.from_files(graph_files()).store
    curated = ox.NamedNode(str(CURATED_GRAPH))
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
            batch.append(ox.Quad(ox.NamedNode(f"{q.subject.value}-copy{n}"), q.predicate, obj, curated))
        store.extend(batch)
    store.dump(str(target), ox.RdfFormat.N_TRIPLES, from_graph=curated)
    return len(store)


def case_fast(paths: list[Path]) -> dict:
    """mirna-kg's fast path, in this process: load through mirna-kg, classify."""
    from mirna_kg.reasoning import reason

    started = time.perf_counter()
    store = OxigraphStore.from_files(paths)
    loaded = time.perf_counter()
    result = reason(store, reasoner="fast")
    done = time.perf_counter()
    return {
        "triples": len(store),
        "load_s": loaded - started,
        "reason_s": done - loaded,
        "consistent": result.consistent,
        "memberships": {str(c): sorted(map(str, m)) for c, m in result.memberships.items()},
        "rss_mb": peak_rss_mb(),
    }


def case_hermit(paths: list[Path]) -> dict:
    """HermiT through owlready2 on the same files, in this process (the JVM is its child)."""
    from mirna_kg.loading import load
    from mirna_kg.reasoning import reason

    started = time.perf_counter()
    graph = load(paths).graph
    loaded = time.perf_counter()
    result = reason(graph, reasoner="hermit")
    done = time.perf_counter()
    return {
        "triples": len(graph),
        "load_s": loaded - started,
        "reason_s": done - loaded,
        "consistent": result.consistent,
        "memberships": {str(c): sorted(map(str, m)) for c, m in result.memberships.items()},
        "rss_mb": peak_rss_mb(),
    }


def measure(case: str, paths: list[Path], queries_file: Path) -> dict:
    """One case in a fresh interpreter: wall time (start-up and imports included) and the child's own peak RSS."""
    if case == "raw":  # a plain script: no mirna-kg import in the baseline's start-up
        command = [sys.executable, "-c", RAW_SCRIPT, str(queries_file), *map(str, paths)]
    else:
        command = [sys.executable, __file__, "--case", case, *map(str, paths)]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, text=True)
        child.wait()
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        if child.returncode:
            sys.exit(f"{case} failed:\n{err.read()}")
        figures = json.loads(out.read().strip().splitlines()[-1])
    figures["wall_s"] = wall
    return figures


def median_of(runs: list[dict]) -> dict:
    """The first run's answers with the median of each timing (memberships are the same in every run)."""
    merged = dict(runs[0])
    for key in ("wall_s", "load_s", "reason_s", "rss_mb"):
        merged[key] = statistics.median(r[key] for r in runs)
    return merged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000], help="synthetic graph sizes (triples)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each case, alternating; medians")
    parser.add_argument("--no-hermit", action="store_true", help="skip HermiT (Java; the slowest case)")
    parser.add_argument("--case", choices=("fast", "hermit"), help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(case_fast(args.paths) if args.case == "fast" else case_hermit(args.paths)))
        return

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        queries_file = work / "class-queries.json"
        curated_files = graph_files()
        queries = class_queries(OxigraphStore.from_files(curated_files))
        queries_file.write_text(json.dumps({str(c): q for c, q in queries.items()}))
        graphs: list[tuple[str, list[Path]]] = [("curated", curated_files)]
        for size in args.sizes:
            path = work / f"scaled-{size}.nt"
            made = write_scaled(path, size)
            graphs.append((f"synthetic {made / 1000:,.0f}k", [path]))

        rows: list[tuple[str, str, dict]] = []
        for label, paths in graphs:
            runs: dict[str, list[dict]] = {"fast": [], "raw": []}
            for i in range(args.repeat):
                for case in ("fast", "raw") if i % 2 == 0 else ("raw", "fast"):
                    runs[case].append(measure(case, paths, queries_file))
            rows += [
                (label, "mirna-kg fast", median_of(runs["fast"])),
                (label, "raw pyoxigraph", median_of(runs["raw"])),
            ]
            if label == "curated" and not args.no_hermit:
                rows.append((label, "HermiT", measure("hermit", paths, queries_file)))

    reference = next((f for g, r, f in rows if r == "HermiT"), rows[0][2])
    print(f"{args.repeat} runs of each fast/raw case, alternating, medians; HermiT once; fresh process per run\n")
    print("| graph | case | triples | wall s | load s | reasoning s | peak RSS MB | classes | agree | fast / row |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---|---:|")
    fast_rows = {g: f for g, r, f in rows if r == "mirna-kg fast"}
    for graph, case, figures in rows:
        agree = figures["memberships"] == reference["memberships"]
        ratio = f"{fast_rows[graph]['wall_s'] / figures['wall_s']:.2f}x" if case != "mirna-kg fast" else ""
        print(
            f"| {graph} | {case} | {figures['triples']:,} | {figures['wall_s']:.2f} | {figures['load_s']:.2f} | "
            f"{figures['reason_s']:.2f} | {figures['rss_mb']:.0f} | {len(figures['memberships'])} | "
            f"{'yes' if agree else 'NO'} | {ratio} |"
        )
    print("\nmembers per class (curated graph):")
    for cls, members in rows[0][2]["memberships"].items():
        print(f"  {cls.rsplit('/', 1)[-1]:28} {len(members):4}")


if __name__ == "__main__":
    main()
