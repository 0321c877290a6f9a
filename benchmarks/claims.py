"""How fast the claims browser answers: p50/p95 of ``/claims`` requests on the curated graph, and of the core.

Builds the web app in process over the project's graph (Starlette's TestClient: routing, the core's browse and the
HTML rendering, no network), asks once to read and cache the rows, then times ``--rounds`` rounds of a mix of
views — no filter, one facet, two facets, two values of one facet, text, sorting — as HTML and as CSV, and the
core's ``browse_claims`` alone. The baseline, timed in the same rounds: raw pyoxigraph running the claims
reader's own SPARQL (``claim_facets``) on a store of the same files and writing its CSV, what a plain SPARQL
service would do for each request. Prints p50 and p95 per kind in milliseconds, and each kind's p50 as a ratio of
the baseline's; the target is a p50 under 100 ms.

    python benchmarks/claims.py --rounds 50
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict

import pyoxigraph as ox
from starlette.testclient import TestClient

from mirna_kg import api
from mirna_kg.queries import bind
from mirna_kg.resources import graph_files
from mirna_kg.web import Settings, create_app

VIEWS = [
    {},
    {"cancer": "MONDO:0007254"},
    {"cancer": "MONDO:0007254", "recipient": "CL:0000235"},
    {"cancer": ["MONDO:0007254", "MONDO:0008903"], "effect": "mkg:promotesTumor"},
    {"mirna": "mirbase:MI0000077"},
    {"q": "exosome osteoclast"},
    {"recipient": "CL:0000738", "sort": "-mirna"},
]
HTML = {"Accept": "text/html"}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50, help="how many times each view is asked (default 50)")
    args = parser.parse_args()
    store = api.open_store()
    timings: dict[str, list[float]] = defaultdict(list)
    app = create_app(store, Settings(workers=1))
    with TestClient(app) as client:
        started = time.perf_counter()
        assert client.get("/claims", headers=HTML).status_code == 200
        first = time.perf_counter() - started
        for _ in range(args.rounds):
            for view in VIEWS:
                for kind, extra, headers in (("html", {}, HTML), ("csv", {"format": "csv"}, {})):
                    started = time.perf_counter()
                    response = client.get("/claims", params={**view, **extra}, headers=headers)
                    timings[kind].append(time.perf_counter() - started)
                    assert response.status_code == 200, response.text
    raw = ox.Store()
    for path in graph_files():
        raw.load(path=str(path), format=ox.RdfFormat.TURTLE if path.suffix == ".ttl" else ox.RdfFormat.N_TRIPLES)
    stored = api.find_query("claim_facets")
    text = bind(stored.text, stored.bindings({}))
    for _ in range(args.rounds * len(VIEWS)):
        started = time.perf_counter()
        raw.query(text).serialize(format=ox.QueryResultsFormat.CSV)
        timings["raw query"].append(time.perf_counter() - started)
    table = api.claim_table(store)
    for _ in range(args.rounds):
        for view in VIEWS:
            selection = api.Selection.parse({k: v if isinstance(v, list) else [v] for k, v in view.items()})
            started = time.perf_counter()
            api.browse_claims(table, selection)
            timings["core browse"].append(time.perf_counter() - started)
    print(f"claims: {len(table.rows)} rows; first request (reads and caches the rows): {first * 1000:.0f} ms")
    base = percentile(timings["raw query"], 0.5)
    print(f"{'kind':<12} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8} {'p50 / raw':>10}")
    for kind, values in timings.items():
        print(
            f"{kind:<12} {len(values):>5} {percentile(values, 0.5) * 1000:>8.1f} "
            f"{percentile(values, 0.95) * 1000:>8.1f} {statistics.fmean(values) * 1000:>8.1f} "
            f"{percentile(values, 0.5) / base:>9.2f}x"
        )
    print("raw query: pyoxigraph running claim_facets on the same files and writing its CSV, once per request")


if __name__ == "__main__":
    main()
