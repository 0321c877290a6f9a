"""Benchmark: rdflib's SPARQL engine against Oxigraph on the stored queries.

Prints, for the curated graph and for a synthetic graph with every curated statement copied N times
(default 10), the time to load and the median time of each stored query on each engine (the two engines run in
turn, which goes first alternating; one run each at scale). Copies keep
their entities (miRNAs, genes, cells, cancers) shared, as an external miRNA-target dataset merged into the
graph would. Queries whose 1x rdflib time predicts more than --budget seconds at scale are skipped on rdflib, and
so is every query once --total seconds have passed, so a run stays bounded on a slow or busy machine. At scale,
a query whose 1x Oxigraph time times the square of the copies exceeds ten budgets is skipped on both engines
(``core_source_cells`` compares every claim of a review with every other, so it grows with the square).

    python benchmarks/query_engines.py [--copies 10] [--repeat 3] [--budget 5] [--total 240]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable

from rdflib import Graph, URIRef

from mirna_kg.answers import run_stored_query
from mirna_kg.loading import load
from mirna_kg.namespaces import MKGS
from mirna_kg.queries import stored_queries
from mirna_kg.resources import graph_files
from mirna_kg.stores import OxigraphStore, RdflibStore, Store


def scaled(graph: Graph, copies: int) -> Graph:
    """The graph with every statement (subject in mkgs:) copied ``copies - 1`` more times under new IRIs."""
    out = Graph()
    out += graph
    prefix = str(MKGS)
    statement_triples = [(s, p, o) for s, p, o in graph if str(s).startswith(prefix)]
    for n in range(1, copies):
        for s, p, o in statement_triples:
            o2 = URIRef(f"{o}-copy{n}") if isinstance(o, URIRef) and str(o).startswith(prefix) else o
            out.add((URIRef(f"{s}-copy{n}"), p, o2))
    return out


def alternating(first: Callable[[], object], second: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median times of two actions run in turn (which goes first alternates), so a busy spell hits both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for i in range(repeat):
        for which in (0, 1) if i % 2 == 0 else (1, 0):
            started = time.perf_counter()
            (first, second)[which]()
            times[which].append(time.perf_counter() - started)
    return statistics.median(times[0]), statistics.median(times[1])


def bench(
    graph: Graph,
    label: str,
    repeat: int,
    budget: float,
    baseline: dict[str, float] | None,
    factor: int,
    deadline: float,
    ox_baseline: dict[str, float] | None = None,
) -> tuple[dict[str, float], dict[str, float]]:
    started = time.perf_counter()
    oxigraph: Store = OxigraphStore.from_graph(graph)
    ox_load = time.perf_counter() - started
    rdflib_store: Store = RdflibStore(graph)
    print(f"\n## {label}: {len(graph):,} triples (Oxigraph load from rdflib graph {ox_load:.2f} s)")
    print(f"{'query':28} {'rows':>7} {'oxigraph s':>11} {'rdflib s':>10} {'rdflib / oxigraph':>18}")
    rdflib_times: dict[str, float] = {}
    oxigraph_times: dict[str, float] = {}
    for query in stored_queries():
        params = {p.name: p.example for p in query.parameters}
        quadratic = (ox_baseline or {}).get(query.name, 0.0) * factor**2
        if quadratic > 10 * budget:  # a query that grows with the square of the copies would run for minutes
            print(f"{query.name:28} {'':>7} {'skipped':>11} {'skipped':>10} {f'(~{quadratic:.0f} s if x²)':>18}")
            continue
        rows = len(run_stored_query(oxigraph, query.name, params).rows)
        predicted = (baseline or {}).get(query.name, 0.0) * factor
        if time.monotonic() > deadline:
            run_ox = lambda q=query, p=params: run_stored_query(oxigraph, q.name, p)  # noqa: E731
            t_ox = oxigraph_times[query.name] = timed_once(run_ox)
            print(f"{query.name:28} {rows:>7} {t_ox:>11.3f} {'skipped':>10} {'(time budget)':>18}")
            continue
        if baseline is not None and (query.name not in baseline or predicted > budget):
            t_ox = oxigraph_times[query.name] = statistics.median(
                timed_once(lambda q=query, p=params: run_stored_query(oxigraph, q.name, p)) for _ in range(repeat)
            )
            why = f"(~{predicted:.0f} s)" if query.name in baseline else "(no 1x time)"
            print(f"{query.name:28} {rows:>7} {t_ox:>11.3f} {'skipped':>10} {why:>18}")
            continue
        ours = (
            lambda q=query, p=params: run_stored_query(oxigraph, q.name, p),
            lambda q=query, p=params: run_stored_query(rdflib_store, q.name, p),
        )
        t_ox, t_rd = alternating(*ours, 1)
        if repeat > 1 and t_rd < budget:  # medians where rdflib is quick enough to repeat within the budget
            t_ox, t_rd = alternating(*ours, repeat)
        rdflib_times[query.name] = t_rd
        oxigraph_times[query.name] = t_ox
        print(f"{query.name:28} {rows:>7} {t_ox:>11.3f} {t_rd:>10.3f} {t_rd / max(t_ox, 1e-6):>17.0f}x")
    return oxigraph_times, rdflib_times


def timed_once(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each engine on the curated graph, alternating")
    parser.add_argument("--budget", type=float, default=5.0, help="skip rdflib runs predicted to take longer (s)")
    parser.add_argument(
        "--total", type=float, default=240.0, help="seconds after which rdflib is skipped for the remaining queries"
    )
    args = parser.parse_args()

    print(f"load average before: {os.getloadavg()[0]:.2f}")
    deadline = time.monotonic() + args.total
    files = graph_files()
    started = time.perf_counter()
    graph = load(files).graph
    rdflib_load = time.perf_counter() - started
    started = time.perf_counter()
    OxigraphStore.from_files(files)
    ox_load = time.perf_counter() - started
    print(f"# load of the curated sources ({len(files)} files): rdflib {rdflib_load:.2f} s, Oxigraph {ox_load:.2f} s")
    ox_times, baseline = bench(graph, "curated graph (1x)", args.repeat, args.budget, None, 1, deadline)
    big = scaled(graph, args.copies)
    label = f"synthetic graph ({args.copies}x statements)"
    bench(big, label, 1, args.budget, baseline, args.copies, deadline, ox_times)
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
