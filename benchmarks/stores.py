"""Benchmark: each kind of store against raw pyoxigraph on the same data and the same SPARQL.

For the curated graph and a synthetic graph (every curated statement copied N times, entities shared; default
20 copies, about 0.1M triples; ``--copies 200`` gives about 1M) it prints, side by side, run in turn (which goes
first alternates) with medians:

- the time to open each store kind — in memory from files, on disk (opened read-only after a one-time bulk load),
  remote (an Oxigraph server on 127.0.0.1 over the on-disk store) — and to run ``all_claims`` and
  ``opposite_roles`` through mirna-kg's core (``mirna_kg.api``), against plain pyoxigraph doing the same (for
  the remote store: one httpx POST of the same query, CSV back);
- whole-process times of ``mirna-kg query NAME --format csv`` against ``python raw_script.py``, which include
  interpreter start-up and imports.

    python benchmarks/stores.py [--copies 20] [--repeat 3] [--queries all_claims,opposite_roles]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from query_engines import scaled
from servers import oxigraph_server

from mirna_kg import api
from mirna_kg.loading import load
from mirna_kg.namespaces import CURATED_GRAPH
from mirna_kg.queries import bind
from mirna_kg.resources import graph_files
from mirna_kg.stores import RemoteStore, create_disk_store, open_disk_store

RAW_SCRIPT = """
import sys, pyoxigraph as ox
store = ox.Store()
for path in sys.argv[2:]:
    fmt = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}[path.rsplit(".", 1)[1]]
    store.load(path=path, format=fmt)
sys.stdout.buffer.write(store.query(open(sys.argv[1]).read()).serialize(format=ox.QueryResultsFormat.CSV))
"""


def alternating(
    ours: Callable[[], object], baseline: Callable[[], object], repeat: int
) -> tuple[float, object, float, object]:
    """Median times and last results of ``ours`` and ``baseline``, run in turn (which goes first alternates), so
    that a busy spell of a shared machine hits both alike."""
    times: dict[str, list[float]] = {"ours": [], "base": []}
    results: dict[str, object] = {}
    for i in range(repeat):
        for which in ("ours", "base") if i % 2 == 0 else ("base", "ours"):
            started = time.perf_counter()
            results[which] = (ours if which == "ours" else baseline)()
            times[which].append(time.perf_counter() - started)
    return statistics.median(times["ours"]), results["ours"], statistics.median(times["base"]), results["base"]


def query_text(name: str) -> str:
    stored = api.find_query(name)
    return bind(stored.text, stored.bindings({p.name: p.example for p in stored.parameters}))


def raw_memory(files: list[Path]) -> ox.Store:
    store = ox.Store()
    for path in files:
        fmt = ox.RdfFormat.TURTLE if path.suffix == ".ttl" else ox.RdfFormat.N_TRIPLES
        store.load(path=str(path), format=fmt)
    return store


def raw_rows(store: ox.Store, sparql: str) -> int:
    return len(list(store.query(sparql)))


def row(label: str, cells: list[str]) -> None:
    print(f"| {label} | " + " | ".join(cells) + " |")


def bench_dataset(label: str, files: list[Path], queries: list[str], repeat: int, work: Path) -> None:
    texts = {name: query_text(name) for name in queries}
    print(f"\n### {label}\n")
    print("| store | open s (raw / mirna-kg) | " + " | ".join(f"{q} s (raw / mirna-kg, ratio)" for q in queries) + " |")
    print("|---|---|" + "---|" * len(queries))

    kg_open, kg, raw_open, raw = alternating(lambda: api.open_store(files=files), lambda: raw_memory(files), repeat)
    report("memory", raw, kg, raw_open, kg_open, texts, repeat)

    disk = work / f"disk-{label.split()[0]}"
    started = time.perf_counter()
    create_disk_store(disk, {CURATED_GRAPH: files}, "benchmark")
    load_time = time.perf_counter() - started
    kg_open, kg, raw_open, raw = alternating(
        lambda: open_disk_store(disk), lambda: ox.Store.read_only(str(disk)), repeat
    )
    size = sum(p.stat().st_size for p in disk.rglob("*") if p.is_file()) / 1e6
    report(
        f"on disk (bulk load {load_time:.1f} s, {size:.0f} MB)", raw, kg, raw_open, kg_open, texts, repeat, union=True
    )
    del raw, kg

    with oxigraph_server(disk) as url, httpx.Client(timeout=600) as http:
        remote = RemoteStore(url, timeout=600)
        cells = []
        for text in texts.values():
            kg_time, table, raw_time, raw_csv = alternating(
                lambda t=text: remote.select(t),
                lambda t=text: http.post(url, data={"query": t}, headers={"Accept": "text/csv"}).text,
                repeat,
            )
            rows = len(table.rows)  # type: ignore[attr-defined]
            assert rows == len(str(raw_csv).splitlines()) - 1, (rows, str(raw_csv)[:200])
            cells.append(f"{raw_time:.3f} / {kg_time:.3f} ({kg_time / raw_time:.2f}x, {rows} rows)")
        row("remote (Oxigraph server, HTTP; raw: httpx POST, CSV)", ["—", *cells])
        remote.close()


def report(
    label: str,
    raw: ox.Store,
    kg: object,
    raw_open: float,
    kg_open: float,
    texts: dict[str, str],
    repeat: int,
    union: bool = False,
) -> None:
    cells = [f"{raw_open:.3f} / {kg_open:.3f}"]
    for name, text in texts.items():
        kg_time, table, raw_time, raw_count = alternating(
            lambda n=name: api.run_stored_query(kg, n),  # type: ignore[arg-type]
            lambda t=text: len(list(raw.query(t, use_default_graph_as_union=union))),
            repeat,
        )
        assert len(table.rows) == raw_count, (name, len(table.rows), raw_count)
        cells.append(f"{raw_time:.3f} / {kg_time:.3f} ({kg_time / raw_time:.2f}x, {raw_count} rows)")
    row(label, cells)


def whole_process(queries: list[str], repeat: int, work: Path) -> None:
    """Process start to last byte: `mirna-kg query` against a plain pyoxigraph script on the same files."""
    script = work / "raw.py"
    script.write_text(RAW_SCRIPT)
    files = [str(p) for p in graph_files()]
    mirna_kg = [sys.executable, "-m", "mirna_kg"]
    print("\n### Whole process, curated graph (interpreter start-up and imports included)\n")
    print("| query | raw pyoxigraph script s | mirna-kg query s | ratio |")
    print("|---|---:|---:|---:|")
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    for name in queries:
        text_file = work / f"{name}.rq"
        text_file.write_text(query_text(name))
        kg_time, _, raw_time, _ = alternating(
            lambda n=name: subprocess.run(
                [*mirna_kg, "query", n, "--format", "csv"], check=True, capture_output=True, env=env
            ),
            lambda t=text_file: subprocess.run(
                [sys.executable, str(script), str(t), *files], check=True, capture_output=True, env=env
            ),
            repeat,
        )
        print(f"| `{name}` | {raw_time:.3f} | {kg_time:.3f} | {kg_time / raw_time:.2f}x |")
    print("\n(`mirna-kg --help` beside `python3 -c pass`: benchmarks/startup.py)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--copies", type=int, default=20, help="synthetic copies (opposite_roles rows grow with its square)"
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--queries", default="all_claims,opposite_roles")
    args = parser.parse_args()
    queries = args.queries.split(",")
    print(
        f"{os.cpu_count()} cores; load average before: {os.getloadavg()[0]:.2f}; medians of {args.repeat}, alternating"
    )
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        files = graph_files()
        whole_process(queries, args.repeat, work)
        bench_dataset("curated graph", files, queries, args.repeat, work)
        synthetic = work / "synthetic.nt"
        graph = scaled(load(files).graph, args.copies)
        synthetic.write_bytes(graph.serialize(format="nt", encoding="utf-8"))
        label = f"synthetic graph ({args.copies} copies, {len(graph):,} triples)"
        del graph
        bench_dataset(label, [synthetic], queries, args.repeat, work)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS of the benchmark process: {peak:.0f} MB; load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
